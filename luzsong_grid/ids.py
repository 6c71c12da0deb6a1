"""Client-made record ids (UUIDv7, RFC 9562) and name-based ids for seeded reference rows."""

from __future__ import annotations

import os
import random
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = -1
_counter = 0

# Reference rows (territory, catalogues) seeded from resources/ on every
# machine must get the same id everywhere, or two laptops would each invent a
# different id for "五保户". They get a name-based UUIDv5 in this namespace.
REFERENCE_NAMESPACE = uuid.UUID("6f1d3b1e-4c2a-5b7e-9a0d-2c8e4f6a1b3d")


def _build(ms: int, rand_a: int, rand_b: int) -> str:
    value = (ms & 0xFFFF_FFFF_FFFF) << 80
    value |= 0x7 << 76
    value |= (rand_a & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand_b & 0x3FFF_FFFF_FFFF_FFFF
    return str(uuid.UUID(int=value))


def uuid7(now_ms: int | None = None) -> str:
    """A new UUIDv7 as text: time-ordered, unique, made on this machine.

    Within one millisecond a 12-bit counter (seeded randomly) keeps ids
    monotonic, as RFC 9562 §6.2 method 1 allows.
    """
    global _last_ms, _counter
    with _lock:
        ms = int(time.time() * 1000) if now_ms is None else now_ms
        if ms <= _last_ms:
            _counter += 1
            if _counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                _last_ms += 1
                _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
            ms = _last_ms
        else:
            _last_ms = ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        rand_b = int.from_bytes(os.urandom(8), "big")
        return _build(ms, _counter, rand_b)


def uuid7_seeded(rng: random.Random, ms: int) -> str:
    """A UUIDv7 for generated data: same rng state and time give the same id."""
    return _build(ms, rng.getrandbits(12), rng.getrandbits(62))


def uuid7_time_ms(value: str) -> int:
    """The millisecond timestamp held in a UUIDv7."""
    return uuid.UUID(value).int >> 80


def reference_id(table: str, code: str) -> str:
    """The id every machine gives the seeded reference row ``table``/``code``."""
    return str(uuid.uuid5(REFERENCE_NAMESPACE, f"{table}:{code}"))
