"""Package: the only stage that writes to disk. Deterministic bytes, atomic replacement.

Entries are sorted, timestamps fixed (SOURCE_DATE_EPOCH, else 1980-01-01, the earliest a zip
can hold), permissions inside archives fixed; files and folders on disk get the ordinary
permissions the user's umask allows (`ordinary_mode`), as `cp` or an editor would give them.
Each package is written to a temporary name in the output folder and renamed into place, so a failed build never leaves a half-written package, and the
temporaries a killed build leaves behind are removed by the next build (`remove_stale_temporaries`).
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, but an open file cannot be deleted there either
    fcntl = None  # type: ignore[assignment]

from coursepack_quiz.diagnostics import Diagnostic, error
from isal import igzip, isal_zlib

from .filetree import FileTree, chunks

_ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z

# Deflate is ISA-L's (python-isal), at its default level: on a 1,000-lesson course's 60 MB of XML,
# HTML and scripts it took 0.12 s CPU where zlib took 0.75 s at level 6 and 0.31 s at level 1, for
# packages 15 % larger than zlib 6's and 2 % smaller than zlib 1's (issue 17). Any unzip reads it:
# it is plain deflate.
DEFLATE_LEVEL = isal_zlib.ISAL_DEFAULT_COMPRESSION
# Unlike zlib's, ISA-L's output depends on where its input is cut. A zip entry is therefore fed to
# it in pieces of this one size, so its bytes depend on the file alone, not on how it was made.
_DEFLATE_PIECE = 64 * 1024

# Files already compressed by their own format: deflating them again costs time and gains nothing.
_STORED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".mp3", ".m4a", ".aac", ".ogg",
                              ".oga", ".opus", ".mp4", ".m4v", ".webm", ".ogv", ".zip", ".gz", ".woff", ".woff2",
                              ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub"})


def build_epoch() -> int:
    """The timestamp every packaged file carries (reproducible-builds.org's SOURCE_DATE_EPOCH)."""
    try:
        return max(int(os.environ.get("SOURCE_DATE_EPOCH", _ZIP_EPOCH)), _ZIP_EPOCH)
    except ValueError:
        return _ZIP_EPOCH


def write_zip(stream: BinaryIO, tree: FileTree) -> None:
    """The tree as a zip, streamed into `stream` (seekable), entry by entry in sorted order."""
    if not stream.seekable():  # `_open_deflated` needs zipfile to write each entry's header again
        raise ValueError("write_zip needs a seekable stream")
    stamp = time.gmtime(build_epoch())[:6]
    with zipfile.ZipFile(stream, "w") as archive:
        for name in sorted(tree):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, so the permissions above are read as such
            with (archive.open(info, "w") if _already_compressed(name) else _open_deflated(archive, info)) as entry:
                for piece in _even_pieces(chunks(tree, name)):
                    entry.write(piece)


def _open_deflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """A zip entry opened for writing, deflated by ISA-L rather than zlib.

    `zipfile` has no public way to choose the deflate implementation; its entry writer keeps its
    compressor in `_compressor` (CPython 3.8 to 3.14), as `gzip.GzipFile` keeps its own in
    `compress`, which `isal.igzip` replaces the same way. Checked, so that a Python that renames it
    fails here instead of silently deflating with zlib.

    The entry is opened as stored, so that zipfile makes no zlib compressor only to have it
    replaced (making one cost 30 µs, more than deflating a small page: a sixth of a 1,000-lesson
    build's zip writing, issue 17), then marked deflated: on a seekable stream zipfile writes the
    entry's header again from `info` when the entry is closed, and the central directory at the end."""
    info.compress_type = zipfile.ZIP_STORED
    entry = archive.open(info, "w")
    if not hasattr(entry, "_compressor"):
        entry.close()
        raise RuntimeError("this Python's zipfile keeps no `_compressor` on an entry: package.py needs updating")
    entry._compressor = isal_zlib.compressobj(DEFLATE_LEVEL, isal_zlib.DEFLATED, -isal_zlib.MAX_WBITS)
    info.compress_type = zipfile.ZIP_DEFLATED
    return entry


def _even_pieces(pieces: Iterable[bytes], size: int = _DEFLATE_PIECE) -> Iterator[bytes]:
    """The bytes of `pieces` again, cut every `size` bytes (the last piece may be shorter)."""
    pending = bytearray()
    for piece in pieces:
        pending += piece
        if len(pending) >= size:
            whole = len(pending) - len(pending) % size
            with memoryview(pending) as view:
                yield from (bytes(view[start:start + size]) for start in range(0, whole, size))
            del pending[:whole]
    if pending:
        yield bytes(pending)


def _already_compressed(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in _STORED_SUFFIXES


def write_tar_gz(stream: BinaryIO, tree: FileTree) -> None:
    """The tree as a gzipped POSIX tar, streamed into `stream`: the tar goes through gzip as it is
    made, in whole `_DEFLATE_PIECE`s, so its bytes depend on the tar alone."""
    with igzip.GzipFile(fileobj=stream, mode="wb", mtime=build_epoch(), filename="",
                        compresslevel=DEFLATE_LEVEL) as gz:
        for piece in _even_pieces(_tar_blocks(tree)):
            gz.write(piece)


_TAR_BLOCK = tarfile.BLOCKSIZE
_TAR_RECORD = tarfile.RECORDSIZE


def _tar_blocks(tree: FileTree) -> Iterator[bytes]:
    """The tree as an uncompressed tar, exactly as `tarfile` writes it in PAX_FORMAT: each entry's
    header, its bytes padded to a whole block, then the end of the archive padded to a record."""
    epoch, offset = build_epoch(), 0
    for name in _with_directories(tree):
        data = b"" if name.endswith("/") else tree[name]  # once: a LazyTree makes the file anew on each lookup
        header = _tar_header(name, len(data), epoch)
        padding = -len(data) % _TAR_BLOCK
        yield header
        if data:
            yield data
            yield bytes(padding)
        offset += len(header) + len(data) + padding
    end = offset + 2 * _TAR_BLOCK
    yield bytes(2 * _TAR_BLOCK + -end % _TAR_RECORD)


def _tar_header(name: str, size: int, mtime: int) -> bytes:
    """A tar entry's header: a folder (its name ends with "/") or a file of `size` bytes, owned by
    no one, with the package's fixed permissions and time.

    An OLX course is thousands of small files, and `tarfile` took more CPU to write their headers
    than ISA-L to deflate the whole archive (issue 17). A plain ASCII name of at most 100 bytes
    has a plain ustar header, built here in one step; any other name is left to `tarfile`, which
    adds the PAX record that carries it. tests/builder/test_package_streaming.py checks that both
    give the bytes `tarfile` gives."""
    directory = name.endswith("/")
    if not (name.isascii() and len(name) <= 100 and size < 8 ** 11 and mtime < 8 ** 11):
        info = tarfile.TarInfo(name)
        info.mtime, info.uid, info.gid, info.uname, info.gname = mtime, 0, 0, "", ""
        info.type, info.mode = (tarfile.DIRTYPE, 0o755) if directory else (tarfile.REGTYPE, 0o644)
        info.size = size
        return info.tobuf(tarfile.PAX_FORMAT, tarfile.ENCODING, "surrogateescape")
    header = bytearray(_TAR_BLOCK)
    header[0:len(name)] = name.encode("ascii")
    header[100:157] = b"%07o\0%07o\0%07o\0%011o\0%011o\0        %s" % (
        0o755 if directory else 0o644, 0, 0, size, mtime, tarfile.DIRTYPE if directory else tarfile.REGTYPE)
    header[257:265] = tarfile.POSIX_MAGIC
    header[148:155] = b"%06o\0" % sum(header)  # the checksum: the sum of the header's bytes, its own field as spaces
    return bytes(header)


def zip_bytes(tree: FileTree) -> bytes:
    buffer = io.BytesIO()
    write_zip(buffer, tree)
    return buffer.getvalue()


def tar_gz_bytes(tree: FileTree) -> bytes:
    buffer = io.BytesIO()
    write_tar_gz(buffer, tree)
    return buffer.getvalue()


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
    """Write one package in place of `path`, atomically."""
    staged = stage(path, package_format)
    try:
        fill(staged, tree)
    except BaseException:
        discard(staged)
        raise
    commit(staged)


# ---- a package staged: written in full to a locked temporary, renamed into place later --------

@dataclass
class Staged:
    """A package being written to a temporary beside `path`, locked by the process that staged it
    (through `handle`), until `commit` renames it into place or `discard` removes it. `fill` may
    run in another process: it opens the temporary by name, and the stager's lock still holds it."""

    path: Path
    package_format: str
    temporary: Path
    handle: int


def stage(path: Path, package_format: str) -> Staged:
    if package_format not in ("zip", "tar.gz", "dir", "file"):
        raise ValueError(f"unknown package format {package_format!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _new_temporary(path.parent, path.name, directory=package_format == "dir")
    return Staged(path, package_format, temporary, handle)


def fill(staged: Staged, tree: FileTree) -> None:
    """Write the package's contents into its temporary, as they are produced: a zip or tar is
    streamed into the file, never held whole in memory."""
    if staged.package_format == "dir":
        os.chmod(staged.temporary, ordinary_mode(directory=True))  # the files and subfolders inside get theirs from the umask
        for name in sorted(tree):
            target = staged.temporary / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as stream:
                stream.writelines(chunks(tree, name))
            _slow_point()
        return
    with open(staged.temporary, "wb") as stream:
        if staged.package_format == "zip":
            write_zip(stream, tree)
        elif staged.package_format == "tar.gz":
            write_tar_gz(stream, tree)
        else:
            (name,) = tree
            stream.writelines(chunks(tree, name))
        _slow_point()
        stream.flush()
        os.fsync(stream.fileno())  # a crash after the rename must not leave an empty package
    os.chmod(staged.temporary, ordinary_mode(directory=False))


def commit(staged: Staged) -> None:
    """Rename the filled temporary into place (a folder package swaps with the old one)."""
    try:
        if staged.package_format != "dir":
            os.replace(staged.temporary, staged.path)
            return
        old = None
        if staged.path.exists():
            old = staged.path.with_name(f"{TEMP_PREFIX}{staged.path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(staged.path, old)
        os.replace(staged.temporary, staged.path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        discard(staged)
        raise
    finally:
        _close(staged)


def discard(staged: Staged) -> None:
    """Remove the temporary (a failed or abandoned build writes nothing)."""
    if staged.package_format == "dir":
        shutil.rmtree(staged.temporary, ignore_errors=True)
    else:
        staged.temporary.unlink(missing_ok=True)
    _close(staged)


def _close(staged: Staged) -> None:
    if staged.handle >= 0:
        os.close(staged.handle)  # releases the lock
        staged.handle = -1


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
