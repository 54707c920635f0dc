"""The coursepack quiz XBlock: graded on the server, answer key kept there until the policy allows.

Fields: the quiz as versioned JSON in a content-scoped `Dict` (upgraded on load by the quiz
core's `load_quiz_json`), the learner's progress in user-scoped fields, written only by
compare-and-set (`_store`, claims.py). Handlers take and give JSON (`json_endpoint`); any bad
request gets HTTP 400 with a message and leaves the learner's state untouched; a save of the
quiz by anyone who may not edit it (a learner in the LMS) gets 403. See README, "Security".
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import secrets
from dataclasses import fields as dataclass_fields
from importlib import resources

from web_fragments.fragment import Fragment
from webob import Response
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.exceptions import InvalidScopeError, JsonHandlerError
from xblock.fields import Boolean, Dict, Float, Integer, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score

from coursepack_quiz import parse_quiz_document
from coursepack_quiz.grading import grade, validate_responses
from coursepack_quiz.bounds import MAX_FILE_CHARS
from coursepack_quiz.model import Quiz
from coursepack_quiz.upgrade import load_quiz_json

from . import claims, i18n, learner, olx, views
from .learner import BadRequest, Conflict, LearnerState
from .source import quiz_markdown

MAX_SOURCE = MAX_FILE_CHARS  # characters of Markdown a Studio save may send (README, "Studio"): a file's limit
# Its JSON body: 6 bytes per character covers escapes like \u0001 (the browser sends other text as UTF-8).
MAX_SAVE_BODY = 6 * MAX_SOURCE + 1024

DEFAULT_SOURCE = """---
type: quiz
title: Quiz
id: quiz
pass_mark: 80
attempts: 3
---

## Which colour do you get by mixing blue and yellow? {#q1}

- ( ) Purple {#a}
  > Purple is red and blue.
- (x) Green {#b}
- ( ) Orange {#c}

> [!hint] Think of grass.
> [!correct] Blue and yellow make green.
> [!incorrect] Mix them on paper and look.
"""


def json_endpoint(limit: int = learner.MAX_BODY):
    """`XBlock.json_handler`, hardened: POST only (405), the body read by `learner.parse_body` (size cap, a JSON
    object, bounded depth), the method gets that object; `BadRequest` or `JsonHandlerError`
    becomes its status with `{"error": message}`; a dict reply is sent as JSON."""

    def decorate(method):
        @functools.wraps(method)
        def endpoint(self, request, suffix=""):
            if request.method != "POST":
                return JsonHandlerError(405, "Method must be POST").get_response(allow=["POST"])
            try:
                reply = method(self, learner.parse_body(request.body, limit))
            except BadRequest as exc:
                reply = JsonHandlerError(exc.status, str(exc))
            except JsonHandlerError as exc:
                reply = exc
            if isinstance(reply, JsonHandlerError):
                return reply.get_response()
            return reply if isinstance(reply, Response) else _json(reply)

        return endpoint

    return decorate


@XBlock.wants("i18n", "user")
class QuizBlock(ScorableXBlockMixin, XBlock):
    """A coursepack quiz: every question type of the Markdown quiz syntax, graded by `grade()`."""

    completion_mode = XBlockCompletionMode.COMPLETABLE
    has_score = True
    icon_class = "problem"

    display_name = String(display_name="Display name", default="Quiz", scope=Scope.settings)
    quiz = Dict(help="The quiz as versioned JSON (format_version); edit it as Markdown in Studio",
                default={}, scope=Scope.content)
    language = String(help="BCP 47 language of the quiz text (sets lang and dir)", default="", scope=Scope.content)
    weight = Float(help="Points this quiz is worth in its subsection; empty: its questions' points",
                   default=None, scope=Scope.settings)
    allow_reset = Boolean(help="Learners may clear their answers and try again while attempts remain",
                          default=True, scope=Scope.settings)

    attempts_used = Integer(default=0, scope=Scope.user_state)
    responses = Dict(default={}, scope=Scope.user_state)
    result = Dict(default={}, scope=Scope.user_state)
    best_responses = Dict(default={}, scope=Scope.user_state)
    raw_earned = Float(default=None, scope=Scope.user_state)
    raw_possible = Float(default=None, scope=Scope.user_state)
    passed = Boolean(default=False, scope=Scope.user_state)
    state_format = Integer(default=0, scope=Scope.user_state, help="learner.STATE_FORMAT of the stored state")
    quiz_version = String(default="", scope=Scope.user_state, help="The quiz (learner.quiz_version) it was written for")
    state_tag = String(default="", scope=Scope.user_state,
                       help="New at every write of this learner's state; a write first claims the tag it read (claims.py)")

    # --- the quiz -----------------------------------------------------------------------------

    def quiz_model(self) -> Quiz:
        """The stored quiz, upgraded from older format_versions; the sample quiz when empty."""
        cached = getattr(self, "_quiz_cache", None)
        if cached is None or cached[0] != json.dumps(self.quiz, sort_keys=True):
            model = load_quiz_json(self.quiz) if self.quiz else _default_quiz()
            cached = (json.dumps(self.quiz, sort_keys=True), model)
            self._quiz_cache = cached
        return cached[1]

    def salt(self) -> str:
        """A server secret per block, so the public tokens of matching and ordering questions
        cannot be mapped back to the key offline. Django's SECRET_KEY when there is one."""
        secret = b""
        try:
            from django.conf import settings  # the LMS, Studio and the workbench run on Django

            secret = str(settings.SECRET_KEY).encode()
        except Exception:  # noqa: BLE001 - no Django (a bare test runtime): the usage ID alone
            pass
        return hmac.new(secret, str(self.scope_ids.usage_id).encode(), hashlib.sha256).hexdigest()[:16]

    def _ugettext(self):
        return i18n.translator(self._ui_language(), self.runtime.service(self, "i18n"))

    def _ui_language(self) -> str:
        service = self.runtime.service(self, "i18n")
        language = getattr(service, "get_language", lambda: None)() if service else None
        return language or self.language or "en"

    def uid(self) -> str:
        return "cpq-" + hashlib.sha1(str(self.scope_ids.usage_id).encode()).hexdigest()[:10]

    # --- learner state ------------------------------------------------------------------------

    def state(self) -> LearnerState:
        """The stored state as the current quiz can use it (learner.migrate: after a Studio edit,
        answers to removed questions or options are dropped; unreadable values reset)."""
        return self._migrated()[0]

    def _migrated(self) -> tuple[LearnerState, bool]:
        stored = LearnerState(**{f.name: getattr(self, f.name) for f in dataclass_fields(LearnerState)})
        return learner.migrate(self.quiz_model(), stored)

    def _snapshot(self) -> tuple[str, LearnerState]:
        # The tag first: anyone who writes after this read must claim this tag before we can.
        tag = self.state_tag
        return tag, self.state()

    def _store(self, tag: str, state: LearnerState) -> None:
        """Write `state` over the state tagged `tag` (compare-and-set): Conflict if another request
        wrote since. Tags are random, so no later state meets an old claim (only the untouched
        first state, tag "", comes back when staff reset a learner: see README, "Security")."""
        release = claims.claim(f"{self.scope_ids.usage_id}\n{self.scope_ids.user_id}", tag)
        if release is None:
            raise Conflict("your answers were changed by another request at the same time; reload the page")
        try:
            for f in dataclass_fields(LearnerState):
                setattr(self, f.name, getattr(state, f.name))
            self.save()
        except BaseException:
            release()
            self._forget_unsaved([f.name for f in dataclass_fields(LearnerState)])
            raise
        # The tag last, in a save of its own: storage that writes field by field (the workbench)
        # must never show the new tag beside the old state.
        self.state_tag = secrets.token_hex(8)
        self.save()

    def _forget_unsaved(self, names) -> None:
        # A failed save leaves fields dirty, and the runtime saves dirty fields again after the
        # handler; drop them so a refusal stays a refusal. XBlock has no public API for this.
        for name in names:
            self._field_data_cache.pop(name, None)
            self._dirty_fields.pop(self.fields[name], None)

    # --- views --------------------------------------------------------------------------------

    def student_view(self, context=None):
        quiz = self.quiz_model()
        salt, _ = self.salt(), self._ugettext()
        public = learner.student_data(quiz, salt)
        state, damaged = self._migrated()
        data = {"state": learner.learner_data(quiz, state, salt, self.allow_reset, damaged=damaged),
                "strings": {key: _(text) for key, text in views.JS_STRINGS.items()}}
        frag = Fragment(views.student_html(public, uid=self.uid(), language=self.language,
                                           direction=i18n.direction(self.language), _=_, data=data))
        frag.add_css(_resource("static/quiz.css"))
        frag.add_javascript(_resource("static/block.js"))
        frag.add_javascript(_resource("static/quiz.js"))
        frag.initialize_js("CoursepackQuizView")  # its data is in the HTML: views.data_script
        return frag

    def student_view_data(self, context=None):
        """For the mobile apps: the quiz without its key (no learner state: this may be cached)."""
        return {"quiz": learner.student_data(self.quiz_model(), self.salt()), "language": self.language,
                "direction": i18n.direction(self.language), "weight": self.weight,
                "max_score": self.max_score()}

    def studio_view(self, context=None):
        _ = self._ugettext()
        data = {"strings": {key: _(text) for key, text in views.JS_STRINGS.items()}}
        frag = Fragment(views.studio_html(quiz_markdown(self.quiz_model()), uid=self.uid(), _=_, data=data))
        frag.add_css(_resource("static/quiz.css"))
        frag.add_javascript(_resource("static/block.js"))
        frag.add_javascript(_resource("static/studio.js"))
        frag.initialize_js("CoursepackQuizStudio")
        return frag

    # --- handlers -----------------------------------------------------------------------------

    @XBlock.handler
    @json_endpoint()
    def submit(self, payload: dict):
        """`{"responses": {question ID: answer}}` → the graded attempt and the learner's state."""
        quiz = self.quiz_model()
        responses = learner.check_responses(quiz, payload, self.salt())
        tag, state = self._snapshot()
        outcome = learner.submit(quiz, state, responses)
        self._store(tag, outcome.state)
        self._publish(outcome)
        return self._learner_data()

    @XBlock.handler
    @json_endpoint()
    def reset(self, payload: dict):
        """Clear the last answers for another try (attempts and the kept score stay)."""
        tag, state = self._snapshot()
        self._store(tag, learner.reset(self.quiz_model(), state, self.allow_reset))
        return self._learner_data()

    @XBlock.handler
    @json_endpoint()
    def state_data(self, payload: dict):
        """The learner's progress, e.g. after a reload (POST with `{}`)."""
        return self._learner_data()

    @XBlock.handler
    def save_source(self, request, suffix=""):
        """Studio: `{"source": Markdown}` → parsed and saved, or 400 with line-numbered errors.
        Anyone who may not change the quiz (a learner in the LMS) gets 403, whatever they sent."""
        if not self._may_edit():
            return JsonHandlerError(403, "only course authors can change the quiz, in Studio").get_response()
        return self._save_source(request)

    @json_endpoint(MAX_SAVE_BODY)
    def _save_source(self, payload: dict):
        source = _source_of(payload)
        quiz, diagnostics = parse_quiz_document(source, path="quiz.md", default_id=self.quiz_model().id)
        found = [_diagnostic(d) for d in diagnostics]
        if quiz is None:
            return _json({"error": "the quiz has errors; nothing was saved", "errors": found}, 400)
        self.quiz, self.display_name = quiz.model_dump(mode="json"), quiz.title
        self.save()
        return {"saved": True, "warnings": found, "display_name": quiz.title}

    def _may_edit(self) -> bool:
        """Whether this runtime lets the block change its content. XBlock has no way to ask, so
        write the quiz back unchanged: Studio takes it (an unchanged value makes no new version);
        the LMS keeps authored data read-only and raises InvalidScopeError."""
        try:
            self.quiz  # noqa: B018 - force_save_fields writes the value this instance has read
            self.force_save_fields(["quiz"])
        except InvalidScopeError:
            self._forget_unsaved(["quiz"])
            return False
        return True

    def _learner_data(self) -> dict:
        state, damaged = self._migrated()
        return learner.learner_data(self.quiz_model(), state, self.salt(), self.allow_reset, damaged=damaged)

    def _publish(self, outcome: learner.Submission) -> None:
        state = outcome.state
        if outcome.improved:
            self._publish_grade(Score(state.raw_earned, state.raw_possible))
        if state.passed or learner.attempts_left(self.quiz_model().settings, state.attempts_used) == 0:
            self.runtime.publish(self, "completion", {"completion": 1.0})

    # --- scoring (ScorableXBlockMixin: rescoring recomputes from the kept responses) -----------

    def has_submitted_answer(self) -> bool:
        return self.attempts_used > 0

    def get_score(self) -> Score:
        return Score(self.raw_earned or 0.0, self.raw_possible if self.raw_possible is not None else self.max_score())

    def set_score(self, score: Score) -> None:
        self.raw_earned, self.raw_possible = score.raw_earned, score.raw_possible

    def calculate_score(self) -> Score:
        """The kept responses graded against the quiz as it is now (an author may have fixed the
        key); responses to questions or options that no longer exist count as unanswered."""
        quiz = self.quiz_model()
        responses, _errors = validate_responses(quiz, self.best_responses)
        result = grade(quiz, responses)
        return Score(result.score, result.max_score)

    def max_score(self) -> float:
        return sum(q.points for q in self.quiz_model().questions)

    # --- OLX ----------------------------------------------------------------------------------

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        olx.read(block, node)
        return block

    def add_xml_to_node(self, node):
        olx.write(self, node)

    @staticmethod
    def workbench_scenarios():
        return olx.workbench_scenarios()


def _default_quiz() -> Quiz:
    quiz, _diagnostics = parse_quiz_document(DEFAULT_SOURCE, path="default.md", default_id="quiz")
    return quiz


def _resource(path: str) -> str:
    return resources.files(__package__).joinpath(path).read_text(encoding="utf-8")


def _json(data: dict, status: int = 200) -> Response:
    # ASCII-only JSON: any stored text (even a lone surrogate kept from before it was refused) can be sent.
    return Response(json.dumps(data), status=status, content_type="application/json", charset="utf-8")


def _source_of(payload: dict) -> str:
    unknown = sorted(set(payload) - {"source"})
    source = payload.get("source")
    if unknown or not isinstance(source, str):
        raise BadRequest('send {"source": the quiz as Markdown}' + (f"; {unknown[0]!r} is not a field" if unknown else ""))
    if len(source) > MAX_SOURCE:
        raise BadRequest(f"the quiz has {len(source)} characters; at most {MAX_SOURCE} are accepted")
    return source


def _diagnostic(d) -> dict:
    return {"line": d.line, "col": d.col, "severity": d.severity.value, "message": d.message, "code": d.code,
            "hint": d.hint, "text": d.format()}
