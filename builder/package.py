"""Package: the only stage that writes to disk. Deterministic bytes, atomic replacement.

Entries are sorted, timestamps fixed (SOURCE_DATE_EPOCH, else 1980-01-01, the earliest a zip
can hold), permissions inside archives fixed; files and folders on disk get the ordinary
permissions the user's umask allows (`ordinary_mode`), as `cp` or an editor would give them.
Each package is written to a temporary name in the output folder and renamed into place, so a failed build never leaves a half-written package, and the
temporaries a killed build leaves behind are removed by the next build (`remove_stale_temporaries`).
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import shutil
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, but an open file cannot be deleted there either
    fcntl = None  # type: ignore[assignment]

from coursepack_quiz.diagnostics import Diagnostic, error

from .filetree import FileTree

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


def ordinary_mode(*, directory: bool) -> int:
    """The permissions a new file (0666) or folder (0777) gets under the current umask.

    Temporaries are made private (mkstemp: 0600, mkdtemp: 0700) and renamed into place, so without
    this a web folder would stay 0700 and a web server or a colleague would get "403 Forbidden"."""
    return (0o777 if directory else 0o666) & ~_current_umask()


def _current_umask() -> int:
    try:  # Linux says it without changing it (os.umask can only be read by setting it)
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place.
    `mode`: its permissions (default: what the umask allows, `ordinary_mode`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _new_temporary(path.parent, path.name, directory=False)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            _slow_point()
            stream.flush()
            os.fsync(stream.fileno())  # a crash after the rename must not leave an empty package
            os.chmod(temporary, ordinary_mode(directory=False) if mode is None else mode)
            os.replace(temporary, path)  # the lock goes with the open handle, closed just after
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_directory(path: Path, tree: FileTree) -> None:
    """Write a folder package: fill a temporary sibling, then swap it in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = _new_temporary(path.parent, path.name, directory=True)
    try:
        os.chmod(staging, ordinary_mode(directory=True))  # the files and subfolders inside get theirs from the umask
        for name in sorted(tree):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tree[name])
            _slow_point()
        old = None
        if path.exists():
            old = path.with_name(f"{TEMP_PREFIX}{path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
        os.replace(staging, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        os.close(handle)


def prepare_output(folder: Path) -> None:
    """Before anything is built: create `folder`, prove a package can be written there, and remove
    what killed builds left in it. Raises OSError (see `unwritable`) when the folder cannot take packages."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, probe = _new_temporary(folder, "probe", directory=False)
    os.close(handle)
    probe.unlink()
    remove_stale_temporaries(folder)


# errno → (why, what to do); the folder is named by the diagnostic's path.
_WHY = {
    errno.EACCES: ("permission denied", "make it writable, or choose another folder with --out"),
    errno.EPERM: ("permission denied", "make it writable, or choose another folder with --out"),
    errno.EROFS: ("it is on a read-only file system", "choose another folder with --out"),
    errno.ENOSPC: ("the disk is full", "free some space, or choose a folder on another disk with --out"),
    errno.EDQUOT: ("the disk quota is exceeded", "free some space, or choose another folder with --out"),
    errno.EEXIST: ("a file is in the way", "move that file, or choose another folder with --out"),
    errno.ENOTDIR: ("a file is in the way", "move that file, or choose another folder with --out"),
    errno.EISDIR: ("a folder is in the way", "move that folder, or choose another folder with --out"),
}


def unwritable(folder: Path, exc: OSError) -> Diagnostic:
    """One clear error for an output folder that cannot take the packages: which folder, why, what to do."""
    why, hint = _WHY.get(exc.errno, (exc.strerror or str(exc), "choose another folder with --out"))
    blocker = _file_in_the_way(Path(exc.filename)) if exc.filename and exc.errno in (errno.EEXIST, errno.ENOTDIR) \
        else None
    in_the_way = exc.filename2 or exc.filename  # os.replace(temporary, package) names the package second
    where = f" ({blocker} is a file)" if blocker else f" ({in_the_way})" if exc.errno == errno.EISDIR else ""
    return error(str(folder), 0, f"cannot write packages to this folder: {why}{where}", "output.unwritable",
                 hint=hint)


def _file_in_the_way(path: Path) -> Path | None:
    for candidate in [path, *path.parents]:
        if candidate.exists() and not candidate.is_dir():
            return candidate
    return None


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


# ---- temporaries: recognisable by name, held by a lock while their build runs ----------------

#: Every temporary a build makes in the output folder starts with this, and nothing else does.
TEMP_PREFIX = ".coursepack-tmp-"
#: Tests only: seconds to sleep after writing each file, so a test can kill a build mid-write.
_SLOW_ENV = "COURSEPACK_TEST_SLOW_WRITE"


def _new_temporary(folder: Path, name: str, *, directory: bool) -> tuple[int, Path]:
    """A new temporary file (its open handle) or folder (a handle on it), locked by this process.

    The lock is what tells a live build's temporary from a killed one's: the kernel releases it
    when the process dies, however it dies. A cleaner may take a temporary in the instant between
    its creation and its lock; then it is already unlinked, and we make another.
    """
    while True:
        if directory:
            temporary = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{name}.", dir=folder))
            handle = os.open(temporary, os.O_RDONLY)
        else:
            handle, raw = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{name}.", dir=folder)
            temporary = Path(raw)
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        if os.fstat(handle).st_nlink:
            return handle, temporary
        os.close(handle)


def remove_stale_temporaries(folder: Path) -> list[str]:
    """Remove the temporaries that killed builds left in `folder` (not below it); returns their names.

    Only entries named with TEMP_PREFIX and not held by a running build are touched; symlinks never.
    """
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(TEMP_PREFIX)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    removed = []
    for entry in sorted(entries, key=lambda e: e.name):
        if not entry.is_symlink() and _remove_if_unheld(Path(entry.path), entry.is_dir(follow_symlinks=False)):
            removed.append(entry.name)
    return removed


def _remove_if_unheld(path: Path, is_dir: bool) -> bool:
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | (os.O_DIRECTORY if is_dir else 0))
    except OSError:
        return False
    try:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: a live build holds it
        if is_dir:
            shutil.rmtree(path)
        else:
            path.unlink()
        return True
    except OSError:
        return False  # held, or not ours to remove (Windows refuses to delete an open file)
    finally:
        os.close(handle)


def _slow_point() -> None:
    delay = os.environ.get(_SLOW_ENV)
    if delay:
        time.sleep(float(delay))
