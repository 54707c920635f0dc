"""`coursepack clean`: remove what coursepack wrote into an output folder, and nothing else.

What a build wrote is known by name, never guessed from a pattern: each build adds the names of its
packages and the reports beside them to `.coursepack/<course>.written.json` (build.record_written).
Besides those, coursepack owns three things in the folder: its temporaries (TEMP_PREFIX, left by a
killed build), the crash reports (CRASH_FOLDER) and its records of earlier builds (RECORD_DIR).
A file someone else put there, even one whose name looks like a package, stays; so does a symlink.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .build import CRASH_FOLDER
from .package import TEMP_PREFIX, remove_stale_temporaries
from .republish import RECORD_DIR


@dataclass
class Cleaned:
    removed: list[str] = field(default_factory=list)  # names relative to the folder, in the order removed
    kept: list[str] = field(default_factory=list)  # recorded names that are no longer coursepack's (e.g. a symlink)


def clean(out_dir: Path, *, dry_run: bool = False) -> Cleaned:
    """Remove the packages and reports the builds recorded, unheld temporaries, crash reports and
    the records themselves (last, so an interrupted clean can be run again)."""
    result = Cleaned()
    if not out_dir.is_dir():
        return result
    for name in recorded_outputs(out_dir):
        _remove(out_dir, name, result, dry_run)
    if dry_run:
        result.removed += sorted(e.name for e in os.scandir(out_dir)
                                 if e.name.startswith(TEMP_PREFIX) and not e.is_symlink())
    else:
        result.removed += remove_stale_temporaries(out_dir)
    for owned in (CRASH_FOLDER, RECORD_DIR):
        _remove(out_dir, owned, result, dry_run)
    return result


def recorded_outputs(out_dir: Path) -> list[str]:
    """Every name the builds recorded, those that could point outside the folder left out."""
    names: set[str] = set()
    for record in sorted((out_dir / RECORD_DIR).glob("*.written.json")):
        try:
            listed = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # an unreadable record: what it listed stays, which is the safe side
        names.update(name for name in listed if isinstance(name, str) and _plain_name(name))
    return sorted(names)


def _plain_name(name: str) -> bool:
    """A path inside the folder: relative, no `..`, not coursepack's own records."""
    path = PurePosixPath(name)
    return (bool(name) and not path.is_absolute() and "\\" not in name and ".." not in path.parts
            and path.parts[0] not in (RECORD_DIR, CRASH_FOLDER))


def _remove(out_dir: Path, name: str, result: Cleaned, dry_run: bool) -> None:
    path = out_dir / name
    if not os.path.lexists(path):
        return
    if _through_a_link(out_dir, name):
        result.kept.append(name)  # coursepack never writes links: someone else put this here
        return
    is_dir = path.is_dir()
    if not dry_run:
        shutil.rmtree(path) if is_dir else path.unlink()
    result.removed.append(name + "/" * is_dir)


def _through_a_link(out_dir: Path, name: str) -> bool:
    path = out_dir
    for part in PurePosixPath(name).parts:
        path = path / part
        if path.is_symlink():
            return True
    return False
