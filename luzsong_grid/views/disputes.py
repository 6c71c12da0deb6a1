"""What the Disputes page reads (Qt-free): the mediation ledger (矛盾纠纷台账)
in a scope, one dispute's full record, and the catalogues it is labelled with.

Every function takes a read-only sqlite3 connection. ID and phone numbers of
parties leave here masked; the full value is the business of
``services.reveal(table="dispute_party")`` (audited).

Overdue: a dispute with no result yet (being accepted or mediated) whose
deadline (normally one month after acceptance) is before today, the same
rule as the report counts in :mod:`luzsong_grid.reports.stats`. A follow-up
visit (回访) is overdue when it is not done and its due date is before today.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from luzsong_grid.domain.validation import mask_phone, mask_resident_id

StatusFilter = Literal["open", "closed", "all"]
LEDGER_LIMIT = 2000


def _day(text: str | None) -> date | None:
    return date.fromisoformat(str(text)[:10]) if text else None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(str(text)).replace(microsecond=0) if text else None


def _in(values: Sequence[str]) -> str:
    return "(" + ",".join("?" * len(values)) + ")"


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _name(name: str, name_en: str, lang: str) -> str:
    return (name_en or name) if lang == "en" else name


# --------------------------------------------------------------------------
# Catalogues
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    code: str
    name: str


@dataclass(frozen=True)
class DisputeCatalog:
    types: tuple[Choice, ...]
    sources: tuple[Choice, ...]
    methods: tuple[Choice, ...]
    roles: tuple[Choice, ...]
    results: tuple[Choice, ...]

    def name_of(self, kind: str, code: str) -> str:
        for choice in getattr(self, kind):
            if choice.code == code:
                return str(choice.name)
        return code


def _items(conn: sqlite3.Connection, kind: str, lang: str) -> tuple[Choice, ...]:
    rows = conn.execute(
        "SELECT code, name, name_en FROM catalog_item WHERE kind = ? AND deleted = 0 "
        "AND active = 1 ORDER BY sort, code",
        (kind,),
    )
    return tuple(Choice(code, _name(name, name_en, lang)) for code, name, name_en in rows)


def dispute_catalog(conn: sqlite3.Connection, lang: str = "zh_CN") -> DisputeCatalog:
    return DisputeCatalog(
        types=_items(conn, "dispute_type", lang),
        sources=_items(conn, "dispute_source", lang),
        methods=_items(conn, "dispute_method", lang),
        roles=_items(conn, "party_role", lang),
        results=_items(conn, "dispute_result", lang),
    )


def grid_choices(
    conn: sqlite3.Connection, grids: Collection[str] | None, lang: str = "zh_CN"
) -> list[Choice]:
    """The grids a form may file a record under (``None``: every grid)."""
    sql = "SELECT code, name, name_en FROM grid WHERE deleted = 0"
    params: tuple[str, ...] = ()
    if grids is not None:
        codes = sorted(set(grids))
        if not codes:
            return []
        sql += " AND code IN " + _in(codes)
        params = tuple(codes)
    rows = conn.execute(sql + " ORDER BY code", params)
    return [Choice(code, _name(name, name_en, lang)) for code, name, name_en in rows]


# --------------------------------------------------------------------------
# The ledger
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DisputeRow:
    id: str
    case_no: str
    accepted_on: date
    grid_code: str
    grid_name: str
    type_code: str
    type_name: str
    source_code: str
    source_name: str
    parties: str  # names, "、"-joined
    status: str
    deadline: date
    result: str  # success | failed | referred | ""
    result_name: str
    overdue: bool


def list_disputes(
    conn: sqlite3.Connection,
    *,
    grids: Collection[str] | None,
    status: StatusFilter = "open",
    type_code: str = "",
    overdue_only: bool = False,
    text: str = "",
    today: date | None = None,
    lang: str = "zh_CN",
    limit: int = LEDGER_LIMIT,
) -> list[DisputeRow]:
    """The ledger rows in ``grids`` (``None``: everywhere) passing the filters,
    newest accepted first. ``text`` matches a case number or a party's name."""
    today = today or date.today()
    where = ["d.deleted = 0"]
    params: list[object] = []
    if grids is not None:
        codes = sorted(set(grids))
        if not codes:
            return []
        where.append("d.grid_code IN " + _in(codes))
        params.extend(codes)
    if status == "open":
        where.append("d.status != 'closed'")
    elif status == "closed":
        where.append("d.status = 'closed'")
    if type_code:
        where.append("d.type_code = ?")
        params.append(type_code)
    if overdue_only:
        where.append("d.result = '' AND d.deadline < ?")
        params.append(today.isoformat())
    text = text.strip()
    if text:
        where.append(
            "(d.case_no LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM dispute_party p "
            "WHERE p.dispute_id = d.id AND p.deleted = 0 AND p.name LIKE ? ESCAPE '\\'))"
        )
        params.extend([_like(text), _like(text)])
    rows = conn.execute(
        "SELECT d.id, d.case_no, d.accepted_on, d.grid_code, coalesce(g.name, ''), "
        "coalesce(g.name_en, ''), d.type_code, d.source_code, d.status, d.deadline, d.result "
        "FROM dispute d LEFT JOIN grid g ON g.code = d.grid_code "
        f"WHERE {' AND '.join(where)} ORDER BY d.accepted_on DESC, d.case_no DESC LIMIT ?",
        (*params, limit),
    ).fetchall()
    names: dict[str, list[str]] = defaultdict(list)
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for dispute_id, name in conn.execute(
            "SELECT dispute_id, name FROM dispute_party WHERE deleted = 0 AND dispute_id IN "
            + _in(chunk)
            + " ORDER BY created_at, id",
            chunk,
        ):
            names[dispute_id].append(name)
    catalog = dispute_catalog(conn, lang)
    out = []
    for (
        row_id,
        case_no,
        accepted_on,
        grid_code,
        grid_name,
        grid_name_en,
        type_code_,
        source_code,
        status_,
        deadline,
        result,
    ) in rows:
        deadline_day = _day(deadline) or today
        out.append(
            DisputeRow(
                id=row_id,
                case_no=case_no,
                accepted_on=_day(accepted_on) or today,
                grid_code=grid_code,
                grid_name=_name(grid_name, grid_name_en, lang),
                type_code=type_code_,
                type_name=catalog.name_of("types", type_code_),
                source_code=source_code,
                source_name=catalog.name_of("sources", source_code),
                parties="、".join(names.get(row_id, [])),
                status=status_,
                deadline=deadline_day,
                result=result,
                result_name=catalog.name_of("results", result) if result else "",
                overdue=not result and deadline_day < today,
            )
        )
    return out


# --------------------------------------------------------------------------
# One dispute
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyRow:
    id: str
    name: str
    id_number: str  # masked
    phone: str  # masked
    role: str
    role_name: str
    has_id_number: bool
    has_phone: bool


@dataclass(frozen=True)
class StepRow:
    at: datetime
    by: str  # the account's display name
    from_status: str
    to_status: str
    note: str


@dataclass(frozen=True)
class FollowupRow:
    id: str
    due_on: date
    done_on: date | None
    by: str
    performed: bool
    satisfaction: str  # satisfied | basically | unsatisfied | ""
    remaining_risk: str
    note: str
    overdue: bool


@dataclass(frozen=True)
class DisputeDetail:
    id: str
    case_no: str
    grid_code: str
    grid_name: str
    reported_by: str
    found_on: date
    accepted_on: date
    deadline: date
    place: str
    type_code: str
    type_name: str
    source_code: str
    source_name: str
    scale: str
    people_involved: int
    amount: float
    summary: str
    major: bool
    measures: str
    responsible_department: str
    responsible_person: str
    status: str
    result: str
    result_name: str
    method: str
    method_name: str
    resolved_on: date | None
    agreement: bool
    agreement_no: str
    performance_deadline: date | None
    overdue: bool
    parties: tuple[PartyRow, ...]
    steps: tuple[StepRow, ...]
    followups: tuple[FollowupRow, ...]

    @property
    def open_followup(self) -> FollowupRow | None:
        """The earliest follow-up visit not yet recorded, if any."""
        pending = [f for f in self.followups if f.done_on is None]
        return min(pending, key=lambda f: f.due_on) if pending else None


_DETAIL_COLUMNS = (
    "d.id, d.case_no, d.grid_code, coalesce(g.name, ''), coalesce(g.name_en, ''), "
    "coalesce(a.display_name, ''), d.found_on, d.accepted_on, d.deadline, d.place, "
    "d.type_code, d.source_code, d.scale, d.people_involved, d.amount, d.summary, d.major, "
    "d.measures, d.responsible_department, d.responsible_person, d.status, d.result, "
    "d.method, d.resolved_on, d.agreement, d.agreement_no, d.performance_deadline"
)


def dispute_detail(
    conn: sqlite3.Connection,
    dispute_id: str,
    *,
    today: date | None = None,
    lang: str = "zh_CN",
) -> DisputeDetail | None:
    """Everything the ledger holds about one dispute, or None if it is gone."""
    today = today or date.today()
    row = conn.execute(
        f"SELECT {_DETAIL_COLUMNS} FROM dispute d LEFT JOIN grid g ON g.code = d.grid_code "
        "LEFT JOIN account a ON a.id = d.reported_by WHERE d.id = ? AND d.deleted = 0",
        (dispute_id,),
    ).fetchone()
    if row is None:
        return None
    catalog = dispute_catalog(conn, lang)
    parties = tuple(
        PartyRow(
            id=pid,
            name=name,
            id_number=mask_resident_id(id_number) if id_number else "",
            phone=mask_phone(phone) if phone else "",
            role=role,
            role_name=catalog.name_of("roles", role) if role else "",
            has_id_number=bool(id_number),
            has_phone=bool(phone),
        )
        for pid, name, id_number, phone, role in conn.execute(
            "SELECT id, name, id_number, phone, role FROM dispute_party "
            "WHERE dispute_id = ? AND deleted = 0 ORDER BY created_at, id",
            (dispute_id,),
        )
    )
    steps = tuple(
        StepRow(
            at=_moment(at) or datetime.min,
            by=by,
            from_status=from_status,
            to_status=to_status,
            note=note,
        )
        for at, by, from_status, to_status, note in conn.execute(
            "SELECT s.at, coalesce(a.display_name, ''), s.from_status, s.to_status, s.note "
            "FROM dispute_step s LEFT JOIN account a ON a.id = s.by_account "
            "WHERE s.dispute_id = ? AND s.deleted = 0 ORDER BY s.at, s.id",
            (dispute_id,),
        )
    )
    followups = []
    for fid, due_on, done_on, by, performed, satisfaction, risk, note in conn.execute(
        "SELECT f.id, f.due_on, f.done_on, coalesce(a.display_name, ''), f.performed, "
        "f.satisfaction, f.remaining_risk, f.note FROM dispute_followup f "
        "LEFT JOIN account a ON a.id = f.by_account "
        "WHERE f.dispute_id = ? AND f.deleted = 0 ORDER BY f.due_on, f.id",
        (dispute_id,),
    ):
        due = _day(due_on) or today
        done = _day(done_on)
        followups.append(
            FollowupRow(
                id=fid,
                due_on=due,
                done_on=done,
                by=by,
                performed=bool(performed),
                satisfaction=satisfaction,
                remaining_risk=risk,
                note=note,
                overdue=done is None and due < today,
            )
        )
    (
        row_id,
        case_no,
        grid_code,
        grid_name,
        grid_name_en,
        reported_by,
        found_on,
        accepted_on,
        deadline,
        place,
        type_code,
        source_code,
        scale,
        people,
        amount,
        summary,
        major,
        measures,
        department,
        person,
        status,
        result,
        method,
        resolved_on,
        agreement,
        agreement_no,
        performance_deadline,
    ) = row
    deadline_day = _day(deadline) or today
    return DisputeDetail(
        id=row_id,
        case_no=case_no,
        grid_code=grid_code,
        grid_name=_name(grid_name, grid_name_en, lang),
        reported_by=reported_by,
        found_on=_day(found_on) or today,
        accepted_on=_day(accepted_on) or today,
        deadline=deadline_day,
        place=place,
        type_code=type_code,
        type_name=catalog.name_of("types", type_code),
        source_code=source_code,
        source_name=catalog.name_of("sources", source_code),
        scale=scale,
        people_involved=int(people),
        amount=float(amount),
        summary=summary,
        major=bool(major),
        measures=measures,
        responsible_department=department,
        responsible_person=person,
        status=status,
        result=result,
        result_name=catalog.name_of("results", result) if result else "",
        method=method,
        method_name=catalog.name_of("methods", method) if method else "",
        resolved_on=_day(resolved_on),
        agreement=bool(agreement),
        agreement_no=agreement_no,
        performance_deadline=_day(performance_deadline),
        overdue=not result and deadline_day < today,
        parties=parties,
        steps=steps,
        followups=tuple(followups),
    )
