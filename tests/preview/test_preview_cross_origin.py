"""Other web pages cannot read the course from a running preview, in real Chromium.

The attacker's page is served from a second loopback origin: 127.0.0.2 (another site) and another
port of 127.0.0.1 (the same site, another origin). It tries a `<script src>` of the package's
quiz module's content script (which sets `window.COURSEPACK_CONTENT`, answer key included; the outline
`course.js` sets `window.COURSEPACK_COURSE`) and `fetch()`, both
with and without the secret token: the strongest attacker is assumed to know it. A positive
control runs the very same attack against a plain static server holding the same file, so the
test proves the attack works where nothing stops it. DNS rebinding is played with a host name
that Chromium resolves to 127.0.0.1.
"""

from __future__ import annotations

import http.server
import threading
from urllib.parse import urlsplit

import pytest

from tests.conftest import CHROMIUM_FLAGS

pytestmark = pytest.mark.browser

DATA_JS = "build/scorm12/runtime/content/practice.js"
ANSWERS = '"correct":true'

ATTACK = """async ([scriptUrl, fetchUrl]) => {
  delete window.COURSEPACK_COURSE;
  delete window.COURSEPACK_CONTENT;
  const out = {};
  out.script = await new Promise(resolve => {
    const tag = document.createElement("script");
    tag.src = scriptUrl;
    tag.onload = () => resolve("loaded");
    tag.onerror = () => resolve("error");
    document.head.appendChild(tag);
  });
  const data = window.COURSEPACK_COURSE || window.COURSEPACK_CONTENT;
  out.leaked = data ? JSON.stringify(data) : "";
  try { const r = await fetch(fetchUrl); out.cors = r.status + " " + await r.text(); }
  catch (e) { out.cors = "refused: " + e; }
  try { const r = await fetch(fetchUrl, {mode: "no-cors"}); out.noCors = r.type + " " + await r.text(); }
  catch (e) { out.noCors = "refused: " + e; }
  return out;
}"""


class AttackerSite:
    """A web site of the attacker's: one blank page, on its own loopback address and port."""

    def __init__(self, address: str):
        class Page(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = b"<!doctype html><title>attacker</title><p>nothing to see"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer((address, 0), Page)
        self.url = f"http://{address}:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def attacker_site():
    sites: list[AttackerSite] = []

    def start(address: str) -> AttackerSite:
        try:
            sites.append(AttackerSite(address))
        except OSError as exc:
            pytest.skip(f"cannot listen on {address}: {exc}")
        return sites[-1]

    yield start
    for site in sites:
        site.close()


def attack(page, site: AttackerSite, script_url: str, fetch_url: str) -> dict:
    page.goto(site.url)
    return page.evaluate(ATTACK, [script_url, fetch_url])


def assert_nothing_read(result: dict) -> None:
    assert result["leaked"] == "", "the attacker's page read the course through <script src>"
    assert ANSWERS not in result["cors"] and ANSWERS not in result["noCors"], result


def test_the_attack_works_where_nothing_stops_it(page, preview, attacker_site, static_server, tmp_path):
    """Positive control: the same file on a plain server is read by the attacker's page."""
    (tmp_path / "runtime").mkdir()
    page.goto(preview.url + DATA_JS)
    (tmp_path / "runtime" / "course.js").write_text(page.inner_text("body"), encoding="utf-8")
    plain = static_server(tmp_path).url + "/runtime/course.js"
    result = attack(page, attacker_site("127.0.0.2"), plain, plain)
    assert result["script"] == "loaded" and ANSWERS in result["leaked"]
    assert result["noCors"] == "opaque "  # fetch without CORS never reads: that is why <script> is the attack


@pytest.mark.parametrize("address", ["127.0.0.2", "127.0.0.1"])  # another site; the same site, another port
def test_another_origin_cannot_read_the_course(page, preview, attacker_site, address):
    site = attacker_site(address)
    assert urlsplit(site.url).netloc != urlsplit(preview.url).netloc
    with_token = preview.url + DATA_JS
    without_token = f"http://{urlsplit(preview.url).netloc}/{DATA_JS}"
    for url in (with_token, without_token):
        result = attack(page, site, url, url)
        assert result["script"] == "error", result
        assert_nothing_read(result)


def test_another_origin_cannot_read_the_simulator_state_or_sources(page, preview, attacker_site):
    site = attacker_site("127.0.0.2")
    for path in ("__preview/state", "source/02-practice/02-quiz.md", "build/review/index.html"):
        result = attack(page, site, preview.url + path, preview.url + path)
        assert_nothing_read(result)
        assert "basic-en" not in result["cors"] and "(x)" not in result["cors"], result


def test_dns_rebinding_gets_nothing(browser, chromium_path, preview):
    """A name of the attacker's, resolved to 127.0.0.1: the attacker's page and the preview then
    share an origin, so only the Host header tells them apart."""
    port = urlsplit(preview.url).port
    rebound = browser.browser_type.launch(executable_path=chromium_path, headless=True,
                                          args=[*CHROMIUM_FLAGS, "--host-resolver-rules=MAP rebind.test 127.0.0.1"])
    try:
        page = rebound.new_page()
        for url in (f"http://rebind.test:{port}/{preview.token}/{DATA_JS}", f"http://rebind.test:{port}/{DATA_JS}"):
            response = page.goto(url)
            assert response.status in (403, 404) and ANSWERS not in page.content()
        # The same browser does reach the preview under its own name: the refusal is the Host check.
        response = page.goto(f"http://127.0.0.1:{port}/{preview.token}/{DATA_JS}")
        assert response.status == 200 and ANSWERS in page.content()
    finally:
        rebound.close()
