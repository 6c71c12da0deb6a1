from __future__ import annotations

import random
import time
import uuid

import pytest

from luzsong_grid.hlc import FUTURE_TOLERANCE_MS, ClockError, HybridClock, Stamp
from luzsong_grid.ids import reference_id, uuid7, uuid7_seeded, uuid7_time_ms


def test_uuid7_shape_and_order() -> None:
    ids = [uuid7() for _ in range(5000)]
    assert ids == sorted(ids), "UUIDv7s made in a row must sort in the order they were made"
    assert len(set(ids)) == len(ids)
    parsed = uuid.UUID(ids[0])
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122


def test_uuid7_carries_its_time() -> None:
    assert uuid7_time_ms(uuid7_seeded(random.Random(1), 1_700_000_000_123)) == 1_700_000_000_123
    before = int(time.time() * 1000)
    made = uuid7_time_ms(uuid7())
    assert before - 5 <= made <= int(time.time() * 1000) + 5


def test_seeded_ids_are_reproducible() -> None:
    a = [uuid7_seeded(random.Random(3), 1_700_000_000_000 + i) for i in range(3)]
    b = [uuid7_seeded(random.Random(3), 1_700_000_000_000 + i) for i in range(3)]
    assert a == b
    assert all(uuid.UUID(x).version == 7 for x in a)


def test_reference_ids_agree_everywhere() -> None:
    assert reference_id("tag", "five_guarantee") == reference_id("tag", "five_guarantee")
    assert reference_id("tag", "five_guarantee") != reference_id("tag", "low_income")


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_hlc_is_monotonic_when_the_wall_clock_goes_back() -> None:
    wall = FakeWall(1_000_000)
    clock = HybridClock("dev1", wall=wall)
    first = clock.now()
    wall.ms -= 60_000  # the laptop clock is set back a minute
    second = clock.now()
    third = clock.now()
    assert first < second < third
    assert Stamp.parse(second).wall_ms == 1_000_000


def test_hlc_observe_moves_past_remote_and_flags_the_far_future() -> None:
    wall = FakeWall(1_000_000)
    clock = HybridClock("dev1", wall=wall)
    remote = str(Stamp(1_000_000 + 1000, 7, "dev2"))
    assert clock.observe(remote) is True
    assert clock.now() > remote
    far = str(Stamp(1_000_000 + FUTURE_TOLERANCE_MS + 10_000, 0, "dev3"))
    assert clock.observe(far) is False
    assert clock.now() > far  # still merged, causality holds


def test_hlc_resumes_from_a_saved_stamp() -> None:
    wall = FakeWall(500)
    saved = str(Stamp(9_000, 3, "dev1"))
    clock = HybridClock("dev1", last=saved, wall=wall)
    assert clock.now() > saved


def test_bad_stamps_and_nodes_are_refused() -> None:
    with pytest.raises(ClockError):
        Stamp.parse("yesterday")
    with pytest.raises(ClockError):
        HybridClock("has-dash")
