"""The one type every stage from the targets to the writer shares: a package's file tree."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Mapping

#: A package's contents before it is written: POSIX path inside the package → bytes.
FileTree = dict[str, bytes]


class LazyTree(Mapping[str, bytes]):
    """A package tree whose files are made when they are read, each time, and never kept: the
    writer holds one file at a time, however many and large the package's files are.

    `make(name)` gives a file's bytes as an iterable of pieces; `chunks(name)` passes them on,
    so a file too large to hold whole (the reviewers' one-page edition) is written as it is made.
    Reading `tree[name]` joins the pieces."""

    def __init__(self, names: Iterable[str], make: Callable[[str], Iterable[bytes]]):
        self._names = frozenset(names)
        self._make = make

    def chunks(self, name: str) -> Iterator[bytes]:
        if name not in self._names:
            raise KeyError(name)
        return iter(self._make(name))

    def __getitem__(self, name: str) -> bytes:
        return b"".join(self.chunks(name))

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names


#: A file given as its bytes, or as a function that makes them when the writer asks.
Made = bytes | Callable[[], bytes]


def made_as_written(files: Mapping[str, Made]) -> LazyTree:
    """A tree of small files held as bytes and large ones (pages, media) made when written: a
    target keeps a page's HTML only while the writer writes it, not every page beside the model's."""
    return LazyTree(files, lambda name: (_bytes(files[name]),))


def _bytes(file: Made) -> bytes:
    return file if isinstance(file, bytes) else file()


def chunks(tree: Mapping[str, bytes], name: str) -> Iterator[bytes]:
    """A file of any tree, piece by piece (a plain tree's file is one piece)."""
    return tree.chunks(name) if isinstance(tree, LazyTree) else iter((tree[name],))
