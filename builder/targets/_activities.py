"""What question-only packages (qti21, gift, moodlexml) say about the scenarios and reflections they leave out.

A question bank holds questions. A decision scenario (choices leading to other situations,
scored by the ending reached) and a reflection (free text that stays on the learner's device,
never graded) have no faithful form there, so these targets leave them out, and say so in the
admin report, the build summary and the report's JSON: never silently.
"""

from __future__ import annotations

from ..model import Course


def _where(pages) -> str:
    return ", ".join(f"{p.id} ({p.source_path}:{p.source_line})" for p in pages)


def left_out_notes(course: Course, format_name: str) -> list[str]:
    """One line per left-out kind, naming each page and its source file."""
    notes = []
    scenarios, reflections = list(course.scenarios()), list(course.reflections())
    if scenarios:
        graded = [p for p in scenarios if p.weight > 0]
        notes.append(f"{len(scenarios)} decision scenario(s) are not in this file: {_where(scenarios)}. {format_name} "
                     "holds questions, and a scenario's branching play (each choice leads to another situation, "
                     "scored by the ending reached) has no equivalent there. Learners play them in the web, SCORM, "
                     "IMS Common Cartridge and Open edX packages."
                     + (f" {len(graded)} of them count towards the course score there; a quiz built from this file "
                        "alone does not include them." if graded else ""))
    if reflections:
        notes.append(f"{len(reflections)} reflection(s) are not in this file: {_where(reflections)}. A reflection "
                     "is never graded and what the learner writes stays on their device, so it is not a question; "
                     "it is in the web, SCORM, IMS Common Cartridge and Open edX packages.")
    return notes


def left_out_summary(course: Course) -> dict[str, str]:
    """Build-summary entries (only when something was left out)."""
    counts = {"scenarios left out": sum(1 for _ in course.scenarios()),
              "reflections left out": sum(1 for _ in course.reflections())}
    return {label: str(count) for label, count in counts.items() if count}


def left_out_data(course: Course) -> dict:
    """The report JSON's `left_out`: page IDs by kind."""
    return {"left_out": {"scenarios": [p.id for p in course.scenarios()],
                         "reflections": [p.id for p in course.reflections()]}}


def untracked_notes(course: Course) -> list[str]:
    """For targets that show scenarios and reflections as standalone pages (runtime/standalone.py):
    what the LMS cannot track there."""
    scenarios, reflections = list(course.scenarios()), list(course.reflections())
    notes = []
    if scenarios:
        graded = [p for p in scenarios if p.weight > 0]
        notes.append(f"{len(scenarios)} decision scenario(s) ({_where(scenarios)}) are pages with their own player: "
                     "learners play them fully, but the LMS does not track them (no grade, no completion, no "
                     "record of the path; progress stays in the learner's browser)."
                     + (f" {len(graded)} of them count towards the course score in the SCORM and web packages; here "
                        "they do not, so the LMS's grade leaves them out." if graded else ""))
    if reflections:
        kept = [p.id for p in reflections if p.save == "lms"]
        notes.append(f"{len(reflections)} reflection(s) ({_where(reflections)}) are pages with their own player: "
                     "what learners write stays in their browser and never reaches the LMS"
                     + (f" (also for {', '.join(kept)}, which asks for save: lms: only SCORM packages can keep it)"
                        if kept else "") + "; they can download or print it.")
    return notes


def files_left_out(course: Course, held: set[str], format_name: str) -> tuple[list[str], dict]:
    """The note and the report JSON's `files_left_out` for the course's media and downloads this
    file does not carry (lessons, scenarios and reflections use them, or questions this format
    cannot hold files for)."""
    missing = sorted(m.path for m in course.media if m.path not in held)
    if not missing:
        return [], {"files_left_out": []}
    note = (f"{len(missing)} media file(s) and download(s) of the course are not in this file: "
            f"{', '.join(missing)}. {format_name} carries questions only (and only the files a question "
            "shows, where the format can hold them); the lessons, scenarios and reflections that use these "
            "files are in the web, SCORM, IMS Common Cartridge and Open edX packages, which carry every file.")
    return [note], {"files_left_out": missing}
