"""The block in the xblock-sdk workbench: handlers through the workbench runtime (in process), and
concurrent submissions against the running workbench server."""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import unittest
import urllib.error
import urllib.request
from html.parser import HTMLParser
from itertools import count

import pytest

from coursepack_quiz_xblock import olx
from cpq_helpers import BREAKOUT, LEARNER_BREAKOUT, NASTY_QUIZ

pytestmark = pytest.mark.workbench
_SCENARIOS = count()


@pytest.fixture(scope="module")
def django_workbench(tmp_path_factory):
    """Django configured with the workbench settings and a fresh database, in this process."""
    pytest.importorskip("workbench")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CPQ_WORKBENCH_VAR", str(tmp_path_factory.mktemp("wb-inprocess")))
        patch.setenv("DJANGO_SETTINGS_MODULE", "cpq_workbench_settings")
        # Playwright's sync API (the browser tests) leaves an event loop running in this thread,
        # and Django then refuses ORM calls; ours are plain synchronous calls, so the check is moot.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", run_syncdb=True, verbosity=0)
        call_command("createcachetable")
        yield


@pytest.mark.usefixtures("django_workbench")
class TestWorkbenchHandlers(unittest.TestCase):
    def setUp(self):
        from workbench.test_utils import XBlockHandlerTestCaseMixin

        self.mixin = type("Mixin", (XBlockHandlerTestCaseMixin, unittest.TestCase), {"runTest": lambda s: None})()
        self.mixin.setUp()
        self.runtime = self.mixin.runtime

    def load(self, user: str, source: str = olx.SAMPLE_AR, language: str = "ar"):
        self.mixin.set_user(user)
        self.runtime.id_generator.set_scenario(f"cpq-{next(_SCENARIOS)}")
        return self.runtime.get_block(self.runtime.parse_xml_string(olx.scenario_xml(source, language)))

    def post(self, block, handler: str, body: bytes):
        response = self.runtime.handle(block, handler, _request(body))
        return response.status_code, json.loads(response.body)

    def reloaded(self, block):
        return self.runtime.get_block(block.scope_ids.usage_id)

    def test_submit_persists_and_bad_input_changes_nothing(self):
        vertical = self.load("wb-1")
        block = vertical.runtime.get_block(vertical.children[0])
        status, reply = self.post(block, "submit", b'{"responses": {"q-year": "a"}}')
        assert status == 200 and reply["attempts_used"] == 1 and reply["result"]["score"] == 0
        stored = self.reloaded(block)
        assert stored.attempts_used == 1 and stored.responses == {"q-year": "a"}
        for body in (b"{", b'{"responses": {"q-year": ["a"]}}', b'{"responses": {"q-x": "a"}}', b"x" * 70000):
            status, reply = self.post(self.reloaded(block), "submit", body)
            assert status == 400 and reply["error"]
        after = self.reloaded(block)
        assert (after.attempts_used, after.responses, after.result) == (1, stored.responses, stored.result)

    def test_attempts_and_answer_key_after_the_last_attempt(self):
        vertical = self.load("wb-2")
        block = vertical.runtime.get_block(vertical.children[0])
        assert self.post(block, "submit", b'{"responses": {}}')[1]["answers"] is None
        status, reply = self.post(self.reloaded(block), "submit", b'{"responses": {"q-year": "c"}}')
        assert status == 200 and reply["answers"]["q-year"]["correct"] == ["b"] and not reply["can_submit"]
        status, reply = self.post(self.reloaded(block), "submit", b'{"responses": {"q-year": "b"}}')
        assert status == 409 and self.reloaded(block).attempts_used == 2


    def test_the_rendered_page_keeps_every_text_inside_its_data_script(self):
        """The workbench writes a block's page itself (its wrapper once embedded `json_init_args`
        unescaped): every <script> an HTML parser finds in it must be a JSON data block."""
        vertical = self.load("wb-3", NASTY_QUIZ, "en")
        block = vertical.runtime.get_block(vertical.children[0])
        body = json.dumps({"responses": {"q-fill": LEARNER_BREAKOUT, "q-one": "a"}}).encode()
        assert self.post(block, "submit", body)[0] == 200
        html = self.runtime.render(self.reloaded(block), "student_view").body_html()
        scripts = scripts_in(html)
        assert scripts and all(kind in ("application/json", "json/xblock-args") for kind, _ in scripts), scripts
        data = [json.loads(text) for kind, text in scripts if kind == "application/json"]
        assert len(data) == 1 and data[0]["state"]["responses"]["q-fill"] == LEARNER_BREAKOUT
        assert data[0]["state"]["answers"]["q-fill"]["answers"][0] == BREAKOUT


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[list] = []
        self._open: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = [dict(attrs).get("type", ""), ""]
            self.found.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def scripts_in(html: str) -> list[tuple[str, str]]:
    """(type, text) of every <script> element, as an HTML parser splits the page."""
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return [(kind, text) for kind, text in parser.found]


def _request(body: bytes):
    from webob import Request

    request = Request.blank("/", method="POST")
    request.body = body  # the workbench helpers want bytes
    return request


# --- against the running server ----------------------------------------------------------------

class Learner:
    """A learner's HTTP session with the workbench: cookies and the CSRF token, like the browser."""

    def __init__(self, base: str, student: str):
        self.base, self.student = base, student
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open_scenario(self, scenario: str) -> str:
        with self.opener.open(f"{self.base}/scenario/{scenario}/?student={self.student}") as response:
            page = response.read().decode()
        found = re.search(r"data-usage='([^']+)' data-block-type='coursepack_quiz'", page)
        assert found, page[-3000:]
        self.usage = found.group(1)
        return page

    def submit(self, responses: dict) -> tuple[int, dict]:
        return self.post("submit", {"responses": responses})

    def post(self, handler: str, body: dict) -> tuple[int, dict]:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        request = urllib.request.Request(
            f"{self.base}/handler/{self.usage}/{handler}/?student={self.student}", method="POST",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": token, "Referer": self.base + "/"})
        try:
            with self.opener.open(request) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())


def all_at_once(calls) -> list:
    """Run the calls in threads released together by a barrier; their results, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n, call):
        barrier.wait()
        results[n] = call()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_concurrent_submissions_cannot_both_spend_the_last_attempt(workbench_server):
    learner = Learner(workbench_server, "concurrent-1")
    learner.open_scenario("coursepack_quiz.0")
    assert learner.submit({})[0] == 200 and learner.submit({})[0] == 200  # 2 of 3 attempts used
    results = all_at_once([lambda: learner.submit({"q-file": "b"})] * 2)
    assert sorted(status for status, _ in results) == [200, 409], results
    assert learner.submit({})[0] == 409


# --- two workbench processes over one database: the LMS with several workers --------------------

TRIALS = 5


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    """Two workbench server processes sharing one database and its cache; their URLs."""
    pytest.importorskip("workbench")
    from conftest import prepare_workbench_database, running_workbench

    var = tmp_path_factory.mktemp("two-workbenches")
    prepare_workbench_database(var)
    with running_workbench(var, "first") as first, running_workbench(var, "second") as second:
        yield first, second


def learner_in_both(urls, student: str) -> list[Learner]:
    sessions = [Learner(url, student) for url in urls]
    for session in sessions:
        session.open_scenario("coursepack_quiz.0")  # three attempts allowed
    assert sessions[0].usage == sessions[1].usage  # the same block, seen through either process
    return sessions


@pytest.mark.parametrize("trial", range(TRIALS))
def test_the_last_attempt_is_spent_once_across_two_processes(two_processes, trial):
    first, second = learner_in_both(two_processes, f"two-last-{trial}")
    assert first.submit({})[0] == 200 and second.submit({})[0] == 200  # 2 of 3 attempts used
    results = all_at_once([lambda: first.submit({"q-file": "b"}), lambda: second.submit({"q-file": "b"})] * 2)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409, 409, 409], results
    for session in (first, second):
        status, state = session.post("state_data", {})
        assert status == 200 and state["attempts_used"] == 3 and state["result"]["questions"]["q-file"]["correct"]
    assert first.submit({})[0] == 409 and second.submit({})[0] == 409


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_burst_never_exceeds_the_attempt_limit_across_two_processes(two_processes, trial):
    first, second = learner_in_both(two_processes, f"two-burst-{trial}")
    results = all_at_once([lambda: first.submit({}), lambda: second.submit({})] * 4)
    accepted = [reply for status, reply in results if status == 200]
    assert 1 <= len(accepted) <= 3 and all(status in (200, 409) for status, _ in results), results
    # Every accepted submission is counted: none was lost, none was counted twice.
    assert sorted(reply["attempts_used"] for reply in accepted) == list(range(1, len(accepted) + 1))
    assert first.post("state_data", {})[1]["attempts_used"] == len(accepted)
    while first.submit({})[0] == 200:
        pass
    assert second.post("state_data", {})[1]["attempts_used"] == 3


def test_the_workbench_lists_both_scenarios(workbench_server):
    with urllib.request.urlopen(workbench_server + "/") as response:
        index = response.read().decode()
    assert "/scenario/coursepack_quiz.0/" in index and "/scenario/coursepack_quiz.1/" in index
