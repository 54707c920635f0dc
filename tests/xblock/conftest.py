"""Fixtures for the XBlock tests: blocks made from quiz Markdown in XBlock's TestRuntime."""

from __future__ import annotations

import itertools

import pytest

pytest.importorskip("xblock.core", reason="install the XBlock: pip install -e 'xblocks/coursepack-quiz[test]'")

from xblock.fields import ScopeIds  # noqa: E402

from coursepack_quiz_xblock.block import QuizBlock  # noqa: E402
from cpq_helpers import FIXTURE_QUIZ, RecordingRuntime, quiz_from  # noqa: E402

_USAGES = itertools.count()

@pytest.fixture
def fixture_source() -> str:
    return FIXTURE_QUIZ.read_text(encoding="utf-8")


@pytest.fixture
def make_block():
    """make_block(source, user="u1", runtime=None, **fields) → a QuizBlock in a RecordingRuntime."""

    def make(source: str | None = None, *, user: str = "u1", runtime: RecordingRuntime | None = None,
             usage: str | None = None, **fields) -> QuizBlock:
        runtime = runtime or RecordingRuntime()
        usage = usage or f"quiz-usage-{next(_USAGES)}"  # a block of its own: state claims are per block
        keys = ScopeIds(user, "coursepack_quiz", f"def-{usage}", usage)
        block = runtime.construct_xblock_from_class(QuizBlock, keys)
        if source is not None:
            block.quiz = quiz_from(source).model_dump(mode="json")
        for name, value in fields.items():
            setattr(block, name, value)
        block.save()
        return block

    return make




# --- the xblock-sdk workbench, as a real server on 127.0.0.1 -----------------------------------

import contextlib  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent


def workbench_env(var: Path) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "cpq_workbench_settings", "CPQ_WORKBENCH_VAR": str(var),
            "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}


def prepare_workbench_database(var: Path) -> None:
    """A fresh workbench database in `var`, with the table of its shared cache."""
    django = [sys.executable, "-m", "django"]
    env = workbench_env(var)
    subprocess.run(django + ["migrate", "--run-syncdb", "-v", "0"], env=env, check=True, cwd=var)
    subprocess.run(django + ["createcachetable"], env=env, check=True, cwd=var)


@contextlib.contextmanager
def running_workbench(var: Path, name: str = "server"):
    """One workbench process (Django runserver, threaded) on a free port over `var`; its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = var / f"{name}.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
                                  env=workbench_env(var), cwd=var, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for(url, server, log_path)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def workbench_server(tmp_path_factory):
    """The workbench on a free port with a fresh database; its URL."""
    pytest.importorskip("workbench", reason="install xblock-sdk: pip install -e 'xblocks/coursepack-quiz[test]'")
    var = tmp_path_factory.mktemp("workbench")
    prepare_workbench_database(var)
    with running_workbench(var) as url:
        yield url


def _wait_for(url: str, server: subprocess.Popen, log: Path) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise RuntimeError(f"the workbench stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the workbench did not answer on {url}")
