"""Measure the answer-reveal check on real quizzes: every quiz file under a folder is read with
its show_answers forced to withhold (after-last-attempt, 3 attempts), and each text a wrong
attempt can show is listed as FLAG (the check says it states an answer) or ok, for a person to
judge precision and recall by reading.

    .venv/bin/python benchmarks/reveal_survey.py [FOLDER] [-v]
    git archive main courses | tar -x -C OLD_DIR && .venv/bin/python benchmarks/reveal_survey.py OLD_DIR -v

The practice quizzes of courses/ show answers after submit, so their feedback states answers
freely: a good sample of what the check must catch.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coursepack_quiz.model import ShowAnswers
from coursepack_quiz.reveals import after_wrong_attempt, revealing_feedback
from coursepack_quiz.syntax import parse_quiz_document

REPO = Path(__file__).resolve().parent.parent


def survey(root: Path, verbose: bool) -> tuple[int, int]:
    total = flagged = 0
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        quiz, _ = parse_quiz_document(text, path=str(path), default_id="quiz")
        if quiz is None:
            continue  # a lesson, or a broken quiz
        settings = quiz.settings.model_copy(update={"show_answers": ShowAnswers.AFTER_LAST_ATTEMPT, "attempts": 3})
        for question in quiz.questions:
            found = {r.where: r.answer for r in revealing_feedback(question, settings)}
            texts = after_wrong_attempt(question)
            total, flagged = total + len(texts), flagged + len(found)
            for where, shown, _ in texts if verbose else ():
                mark = f"FLAG ({found[where][:40]!r})" if where in found else "ok"
                print(f"{mark} {question.id} {where}: {shown[:140]!r}")
    return total, flagged


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "-v"]
    total, flagged = survey(Path(args[0]) if args else REPO / "courses", "-v" in sys.argv)
    print(f"{total} texts a wrong attempt can show; {flagged} flagged as stating an answer")


if __name__ == "__main__":
    main()
