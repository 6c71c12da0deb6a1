from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luzsong_grid.domain.workflow import (
    KIND_LABELS,
    LABELS,
    DisputeStatus,
    EventAction,
    EventStatus,
    Urgency,
    allowed_next,
    can_apply,
    can_transition,
    check_action,
    check_transition,
    dispute_deadline,
    is_terminal,
    label,
    urgency_deadline,
)
from luzsong_grid.i18n import UserError

# The tables from the module docstring, written out independently.
DISPUTE_MOVES = {
    ("accepted", "mediating"),
    ("accepted", "referred"),
    ("mediating", "resolved"),
    ("mediating", "failed"),
    ("mediating", "referred"),
    ("failed", "mediating"),
    ("failed", "referred"),
    ("failed", "closed"),
    ("resolved", "closed"),
    ("referred", "closed"),
}
EVENT_MOVES = {
    ("reported", "accepted"),
    ("reported", "self_resolved"),
    ("reported", "cancelled"),
    ("accepted", "dispatched"),
    ("accepted", "returned"),
    ("accepted", "cancelled"),
    ("dispatched", "signed"),
    ("dispatched", "returned"),
    ("signed", "handled"),
    ("signed", "returned"),
    ("handled", "feedback"),
    ("feedback", "verified"),
    ("verified", "closed"),
    ("verified", "handled"),
    ("returned", "reported"),
    ("returned", "cancelled"),
}
DISPUTES = [s.value for s in DisputeStatus]
EVENTS = [s.value for s in EventStatus]
CASES = [("dispute", DISPUTES, DISPUTE_MOVES), ("event", EVENTS, EVENT_MOVES)]
ALL_PAIRS = [
    (kind, cur, new, (cur, new) in moves)
    for kind, statuses, moves in CASES
    for cur, new in product(statuses, statuses)
]


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUZSONG_GRID_LANG", "en")


def test_status_values() -> None:
    assert DISPUTES == ["accepted", "mediating", "resolved", "failed", "referred", "closed"]
    assert set(EVENTS) == {
        "reported",
        "accepted",
        "dispatched",
        "signed",
        "handled",
        "feedback",
        "verified",
        "closed",
        "self_resolved",
        "cancelled",
        "returned",
    }
    assert f"{DisputeStatus.ACCEPTED}" == "accepted"  # StrEnum: formats and stores as text


@pytest.mark.parametrize(("kind", "cur", "new", "allowed"), ALL_PAIRS)
def test_every_pair_against_the_table(kind, cur, new, allowed) -> None:
    assert can_transition(kind, cur, new) is allowed
    if allowed:
        check_transition(kind, cur, new)
    else:
        with pytest.raises(UserError):
            check_transition(kind, cur, new)


@pytest.mark.parametrize(("kind", "statuses", "moves"), CASES)
def test_allowed_next_and_terminal(kind, statuses, moves) -> None:
    for cur in statuses:
        expected = {new for c, new in moves if c == cur}
        assert set(allowed_next(kind, cur)) == expected
        assert len(allowed_next(kind, cur)) == len(expected)
        assert is_terminal(kind, cur) is (not expected)


def test_terminal_statuses() -> None:
    assert [s for s in DISPUTES if is_terminal("dispute", s)] == ["closed"]
    assert {s for s in EVENTS if is_terminal("event", s)} == {
        "closed",
        "self_resolved",
        "cancelled",
    }


def test_allowed_next_keeps_enum_order() -> None:
    assert allowed_next("dispute", "mediating") == ["resolved", "failed", "referred"]
    assert allowed_next("event", "verified") == ["handled", "closed"]


@pytest.mark.parametrize(("kind", "statuses", "moves"), CASES)
def test_every_status_is_reachable_from_the_start(kind, statuses, moves) -> None:
    seen, todo = set(), [statuses[0]]
    while todo:
        cur = todo.pop()
        if cur not in seen:
            seen.add(cur)
            todo.extend(allowed_next(kind, cur))
    assert seen == set(statuses)


def test_transition_error_names_kind_and_labels() -> None:
    with pytest.raises(UserError) as info:
        check_transition("event", "reported", "closed")
    assert info.value.message == "Cannot move this {kind} from “{current}” to “{new}”."
    assert info.value.params == {"kind": "event", "current": "Reported", "new": "Closed"}
    assert str(info.value) == "Cannot move this event from “Reported” to “Closed”."


def test_transition_error_from_a_terminal_status() -> None:
    with pytest.raises(UserError) as info:
        check_transition("dispute", "closed", "mediating")
    assert info.value.message == (
        "This {kind} is already “{current}” and can no longer be changed."
    )
    assert str(info.value) == "This dispute is already “Closed” and can no longer be changed."


@pytest.mark.parametrize(
    ("kind", "cur", "new"),
    [
        ("dispute", "nonsense", "closed"),
        ("dispute", "accepted", "nonsense"),
        ("dispute", "reported", "accepted"),  # an event status
        ("event", "mediating", "closed"),  # a dispute status
    ],
)
def test_unknown_status_is_a_bug(kind, cur, new) -> None:
    with pytest.raises(ValueError, match="unknown"):
        can_transition(kind, cur, new)
    with pytest.raises(ValueError, match="unknown"):
        check_transition(kind, cur, new)


def test_unknown_kind_or_status_elsewhere() -> None:
    with pytest.raises(ValueError, match="unknown"):
        allowed_next("dispute", "signed")
    with pytest.raises(ValueError, match="unknown"):
        is_terminal("event", "resolved")
    with pytest.raises(ValueError, match="unknown"):
        can_transition("case", "accepted", "closed")  # type: ignore[arg-type]


# --- extend / supervise ---------------------------------------------------------

ACTION_OK = {"dispatched", "signed", "handled"}


@pytest.mark.parametrize(("action", "status"), list(product(list(EventAction), EVENTS)))
def test_actions_only_after_dispatch_and_before_feedback(action, status) -> None:
    allowed = status in ACTION_OK
    assert can_apply(action, status) is allowed
    if allowed:
        check_action(action, status)
    else:
        with pytest.raises(UserError) as info:
            check_action(action, status)
        assert info.value.params == {"action": label(action), "status": label(status)}
        assert info.value.message.startswith("“{action}” is only possible while an event")


def test_action_names() -> None:
    assert [a.value for a in EventAction] == ["extend", "supervise"]
    with pytest.raises(ValueError, match="unknown event action"):
        can_apply("postpone", "signed")
    with pytest.raises(ValueError, match="unknown event status"):
        can_apply("extend", "mediating")


# --- labels ---------------------------------------------------------------------


def test_every_value_has_a_label() -> None:
    values = [*DisputeStatus, *EventStatus, *EventAction, *Urgency]
    assert set(LABELS) == {str(v) for v in values}
    assert all(text and text[0].isupper() for text in LABELS.values())
    assert len(set(LABELS.values())) == len(LABELS)  # no two meanings share a text
    assert set(KIND_LABELS) == {"dispute", "event"}


def test_label_in_english() -> None:
    assert label(DisputeStatus.RESOLVED) == "Mediated successfully"
    assert label("self_resolved") == "Resolved on the spot"
    assert label(Urgency.RED, "en") == "Red"


# --- deadlines ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("urgency", "hours"), [(Urgency.RED, 2), (Urgency.YELLOW, 24), (Urgency.BLUE, 72), ("red", 2)]
)
def test_urgency_deadline(urgency, hours) -> None:
    reported = datetime(2025, 3, 1, 22, 30, tzinfo=timezone(timedelta(hours=8)))
    deadline = urgency_deadline(urgency, reported)
    assert deadline - reported == timedelta(hours=hours)
    assert deadline.tzinfo == reported.tzinfo


def test_urgency_deadline_examples() -> None:
    at = datetime(2025, 12, 31, 23, 0)
    assert urgency_deadline(Urgency.RED, at) == datetime(2026, 1, 1, 1, 0)
    assert urgency_deadline(Urgency.BLUE, at) == datetime(2026, 1, 3, 23, 0)
    with pytest.raises(ValueError, match="unknown urgency"):
        urgency_deadline("green", at)


@pytest.mark.parametrize(
    ("accepted", "deadline"),
    [
        (date(2025, 5, 15), date(2025, 6, 15)),
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2024, 1, 29), date(2024, 2, 29)),
        (date(2025, 3, 31), date(2025, 4, 30)),
        (date(2025, 8, 31), date(2025, 9, 30)),
        (date(2025, 12, 15), date(2026, 1, 15)),
        (date(2025, 12, 31), date(2026, 1, 31)),
        (date(2024, 2, 29), date(2024, 3, 29)),
    ],
)
def test_dispute_deadline(accepted, deadline) -> None:
    assert dispute_deadline(accepted) == deadline


@given(st.dates(max_value=date(9999, 11, 30)))
def test_dispute_deadline_is_about_a_month_later(accepted) -> None:
    deadline = dispute_deadline(accepted)
    assert 28 <= (deadline - accepted).days <= 31
    assert (deadline.year * 12 + deadline.month) - (accepted.year * 12 + accepted.month) == 1
    if deadline.day != accepted.day:  # clamped to the month's last day
        assert deadline.day < accepted.day
        assert (deadline + timedelta(days=1)).day == 1
