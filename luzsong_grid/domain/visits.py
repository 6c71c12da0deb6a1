"""When a person or household must next be visited (DOMAIN.md §4).

Pure functions over plain values: the rules come from the ``visit_rule``
table (defaults in resources/catalogs/visit_rules.toml), the facts from the
store. A person's interval is the shortest interval among the rules that
match their tags; a household without such a person falls back to the
ordinary-household interval. Due = last visit + interval (or, never visited,
the day the tag was given); overdue once that day has passed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

# A person whose interval is at most this long belongs to the "key groups"
# (重点群体) whose monthly visit completion supervisors ask for.
KEY_GROUP_MAX_INTERVAL = 31
DUE_SOON_DAYS = 7


# What a visit can find (the ``found_*`` columns of a visit).
VISIT_FLAGS = (
    "needs",
    "hazard_safety",
    "hazard_fire",
    "hazard_sanitation",
    "dispute",
    "request",
    "suggestion",
)


def conditions_met(
    *,
    min_risk: int | None,
    max_risk: int | None,
    age_min: int | None,
    risk_level: int | None,
    age: int | None,
) -> bool:
    """Whether a rule's conditions hold. Unknown values count as meeting a
    condition: missing data errs towards visiting more often."""
    if risk_level is not None:
        if min_risk is not None and risk_level < min_risk:
            return False
        if max_risk is not None and risk_level > max_risk:
            return False
    return not (age is not None and age_min is not None and age < age_min)


class DueState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OK = "ok"


@dataclass(frozen=True)
class Rule:
    tag_code: str
    interval_days: int
    min_risk: int | None = None
    max_risk: int | None = None
    age_min: int | None = None

    def matches(self, *, risk_level: int | None, age: int | None) -> bool:
        return conditions_met(
            min_risk=self.min_risk,
            max_risk=self.max_risk,
            age_min=self.age_min,
            risk_level=risk_level,
            age=age,
        )


@dataclass(frozen=True)
class TagFact:
    tag_code: str
    risk_level: int | None = None


class RuleBook:
    """The rules indexed by tag, ready for many lookups."""

    def __init__(self, rules: Iterable[Rule], household_interval_days: int) -> None:
        self.by_tag: dict[str, list[Rule]] = {}
        for rule in rules:
            self.by_tag.setdefault(rule.tag_code, []).append(rule)
        self.household_interval_days = household_interval_days

    def interval(self, tags: Iterable[TagFact], *, age: int | None = None) -> int | None:
        """The shortest interval any matching rule asks for, None when no tag has a rule."""
        best: int | None = None
        for tag in tags:
            for rule in self.by_tag.get(tag.tag_code, ()):
                if rule.matches(risk_level=tag.risk_level, age=age) and (
                    best is None or rule.interval_days < best
                ):
                    best = rule.interval_days
        return best


def due_date(*, interval_days: int, last_visit: date | None, since: date) -> date:
    """The day the next visit is due; never visited means due from ``since``."""
    if last_visit is None:
        return since
    return last_visit + timedelta(days=interval_days)


def due_state(due: date, today: date) -> DueState:
    if due < today:
        return DueState.OVERDUE
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return DueState.DUE_SOON
    return DueState.OK


def required_visits(interval_days: int, period_days: int) -> int:
    """How many visits a period of ``period_days`` needs at this interval
    (at least one: a monthly rule needs one visit in a 28-day February)."""
    return max(1, math.floor(period_days / interval_days + 0.1))


def is_key_group(interval_days: int | None) -> bool:
    return interval_days is not None and interval_days <= KEY_GROUP_MAX_INTERVAL
