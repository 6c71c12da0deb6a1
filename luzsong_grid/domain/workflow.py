"""Status workflows of disputes (矛盾纠纷) and events (网格事件), as transition tables.

Disputes (start: ``accepted``; terminal: ``closed``)::

    accepted  -> mediating, referred
    mediating -> resolved, failed, referred
    failed    -> mediating (mediate again), referred, closed
    resolved  -> closed (after the follow-up visit)
    referred  -> closed
    closed    -> (none)

Decisions: a resolved dispute is never reopened. If the follow-up visit finds
the agreement unperformed, that is recorded on the visit and a new dispute is
registered, so months already reported keep their success rate. An accepted
dispute cannot be closed directly: each one needs a result (成功, 失败 or
移交) for the statistics, so a withdrawn application is mediating → failed.

Events (start: ``reported``; terminal: ``closed``, ``self_resolved``,
``cancelled``)::

    reported   -> accepted, self_resolved, cancelled
    accepted   -> dispatched, returned, cancelled
    dispatched -> signed, returned
    signed     -> handled, returned
    handled    -> feedback
    feedback   -> verified
    verified   -> closed, handled (verification failed: handle it again)
    returned   -> reported (the reporter resubmits), cancelled

Extending the deadline (延期) and supervising (督办) do not change the status:
they are :class:`EventAction` values allowed only while an event is
dispatched, signed or handled.

For both kinds, a status never "moves" to itself. Unknown kinds, statuses or
actions are programming errors (``ValueError``), not user errors.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError, translate

__all__ = [
    "ACTION_STATES",
    "KIND_LABELS",
    "LABELS",
    "TRANSITIONS",
    "URGENCY_HOURS",
    "DisputeStatus",
    "EventAction",
    "EventStatus",
    "Kind",
    "Urgency",
    "allowed_next",
    "can_apply",
    "can_transition",
    "check_action",
    "check_transition",
    "dispute_deadline",
    "is_terminal",
    "label",
    "urgency_deadline",
]

Kind = Literal["dispute", "event"]


class DisputeStatus(StrEnum):
    ACCEPTED = "accepted"
    MEDIATING = "mediating"
    RESOLVED = "resolved"
    FAILED = "failed"
    REFERRED = "referred"
    CLOSED = "closed"


class EventStatus(StrEnum):
    REPORTED = "reported"
    ACCEPTED = "accepted"
    DISPATCHED = "dispatched"
    SIGNED = "signed"
    HANDLED = "handled"
    FEEDBACK = "feedback"
    VERIFIED = "verified"
    CLOSED = "closed"
    SELF_RESOLVED = "self_resolved"
    CANCELLED = "cancelled"
    RETURNED = "returned"


class EventAction(StrEnum):
    EXTEND = "extend"
    SUPERVISE = "supervise"


class Urgency(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"


_D = DisputeStatus
_E = EventStatus

TRANSITIONS: dict[Kind, dict[str, frozenset[str]]] = {
    "dispute": {
        _D.ACCEPTED: frozenset({_D.MEDIATING, _D.REFERRED}),
        _D.MEDIATING: frozenset({_D.RESOLVED, _D.FAILED, _D.REFERRED}),
        _D.FAILED: frozenset({_D.MEDIATING, _D.REFERRED, _D.CLOSED}),
        _D.RESOLVED: frozenset({_D.CLOSED}),
        _D.REFERRED: frozenset({_D.CLOSED}),
        _D.CLOSED: frozenset(),
    },
    "event": {
        _E.REPORTED: frozenset({_E.ACCEPTED, _E.SELF_RESOLVED, _E.CANCELLED}),
        _E.ACCEPTED: frozenset({_E.DISPATCHED, _E.RETURNED, _E.CANCELLED}),
        _E.DISPATCHED: frozenset({_E.SIGNED, _E.RETURNED}),
        _E.SIGNED: frozenset({_E.HANDLED, _E.RETURNED}),
        _E.HANDLED: frozenset({_E.FEEDBACK}),
        _E.FEEDBACK: frozenset({_E.VERIFIED}),
        _E.VERIFIED: frozenset({_E.CLOSED, _E.HANDLED}),
        _E.RETURNED: frozenset({_E.REPORTED, _E.CANCELLED}),
        _E.CLOSED: frozenset(),
        _E.SELF_RESOLVED: frozenset(),
        _E.CANCELLED: frozenset(),
    },
}

_ENUMS: dict[Kind, type[StrEnum]] = {"dispute": DisputeStatus, "event": EventStatus}

ACTION_STATES: dict[str, frozenset[str]] = {
    EventAction.EXTEND: frozenset({_E.DISPATCHED, _E.SIGNED, _E.HANDLED}),
    EventAction.SUPERVISE: frozenset({_E.DISPATCHED, _E.SIGNED, _E.HANDLED}),
}

URGENCY_HOURS: dict[str, int] = {Urgency.RED: 2, Urgency.YELLOW: 24, Urgency.BLUE: 72}

# English source texts; values shared by both kinds ("accepted", "closed") share a label.
LABELS: dict[str, str] = {
    _D.ACCEPTED: QT_TRANSLATE_NOOP("core", "Accepted"),
    _D.MEDIATING: QT_TRANSLATE_NOOP("core", "Mediating"),
    _D.RESOLVED: QT_TRANSLATE_NOOP("core", "Mediated successfully"),
    _D.FAILED: QT_TRANSLATE_NOOP("core", "Mediation failed"),
    _D.REFERRED: QT_TRANSLATE_NOOP("core", "Referred"),
    _D.CLOSED: QT_TRANSLATE_NOOP("core", "Closed"),
    _E.REPORTED: QT_TRANSLATE_NOOP("core", "Reported"),
    _E.DISPATCHED: QT_TRANSLATE_NOOP("core", "Dispatched"),
    _E.SIGNED: QT_TRANSLATE_NOOP("core", "Signed for"),
    _E.HANDLED: QT_TRANSLATE_NOOP("core", "Handled"),
    _E.FEEDBACK: QT_TRANSLATE_NOOP("core", "Feedback given"),
    _E.VERIFIED: QT_TRANSLATE_NOOP("core", "Verified"),
    _E.SELF_RESOLVED: QT_TRANSLATE_NOOP("core", "Resolved on the spot"),
    _E.CANCELLED: QT_TRANSLATE_NOOP("core", "Cancelled"),
    _E.RETURNED: QT_TRANSLATE_NOOP("core", "Returned"),
    EventAction.EXTEND: QT_TRANSLATE_NOOP("core", "Extend deadline"),
    EventAction.SUPERVISE: QT_TRANSLATE_NOOP("core", "Supervise"),
    Urgency.RED: QT_TRANSLATE_NOOP("core", "Red"),
    Urgency.YELLOW: QT_TRANSLATE_NOOP("core", "Yellow"),
    Urgency.BLUE: QT_TRANSLATE_NOOP("core", "Blue"),
}

KIND_LABELS: dict[str, str] = {
    "dispute": QT_TRANSLATE_NOOP("core", "dispute"),
    "event": QT_TRANSLATE_NOOP("core", "event"),
}


def label(value: str, lang: str | None = None) -> str:
    """The label of a status, action or urgency in ``lang`` (default: current language)."""
    return translate("core", LABELS[value], lang)


def _table(kind: Kind, status: str) -> frozenset[str]:
    try:
        return TRANSITIONS[kind][status]
    except KeyError:
        raise ValueError(f"unknown {kind} status {status!r}") from None


def can_transition(kind: Kind, current: str, new: str) -> bool:
    _table(kind, new)
    return new in _table(kind, current)


def allowed_next(kind: Kind, current: str) -> list[str]:
    """The statuses ``current`` may move to, in the order the enum lists them."""
    nxt = _table(kind, current)
    return [s for s in _ENUMS[kind] if s in nxt]


def is_terminal(kind: Kind, status: str) -> bool:
    return not _table(kind, status)


def check_transition(kind: Kind, current: str, new: str) -> None:
    """Raise a UserError (with labels in the current language) unless the move is allowed."""
    if can_transition(kind, current, new):
        return
    names = {"kind": translate("core", KIND_LABELS[kind]), "current": label(current)}
    if is_terminal(kind, current):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "core", "This {kind} is already “{current}” and can no longer be changed."
            ),
            **names,
        )
    raise UserError(
        QT_TRANSLATE_NOOP("core", "Cannot move this {kind} from “{current}” to “{new}”."),
        new=label(new),
        **names,
    )


def can_apply(action: str, status: str) -> bool:
    """Whether ``action`` (extend, supervise) is allowed on an event in ``status``."""
    _table("event", status)
    try:
        return status in ACTION_STATES[action]
    except KeyError:
        raise ValueError(f"unknown event action {action!r}") from None


def check_action(action: str, status: str) -> None:
    if not can_apply(action, status):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "core",
                "“{action}” is only possible while an event is dispatched, signed for or "
                "handled; this event is “{status}”.",
            ),
            action=label(action),
            status=label(status),
        )


def urgency_deadline(urgency: str, reported_at: datetime) -> datetime:
    """When an event of this urgency must be handled: 2, 24 or 72 clock hours after reporting."""
    try:
        hours = URGENCY_HOURS[urgency]
    except KeyError:
        raise ValueError(f"unknown urgency {urgency!r}") from None
    return reported_at + timedelta(hours=hours)


def dispute_deadline(accepted_on: date) -> date:
    """The same day next month, or that month's last day (31 Jan → 28/29 Feb)."""
    year, month0 = divmod(accepted_on.year * 12 + accepted_on.month, 12)  # next month, 0-based
    day = min(accepted_on.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)
