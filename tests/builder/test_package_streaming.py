"""Packages written as they are produced (issue 17, item 2): a LazyTree's files, made piece by piece
while the writer writes them, give the same bytes as the same files held whole."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from builder.filetree import LazyTree
from builder.package import tar_gz_bytes, write_package, write_zip, zip_bytes

FILES = {
    "index.html": "<!doctype html><p>Conférence des Parties — مؤتمر الأطراف</p>\n".encode(),
    "pages/a.html": b"<p>" + b"review mechanism " * 20000 + b"</p>",  # larger than one piece
    "empty.txt": b"",
}


def pieces(name: str) -> list[bytes]:
    """The file cut in uneven pieces, as a template or a JSON encoder would give it."""
    data = FILES[name]
    return [data[i:i + 7919] for i in range(0, len(data), 7919)] or [b""]


def made(counter: list[str]) -> LazyTree:
    def make(name: str) -> list[bytes]:
        counter.append(name)
        return pieces(name)
    return LazyTree(FILES, make)


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_lazy_tree_reads_like_the_files_it_makes():
    asked: list[str] = []
    tree = made(asked)
    assert list(tree) == sorted(FILES) and len(tree) == 3 and "index.html" in tree and "nope" not in tree
    assert tree["pages/a.html"] == FILES["pages/a.html"] and asked == ["pages/a.html"]
    with pytest.raises(KeyError):
        tree["nope"]


@pytest.mark.parametrize("package_format", ["zip", "tar.gz", "dir"])
def test_a_lazy_tree_is_written_to_the_same_bytes_as_a_whole_one(tmp_path, package_format):
    asked: list[str] = []
    write_package(tmp_path / "whole", package_format, dict(FILES))
    write_package(tmp_path / "lazy", package_format, made(asked))
    assert sorted(asked) == sorted(FILES)  # each file made once, while written
    if package_format != "dir":
        whole = (zip_bytes if package_format == "zip" else tar_gz_bytes)(FILES)
        assert (tmp_path / "lazy").read_bytes() == (tmp_path / "whole").read_bytes() == whole
    else:
        assert digests(tmp_path / "lazy") == digests(tmp_path / "whole") and len(digests(tmp_path / "lazy")) == 3


def test_a_single_file_package_is_written_from_its_pieces(tmp_path):
    name = "pages/a.html"
    write_package(tmp_path / "out.html", "file", LazyTree([name], pieces))
    assert (tmp_path / "out.html").read_bytes() == FILES[name]


def test_files_compressed_by_their_own_format_are_stored_and_the_rest_deflated():
    import io
    import os
    import zipfile

    noise = os.urandom(4096)  # stands for image bytes: deflate cannot shrink them
    tree = {"media/photo.JPG": noise, "media/talk.mp3": noise, "media/notes.pdf": b"%PDF " * 400,
            "index.html": b"<p>review</p>" * 400}
    with zipfile.ZipFile(io.BytesIO(zip_bytes(tree))) as archive:
        methods = {info.filename: info.compress_type for info in archive.infolist()}
        assert {name: archive.read(name) for name in tree} == tree
    assert methods == {"index.html": zipfile.ZIP_DEFLATED, "media/notes.pdf": zipfile.ZIP_DEFLATED,
                       "media/photo.JPG": zipfile.ZIP_STORED, "media/talk.mp3": zipfile.ZIP_STORED}


def test_zip_entries_are_deflated_by_isal_and_their_bytes_do_not_depend_on_how_a_file_is_cut():
    """ISA-L, not zlib, deflates (issue 17: six times faster). Its output depends on where its input
    is cut, so a file made in small pieces must give the bytes the same file gives whole."""
    import io
    import struct
    import zipfile

    from isal import isal_zlib

    from builder.package import DEFLATE_LEVEL

    name, data = "index.html", FILES["index.html"] * 50  # under one deflate piece: one compress call
    package = zip_bytes({name: data})
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        info = archive.getinfo(name)
    local_method, = struct.unpack_from("<H", package, info.header_offset + 8)
    assert info.compress_type == local_method == zipfile.ZIP_DEFLATED  # the central directory and the entry agree
    start = info.header_offset + 30 + len(name.encode())  # local header: 30 bytes, the name, no extra field
    deflater = isal_zlib.compressobj(DEFLATE_LEVEL, isal_zlib.DEFLATED, -isal_zlib.MAX_WBITS)
    assert package[start:start + info.compress_size] == deflater.compress(data) + deflater.flush()

    big = FILES["pages/a.html"] * 3  # several deflate pieces
    cut_small = LazyTree(["a.html"], lambda _: [big[i:i + 1000] for i in range(0, len(big), 1000)])
    cut_odd = LazyTree(["a.html"], lambda _: [big[:5], big[5:200_001], big[200_001:]])
    assert zip_bytes(cut_small) == zip_bytes(cut_odd) == zip_bytes({"a.html": big})


def test_a_tar_has_the_bytes_tarfile_gives_for_every_kind_of_name():
    """The tar writer builds plain headers itself (issue 17: `tarfile` cost more than deflating the
    archive) and leaves the rest to `tarfile`: both must give exactly what `tarfile` gives, and any
    reader must get back every name, folder, size, time and permission."""
    import gzip
    import io
    import tarfile

    from builder.package import build_epoch

    tree = {"course/course.xml": b"<course/>", "a" * 100: b"x",  # the longest name a plain header holds
            "b" * 101: b"y" * 513,  # longer: a PAX record carries the name
            "static/Conférence/مؤتمر.txt": FILES["index.html"],  # not ASCII: a PAX record as well
            "static/" + "d" * 120 + "/e.html": FILES["pages/a.html"], "empty.txt": b""}
    expected = io.BytesIO()
    with tarfile.open(fileobj=expected, mode="w", format=tarfile.PAX_FORMAT) as archive:
        folders = {"/".join(name.split("/")[:i]) + "/" for name in tree for i in range(1, name.count("/") + 1)}
        for name in sorted([*tree, *folders]):
            info = tarfile.TarInfo(name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = build_epoch(), 0, 0, "", ""
            if name.endswith("/"):
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(info)
            else:
                info.mode, info.size = 0o644, len(tree[name])
                archive.addfile(info, io.BytesIO(tree[name]))
    package = tar_gz_bytes(tree)
    assert gzip.decompress(package) == expected.getvalue()
    with tarfile.open(fileobj=io.BytesIO(package), mode="r:gz") as archive:
        members = {member.name: member for member in archive.getmembers()}
        assert {name: archive.extractfile(name).read() for name in tree} == tree
    assert {name.rstrip("/") for name in folders} | set(tree) == set(members)
    assert {(m.mode, m.mtime, m.uid, m.uname) for m in members.values() if m.isfile()} == {(0o644, build_epoch(), 0, "")}
    assert {m.mode for m in members.values() if m.isdir()} == {0o755}


def test_a_tar_gz_does_not_depend_on_how_its_files_are_cut():
    big = FILES["pages/a.html"] * 3
    cut_small = LazyTree(["a.html"], lambda _: [big[i:i + 1000] for i in range(0, len(big), 1000)])
    assert tar_gz_bytes(cut_small) == tar_gz_bytes({"a.html": big})


def test_a_zip_is_written_only_to_a_stream_whose_headers_can_be_written_again():
    """Each entry's header is written again when it is closed (package._open_deflated): a pipe
    would get headers that say "stored" before deflated bytes, so it is refused."""
    import os

    reading, writing = os.pipe()
    os.close(reading)
    with open(writing, "wb") as pipe, pytest.raises(ValueError, match="seekable"):
        write_zip(pipe, dict(FILES))
