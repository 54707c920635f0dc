"""Package: the only stage that writes to disk. Deterministic bytes, atomic replacement.

Entries are sorted, timestamps fixed (SOURCE_DATE_EPOCH, else 1980-01-01, the earliest a zip
can hold), permissions fixed; each package is written to a temporary name in the output
folder and renamed into place, so a failed build never leaves a half-written package.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

from .targets.base import FileTree

_ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z


def build_epoch() -> int:
    """The timestamp every packaged file carries (reproducible-builds.org's SOURCE_DATE_EPOCH)."""
    try:
        return max(int(os.environ.get("SOURCE_DATE_EPOCH", _ZIP_EPOCH)), _ZIP_EPOCH)
    except ValueError:
        return _ZIP_EPOCH


def zip_bytes(tree: FileTree) -> bytes:
    stamp = time.gmtime(build_epoch())[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(tree):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, so the permissions above are read as such
            archive.writestr(info, tree[name], compresslevel=9)
    return buffer.getvalue()


def tar_gz_bytes(tree: FileTree) -> bytes:
    epoch = build_epoch()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name in _with_directories(tree):
            info = tarfile.TarInfo(name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = epoch, 0, 0, "", ""
            if name.endswith("/"):
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(info)
            else:
                info.mode, info.size = 0o644, len(tree[name])
                archive.addfile(info, io.BytesIO(tree[name]))
    compressed = io.BytesIO()
    with gzip.GzipFile(fileobj=compressed, mode="wb", mtime=epoch, filename="") as gz:
        gz.write(raw.getvalue())
    return compressed.getvalue()


def _with_directories(tree: FileTree) -> list[str]:
    names = set(tree)
    for name in tree:
        parts = name.split("/")[:-1]
        names.update("/".join(parts[: i + 1]) + "/" for i in range(len(parts)))
    return sorted(names)


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_directory(path: Path, tree: FileTree) -> None:
    """Write a folder package: fill a temporary sibling, then swap it in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        for name in sorted(tree):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tree[name])
        old = None
        if path.exists():
            old = path.with_name(f".{path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
        os.replace(staging, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_package(path: Path, package_format: str, tree: FileTree) -> None:
    if package_format == "zip":
        write_atomic(path, zip_bytes(tree))
    elif package_format == "tar.gz":
        write_atomic(path, tar_gz_bytes(tree))
    elif package_format == "dir":
        write_directory(path, tree)
    elif package_format == "file":
        (data,) = tree.values()
        write_atomic(path, data)
    else:
        raise ValueError(f"unknown package format {package_format!r}")
