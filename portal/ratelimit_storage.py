"""Flask-Limiter's in-memory storage without a thread per request: ``portal-memory://``.

``limits``' ``MemoryStorage`` clears expired counters in a ``threading.Timer`` that it starts
10 ms ahead whenever none is running, so under steady traffic nearly every counted request starts
(and waits for) a new OS thread; profiled, that was 1–2 ms of a survey submission. Counters are
checked for expiry when read anyway, so here the sweep that frees their memory runs inline, at
most once a second. Everything else is the library's. With ``REDIS_URL`` the counters live in
Redis and this is not used.
"""

from __future__ import annotations

import threading
import time

from limits.storage import MemoryStorage


class SweepingMemoryStorage(MemoryStorage):
    """``memory://`` with expired counters swept inline (at most every ``SWEEP_EVERY`` s)."""

    STORAGE_SCHEME = ["portal-memory"]
    SWEEP_EVERY = 1.0

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        self._next_sweep = 0.0
        self._sweeping = threading.Lock()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_sweeping", None)
        return state

    def __setstate__(self, state) -> None:
        super().__setstate__(state)
        self._sweeping = threading.Lock()

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the timer of the base class
        now = time.monotonic()
        if now < self._next_sweep or not self._sweeping.acquire(blocking=False):
            return
        try:
            self._next_sweep = now + self.SWEEP_EVERY
            self._MemoryStorage__expire_events()
        finally:
            self._sweeping.release()
