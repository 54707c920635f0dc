"""Compare-and-set for a learner's state, across server processes: one writer per state version.

XBlock fields have no compare-and-set, and the LMS reads a learner's state once per request
(its FieldDataCache), so a lock around "read, check, write" cannot help there: the read is
already done. Instead every write of the learner's state first claims the state it read,
`(block, learner, tag)` (the block writes a new random tag with each state), with an atomic
`add` in Django's cache. Of two requests that read the same state only one can claim it; the
other is refused and writes nothing. So an attempt can never be spent twice, in one process or
in many.

Across processes this holds when Django's default cache is shared and its `add` is atomic:
Memcached, Redis (Tutor's default), the database cache. With a per-process cache (LocMemCache,
the workbench's default) or without Django, claims hold within one process (see README).
"""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Callable, Protocol

# Far longer than a request (the claim must outlive every request that read the same state), and
# short, because a learner's untouched first state (tag "") comes back when staff reset it.
CLAIM_SECONDS = 120


class _Store(Protocol):
    def add(self, key: str, value: int, timeout: int) -> bool: ...

    def delete(self, key: str) -> object: ...


class LocalClaims:
    """Claims within this process (no Django, or a cache that cannot hold them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def add(self, key: str, value: int, timeout: int) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._until.get(key, 0.0) > now:
                return False
            if len(self._until) > 10_000:  # forget expired claims now and then; they decide nothing
                self._until = {k: until for k, until in self._until.items() if until > now}
            self._until[key] = now + timeout
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._until.pop(key, None)


_LOCAL = LocalClaims()


def store() -> _Store:
    """Django's default cache when Django is set up and the cache keeps values; else this process's."""
    try:
        from django.conf import settings

        if not settings.configured:
            return _LOCAL
        from django.core.cache import caches
        from django.core.cache.backends.dummy import DummyCache
    except ImportError:
        return _LOCAL
    cache = caches["default"]
    return _LOCAL if isinstance(cache, DummyCache) else cache  # DummyCache.add always says yes


def claim(owner: str, tag: str) -> Callable[[], None] | None:
    """Claim the state tagged `tag` of `owner` (block and learner) for one write; → a function
    that gives the claim back (call it when the write fails), or None when another request has it."""
    key = "coursepack-quiz:claim:" + hashlib.sha256(f"{owner}\n{tag}".encode()).hexdigest()
    where = store()
    if not where.add(key, 1, CLAIM_SECONDS):
        return None
    return lambda: where.delete(key)
