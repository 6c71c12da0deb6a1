"""What the Households page reads (Qt-free): the household list in a scope,
its rows a block at a time, one household's record, and the catalogues the
page labels things with.

Every function takes a read-only sqlite3 connection. Identity and phone
numbers leave here masked only: the full value is the business of
``services.reveal`` (audited). Tags are returned as codes; whether a role
may see a sensitive tag is decided by the caller with :func:`visible_tags`.

The list is built in two steps so that 115k households scroll smoothly: the
ordered ids of the households that pass the filters (one query), then the
row values for a block of those ids (:func:`household_rows`, a handful of
indexed queries per block).
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from luzsong_grid.domain.validation import age_on, mask_phone, mask_resident_id
from luzsong_grid.domain.visits import DueState
from luzsong_grid.reports.due import due_items
from luzsong_grid.reports.scope import Scope
from luzsong_grid.store.db import connect_raw, key_for

# Due states, worst first.
_STATE_RANK = {DueState.OVERDUE: 0, DueState.DUE_SOON: 1, DueState.OK: 2}


def _in(values: Sequence[str]) -> str:
    return "(" + ",".join("?" * len(values)) + ")"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(str(text)[:10]) if text else None


# --------------------------------------------------------------------------
# Catalogues
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TagInfo:
    code: str
    name: str
    name_en: str
    group: str
    applies_to: str  # person | household | both
    sensitive: bool
    attributes: str  # JSON list of attribute definitions

    def label(self, lang: str) -> str:
        return self.name_en or self.name if lang == "en" else self.name

    @property
    def for_person(self) -> bool:
        return self.applies_to in ("person", "both")

    @property
    def for_household(self) -> bool:
        return self.applies_to in ("household", "both")


def tag_catalog(conn: sqlite3.Connection) -> dict[str, TagInfo]:
    """Every live tag by code, in catalogue order."""
    rows = conn.execute(
        "SELECT t.code, t.name, t.name_en, t.group_code, t.applies_to, "
        "t.sensitive OR coalesce(g.sensitive, 0), t.attributes "
        "FROM tag t LEFT JOIN tag_group g ON g.code = t.group_code "
        "WHERE t.deleted = 0 ORDER BY coalesce(g.sort, 0), t.sort, t.code"
    )
    return {
        r[0]: TagInfo(r[0], r[1], r[2] or "", r[3], r[4], bool(r[5]), r[6] or "[]") for r in rows
    }


def visible_tags(
    codes: Iterable[str], tags: Mapping[str, TagInfo], sees_sensitive: bool
) -> list[str]:
    """``codes`` without the sensitive ones a role may not see (unknown codes
    are dropped too), in catalogue order, each once."""
    wanted = set(codes)
    return [
        code
        for code, info in tags.items()
        if code in wanted and (sees_sensitive or not info.sensitive)
    ]


def catalog_labels(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, code) → (name, English name) of the flat catalogues, plus
    ``("event_category", code)``."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, code, name, name_en in conn.execute(
        "SELECT kind, code, name, name_en FROM catalog_item WHERE deleted = 0"
    ):
        out[(kind, code)] = (name, name_en or name)
    for code, name, name_en in conn.execute(
        "SELECT code, name, name_en FROM event_category WHERE deleted = 0"
    ):
        out[("event_category", code)] = (name, name_en or name)
    return out


def relations(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(code, name, English name) of the relations to the head, in order."""
    return [
        (r[0], r[1], r[2] or r[1])
        for r in conn.execute(
            "SELECT code, name, name_en FROM catalog_item WHERE kind = 'relation' "
            "AND deleted = 0 AND active = 1 ORDER BY sort, code"
        )
    ]


@dataclass(frozen=True)
class GridInfo:
    code: str
    name: str
    name_en: str
    community: str
    community_en: str

    def label(self, lang: str) -> str:
        if lang == "en":
            return f"{self.community_en or self.community} · {self.name_en or self.name}"
        return f"{self.community}·{self.name}"


def grids_in_scope(conn: sqlite3.Connection, grids: Collection[str] | None) -> list[GridInfo]:
    """The grids of a scope (``None``: every grid), ordered by code."""
    sql = (
        "SELECT g.code, g.name, g.name_en, coalesce(c.name, ''), coalesce(c.name_en, '') "
        "FROM grid g LEFT JOIN community c ON c.code = g.community_code WHERE g.deleted = 0"
    )
    params: tuple[str, ...] = ()
    if grids is not None:
        params = tuple(sorted(grids))
        sql += f" AND g.code IN {_in(params)}" if params else " AND 0"
    return [GridInfo(*r) for r in conn.execute(sql + " ORDER BY g.code", params)]


# --------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdFilter:
    """Which households the list shows. ``scope``: the user's grids (``None``
    for the whole district); ``grid``: one of them; ``tag``: a tag on the
    household or on one of its current members; ``only``: a set of ids (the
    overdue ones, say) to keep."""

    scope: tuple[str, ...] | None = None
    grid: str | None = None
    tag: str | None = None
    only: frozenset[str] | None = None


def household_ids(conn: sqlite3.Connection, filt: HouseholdFilter) -> list[str]:
    """Ids of the live households passing ``filt``, by grid then address."""
    where = ["h.deleted = 0"]
    params: list[str] = []
    if filt.scope is not None:
        if not filt.scope:
            return []
        where.append(f"h.grid_code IN {_in(filt.scope)}")
        params.extend(filt.scope)
    if filt.grid:
        where.append("h.grid_code = ?")
        params.append(filt.grid)
    if filt.tag:
        where.append(
            "(h.id IN (SELECT household_id FROM household_tag WHERE tag_code = ? AND deleted = 0) "
            "OR h.id IN (SELECT p.household_id FROM person_tag t "
            "JOIN person p ON p.id = t.person_id WHERE t.tag_code = ? AND t.deleted = 0 "
            "AND p.deleted = 0 AND p.moved_out = 0 "
            "AND p.deceased = 0))"
        )
        params.extend((filt.tag, filt.tag))
    # One string built inside SQLite, split in one C call: the Python thread
    # holds the GIL for milliseconds, not for a loop over 115k rows (a reader
    # thread that holds it starves the UI thread).
    (joined,) = conn.execute(
        "SELECT group_concat(id, ' ') FROM (SELECT h.id FROM household h "
        f"WHERE {' AND '.join(where)} ORDER BY h.grid_code, h.address, h.id)",
        params,
    ).fetchone()
    ids: list[str] = joined.split(" ") if joined else []
    if filt.only is not None:
        ids = [i for i in ids if i in filt.only]
    return ids


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    address: str
    household_no: str
    grid_code: str
    grid_name: str
    head_name: str
    members: int  # current members (not moved out, not deceased)
    tags: tuple[str, ...]  # codes on the household and on its current members
    last_visit: date | None


def household_rows(conn: sqlite3.Connection, ids: Sequence[str]) -> list[HouseholdRow]:
    """The list rows of ``ids`` (a block of a few hundred at most), in the
    order given; ids no longer live are left out."""
    if not ids:
        return []
    marks = _in(ids)
    base = {
        r[0]: r
        for r in conn.execute(
            "SELECT h.id, h.address, h.household_no, h.grid_code, coalesce(g.name, ''), "
            "coalesce(hp.name, '') FROM household h "
            "LEFT JOIN grid g ON g.code = h.grid_code "
            "LEFT JOIN person hp ON hp.id = h.head_person_id AND hp.deleted = 0 "
            f"WHERE h.deleted = 0 AND h.id IN {marks}",
            ids,
        )
    }
    members: dict[str, int] = defaultdict(int)
    tags: dict[str, set[str]] = defaultdict(set)
    for (hid,) in conn.execute(
        "SELECT household_id FROM person WHERE deleted = 0 AND moved_out = 0 "
        f"AND deceased = 0 AND household_id IN {marks}",
        ids,
    ):
        members[hid] += 1
    for hid, code in conn.execute(
        "SELECT p.household_id, t.tag_code FROM person p JOIN person_tag t ON t.person_id = p.id "
        "WHERE p.deleted = 0 AND p.moved_out = 0 AND p.deceased = 0 AND t.deleted = 0 "
        f"AND p.household_id IN {marks}",
        ids,
    ):
        tags[hid].add(code)
    for hid, code in conn.execute(
        "SELECT household_id, tag_code FROM household_tag "
        f"WHERE deleted = 0 AND household_id IN {marks}",
        ids,
    ):
        tags[hid].add(code)
    last: dict[str, date | None] = {}
    for hid in base:
        row = conn.execute(
            "SELECT max(visited_at) FROM visit "
            "WHERE household_id = ? AND deleted = 0 AND voided = 0",
            (hid,),
        ).fetchone()
        last[hid] = _day(row[0])
    out: list[HouseholdRow] = []
    for hid in ids:
        b = base.get(hid)
        if b is None:
            continue
        out.append(
            HouseholdRow(
                id=hid,
                address=b[1],
                household_no=b[2] or "",
                grid_code=b[3],
                grid_name=b[4],
                head_name=b[5],
                members=members.get(hid, 0),
                tags=tuple(sorted(tags.get(hid, ()))),
                last_visit=last[hid],
            )
        )
    return out


@dataclass(frozen=True)
class HouseholdDue:
    """The worst due state of a household and its key persons."""

    state: DueState
    due: date


class DueMap(Mapping[str, HouseholdDue]):
    """household id → :class:`HouseholdDue`, kept as plain (state, ISO date)
    string pairs (cheap to pass between processes) and built on lookup."""

    def __init__(self, raw: dict[str, tuple[str, str]]) -> None:
        self._raw = raw

    def __getitem__(self, key: str) -> HouseholdDue:
        state, day = self._raw[key]
        return HouseholdDue(DueState(state), date.fromisoformat(day))

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def ids_in_state(self, state: DueState) -> frozenset[str]:
        return frozenset(k for k, v in self._raw.items() if v[0] == state.value)


def household_due_apart(db_path: Path, scope: Scope, as_of: date) -> DueMap:
    """:func:`household_due` computed in a separate process (seconds of pure
    Python at district scope: in a thread of the desktop process it would
    hold the GIL the UI thread needs). Blocks: call it from a worker thread."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        # The other process has no unlocked keys: the database's goes along.
        key = key_for(db_path)
        return DueMap(pool.submit(_due_of_file, str(db_path), key, scope, as_of).result())


def _due_of_file(
    db_path: str, key: bytes | None, scope: Scope, as_of: date
) -> dict[str, tuple[str, str]]:
    conn = connect_raw(db_path, readonly=True, key=key)
    try:
        due = household_due(conn, scope=scope, as_of=as_of)
        return {k: (v.state.value, v.due.isoformat()) for k, v in due.items()}
    finally:
        conn.close()


def household_due(
    conn: sqlite3.Connection, *, scope: Scope, as_of: date
) -> dict[str, HouseholdDue]:
    """household id → its worst due state (the household's own rule and its
    members' key-person rules), for every household of ``scope``."""
    out: dict[str, HouseholdDue] = {}
    for item in due_items(conn, scope=scope, as_of=as_of, include_ok=True):
        prev = out.get(item.household_id)
        if prev is None or (_STATE_RANK[item.state], item.due) < (
            _STATE_RANK[prev.state],
            prev.due,
        ):
            out[item.household_id] = HouseholdDue(item.state, item.due)
    return out


# --------------------------------------------------------------------------
# One household
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberTag:
    id: str  # the person_tag row
    code: str
    attrs: str  # JSON


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    relation: str  # catalogue code
    gender: str  # M | F | ""
    birth_date: date | None
    id_masked: str
    phone_masked: str
    has_id: bool
    has_phone: bool
    moved_out: bool
    deceased: bool
    ethnicity: str
    note: str
    tags: tuple[MemberTag, ...]

    def age(self, on: date) -> int | None:
        if self.birth_date is None or self.birth_date > on:
            return None
        return age_on(self.birth_date, on)


@dataclass(frozen=True)
class VisitLine:
    id: str
    visited_at: str  # "YYYY-MM-DD HH:MM"
    kind: str  # catalogue code
    worker: str
    person: str
    findings: str
    action_taken: str
    followup_due: date | None
    voided: bool


@dataclass(frozen=True)
class DisputeLine:
    id: str
    case_no: str
    accepted_on: date | None
    type_code: str
    status: str
    summary: str
    parties: str  # names of the household's members who are parties


@dataclass(frozen=True)
class ServiceLine:
    id: str
    done_on: date | None
    type_code: str
    count: int
    person: str
    worker: str
    note: str


@dataclass(frozen=True)
class EventLine:
    id: str
    event_no: str
    reported_at: str
    category_code: str
    status: str
    description: str


@dataclass(frozen=True)
class HouseholdDetail:
    id: str
    grid_code: str
    grid_name: str
    address: str
    household_no: str
    phone_masked: str
    note: str
    head_person_id: str | None
    tags: tuple[MemberTag, ...]  # on the household itself
    members: tuple[Member, ...]
    visits: tuple[VisitLine, ...] = field(default=())
    disputes: tuple[DisputeLine, ...] = field(default=())
    services: tuple[ServiceLine, ...] = field(default=())
    events: tuple[EventLine, ...] = field(default=())

    def member(self, person_id: str) -> Member | None:
        return next((m for m in self.members if m.id == person_id), None)


_RELATION_ORDER = {"head": 0, "spouse": 1}
HISTORY_LIMIT = 200


def household_detail(conn: sqlite3.Connection, household_id: str) -> HouseholdDetail | None:
    """Everything the household page shows about one household (``None`` if
    it is gone); members head first, histories newest first."""
    row = conn.execute(
        "SELECT h.id, h.grid_code, coalesce(g.name, ''), h.address, h.household_no, h.phone, "
        "h.note, h.head_person_id FROM household h LEFT JOIN grid g ON g.code = h.grid_code "
        "WHERE h.id = ? AND h.deleted = 0",
        (household_id,),
    ).fetchone()
    if row is None:
        return None
    hid, grid, grid_name, address, number, phone, note, head = row
    person_tags: dict[str, list[MemberTag]] = defaultdict(list)
    for tag_id, pid, code, attrs in conn.execute(
        "SELECT t.id, t.person_id, t.tag_code, t.attrs FROM person_tag t "
        "JOIN person p ON p.id = t.person_id "
        "WHERE p.household_id = ? AND p.deleted = 0 AND t.deleted = 0 ORDER BY t.tag_code",
        (hid,),
    ):
        person_tags[pid].append(MemberTag(tag_id, code, attrs or "{}"))
    members = [
        Member(
            id=r[0],
            name=r[1],
            relation=r[2] or "",
            gender=r[3] or "",
            birth_date=_day(r[4]),
            id_masked=mask_resident_id(r[5]) if r[5] else "",
            phone_masked=mask_phone(r[6]) if r[6] else "",
            has_id=bool(r[5]),
            has_phone=bool(r[6]),
            moved_out=bool(r[7]),
            deceased=bool(r[8]),
            ethnicity=r[9] or "",
            note=r[10] or "",
            tags=tuple(person_tags.get(r[0], ())),
        )
        for r in conn.execute(
            "SELECT id, name, relation, gender, birth_date, id_number, phone, moved_out, "
            "deceased, ethnicity, note FROM person WHERE household_id = ? AND deleted = 0",
            (hid,),
        )
    ]
    members.sort(
        key=lambda m: (
            m.moved_out or m.deceased,
            m.id != head,
            _RELATION_ORDER.get(m.relation, 2),
            m.birth_date or date.max,
            m.name,
        )
    )
    names = {m.id: m.name for m in members}
    household_tags = tuple(
        MemberTag(*r)
        for r in conn.execute(
            "SELECT id, tag_code, attrs FROM household_tag WHERE household_id = ? AND deleted = 0 "
            "ORDER BY tag_code",
            (hid,),
        )
    )
    visits = tuple(
        VisitLine(
            id=r[0],
            visited_at=str(r[1])[:16],
            kind=r[2],
            worker=r[3] or "",
            person=names.get(r[4] or "", ""),
            findings=r[5] or "",
            action_taken=r[6] or "",
            followup_due=_day(r[7]),
            voided=bool(r[8]),
        )
        for r in conn.execute(
            "SELECT v.id, v.visited_at, v.kind, a.display_name, v.person_id, v.findings, "
            "v.action_taken, v.followup_due, v.voided FROM visit v "
            "LEFT JOIN account a ON a.id = v.worker_id "
            "WHERE v.household_id = ? AND v.deleted = 0 "
            f"ORDER BY v.visited_at DESC LIMIT {HISTORY_LIMIT}",
            (hid,),
        )
    )
    disputes: list[DisputeLine] = []
    if members:
        ids = [m.id for m in members]
        parties: dict[str, list[str]] = defaultdict(list)
        for did, pid in conn.execute(
            "SELECT dispute_id, person_id FROM dispute_party "
            f"WHERE deleted = 0 AND person_id IN {_in(ids)}",
            ids,
        ):
            if names[pid] not in parties[did]:
                parties[did].append(names[pid])
        if parties:
            dids = list(parties)
            disputes = [
                DisputeLine(
                    r[0], r[1], _day(r[2]), r[3], r[4], r[5] or "", "、".join(parties[r[0]])
                )
                for r in conn.execute(
                    "SELECT id, case_no, accepted_on, type_code, status, summary FROM dispute "
                    f"WHERE deleted = 0 AND id IN {_in(dids)} ORDER BY accepted_on DESC, id",
                    dids,
                )
            ]
    services = tuple(
        ServiceLine(
            r[0], _day(r[1]), r[2], int(r[3]), names.get(r[4] or "", ""), r[5] or "", r[6] or ""
        )
        for r in conn.execute(
            "SELECT s.id, s.done_on, s.type_code, s.count, s.person_id, a.display_name, s.note "
            "FROM service_tally s LEFT JOIN account a ON a.id = s.worker_id "
            "WHERE s.household_id = ? AND s.deleted = 0 "
            f"ORDER BY s.done_on DESC, s.id LIMIT {HISTORY_LIMIT}",
            (hid,),
        )
    )
    events = tuple(
        EventLine(r[0], r[1] or "", str(r[2])[:16], r[3], r[4], r[5] or "")
        for r in conn.execute(
            "SELECT id, event_no, reported_at, category_code, status, description FROM event "
            "WHERE household_id = ? AND deleted = 0 "
            f"ORDER BY reported_at DESC LIMIT {HISTORY_LIMIT}",
            (hid,),
        )
    )
    return HouseholdDetail(
        id=hid,
        grid_code=grid,
        grid_name=grid_name,
        address=address,
        household_no=number or "",
        phone_masked=mask_phone(phone) if phone else "",
        note=note or "",
        head_person_id=head,
        tags=household_tags,
        members=tuple(members),
        visits=visits,
        disputes=tuple(disputes),
        services=services,
        events=events,
    )


def household_of_person(conn: sqlite3.Connection, person_id: str) -> str | None:
    """The household of a live person."""
    row = conn.execute(
        "SELECT household_id FROM person WHERE id = ? AND deleted = 0", (person_id,)
    ).fetchone()
    return str(row[0]) if row else None


def id_number_owner(
    conn: sqlite3.Connection, id_number: str, *, exclude: str | None = None
) -> tuple[str, str, str] | None:
    """(person id, name, household id) of the live person holding a (checked,
    upper-case) ID number, other than ``exclude``: the warning shown while
    typing, before the save refuses a duplicate."""
    row = conn.execute(
        "SELECT id, name, household_id FROM person WHERE id_number = ? AND deleted = 0 "
        "AND id != ? LIMIT 1",
        (id_number, exclude or ""),
    ).fetchone()
    return (str(row[0]), str(row[1]), str(row[2])) if row else None
