"""The source schemas: what authors may write in course.yml, module.yml, front matter and glossary.yml.

These pydantic models are the single source of truth; `coursepack schema` exports them as JSON
Schema into `schemas/` so editors can autocomplete front matter.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

from coursepack_quiz.model import Identifier, QuizFrontMatter


# BCP 47, the subset LMSs accept: language, optional script, optional region.
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-zA-Z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Completion(str, Enum):
    VISITED = "visited"
    PASSED = "passed"
    VISITED_AND_PASSED = "visited-and-passed"


class AcceptedWarning(_Strict):
    """A warning the course accepts: left out of `check` and `build` output, so `--strict` passes."""

    code: str = Field(pattern=r"^[a-z0-9_-]+(\.[a-z0-9_-]+)+$",
                      description="the warning's code, as shown in brackets, e.g. imscc.question-mapped")
    reason: Text = Field(description="why this course accepts it, for the next person who maintains the course")


class CourseConfig(_Strict):
    """`course.yml`: the course as a whole."""

    help_topic: ClassVar[str] = "course.yml"  # the part of the guide `coursepack help` prints

    id: Identifier = Field(description="stable course ID; package names and LMS identifiers derive from it")
    title: Text
    language: LanguageTag = Field(description="BCP 47 language tag of the course text, e.g. en, fr, ar, pt-BR")
    version: Text = Field("1.0.0", description="the course's own version, shown to LMS admins")
    description: Text
    audience: str = ""
    objectives: tuple[Text, ...] = ()
    duration_minutes: int = Field(60, ge=1, le=100_000, description="estimated learning time in minutes")
    publisher: str = ""
    authors: tuple[Text, ...] = ()
    licence: str = ""
    completion: Completion = Field(Completion.VISITED, description="what makes the course complete")
    pass_mark: float = Field(80, ge=0, le=100, description="percentage of the course score needed to pass")
    translations: tuple[LanguageTag, ...] = Field((), description="languages the course is translated into; "
                                                  "each has its translators' file translations/<lang>.po")
    translation_fallback: Literal["none", "source"] = Field(
        "none", description="what a build does with a stale translated unit: stop (none) or publish the source text")
    targets: dict[Identifier, dict[Identifier, Any]] = Field(
        {}, description="settings per target, e.g. {imscc: {question_bank: true}}; `coursepack targets` lists "
                        "each target's settings, their types and defaults")
    accept: tuple[AcceptedWarning, ...] = Field(
        (), description="warnings this course accepts, each a code with its reason; they are left out of "
                        "`check` and `build` output and do not fail --strict (errors cannot be accepted)")


class ModuleConfig(_Strict):
    """`module.yml`: a module's title and objectives."""

    help_topic: ClassVar[str] = "module.yml"

    title: Text
    id: Identifier | None = Field(None, description="stable ID; defaults to the folder name without prefix")
    description: str = ""
    objectives: tuple[Text, ...] = ()


class DownloadEntry(_Strict):
    """A file the learner may download, shown below the lesson with its type and size."""

    file: Text = Field(description="path relative to the lesson, e.g. ../media/checklist.pdf "
                                   "(pdf, docx, odt, xlsx, csv or txt)")
    title: Text | None = Field(None, description="the name shown to the learner; defaults to the file name")


class _PageFrontMatter(_Strict):
    """What the front matter of every lesson, scenario and reflection may say (quizzes: the quiz core's)."""

    help_topic: ClassVar[str] = "lessons"

    title: Text
    id: Identifier | None = Field(None, description="stable ID; defaults to the file name without prefix")
    objectives: tuple[Text, ...] = ()
    duration_minutes: int | None = Field(None, ge=1, le=10_000)
    facts: tuple[str, ...] = Field((), description="IDs of the source facts the page relies on (reviewers only)")


class LessonFrontMatter(_PageFrontMatter):
    """The front matter of a lesson file."""

    type: str = Field("lesson", pattern="^lesson$")
    downloads: tuple[DownloadEntry, ...] = Field((), description="files to download, listed below the lesson")


class ScenarioFrontMatter(_PageFrontMatter):
    """The front matter of a decision scenario (`type: scenario`); its nodes are the body."""

    help_topic: ClassVar[str] = "scenarios"

    type: Literal["scenario"]
    weight: float = Field(0, ge=0, le=100, description="weight in the course score, like a quiz's; 0 (the "
                          "default) makes it practice; above 0 every ending needs a score=")
    pass_mark: float | None = Field(None, ge=0, le=100, description="the ending score (0-100) at or above which "
                                    "the scenario is passed; defaults to the course's pass_mark")


class ReflectionFrontMatter(_PageFrontMatter):
    """The front matter of a reflection (`type: reflection`): a prompt, guiding questions, a model answer."""

    help_topic: ClassVar[str] = "reflections"

    type: Literal["reflection"]
    save: Literal["device", "lms"] = Field("device", description="where the learner's text is kept: on their "
                                           "device only (default), or also in the LMS's SCORM state (lms)")
    max_chars: int = Field(2000, ge=50, le=4000, description="the longest text the learner may write; with "
                           "save: lms it counts towards the SCORM state budget")
    downloads: tuple[DownloadEntry, ...] = Field((), description="files to download, e.g. a worksheet")


class GlossaryEntry(_Strict):
    term: Text
    definition: Text


class Glossary(RootModel[dict[Identifier, GlossaryEntry]]):
    """`glossary.yml`: term ID → term and definition."""

    help_topic: ClassVar[str] = "glossary.yml"

#: Every exported schema: file name in schemas/ → model.
EXPORTED = {
    "course": CourseConfig,
    "module": ModuleConfig,
    "lesson": LessonFrontMatter,
    "quiz": QuizFrontMatter,
    "scenario": ScenarioFrontMatter,
    "reflection": ReflectionFrontMatter,
    "glossary": Glossary,
}
