"""What the Today page (今日) shows, read from a sqlite3 connection (Qt-free).

- Visits due and overdue by the per-tag rules (:func:`due_visits`), with the
  names and addresses a worker walks by, grouped by grid and, inside a grid,
  overdue first, each group in walking-route order: a natural sort of the
  address, so 桂花路2号 comes before 桂花路10号.
- Follow-ups (:func:`followups`): visits whose follow-up date is within the
  next week and not done, dispute follow-up visits (回访) due within the next
  week and not made, and unfinished events by their (extended) deadline.
- The user's own open events (:func:`my_open_events`).
- The service types with their tally keys and what the user tallied today
  (:func:`tally_types`, :func:`tallied_today`).
- What the visit form offers (:func:`visit_form`).

:func:`load_today` puts the page's sections together in one read.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from luzsong_grid.auth import UserContext
from luzsong_grid.domain import workflow
from luzsong_grid.domain.visits import DUE_SOON_DAYS, VISIT_FLAGS, DueState
from luzsong_grid.reports.due import due_items
from luzsong_grid.reports.scope import Scope

FOLLOWUP_HORIZON_DAYS = DUE_SOON_DAYS
TALLY_KEY_ORDER = "1234567890"
_CHUNK = 500
_DIGITS = re.compile(r"(\d+)")

# Event statuses with nothing left to do.
TERMINAL_EVENT_STATUSES = tuple(
    s.value for s in workflow.EventStatus if workflow.is_terminal("event", s.value)
)


def natural_key(text: str) -> tuple[str | int, ...]:
    """A sort key that orders the numbers inside an address by value
    (桂花路2号 before 桂花路10号; full-width digits count as digits)."""
    parts = _DIGITS.split(unicodedata.normalize("NFKC", text or ""))
    # re.split with a group alternates text and digits, text first, so each
    # position always holds the same type and tuples compare safely.
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _name(name: str, name_en: str, lang: str) -> str:
    return name_en if lang == "en" and name_en else name


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text[:19])


# --------------------------------------------------------------------------
# Visits due
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    kind: str  # person | household
    household_id: str
    person_id: str | None  # the person a rule names; None for a whole household
    grid_code: str
    grid_name: str
    address: str
    name: str  # the person, or the head of the household
    reason: str  # the tags whose rule makes the visit due ("" = ordinary household)
    interval_days: int
    last_visit: date | None
    due: date
    overdue: bool
    days: int  # days overdue (> 0) or days until due (<= 0 means today or later)

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.household_id, self.person_id)


def route_order(rows: Iterable[DueRow]) -> list[DueRow]:
    """By grid; in each grid overdue first; each part in walking order by
    address (a household before its members, members by name)."""
    return sorted(
        rows,
        key=lambda r: (
            r.grid_code,
            0 if r.overdue else 1,
            natural_key(r.address),
            r.household_id,
            r.person_id is not None,
            r.name,
        ),
    )


def _grid_names(conn: sqlite3.Connection, lang: str) -> dict[str, str]:
    return {
        code: _name(name, name_en, lang)
        for code, name, name_en in conn.execute("SELECT code, name, name_en FROM grid")
    }


def _households(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """household id → (address, head's name, else the first member's)."""
    out: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for hid, address, head in conn.execute(
            "SELECT h.id, h.address, coalesce(hp.name, "
            " (SELECT m.name FROM person m WHERE m.household_id = h.id AND m.deleted = 0 "
            "  AND m.moved_out = 0 AND m.deceased = 0 ORDER BY m.created_at, m.id LIMIT 1), '') "
            "FROM household h LEFT JOIN person hp ON hp.id = h.head_person_id AND hp.deleted = 0 "
            f"WHERE h.id IN ({marks})",
            tuple(chunk),
        ):
            out[hid] = (address, head)
    return out


def _tag_reasons(
    conn: sqlite3.Connection,
    table: str,
    column: str,
    ids: Sequence[str],
    *,
    lang: str,
    sensitive: bool,
    as_of: date,
) -> dict[str, str]:
    """id → the names of its tags that have a visit rule, joined with 、."""
    hide = "" if sensitive else " AND g.sensitive = 0 AND t.sensitive = 0"
    found: dict[str, list[tuple[int, str]]] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for ref, name, name_en, sort in conn.execute(
            f"SELECT x.{column}, t.name, t.name_en, t.sort FROM {table} x "
            "JOIN tag t ON t.code = x.tag_code JOIN tag_group g ON g.code = t.group_code "
            "WHERE x.deleted = 0 AND (x.since IS NULL OR x.since <= ?) "
            "AND EXISTS (SELECT 1 FROM visit_rule r WHERE r.tag_code = x.tag_code "
            f"AND r.deleted = 0){hide} AND x.{column} IN ({marks})",
            (as_of.isoformat(), *chunk),
        ):
            found.setdefault(ref, []).append((sort, _name(name, name_en, lang)))
    return {ref: "、".join(n for _s, n in sorted(set(names))) for ref, names in found.items()}


def due_visits(
    conn: sqlite3.Connection,
    *,
    scope: Scope,
    as_of: date,
    lang: str = "zh_CN",
    sees_sensitive: bool = False,
) -> list[DueRow]:
    """Who is due (within the week) or overdue for a visit, in route order."""
    items = due_items(conn, scope=scope, as_of=as_of, include_ok=False)
    if not items:
        return []
    grids = _grid_names(conn, lang)
    households = _households(conn, sorted({i.household_id for i in items}))
    person_ids = sorted({i.ref_id for i in items if i.kind == "person"})
    names: dict[str, str] = {}
    for chunk in _chunks(person_ids):
        marks = ",".join("?" * len(chunk))
        names.update(
            conn.execute(f"SELECT id, name FROM person WHERE id IN ({marks})", tuple(chunk))
        )
    why_person = _tag_reasons(
        conn,
        "person_tag",
        "person_id",
        person_ids,
        lang=lang,
        sensitive=sees_sensitive,
        as_of=as_of,
    )
    why_household = _tag_reasons(
        conn,
        "household_tag",
        "household_id",
        sorted({i.household_id for i in items if i.kind == "household"}),
        lang=lang,
        sensitive=sees_sensitive,
        as_of=as_of,
    )
    rows = []
    for item in items:
        address, head = households.get(item.household_id, ("", ""))
        is_person = item.kind == "person"
        rows.append(
            DueRow(
                kind=item.kind,
                household_id=item.household_id,
                person_id=item.ref_id if is_person else None,
                grid_code=item.grid_code,
                grid_name=grids.get(item.grid_code, item.grid_code),
                address=address,
                name=names.get(item.ref_id, "") if is_person else head,
                reason=(why_person if is_person else why_household).get(item.ref_id, ""),
                interval_days=item.interval_days,
                last_visit=item.last_visit,
                due=item.due,
                overdue=item.state is DueState.OVERDUE,
                days=(as_of - item.due).days,
            )
        )
    return route_order(rows)


# --------------------------------------------------------------------------
# Follow-ups and events
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowupRow:
    kind: str  # visit | dispute | event
    ref_id: str  # the visit, the dispute_followup or the event
    grid_code: str
    household_id: str | None
    person_id: str | None
    title: str  # who or which case
    detail: str  # address, dispute summary, event description
    due_at: datetime  # midnight for a day
    timed: bool  # due_at has a time of day (events)
    overdue: bool
    record_id: str = ""  # the dispute of a dispute follow-up


def _short(text: str, limit: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def visit_followups(
    conn: sqlite3.Connection,
    *,
    scope: Scope,
    as_of: date,
    horizon_days: int = FOLLOWUP_HORIZON_DAYS,
) -> list[FollowupRow]:
    """Live visits asking for a follow-up by ``as_of + horizon_days``, not yet done."""
    where, params = scope.sql_filter("v.grid_code")
    until = (as_of + timedelta(days=horizon_days)).isoformat()
    rows = []
    for vid, hid, pid, grid, due, address, pname, head in conn.execute(
        "SELECT v.id, v.household_id, v.person_id, v.grid_code, v.followup_due, h.address, "
        "p.name, hp.name FROM visit v JOIN household h ON h.id = v.household_id "
        "LEFT JOIN person p ON p.id = v.person_id "
        "LEFT JOIN person hp ON hp.id = h.head_person_id "
        "WHERE v.deleted = 0 AND v.voided = 0 AND v.followup_done = 0 "
        "AND v.followup_due IS NOT NULL AND v.followup_due <= ?" + where,
        (until, *params),
    ):
        day = date.fromisoformat(due[:10])
        rows.append(
            FollowupRow(
                kind="visit",
                ref_id=vid,
                grid_code=grid,
                household_id=hid,
                person_id=pid,
                title=pname or head or "",
                detail=address,
                due_at=datetime.combine(day, datetime.min.time()),
                timed=False,
                overdue=day < as_of,
            )
        )
    return rows


def dispute_followups(
    conn: sqlite3.Connection,
    *,
    scope: Scope,
    as_of: date,
    horizon_days: int = FOLLOWUP_HORIZON_DAYS,
) -> list[FollowupRow]:
    """Dispute follow-up visits (回访) due by ``as_of + horizon_days`` and not made."""
    where, params = scope.sql_filter("f.grid_code")
    until = (as_of + timedelta(days=horizon_days)).isoformat()
    rows = []
    for fid, did, grid, due, case_no, summary in conn.execute(
        "SELECT f.id, f.dispute_id, f.grid_code, f.due_on, d.case_no, d.summary "
        "FROM dispute_followup f JOIN dispute d ON d.id = f.dispute_id "
        "WHERE f.deleted = 0 AND d.deleted = 0 AND f.done_on IS NULL AND f.due_on <= ?" + where,
        (until, *params),
    ):
        day = date.fromisoformat(due[:10])
        rows.append(
            FollowupRow(
                kind="dispute",
                ref_id=fid,
                grid_code=grid,
                household_id=None,
                person_id=None,
                title=case_no,
                detail=_short(summary),
                due_at=datetime.combine(day, datetime.min.time()),
                timed=False,
                overdue=day < as_of,
                record_id=did,
            )
        )
    return rows


def _open_events_sql(where: str) -> str:
    marks = ",".join("?" * len(TERMINAL_EVENT_STATUSES))
    return (
        "SELECT e.id, e.grid_code, e.household_id, e.event_no, e.description, e.place, "
        "coalesce(e.extended_to, e.deadline_at), e.status, e.urgency, c.name, c.name_en, "
        "e.reported_at FROM event e LEFT JOIN event_category c ON c.code = e.category_code "
        f"WHERE e.deleted = 0 AND e.status NOT IN ({marks})" + where
    )


def event_deadlines(conn: sqlite3.Connection, *, scope: Scope, now: datetime) -> list[FollowupRow]:
    """Unfinished events in the scope, by their effective (extended) deadline."""
    where, params = scope.sql_filter("e.grid_code")
    rows = []
    for eid, grid, hid, no, description, place, deadline, *_rest in conn.execute(
        _open_events_sql(where), (*TERMINAL_EVENT_STATUSES, *params)
    ):
        due_at = _moment(deadline)
        rows.append(
            FollowupRow(
                kind="event",
                ref_id=eid,
                grid_code=grid,
                household_id=hid,
                person_id=None,
                title=no,
                detail=_short(description or place),
                due_at=due_at,
                timed=True,
                overdue=due_at < now,
                record_id=eid,
            )
        )
    return rows


def followups(
    conn: sqlite3.Connection,
    *,
    scope: Scope,
    now: datetime,
    horizon_days: int = FOLLOWUP_HORIZON_DAYS,
) -> list[FollowupRow]:
    """Visit follow-ups, dispute follow-ups and event deadlines, soonest first
    (overdue ones therefore on top)."""
    as_of = now.date()
    rows = [
        *visit_followups(conn, scope=scope, as_of=as_of, horizon_days=horizon_days),
        *dispute_followups(conn, scope=scope, as_of=as_of, horizon_days=horizon_days),
        *event_deadlines(conn, scope=scope, now=now),
    ]
    rows.sort(key=lambda r: (r.due_at, r.kind, r.title, r.ref_id))
    return rows


@dataclass(frozen=True)
class EventRow:
    event_id: str
    grid_code: str
    event_no: str
    category: str
    status: str  # a workflow status code (label it with workflow.label)
    urgency: str
    reported_at: datetime
    deadline: datetime
    overdue: bool
    summary: str


def my_open_events(
    conn: sqlite3.Connection, *, account_id: str, now: datetime, lang: str = "zh_CN"
) -> list[EventRow]:
    """Events the user reported that are not finished, by deadline."""
    rows = [
        EventRow(
            event_id=eid,
            grid_code=grid,
            event_no=no,
            category=_name(cname or "", cname_en or "", lang),
            status=status,
            urgency=urgency,
            reported_at=_moment(reported),
            deadline=_moment(deadline),
            overdue=_moment(deadline) < now,
            summary=_short(description or place),
        )
        for (
            eid,
            grid,
            _hid,
            no,
            description,
            place,
            deadline,
            status,
            urgency,
            cname,
            cname_en,
            reported,
        ) in conn.execute(
            _open_events_sql(" AND e.reported_by = ?"), (*TERMINAL_EVENT_STATUSES, account_id)
        )
    ]
    rows.sort(key=lambda r: (r.deadline, r.event_no))
    return rows


# --------------------------------------------------------------------------
# Service tallies
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyType:
    code: str
    name: str
    key: str  # "1".."9", "0", or "" without a key


def tally_types(conn: sqlite3.Connection, *, lang: str = "zh_CN") -> list[TallyType]:
    """Active service types, those with a key first in key order 1..9, 0."""
    found = []
    for code, name, name_en, extra, sort in conn.execute(
        "SELECT code, name, name_en, extra, sort FROM catalog_item "
        "WHERE kind = 'service_type' AND deleted = 0 AND active = 1"
    ):
        try:
            key = str(json.loads(extra or "{}").get("key", ""))
        except (ValueError, AttributeError):
            key = ""
        if key not in TALLY_KEY_ORDER or len(key) != 1:
            key = ""
        found.append((key, sort, TallyType(code, _name(name, name_en, lang), key)))
    found.sort(key=lambda t: (TALLY_KEY_ORDER.index(t[0]) if t[0] else 99, t[1], t[2].code))
    taken: set[str] = set()
    out = []
    for key, _sort, item in found:  # two types claiming one key: the first keeps it
        if key and key in taken:
            item = TallyType(item.code, item.name, "")
        taken.add(key)
        out.append(item)
    return out


def tallied_today(conn: sqlite3.Connection, *, account_id: str, as_of: date) -> dict[str, int]:
    """Services the user counted on ``as_of``, by type."""
    return {
        code: int(total)
        for code, total in conn.execute(
            "SELECT type_code, sum(count) FROM service_tally WHERE deleted = 0 "
            "AND worker_id = ? AND done_on = ? GROUP BY type_code",
            (account_id, as_of.isoformat()),
        )
    }


# --------------------------------------------------------------------------
# The whole page
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TodayView:
    as_of: date
    due: list[DueRow]
    followups: list[FollowupRow]
    my_events: list[EventRow]
    tally_types: list[TallyType]
    tallied: dict[str, int]
    grids: list[tuple[str, str]]  # (code, name) the user may tally for
    overdue_count: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "overdue_count", sum(1 for r in self.due if r.overdue))


def load_today(
    conn: sqlite3.Connection, *, user: UserContext, now: datetime, lang: str = "zh_CN"
) -> TodayView:
    as_of = now.date()
    names = _grid_names(conn, lang)
    return TodayView(
        as_of=as_of,
        due=due_visits(
            conn, scope=user.scope, as_of=as_of, lang=lang, sees_sensitive=user.sees_sensitive
        ),
        followups=followups(conn, scope=user.scope, now=now),
        my_events=my_open_events(conn, account_id=user.account_id, now=now, lang=lang),
        tally_types=tally_types(conn, lang=lang),
        tallied=tallied_today(conn, account_id=user.account_id, as_of=as_of),
        grids=[(g, names.get(g, g)) for g in user.grids],
    )


# --------------------------------------------------------------------------
# The visit form
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitForm:
    household_id: str
    grid_code: str
    address: str
    head: str
    members: list[tuple[str, str]]  # (person id, name), living members, head first
    kinds: list[tuple[str, str]]  # (code, name), routine first
    findings: list[tuple[str, str]]  # (flag, name), in VISIT_FLAGS order


def visit_form(conn: sqlite3.Connection, household_id: str, *, lang: str = "zh_CN") -> VisitForm:
    row = conn.execute(
        "SELECT grid_code, address, head_person_id FROM household WHERE id = ? AND deleted = 0",
        (household_id,),
    ).fetchone()
    grid, address, head_id = row if row else ("", "", None)
    members = [
        (pid, name)
        for pid, name in conn.execute(
            "SELECT id, name FROM person WHERE household_id = ? AND deleted = 0 "
            "AND moved_out = 0 AND deceased = 0 ORDER BY id = ? DESC, created_at, id",
            (household_id, head_id or ""),
        )
    ]
    head = members[0][1] if members else ""
    catalog: dict[str, dict[str, tuple[str, int]]] = {"visit_kind": {}, "visit_finding": {}}
    for kind, code, name, name_en, sort in conn.execute(
        "SELECT kind, code, name, name_en, sort FROM catalog_item WHERE deleted = 0 "
        "AND active = 1 AND kind IN ('visit_kind', 'visit_finding')"
    ):
        catalog[kind][code] = (_name(name, name_en, lang), sort)
    kinds = sorted(
        catalog["visit_kind"].items(), key=lambda kv: (kv[0] != "routine", kv[1][1], kv[0])
    )
    return VisitForm(
        household_id=household_id,
        grid_code=grid,
        address=address,
        head=head,
        members=members,
        kinds=[(code, name) for code, (name, _sort) in kinds],
        findings=[(f, catalog["visit_finding"].get(f, (f, 0))[0]) for f in VISIT_FLAGS],
    )
