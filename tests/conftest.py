"""Shared fixtures: fixture courses, the official XSDs, a static HTTP server and headless Chromium."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
COURSE_FIXTURES = FIXTURES / "courses"
ARTIFACTS = REPO / "tests" / "artifacts"  # screenshots of failures; git-ignored

NODE_MODULES = REPO / "tests" / "browser" / "node_modules"  # scorm-again and axe-core (npm ci)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def course_copy(tmp_path: Path):
    """A writable copy of a fixture course (default basic-en): tests edit copies, never fixtures."""

    def copy(name: str = "basic-en") -> Path:
        return Path(shutil.copytree(COURSE_FIXTURES / name, tmp_path / name))

    return copy


@pytest.fixture(scope="session")
def standards_dir() -> Path:
    """The official XSDs: $COURSEPACK_STANDARDS, else ../shared/standards beside the checkout."""
    candidates = [os.environ.get("COURSEPACK_STANDARDS"), REPO.parent / "shared" / "standards"]
    for candidate in candidates:
        if candidate and Path(candidate, "CHECKLIST.md").is_file():
            return Path(candidate)
    pytest.skip("official XSDs not found: set COURSEPACK_STANDARDS or put shared/standards beside the checkout")


@pytest.fixture(scope="session")
def check_schemas(standards_dir: Path):
    """The standards folder's own `check_schemas.py`, loaded in place (never copied into the repo)."""
    spec = importlib.util.spec_from_file_location("check_schemas", standards_dir / "check_schemas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class StaticServer:
    """A threaded static file server on 127.0.0.1 for one folder (no network beyond loopback)."""

    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture
def static_server():
    servers: list[StaticServer] = []

    def start(root: Path) -> StaticServer:
        servers.append(StaticServer(root))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("Debian chromium is not installed (scripts/setup.sh installs it)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    """One headless Chromium for the session: Debian's, driven by Playwright (no browser download).

    Playwright gives every launch a fresh temporary profile; each test gets its own context.
    """
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A page in a fresh context (empty storage); a screenshot is kept in tests/artifacts/ on failure."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        except Exception:  # the page may already be gone; the failure itself is what matters
            pass
    context.close()


@pytest.fixture(scope="session")
def axe_audit():
    """audit(page, selector=None) → serious or critical WCAG 2.1 A/AA violations found by axe-core.

    `selector` limits the audit to one element (e.g. an XBlock inside a host page we don't own).
    """
    script = NODE_MODULES / "axe-core" / "axe.min.js"
    if not script.is_file():
        pytest.skip("axe-core missing: run `npm ci` in tests/browser (scripts/setup.sh does)")

    def audit(page, selector: str | None = None) -> list:
        if not page.evaluate("() => !!window.axe"):
            page.add_script_tag(path=str(script))
        result = page.evaluate("([context, tags]) => axe.run(context || document, "
                               "{runOnly: {type: 'tag', values: tags}})", [selector, WCAG_TAGS])
        return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
                if v["impact"] in ("serious", "critical")]

    return audit


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
