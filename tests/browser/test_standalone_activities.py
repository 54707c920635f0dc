"""The standalone activity pages of the IMS CC and OLX packages (builder/runtime/standalone.py),
opened in Chromium as an LMS would serve them: the scenario plays and resumes, the reflection's
text stays in the browser, course files are found beside the page (also under Open edX's asset
addresses), and nothing is fetched from elsewhere."""

from __future__ import annotations

import tarfile
import zipfile
from urllib.parse import quote

import pytest

from learner import ending_paths, play

pytestmark = pytest.mark.browser

ASSET = "asset-v1:coursepack+activities-en+course+type@asset+block@"  # how Open edX names a course asset


def test_cartridge_scenario_page_plays_and_resumes_from_file(page, built, course_model, tmp_path):
    scenario = course_model("activities-en").page("late-report")
    with zipfile.ZipFile(built("activities-en", "imscc")) as archive:
        archive.extractall(tmp_path)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    url = (tmp_path / "web_resources" / "activities" / "late-report.html").as_uri()
    page.set_default_timeout(5000)
    page.goto(url)
    assert page.locator("h1").inner_text() == scenario.title
    ending, path = max(ending_paths(scenario).items(), key=lambda item: len(item[1]))
    assert len(path) > 1
    play(page, scenario, path[:1])
    page.reload()  # a new visit: the learner is where they left off
    reached = next(c.next for n in scenario.nodes for c in n.choices if c.id == path[0])
    assert page.locator(".cp-step h2").inner_text() == scenario.node(reached).title
    play(page, scenario, path[1:])
    assert page.locator(".cp-ending h2").inner_text() == scenario.node(ending).title
    assert all(u.startswith("file://") for u in requests), requests


def test_open_edx_reflection_page_finds_its_files_as_assets_and_keeps_text_in_the_browser(
        page, built, static_server, tmp_path):
    with tarfile.open(built("activities-en", "olx"), "r:gz") as archive:
        members = {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}
    frame_html = members["course/html/html-your-review.html"].decode()
    assert 'src="/static/coursepack-activity-your-review.html"' in frame_html
    # Serve every static file under its asset address, as the LMS does after import.
    for name, data in members.items():
        if name.startswith("course/static/"):
            (tmp_path / (ASSET + name.removeprefix("course/static/"))).write_bytes(data)
    base = static_server(tmp_path).url + "/"
    page.set_default_timeout(5000)
    page.goto(base + quote(ASSET + "coursepack-activity-your-review.html"))
    link = page.locator(".cp-downloads a")
    href = link.evaluate("a => a.href")
    assert href.endswith(quote(ASSET) + "review-checklist.pdf") or href.endswith(ASSET + "review-checklist.pdf"), href
    assert page.request.get(href).status == 200
    page.locator("textarea").fill("kept here")
    page.reload()
    assert page.locator("textarea").input_value() == "kept here"
