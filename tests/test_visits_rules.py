"""How often a person or household is due a visit (DOMAIN.md §4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from luzsong_grid.domain.visits import (
    DUE_SOON_DAYS,
    DueState,
    Rule,
    RuleBook,
    TagFact,
    due_date,
    due_state,
    is_key_group,
    required_visits,
)
from luzsong_grid.reports.due import load_rulebook
from luzsong_grid.store.db import Store

WEEKLY, MONTHLY, QUARTERLY = 7, 30, 90

# The default rules that matter here, written out independently of visit_rules.toml.
RULES = RuleBook(
    [
        Rule("five_guarantee", MONTHLY),
        Rule("veteran_entitled", QUARTERLY),
        Rule("empty_nest_elderly", MONTHLY),
        Rule("empty_nest_elderly", WEEKLY, age_min=80),
        Rule("severe_mental_disorder", MONTHLY, min_risk=0, max_risk=2),
        Rule("severe_mental_disorder", WEEKLY, min_risk=3, max_risk=5),
    ],
    household_interval_days=QUARTERLY,
)


def tags(*codes: str) -> list[TagFact]:
    return [TagFact(code) for code in codes]


# ---------------------------------------------------------------- RuleBook.interval


def test_no_tag_or_no_rule_gives_none() -> None:
    assert RULES.interval([]) is None
    assert RULES.interval(tags("floating_population")) is None
    assert RULES.household_interval_days == QUARTERLY


def test_single_rule() -> None:
    assert RULES.interval(tags("five_guarantee")) == MONTHLY
    assert RULES.interval(tags("veteran_entitled")) == QUARTERLY


def test_shortest_matching_rule_wins_in_any_order() -> None:
    assert RULES.interval(tags("veteran_entitled", "five_guarantee")) == MONTHLY
    assert RULES.interval(tags("five_guarantee", "veteran_entitled")) == MONTHLY
    assert RULES.interval(tags("floating_population", "veteran_entitled")) == QUARTERLY
    weekly = TagFact("severe_mental_disorder", risk_level=4)
    assert RULES.interval([*tags("veteran_entitled", "five_guarantee"), weekly]) == WEEKLY


def test_rule_order_in_the_book_does_not_matter() -> None:
    rules = [Rule("x", 30), Rule("x", 7), Rule("x", 90)]
    assert RuleBook(rules, 90).interval(tags("x")) == 7
    assert RuleBook(reversed(rules), 90).interval(tags("x")) == 7


@pytest.mark.parametrize(
    ("risk", "expected"),
    [(0, MONTHLY), (1, MONTHLY), (2, MONTHLY), (3, WEEKLY), (4, WEEKLY), (5, WEEKLY)],
)
def test_mental_disorder_by_risk_level(risk: int, expected: int) -> None:
    assert RULES.interval([TagFact("severe_mental_disorder", risk_level=risk)]) == expected


def test_unknown_risk_level_errs_towards_visiting_more() -> None:
    assert RULES.interval([TagFact("severe_mental_disorder")]) == WEEKLY


def test_risk_outside_every_band_matches_no_rule() -> None:
    only_high = RuleBook([Rule("severe_mental_disorder", WEEKLY, min_risk=3)], 90)
    assert only_high.interval([TagFact("severe_mental_disorder", risk_level=2)]) is None
    assert only_high.interval([TagFact("severe_mental_disorder", risk_level=3)]) == WEEKLY


@pytest.mark.parametrize(
    ("age", "expected"),
    [(60, MONTHLY), (79, MONTHLY), (80, WEEKLY), (95, WEEKLY), (None, WEEKLY)],
)
def test_age_min_rules(age: int | None, expected: int) -> None:
    # Unknown age (no birth date recorded) errs towards the weekly rule.
    assert RULES.interval(tags("empty_nest_elderly"), age=age) == expected


def test_age_does_not_affect_rules_without_age_min() -> None:
    assert RULES.interval(tags("five_guarantee"), age=101) == MONTHLY
    assert RULES.interval(tags("five_guarantee"), age=3) == MONTHLY


def test_rule_matches_conditions() -> None:
    rule = Rule("t", 7, min_risk=3, max_risk=4, age_min=80)
    assert rule.matches(risk_level=3, age=80)
    assert rule.matches(risk_level=4, age=None)
    assert rule.matches(risk_level=None, age=None)
    assert not rule.matches(risk_level=5, age=85)
    assert not rule.matches(risk_level=2, age=85)
    assert not rule.matches(risk_level=3, age=79)


def test_the_default_rules_in_a_new_store(store: Store) -> None:
    """The seeded visit_rule table says what DOMAIN.md §4 says."""
    book = load_rulebook(store.raw())
    assert book.household_interval_days == QUARTERLY
    smd = "severe_mental_disorder"
    assert book.interval([TagFact(smd, risk_level=1)]) == MONTHLY
    assert book.interval([TagFact(smd, risk_level=3)]) == WEEKLY
    assert book.interval(tags("living_alone_elderly"), age=80) == WEEKLY
    assert book.interval(tags("living_alone_elderly"), age=79) == MONTHLY
    assert book.interval(tags("five_guarantee")) == MONTHLY
    assert book.interval(tags("low_income")) == MONTHLY  # a household tag
    assert book.interval(tags("party_member_household", "floating_population")) is None


# ---------------------------------------------------------------- due date and state

TODAY = date(2026, 11, 27)


def test_due_date_from_last_visit() -> None:
    last = date(2026, 11, 20)
    assert due_date(interval_days=7, last_visit=last, since=date(2026, 1, 1)) == date(2026, 11, 27)
    assert due_date(interval_days=30, last_visit=date(2026, 1, 31), since=date(2026, 1, 1)) == (
        date(2026, 3, 2)
    )


def test_never_visited_is_due_from_since() -> None:
    assert due_date(interval_days=7, last_visit=None, since=date(2026, 5, 4)) == date(2026, 5, 4)


def test_due_exactly_today_is_not_overdue() -> None:
    assert due_state(TODAY, TODAY) is DueState.DUE_SOON


def test_due_yesterday_is_overdue() -> None:
    assert due_state(TODAY - timedelta(days=1), TODAY) is DueState.OVERDUE
    assert due_state(date(2025, 1, 1), TODAY) is DueState.OVERDUE


def test_due_soon_window() -> None:
    assert due_state(TODAY + timedelta(days=DUE_SOON_DAYS), TODAY) is DueState.DUE_SOON
    assert due_state(TODAY + timedelta(days=DUE_SOON_DAYS + 1), TODAY) is DueState.OK


def test_weekly_visit_on_the_day_it_is_due_keeps_the_person_on_time() -> None:
    last = date(2026, 11, 20)
    due = due_date(interval_days=WEEKLY, last_visit=last, since=last)
    assert due_state(due, date(2026, 11, 27)) is not DueState.OVERDUE
    assert due_state(due, date(2026, 11, 28)) is DueState.OVERDUE


# ---------------------------------------------------------------- required visits


@pytest.mark.parametrize(
    ("interval", "days", "expected"),
    [
        # months of 28, 29, 30 and 31 days
        (WEEKLY, 28, 4),
        (WEEKLY, 29, 4),
        (WEEKLY, 30, 4),
        (WEEKLY, 31, 4),
        (MONTHLY, 28, 1),
        (MONTHLY, 29, 1),
        (MONTHLY, 30, 1),
        (MONTHLY, 31, 1),
        (QUARTERLY, 31, 1),  # a quarterly rule still needs a visit in a monthly report
        # quarters of 90 (Q1), 91 (Q1 of a leap year, Q2) and 92 days (Q3, Q4)
        (WEEKLY, 90, 12),
        (WEEKLY, 91, 13),
        (WEEKLY, 92, 13),
        (MONTHLY, 90, 3),
        (MONTHLY, 91, 3),
        (MONTHLY, 92, 3),
        (QUARTERLY, 90, 1),
        (QUARTERLY, 92, 1),
        # years
        (WEEKLY, 365, 52),
        (MONTHLY, 365, 12),
        (MONTHLY, 366, 12),
        (QUARTERLY, 365, 4),
    ],
)
def test_required_visits(interval: int, days: int, expected: int) -> None:
    assert required_visits(interval, days) == expected


def test_required_visits_never_decreases_with_a_longer_period() -> None:
    for interval in (WEEKLY, 14, MONTHLY, QUARTERLY):
        counts = [required_visits(interval, days) for days in range(1, 400)]
        assert counts == sorted(counts)
        assert min(counts) == 1


def test_key_group_is_monthly_or_more_often() -> None:
    assert is_key_group(WEEKLY)
    assert is_key_group(MONTHLY)
    assert is_key_group(31)
    assert not is_key_group(32)
    assert not is_key_group(QUARTERLY)
    assert not is_key_group(None)
