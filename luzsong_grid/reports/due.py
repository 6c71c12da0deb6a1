"""Who is due or overdue for a visit, computed from the per-tag rules.

Reads the store with plain SQL (fast enough for a district of 300k people)
and applies :mod:`luzsong_grid.domain.visits`. A visit to a household
without a named person counts for every member; a visit naming a person
counts for that person and for the household.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from luzsong_grid.domain.validation import age_on
from luzsong_grid.domain.visits import DueState, Rule, RuleBook, TagFact, due_date, due_state
from luzsong_grid.reports.scope import Scope

DEFAULT_HOUSEHOLD_INTERVAL = 90


@dataclass(frozen=True)
class DueItem:
    kind: str  # person | household
    ref_id: str
    household_id: str
    grid_code: str
    interval_days: int
    last_visit: date | None
    due: date
    state: DueState


def load_rulebook(conn: sqlite3.Connection) -> RuleBook:
    rules = [
        Rule(tag, interval, lo, hi, age)
        for tag, interval, lo, hi, age in conn.execute(
            "SELECT tag_code, interval_days, min_risk, max_risk, age_min FROM visit_rule "
            "WHERE deleted = 0"
        )
    ]
    row = conn.execute(
        "SELECT extra FROM catalog_item WHERE kind = 'setting' "
        "AND code = 'default_household_interval_days' AND deleted = 0"
    ).fetchone()
    days = DEFAULT_HOUSEHOLD_INTERVAL
    if row:
        days = int(json.loads(row[0]).get("value", days))
    return RuleBook(rules, days)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def key_persons(
    conn: sqlite3.Connection, rules: RuleBook, scope: Scope, as_of: date
) -> dict[str, tuple[str, str, int, date]]:
    """person id → (household id, grid, interval days, tagged since) for
    everyone a rule applies to, as of ``as_of``."""
    where, params = scope.sql_filter("t.grid_code")
    facts: dict[str, list[TagFact]] = defaultdict(list)
    info: dict[str, tuple[str, str, date | None, date]] = {}
    for pid, hid, grid, birth, tag, attrs, since in conn.execute(
        "SELECT p.id, p.household_id, p.grid_code, p.birth_date, t.tag_code, t.attrs, t.since "
        "FROM person_tag t JOIN person p ON p.id = t.person_id "
        "WHERE t.deleted = 0 AND p.deleted = 0 AND p.moved_out = 0 AND p.deceased = 0 "
        "AND (t.since IS NULL OR t.since <= ?)" + where,
        (as_of.isoformat(), *params),
    ):
        if tag not in rules.by_tag:
            continue
        risk = json.loads(attrs).get("risk_level") if attrs and attrs != "{}" else None
        facts[pid].append(TagFact(tag, risk if isinstance(risk, int) else None))
        since_day = _day(since) or as_of
        prev = info.get(pid)
        info[pid] = (hid, grid, _day(birth), min(since_day, prev[3]) if prev else since_day)
    out: dict[str, tuple[str, str, int, date]] = {}
    for pid, tags in facts.items():
        hid, grid, birth, since_day = info[pid]
        age = age_on(birth, as_of) if birth else None
        interval = rules.interval(tags, age=age)
        if interval is not None:
            out[pid] = (hid, grid, interval, since_day)
    return out


def household_intervals(
    conn: sqlite3.Connection, rules: RuleBook, scope: Scope, as_of: date
) -> dict[str, int]:
    """household id → interval days, for households whose tags have a rule
    (低保户 monthly, …) as of ``as_of``; the others use the ordinary interval."""
    where, params = scope.sql_filter("grid_code")
    facts: dict[str, list[TagFact]] = defaultdict(list)
    for hid, tag in conn.execute(
        "SELECT household_id, tag_code FROM household_tag "
        "WHERE deleted = 0 AND (since IS NULL OR since <= ?)" + where,
        (as_of.isoformat(), *params),
    ):
        facts[hid].append(TagFact(tag))
    out: dict[str, int] = {}
    for hid, tags in facts.items():
        interval = rules.interval(tags)
        if interval is not None:
            out[hid] = interval
    return out


def last_visits(
    conn: sqlite3.Connection, scope: Scope, as_of: date
) -> tuple[dict[str, date], dict[str, date], dict[str, date]]:
    """(last visit naming each person, last whole-household visit, last visit
    of any kind per household), up to the end of ``as_of``."""
    where, params = scope.sql_filter()
    end = f"{as_of.isoformat()} 23:59:59.999999"
    live = "deleted = 0 AND voided = 0 AND visited_at <= ?" + where
    by_person = {
        k: _day(v)
        for k, v in conn.execute(
            "SELECT person_id, max(visited_at) FROM visit WHERE person_id IS NOT NULL AND "
            + live
            + " GROUP BY person_id",
            (end, *params),
        )
    }
    general: dict[str, date] = {}
    any_kind: dict[str, date] = {}
    for hid, whole, last in conn.execute(
        "SELECT household_id, max(CASE WHEN person_id IS NULL THEN visited_at END), "
        "max(visited_at) FROM visit WHERE " + live + " GROUP BY household_id",
        (end, *params),
    ):
        if whole:
            general[hid] = _day(whole)  # type: ignore[assignment]
        any_kind[hid] = _day(last)  # type: ignore[assignment]
    return by_person, general, any_kind  # type: ignore[return-value]


def due_items(
    conn: sqlite3.Connection,
    *,
    scope: Scope,
    as_of: date,
    include_ok: bool = False,
    rules: RuleBook | None = None,
) -> list[DueItem]:
    """Tagged persons by their rules and every household by its tags' rules
    (else the ordinary interval), with their due date and state on ``as_of``;
    ordered by due date."""
    rules = rules or load_rulebook(conn)
    persons = key_persons(conn, rules, scope, as_of)
    by_person, general, any_kind = last_visits(conn, scope, as_of)
    items: list[DueItem] = []
    for pid, (hid, grid, interval, since) in persons.items():
        last = max(filter(None, (by_person.get(pid), general.get(hid))), default=None)
        due = due_date(interval_days=interval, last_visit=last, since=since)
        state = due_state(due, as_of)
        if include_ok or state is not DueState.OK:
            items.append(DueItem("person", pid, hid, grid, interval, last, due, state))
    where, params = scope.sql_filter()
    tagged = household_intervals(conn, rules, scope, as_of)
    for hid, grid, created in conn.execute(
        "SELECT id, grid_code, created_at FROM household WHERE deleted = 0" + where, params
    ):
        interval = tagged.get(hid, rules.household_interval_days)
        last = any_kind.get(hid)
        created_day = _day(created) or as_of
        if last is None and created_day > as_of:
            continue  # did not exist yet
        due = due_date(interval_days=interval, last_visit=last, since=created_day)
        state = due_state(due, as_of)
        if include_ok or state is not DueState.OK:
            items.append(DueItem("household", hid, hid, grid, interval, last, due, state))
    items.sort(key=lambda i: (i.due, i.grid_code, i.kind))
    return items
