"""Which package the simulator's frame launches for each SCORM version, and its launch file.

The frame runs the real scorm12 / scorm2004 package, its launch file found through the
manifest like an LMS would find it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..filetree import FileTree

#: For each SCORM version: the target that plays it and the URL that launches it, relative to
#: the simulator page (every URL of the preview sits below its secret first segment).
LEARNER_LAUNCHES = {version: {"target": name, "url": f"launch/{name}"}
                    for version, name in {"1.2": "scorm12", "2004": "scorm2004"}.items()}


def launch_href(tree: FileTree) -> str | None:
    """The href of the first SCO resource in `imsmanifest.xml`, as an LMS would launch it."""
    manifest = tree.get("imsmanifest.xml")
    if manifest is None:
        return "index.html" if "index.html" in tree else None
    try:
        root = ET.fromstring(manifest)
    except ET.ParseError:
        return None
    for element in root.iter():
        if not element.tag.endswith("}resource") and element.tag != "resource":
            continue
        kinds = {value.lower() for key, value in element.attrib.items() if key.lower().endswith("scormtype")}
        if "sco" in kinds and element.get("href"):
            base = element.get("{http://www.w3.org/XML/1998/namespace}base", "")
            return base + element.get("href")
    return None
