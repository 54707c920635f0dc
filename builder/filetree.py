"""The one type every stage from the targets to the writer shares: a package's file tree."""

from __future__ import annotations

#: A package's contents before it is written: POSIX path inside the package → bytes.
FileTree = dict[str, bytes]
