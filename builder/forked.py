"""Work on many items split across processes forked from this one (the pages of a large course).

The workers inherit everything this process holds, so nothing is sent to them; their results
come back pickled. Objects the results share with what this process already holds (a page's
source file, its front matter, its text) travel as references to this process's own objects,
not as copies: a fork keeps every object at its address, so an object's `id()` names it in both.
"""

from __future__ import annotations

import io
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Sequence, TypeVar

T = TypeVar("T")

#: What the workers forked for `in_shares` run (set just before forking, read by `_share`).
_WORK: tuple[Callable[[Sequence[int]], list[Any]], dict[int, Any]] | None = None


def in_shares(count: int, workers: int, work: Callable[[Sequence[int]], list[T]], *,
              known: Iterable[Any] = ()) -> list[T]:
    """`work(indices)`'s results for every index of `range(count)`, in order: one share of the
    indices here, the others in `workers - 1` forked processes (shares interleave, so costly items
    in a row are spread). `work` returns one result per index, must not change what it inherits,
    and may run again here: a worker that dies (killed, out of memory) makes this process do
    its share itself. `known`: objects this process holds that results may refer to (sent as
    references, see the module's note)."""
    workers = min(workers, count)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return work(range(count))
    global _WORK
    by_id = {id(each): each for each in known}
    _WORK = (work, by_id)
    shares = [range(first, count, workers) for first in range(workers)]
    try:
        with ProcessPoolExecutor(max_workers=workers - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_share, share) for share in shares[1:]]
            done = [work(shares[0])]
            for share, future in zip(shares[1:], futures):
                try:
                    done.append(_loads(future.result(), by_id))
                except BrokenProcessPool:
                    done.append(work(share))
    finally:
        _WORK = None
    results: list[Any] = [None] * count
    for share, found in zip(shares, done):
        results[share.start::workers] = found
    return results


def _share(indices: Sequence[int]) -> bytes:
    work, by_id = _WORK
    return _dumps(work(indices), by_id)


_ABSENT = object()  # not None: None is an object like any other here


def _dumps(value: Any, by_id: dict[int, Any]) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    # An inherited object (same address, same object: it cannot have moved or been freed while
    # `by_id` holds it) goes as its address.
    pickler.persistent_id = lambda obj: id(obj) if by_id.get(id(obj), _ABSENT) is obj else None
    pickler.dump(value)
    return buffer.getvalue()


def _loads(data: bytes, by_id: dict[int, Any]) -> Any:
    unpickler = pickle.Unpickler(io.BytesIO(data))
    unpickler.persistent_load = by_id.__getitem__
    return unpickler.load()
