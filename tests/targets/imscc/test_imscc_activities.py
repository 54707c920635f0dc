"""Scenarios and reflections in the cartridge: each a standalone web-content page (runtime/
standalone.py) listed in a manifest that passes the CC 1.1 XSD, depending on the media resource
when it links to a course file, and the admin report says the LMS does not track them."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from lxml import etree

from builder.targets.imscc import layout
from imscc_helpers import COURSES, build

CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"


@pytest.fixture(scope="module", params=["activities-en", "activities-ar"])
def cartridge(request):
    return build(COURSES / request.param)


@pytest.mark.conformance
def test_the_manifest_with_activity_pages_passes_the_cc11_schema(cartridge, cc_schemas):
    manifest_xsd, _, _ = cc_schemas
    manifest = etree.fromstring(cartridge.tree["imsmanifest.xml"])
    assert manifest_xsd.validate(etree.ElementTree(manifest)), manifest_xsd.error_log


def test_each_activity_is_a_listed_web_content_page_in_the_organization(cartridge):
    manifest = etree.fromstring(cartridge.tree["imsmanifest.xml"])
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    items = {i.get("identifierref") for i in manifest.iter(f"{CP}item")}
    activities = [p for p in cartridge.course.pages() if p.kind in ("scenario", "reflection")]
    assert activities
    for page in activities:
        path = layout.activity_file(page.id)
        resource = resources[layout.page_resource(page.id)]
        assert resource.get("type") == "webcontent" and resource.get("href") == path
        assert [unquote(f.get("href")) for f in resource.iter(f"{CP}file")] == [path]
        assert layout.page_resource(page.id) in items
        text = cartridge.tree[path].decode()
        assert "Coursepack.activity.standalone(" in text and f"<title>{page.title}</title>" in text
        links_media = any(getattr(page, "downloads", ()))
        dependencies = [d.get("identifierref") for d in resource.iter(f"{CP}dependency")]
        assert (layout.MEDIA_RESOURCE in dependencies) == links_media, (page.id, dependencies)
        if links_media:  # relative to the page, into the cartridge's media folder
            assert "../media/" in text


def test_the_admin_report_says_activities_are_not_tracked(cartridge):
    text = "".join(data.decode("utf-8", "replace") for data in cartridge.beside.values())
    assert "does not track them" in text and "never reaches the LMS" in text
