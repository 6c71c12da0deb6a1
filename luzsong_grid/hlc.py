"""Hybrid logical clock stamps for ordering changes across devices.

A stamp is text that sorts in causal order: ``WWWWWWWWWWWWW-CCCCC-NODE`` with
the wall time in milliseconds (13 digits), a counter (5 digits) and the node
(device id). Comparing two stamps as strings compares them as clocks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_COUNTER = 99_999
# A remote stamp this far ahead of our wall clock is suspicious (SYNC.md).
FUTURE_TOLERANCE_MS = 5 * 60 * 1000


class ClockError(ValueError):
    """A stamp could not be read, or a clock ran away."""


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:05d}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        try:
            wall, counter, node = text.split("-", 2)
            return cls(int(wall), int(counter), node)
        except ValueError as exc:
            raise ClockError(f"not an HLC stamp: {text!r}") from exc


class HybridClock:
    """One device's clock. Thread-safe; ``now()`` never goes backwards."""

    def __init__(
        self,
        node: str,
        *,
        last: str | None = None,
        wall: Callable[[], int] | None = None,
    ) -> None:
        if not node or "-" in node:
            raise ClockError("node id must be non-empty and contain no '-'")
        self.node = node
        self._wall = wall or (lambda: int(time.time() * 1000))
        self._lock = threading.Lock()
        self._ms = 0
        self._counter = 0
        if last:
            stamp = Stamp.parse(last)
            self._ms, self._counter = stamp.wall_ms, stamp.counter

    def now(self) -> str:
        """A fresh stamp for a local change."""
        with self._lock:
            wall = self._wall()
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            else:
                self._bump()
            return str(Stamp(self._ms, self._counter, self.node))

    def observe(self, remote: str) -> bool:
        """Merge a stamp seen from elsewhere. Returns False when it lies
        more than FUTURE_TOLERANCE_MS ahead of our wall clock (it is still
        merged, so causality holds, but the caller should flag it)."""
        stamp = Stamp.parse(remote)
        with self._lock:
            wall = self._wall()
            plausible = stamp.wall_ms - wall <= FUTURE_TOLERANCE_MS
            top = max(wall, self._ms, stamp.wall_ms)
            if top == self._ms == stamp.wall_ms:
                self._counter = max(self._counter, stamp.counter)
                self._bump()
            elif top == self._ms:
                self._bump()
            elif top == stamp.wall_ms:
                self._ms, self._counter = top, stamp.counter
                self._bump()
            else:
                self._ms, self._counter = top, 0
            return plausible

    def _bump(self) -> None:
        self._counter += 1
        if self._counter > MAX_COUNTER:
            self._ms += 1
            self._counter = 0
