"""What the Events page reads (Qt-free): grid events (网格事件) in a scope, one
event with its full history, and the event catalogue (categories, the items
of each category, departments) the report form suggests from.

Every function takes a read-only sqlite3 connection. An event's deadline is
its extended deadline (延期) if it has one, else the one its urgency set; it
is overdue while not finished (closed, resolved on the spot or cancelled)
and past that deadline, the same rule as the report counts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from luzsong_grid.domain import workflow
from luzsong_grid.views.disputes import Choice, _in, _like, _moment, _name, grid_choices

__all__ = [
    "CategoryInfo",
    "EventCatalog",
    "EventDetail",
    "EventRow",
    "EventStepRow",
    "ItemInfo",
    "event_catalog",
    "event_detail",
    "grid_choices",
    "list_events",
]

StatusFilter = Literal["open", "closed", "all"]
TERMINAL = tuple(s.value for s in workflow.EventStatus if workflow.is_terminal("event", s))
EVENTS_LIMIT = 2000


# --------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    name: str
    default_department: str


@dataclass(frozen=True)
class ItemInfo:
    code: str
    category_code: str
    name: str
    department_code: str
    urgency: str


@dataclass(frozen=True)
class EventCatalog:
    categories: tuple[CategoryInfo, ...]
    items: tuple[ItemInfo, ...]
    departments: tuple[Choice, ...]

    def items_of(self, category_code: str) -> list[ItemInfo]:
        return [i for i in self.items if i.category_code == category_code]

    def category(self, code: str) -> CategoryInfo | None:
        return next((c for c in self.categories if c.code == code), None)

    def item(self, code: str) -> ItemInfo | None:
        return next((i for i in self.items if i.code == code), None)

    def department_name(self, code: str) -> str:
        return next((d.name for d in self.departments if d.code == code), code)

    def suggest(self, category_code: str, item_code: str | None) -> tuple[str, str]:
        """The department and urgency the catalogue suggests for a category
        and (optional) item: the item's, else the category's department and blue."""
        item = self.item(item_code) if item_code else None
        if item is not None:
            return item.department_code, item.urgency
        category = self.category(category_code)
        return (category.default_department if category else "", workflow.Urgency.BLUE.value)


def event_catalog(conn: sqlite3.Connection, lang: str = "zh_CN") -> EventCatalog:
    categories = tuple(
        CategoryInfo(code, _name(name, name_en, lang), department)
        for code, name, name_en, department in conn.execute(
            "SELECT code, name, name_en, default_department FROM event_category "
            "WHERE deleted = 0 ORDER BY sort, code"
        )
    )
    items = tuple(
        ItemInfo(code, category, _name(name, name_en, lang), department, urgency)
        for code, category, name, name_en, department, urgency in conn.execute(
            "SELECT code, category_code, name, name_en, department_code, urgency FROM event_item "
            "WHERE deleted = 0 ORDER BY sort, code"
        )
    )
    departments = tuple(
        Choice(code, _name(name, name_en, lang))
        for code, name, name_en in conn.execute(
            "SELECT code, name, name_en FROM department WHERE deleted = 0 ORDER BY sort, code"
        )
    )
    return EventCatalog(categories, items, departments)


# --------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    id: str
    event_no: str
    reported_at: datetime
    grid_code: str
    grid_name: str
    category_name: str
    item_name: str
    department_name: str
    urgency: str  # red | yellow | blue
    status: str
    deadline: datetime  # the extended deadline if any
    overdue: bool
    supervised: bool


def _open(status: str) -> bool:
    return status not in TERMINAL


def list_events(
    conn: sqlite3.Connection,
    *,
    grids: Collection[str] | None,
    status: StatusFilter = "open",
    urgency: str = "",
    overdue_only: bool = False,
    text: str = "",
    now: datetime | None = None,
    lang: str = "zh_CN",
    limit: int = EVENTS_LIMIT,
) -> list[EventRow]:
    """Events in ``grids`` (``None``: everywhere) passing the filters, newest
    first. ``text`` matches the event number, the place or the description."""
    now = (now or datetime.now()).replace(microsecond=0)
    where = ["e.deleted = 0"]
    params: list[object] = []
    if grids is not None:
        codes = sorted(set(grids))
        if not codes:
            return []
        where.append("e.grid_code IN " + _in(codes))
        params.extend(codes)
    marks = _in(TERMINAL)
    if status == "open":
        where.append(f"e.status NOT IN {marks}")
        params.extend(TERMINAL)
    elif status == "closed":
        where.append(f"e.status IN {marks}")
        params.extend(TERMINAL)
    if urgency:
        where.append("e.urgency = ?")
        params.append(urgency)
    if overdue_only:
        where.append(f"e.status NOT IN {marks} AND coalesce(e.extended_to, e.deadline_at) < ?")
        params.extend([*TERMINAL, now.isoformat(sep=" ")])
    text = text.strip()
    if text:
        where.append(
            "(e.event_no LIKE ? ESCAPE '\\' OR e.place LIKE ? ESCAPE '\\' "
            "OR e.description LIKE ? ESCAPE '\\')"
        )
        params.extend([_like(text)] * 3)
    rows = conn.execute(
        "SELECT e.id, e.event_no, e.reported_at, e.grid_code, coalesce(g.name, ''), "
        "coalesce(g.name_en, ''), coalesce(c.name, e.category_code), coalesce(c.name_en, ''), "
        "coalesce(i.name, ''), coalesce(i.name_en, ''), coalesce(dp.name, ''), "
        "coalesce(dp.name_en, ''), e.urgency, e.status, coalesce(e.extended_to, e.deadline_at), "
        "e.supervised FROM event e "
        "LEFT JOIN grid g ON g.code = e.grid_code "
        "LEFT JOIN event_category c ON c.code = e.category_code "
        "LEFT JOIN event_item i ON i.code = e.item_code "
        "LEFT JOIN department dp ON dp.code = e.department_code "
        f"WHERE {' AND '.join(where)} ORDER BY e.reported_at DESC, e.id DESC LIMIT ?",
        (*params, limit),
    ).fetchall()
    out = []
    for (
        row_id,
        event_no,
        reported_at,
        grid_code,
        grid_name,
        grid_name_en,
        cat,
        cat_en,
        item,
        item_en,
        dept,
        dept_en,
        urgency_,
        status_,
        deadline,
        supervised,
    ) in rows:
        deadline_at = _moment(deadline) or now
        out.append(
            EventRow(
                id=row_id,
                event_no=event_no,
                reported_at=_moment(reported_at) or now,
                grid_code=grid_code,
                grid_name=_name(grid_name, grid_name_en, lang),
                category_name=_name(cat, cat_en, lang),
                item_name=_name(item, item_en, lang),
                department_name=_name(dept, dept_en, lang),
                urgency=urgency_,
                status=status_,
                deadline=deadline_at,
                overdue=_open(status_) and deadline_at < now,
                supervised=bool(supervised),
            )
        )
    return out


# --------------------------------------------------------------------------
# One event
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class EventStepRow:
    at: datetime
    by: str
    from_status: str
    to_status: str
    action: str  # extend | supervise | "" for a move
    department_name: str
    note: str


@dataclass(frozen=True)
class EventDetail:
    id: str
    event_no: str
    grid_code: str
    grid_name: str
    reported_by: str
    reported_at: datetime
    category_code: str
    category_name: str
    item_code: str
    item_name: str
    department_code: str
    department_name: str
    urgency: str
    deadline_at: datetime  # set by the urgency
    extended_to: datetime | None
    place: str
    description: str
    photo: str
    household_id: str
    household_address: str
    status: str
    supervised: bool
    closed_at: datetime | None
    overdue: bool
    steps: tuple[EventStepRow, ...]

    @property
    def deadline(self) -> datetime:
        return self.extended_to or self.deadline_at


def event_detail(
    conn: sqlite3.Connection,
    event_id: str,
    *,
    now: datetime | None = None,
    lang: str = "zh_CN",
) -> EventDetail | None:
    """One event with every step of its history, oldest first; None if gone."""
    now = (now or datetime.now()).replace(microsecond=0)
    row = conn.execute(
        "SELECT e.id, e.event_no, e.grid_code, coalesce(g.name, ''), coalesce(g.name_en, ''), "
        "coalesce(a.display_name, ''), e.reported_at, e.category_code, "
        "coalesce(c.name, e.category_code), coalesce(c.name_en, ''), coalesce(e.item_code, ''), "
        "coalesce(i.name, ''), coalesce(i.name_en, ''), coalesce(e.department_code, ''), "
        "coalesce(dp.name, ''), coalesce(dp.name_en, ''), e.urgency, e.deadline_at, "
        "e.extended_to, e.place, e.description, e.photo, coalesce(e.household_id, ''), "
        "coalesce(h.address, ''), e.status, e.supervised, e.closed_at FROM event e "
        "LEFT JOIN grid g ON g.code = e.grid_code "
        "LEFT JOIN account a ON a.id = e.reported_by "
        "LEFT JOIN event_category c ON c.code = e.category_code "
        "LEFT JOIN event_item i ON i.code = e.item_code "
        "LEFT JOIN department dp ON dp.code = e.department_code "
        "LEFT JOIN household h ON h.id = e.household_id "
        "WHERE e.id = ? AND e.deleted = 0",
        (event_id,),
    ).fetchone()
    if row is None:
        return None
    steps = tuple(
        EventStepRow(
            at=_moment(at) or now,
            by=by,
            from_status=from_status,
            to_status=to_status,
            action=action,
            department_name=_name(dept, dept_en, lang) if dept else "",
            note=note,
        )
        for at, by, from_status, to_status, action, dept, dept_en, note in conn.execute(
            "SELECT s.at, coalesce(a.display_name, ''), s.from_status, s.to_status, s.action, "
            "coalesce(dp.name, ''), coalesce(dp.name_en, ''), s.note FROM event_step s "
            "LEFT JOIN account a ON a.id = s.by_account "
            "LEFT JOIN department dp ON dp.code = s.department_code "
            "WHERE s.event_id = ? AND s.deleted = 0 ORDER BY s.at, s.id",
            (event_id,),
        )
    )
    (
        row_id,
        event_no,
        grid_code,
        grid_name,
        grid_name_en,
        reported_by,
        reported_at,
        category_code,
        cat,
        cat_en,
        item_code,
        item,
        item_en,
        dept_code,
        dept,
        dept_en,
        urgency,
        deadline_at,
        extended_to,
        place,
        description,
        photo,
        household_id,
        address,
        status,
        supervised,
        closed_at,
    ) = row
    deadline = _moment(deadline_at) or now
    extended = _moment(extended_to)
    return EventDetail(
        id=row_id,
        event_no=event_no,
        grid_code=grid_code,
        grid_name=_name(grid_name, grid_name_en, lang),
        reported_by=reported_by,
        reported_at=_moment(reported_at) or now,
        category_code=category_code,
        category_name=_name(cat, cat_en, lang),
        item_code=item_code,
        item_name=_name(item, item_en, lang),
        department_code=dept_code,
        department_name=_name(dept, dept_en, lang),
        urgency=urgency,
        deadline_at=deadline,
        extended_to=extended,
        place=place,
        description=description,
        photo=photo,
        household_id=household_id,
        household_address=address,
        status=status,
        supervised=bool(supervised),
        closed_at=_moment(closed_at),
        overdue=_open(status) and (extended or deadline) < now,
        steps=steps,
    )
