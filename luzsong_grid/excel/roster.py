"""Importing household and person rosters (花名册) from Excel.

Two steps, so that nothing is written before a person has seen what will
happen:

1. :func:`preview` reads the workbook (see :mod:`.roster_read` for files,
   sheets and headers, :mod:`.roster_parse` for cell rules), checks every row
   against the database and returns a :class:`RosterPlan`: each row with its
   verdict (new, update, unchanged, duplicate in the file, error, skipped)
   and its reasons, and the counts. Nothing is written.
2. :func:`apply` writes the plan's accepted rows in one transaction, with
   their outbox and audit rows (:mod:`luzsong_grid.store.bulk`): all of them
   or, on any failure or cancellation, none. If the database changed since
   the preview the rows are checked again inside the transaction; when a
   verdict would differ the import stops and asks for a new preview.

:func:`write_error_report` writes the rejected rows (errors and duplicates)
to a workbook: the original row number, the reason, then the row's cells
under the original headers, so the office can correct the rows there and
import that file.

Both steps take a progress callback ``(stage, done, total)`` and a cancel
callable; the desktop client runs them off the UI thread.

Rules (README "Importing rosters" has them for offices):

* **Households.** A row with 与户主关系 = 户主 starts a household at its
  address (an existing household at that address in the grid that has no
  head yet is taken instead); the rows after it with an empty address, or
  the same address, belong to it. A member row with another address joins
  the household at that address in the file or the database, else a new
  household without a head. A 户号 column, when filled, groups rows by
  (grid, 户号) instead; a 户主身份证号 column ties each member to its head's
  household wherever the head's row is. A roster whose name column is
  户主姓名 and that has no relation column lists households: every row is a
  head.
* **Existing persons** are found by ID number, or, without one, by name,
  address and birth date in the grid. A changed phone, relation or ethnicity
  and new categories make the row an *update*; anything else *unchanged*
  (so importing a file again reports 0 new, 0 updated). Imports never clear
  a value, remove a category or move a person between households (a
  different address is noted). An ID number registered for someone of
  another name is an error.
* **Duplicates** in the file: the same ID number, or without one the same
  name, address and birth date; the first row counts, later ones are
  reported as duplicates of it.
* **Rows without an ID number** are accepted with a name and an address (or
  a head above them).
* **Grid.** A 所属网格 column may hold a grid code or name (or community name
  + grid name); an empty cell takes the default: the grid given for the
  file (``--grid``), else the worker's only grid, else the only grid in the
  database. Workers may import into their own grids only, community staff
  into the grids of their community (or street); a row naming another grid
  is an error. Supervisors only read: they cannot import at all.
"""

from __future__ import annotations

import contextlib
import gc
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from luzsong_grid import search
from luzsong_grid.domain.validation import mask_resident_id
from luzsong_grid.excel import roster_read as rr
from luzsong_grid.excel.roster_parse import (
    MSG_SKIP_EXPLANATION,
    Catalog,
    Parsed,
    Reason,
    RowData,
    address_key,
    is_explanation,
    parse_row,
)
from luzsong_grid.excel.roster_read import Header, RawSheet, cell_text, find_header
from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError, translate
from luzsong_grid.store import bulk
from luzsong_grid.store.db import Actor, Store
from luzsong_grid.store.models import Household, HouseholdTag, Person, PersonTag, Synced
from luzsong_grid.store.services import MSG_OUT_OF_SCOPE
from luzsong_grid.textkeys import normalize

__all__ = [
    "ImportCancelled",
    "ImportResult",
    "RosterPlan",
    "RosterRow",
    "SheetInfo",
    "Verdict",
    "apply",
    "preview",
    "write_error_report",
]

Progress = Callable[[str, int, int], None]
Cancel = Callable[[], bool]

MSG_NO_HEADER = QT_TRANSLATE_NOOP(
    "core",
    "No sheet of {path} has a header this app recognises: a row with a name column (姓名) "
    "and at least one of 身份证号, 住址, 联系电话 or 与户主关系 within the first 30 rows. "
    "Nothing was imported.",
)
MSG_SHEET_SKIPPED = QT_TRANSLATE_NOOP(
    "core", "Sheet “{sheet}” was skipped: it has no header with a name column (姓名)."
)
MSG_NOT_CATEGORIES = QT_TRANSLATE_NOOP(
    "core",
    "Column “{column}” of sheet “{sheet}” was not imported: most of its values ({examples}) "
    "are not categories of the tag list.",
)
MSG_NO_GRID = QT_TRANSLATE_NOOP(
    "core", "No grid: fill in 所属网格, or choose the grid for the whole file."
)
MSG_GRID_NOT_FOUND = QT_TRANSLATE_NOOP(
    "core", "“{text}” is neither the code nor the name of a grid."
)
MSG_GRID_AMBIGUOUS = QT_TRANSLATE_NOOP(
    "core", "Several grids are named “{text}”: write the grid code instead."
)
MSG_DUPLICATE_ID = QT_TRANSLATE_NOOP(
    "core", "The same ID number is already on row {row} of sheet “{sheet}”."
)
MSG_DUPLICATE_PERSON = QT_TRANSLATE_NOOP(
    "core",
    "The same person (name, address and birth date) is already on row {row} of sheet “{sheet}”.",
)
MSG_ID_OTHER_NAME = QT_TRANSLATE_NOOP(
    "core",
    "This ID number is registered for {name}, not {given}: check the ID number and the name.",
)
MSG_ID_ELSEWHERE = QT_TRANSLATE_NOOP(
    "core",
    "This ID number is registered in grid {code}, which is not one of your grids.",
)
MSG_OUTSIDE_AREA = QT_TRANSLATE_NOOP(
    "core",
    "Grid {code} is outside {area}, the area of your account: you may import only into its grids.",
)
MSG_READ_ONLY = QT_TRANSLATE_NOOP(
    "core",
    "Supervisors read and export records but do not import them: ask the community staff "
    "or an administrator to import this roster. Nothing was imported.",
)
MSG_HEAD_NEEDS_ADDRESS = QT_TRANSLATE_NOOP("core", "A head of household needs an address (住址).")
MSG_NO_HOUSEHOLD = QT_TRANSLATE_NOOP(
    "core",
    "No address, and no head of household above this row on the sheet to put the person with.",
)
MSG_HEAD_REJECTED = QT_TRANSLATE_NOOP(
    "core", "The head of this household (row {row}) was rejected, so this row cannot be placed."
)
MSG_HEAD_NOT_FOUND = QT_TRANSLATE_NOOP(
    "core",
    "The head of household ({id}) is neither in this file nor registered: add the head's row.",
)
MSG_NOT_MOVED = QT_TRANSLATE_NOOP(
    "core",
    "Registered at “{address}” (grid {code}); an import does not move people between households.",
)
MSG_CHANGED = QT_TRANSLATE_NOOP(
    "core",
    "Records were saved since the preview and it no longer holds. Preview the file again; "
    "nothing was imported.",
)
MSG_APPLIED = QT_TRANSLATE_NOOP("core", "This preview has already been imported.")
MSG_CANCELLED = QT_TRANSLATE_NOOP("core", "The import was cancelled; nothing was written.")
MSG_REPORT_LOCKED = QT_TRANSLATE_NOOP(
    "core",
    "The report {path} cannot be written: another program (Excel or WPS?) has it open, or the "
    "folder is read-only. Close it or choose another name.",
)
MSG_REPORT_FAILED = QT_TRANSLATE_NOOP("core", "The report {path} cannot be written: {error}")
MSG_REPORT_ROW = QT_TRANSLATE_NOOP("core", "Row in the roster")
MSG_REPORT_VERDICT = QT_TRANSLATE_NOOP("core", "Import verdict")
MSG_REPORT_REASON = QT_TRANSLATE_NOOP("core", "Reason for rejection")
MSG_REPORT_NONE = QT_TRANSLATE_NOOP("core", "No row was rejected.")
VERDICT_LABELS = {
    "new": QT_TRANSLATE_NOOP("core", "New person"),
    "update": QT_TRANSLATE_NOOP("core", "Updated"),
    "unchanged": QT_TRANSLATE_NOOP("core", "Already registered"),
    "duplicate": QT_TRANSLATE_NOOP("core", "Duplicate in the file"),
    "error": QT_TRANSLATE_NOOP("core", "Rejected"),
    "skipped": QT_TRANSLATE_NOOP("core", "Skipped row"),
}

CHECK_EVERY = 1000  # rows between progress reports and cancel checks
IN_CHUNK = 500  # values per SQL IN (...)


class Verdict(StrEnum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    ERROR = "error"
    SKIPPED = "skipped"


ACCEPTED = frozenset({Verdict.NEW, Verdict.UPDATE, Verdict.UNCHANGED})
REJECTED = frozenset({Verdict.DUPLICATE, Verdict.ERROR})


class ImportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__(MSG_CANCELLED)


@dataclass
class SheetInfo:
    """A sheet as the import understood it."""

    name: str
    header_rows: tuple[int, ...] = ()  # Excel row numbers; () when skipped
    labels: tuple[str, ...] = ()  # every column's header text
    columns: dict[str, str] = field(default_factory=dict)  # roster field → header text
    positions: dict[str, list[int]] = field(default_factory=dict)  # field → 0-based columns
    ignored: tuple[str, ...] = ()  # header texts that are not imported
    household_roster: bool = False


@dataclass
class RosterRow:
    """One row of the file and what the import does with it."""

    sheet: str
    row: int  # the Excel row number
    verdict: Verdict
    reasons: tuple[Reason, ...] = ()  # why it is rejected or skipped
    notes: tuple[Reason, ...] = ()  # remarks on an accepted row
    changes: tuple[str, ...] = ()  # for an update: what changes ("phone", "tag:low_income")
    data: RowData | None = None  # the checked values, when they all passed
    cells: Sequence[Any] = ()
    is_head: bool = False  # its relation cell says 户主 (even if other cells are wrong)

    @property
    def values(self) -> tuple[str, ...]:
        """The row's cells as text."""
        return tuple(cell_text(c) for c in self.cells)

    def reason_text(self, lang: str | None = None) -> str:
        sep = "; " if (lang or _lang()) == "en" else "；"
        return sep.join(r.text(lang) for r in (*self.reasons, *self.notes))


def _lang() -> str:
    from luzsong_grid.i18n import current_language

    return current_language()


@dataclass
class _Ops:
    """What applying a plan writes."""

    households: list[dict[str, Any]] = field(default_factory=list)
    persons: list[dict[str, Any]] = field(default_factory=list)
    person_tags: list[dict[str, Any]] = field(default_factory=list)
    household_tags: list[dict[str, Any]] = field(default_factory=list)
    person_patches: list[bulk.Patch] = field(default_factory=list)
    household_patches: list[bulk.Patch] = field(default_factory=list)
    changed_docs: list[tuple[str, ...]] = field(default_factory=list)

    def new_docs(self) -> list[tuple[str, ...]]:
        docs = [
            search.person_doc(
                person_id=p["id"],
                household_id=p["household_id"],
                grid_code=p["grid_code"],
                name=p["name"],
                id_number=p["id_number"],
                phone=p["phone"],
            )
            for p in self.persons
        ]
        docs += [
            search.household_doc(
                household_id=h["id"],
                grid_code=h["grid_code"],
                address=h["address"],
                household_no=h["household_no"],
            )
            for h in self.households
        ]
        return docs


@dataclass
class ImportResult:
    """What :func:`apply` wrote."""

    persons_new: int
    persons_updated: int
    households_new: int
    households_updated: int
    person_tags_new: int
    household_tags_new: int


@dataclass
class RosterPlan:
    """The preview of an import: every row's verdict, and what apply would write."""

    path: Path
    actor: Actor
    grid: str | None  # the default grid for rows without one
    kind: str  # xlsx | xls | ods
    sheets: list[SheetInfo]
    rows: list[RosterRow]
    warnings: list[Reason]
    ops: _Ops = field(repr=False)
    mark: int = field(default=0, repr=False)  # the audit log's last seq at preview time
    applied: bool = False

    def counts(self) -> dict[str, int]:
        out = {v.value: 0 for v in Verdict}
        for row in self.rows:
            out[row.verdict.value] += 1
        return out

    @property
    def households_new(self) -> int:
        return len(self.ops.households)

    @property
    def person_tags_new(self) -> int:
        return len(self.ops.person_tags)

    @property
    def household_tags_new(self) -> int:
        return len(self.ops.household_tags)

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.rows if r.verdict in ACCEPTED)

    @property
    def changes(self) -> int:
        """Rows that would write something (new or update)."""
        return sum(1 for r in self.rows if r.verdict in (Verdict.NEW, Verdict.UPDATE))

    def rejected(self) -> list[RosterRow]:
        return [r for r in self.rows if r.verdict in REJECTED]

    def summary(self, lang: str | None = None, *, rows: bool = True) -> dict[str, Any]:
        """A JSON-ready description of the plan (rows: each row's verdict and reasons)."""
        out: dict[str, Any] = {
            "file": str(self.path),
            "kind": self.kind,
            "grid": self.grid,
            "counts": self.counts(),
            "households_new": self.households_new,
            "person_tags_new": self.person_tags_new,
            "household_tags_new": self.household_tags_new,
            "sheets": [
                {
                    "name": s.name,
                    "header_rows": list(s.header_rows),
                    "columns": s.columns,
                    "ignored": list(s.ignored),
                }
                for s in self.sheets
            ],
            "warnings": [w.text(lang) for w in self.warnings],
        }
        if rows:
            out["rows"] = [
                {
                    "sheet": r.sheet,
                    "row": r.row,
                    "verdict": r.verdict.value,
                    "reasons": [x.text(lang) for x in r.reasons],
                    "notes": [x.text(lang) for x in r.notes],
                    "changes": list(r.changes),
                }
                for r in self.rows
            ]
        return out


# --------------------------------------------------------------------------
# Preview
# --------------------------------------------------------------------------


def _ticker(progress: Progress | None, cancel: Cancel | None) -> Callable[[str, int, int], None]:
    def tick(stage: str, done: int, total: int) -> None:
        if cancel is not None and cancel():
            raise ImportCancelled()
        if progress is not None:
            progress(stage, done, total)

    return tick


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while tens of thousands of rows are made:
    the rows make no cycles, and each full collection would scan them all
    (a third of the preview's time at 50,000 rows)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _mark(conn: sqlite3.Connection) -> int:
    (seq,) = conn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()
    return int(seq)


def preview(
    store: Store,
    path: Path | str,
    *,
    actor: Actor,
    grid: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    today: date | None = None,
) -> RosterPlan:
    """Read and check a roster; write nothing. ``grid`` (code or name) is the
    grid of rows that name none. Raises UserError for a file that cannot be
    imported at all (not Excel, password, locked, no header)."""
    tick = _ticker(progress, cancel)
    tick("read", 0, 1)
    with _gc_paused():
        book = rr.load_workbook(path)
        tick("read", 1, 1)
        conn = store.raw(readonly=True)
        try:
            mark = _mark(conn)
            catalog = Catalog.load(conn)
            snapshot = _Territory.load(conn, actor)
            default = snapshot.default_grid(grid, actor)
            sheets, rows, warnings = _parse(book, catalog, today or date.today(), tick)
            ops = _resolve(conn, rows, snapshot, default, tick)
        finally:
            conn.close()
    return RosterPlan(
        path=Path(path),
        actor=actor,
        grid=default,
        kind=book.kind,
        sheets=sheets,
        rows=rows,
        warnings=warnings,
        ops=ops,
        mark=mark,
    )


def _drop_foreign_category_columns(
    sheet: RawSheet, header: Header, catalog: Catalog
) -> list[Reason]:
    """A column headed 类别 whose values are mostly not tags (低保 classes A类/B类,
    残疾类别 肢体/视力) is another kind of category: it is left out with a
    warning instead of rejecting every row. A column of tags with a stray
    unknown word still rejects that row."""
    warnings: list[Reason] = []
    last = max(header.rows)
    for col in list(header.columns.get(rr.TAGS, [])):
        texts = [cell_text(cells[col]) for number, cells in sheet.rows if number > last]
        texts = [t for t in texts if t]
        foreign = []
        for text in texts:
            person, household, unknown = catalog.split_tags(text)
            if unknown and not person and not household:
                foreign.append(text)
        if texts and len(foreign) * 2 > len(texts):
            header.columns[rr.TAGS].remove(col)
            header.ignored.append(header.labels[col])
            examples = "、".join(list(dict.fromkeys(foreign))[:3])
            column = header.labels[col]
            warnings.append(
                Reason.of(MSG_NOT_CATEGORIES, column=column, sheet=sheet.name, examples=examples)
            )
    remaining = header.columns.get(rr.TAGS)
    if remaining:
        header.first[rr.TAGS] = remaining[0]
    elif rr.TAGS in header.columns:
        del header.columns[rr.TAGS]
        header.first.pop(rr.TAGS, None)
    return warnings


def _parse(
    book: rr.Workbook, catalog: Catalog, today: date, tick: Callable[[str, int, int], None]
) -> tuple[list[SheetInfo], list[RosterRow], list[Reason]]:
    warnings: list[Reason] = []
    if book.open_elsewhere:
        warnings.append(Reason.of(rr.MSG_OPEN_ELSEWHERE))
    sheets: list[SheetInfo] = []
    headers: list[tuple[RawSheet, Header]] = []
    for sheet in book.sheets:
        if not sheet.rows:
            continue
        header = find_header(sheet, is_tag=lambda word: catalog.tag(word) is not None)
        if header is None:
            sheets.append(SheetInfo(name=sheet.name))
            warnings.append(Reason.of(MSG_SHEET_SKIPPED, sheet=sheet.name))
            continue
        warnings.extend(_drop_foreign_category_columns(sheet, header, catalog))
        headers.append((sheet, header))
        sheets.append(
            SheetInfo(
                name=sheet.name,
                header_rows=header.rows,
                labels=tuple(header.labels),
                columns={k: header.labels[v[0]] for k, v in header.columns.items()},
                positions={k: list(v) for k, v in header.columns.items()},
                ignored=tuple(header.ignored),
                household_roster=header.household_roster,
            )
        )
    if not headers:
        raise UserError(MSG_NO_HEADER, path=str(book.path))
    total = sum(len(s.rows) for s, _h in headers)
    done = 0
    rows: list[RosterRow] = []
    for sheet, header in headers:
        mapped = sorted({c for cols in header.columns.values() for c in cols})
        last_header = max(header.rows)
        after = 0
        width = len(header.labels)
        for number, cells in sheet.rows:
            done += 1
            if done % CHECK_EVERY == 0:
                tick("check", done, total)
            if number <= last_header:
                continue
            after += 1
            kept = cells[:width]
            if after <= 3 and is_explanation(cells, header):
                parsed = Parsed("skipped", notes=[Reason.of(MSG_SKIP_EXPLANATION)])
            else:
                parsed = parse_row(cells, header, catalog, mapped=mapped, today=today)
            if parsed.kind == "blank":
                after -= 1
                continue
            if parsed.kind == "skipped":
                rows.append(
                    RosterRow(sheet.name, number, Verdict.SKIPPED, tuple(parsed.notes), cells=kept)
                )
            elif parsed.errors:
                rows.append(
                    RosterRow(
                        sheet.name,
                        number,
                        Verdict.ERROR,
                        tuple(parsed.errors),
                        tuple(parsed.notes),
                        cells=kept,
                        is_head=parsed.data is not None and parsed.data.is_head,
                    )
                )
            else:
                rows.append(
                    RosterRow(
                        sheet.name,
                        number,
                        Verdict.NEW,
                        notes=tuple(parsed.notes),
                        data=parsed.data,
                        cells=kept,
                        is_head=parsed.data is not None and parsed.data.is_head,
                    )
                )
    tick("check", total, total)
    return sheets, rows, warnings


# --------------------------------------------------------------------------
# Checking rows against the database
# --------------------------------------------------------------------------


@dataclass
class _Territory:
    """Grids by code and name, and the grids the actor may write to."""

    grids: dict[str, str]  # code → name
    by_name: dict[str, list[str]]  # normalised name → codes
    allowed: set[str] | None  # None: every grid
    area: str = ""  # staff: their community's (or street's) name; "" for workers
    _found: dict[str, tuple[str | None, Reason | None]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, conn: sqlite3.Connection, actor: Actor) -> _Territory:
        if actor.role == "supervisor":
            raise UserError(MSG_READ_ONLY)
        rows = conn.execute(
            "SELECT g.code, g.name, coalesce(c.name, ''), g.community_code, "
            "coalesce(c.street_code, '') FROM grid g "
            "LEFT JOIN community c ON c.code = g.community_code WHERE g.deleted = 0"
        ).fetchall()
        grids = {str(code): str(name) for code, name, *_rest in rows}
        by_name: dict[str, list[str]] = {}
        for code, name, community, *_rest in rows:
            for text in {name, community + name}:
                codes = by_name.setdefault(normalize(text), [])
                if code not in codes:
                    codes.append(str(code))
        allowed: set[str] | None = None
        area = ""
        if actor.role == "worker":
            allowed = {
                str(code)
                for (code,) in conn.execute(
                    "SELECT grid_code FROM account_grid WHERE account_id = ? AND deleted = 0",
                    (actor.account_id,),
                )
            }
        elif actor.role not in ("admin", "system"):
            # Community staff (and any other account): the grids of the
            # community or street the account belongs to.
            found = conn.execute(
                "SELECT scope_code FROM account WHERE id = ? AND deleted = 0 AND disabled = 0",
                (actor.account_id,),
            ).fetchone()
            scope = str(found[0] or "") if found else ""
            allowed = {
                str(code)
                for code, _name, _community, community_code, street_code in rows
                if scope and scope in (community_code, street_code)
            }
            table = "community" if len(scope) == 12 else "street"
            named = conn.execute(f"SELECT name FROM {table} WHERE code = ?", (scope,)).fetchone()
            area = str(named[0]) if named else scope or "—"
        return cls(grids=grids, by_name=by_name, allowed=allowed, area=area)

    def outside(self, code: str, column: str = "") -> Reason | None:
        """Why the actor may not import into grid ``code`` (None: they may)."""
        if self.allowed is None or code in self.allowed:
            return None
        if self.area:
            return Reason.of(MSG_OUTSIDE_AREA, column, code=code, area=self.area)
        return Reason.of(MSG_OUT_OF_SCOPE, column, code=code)

    def find(self, text: str) -> tuple[str | None, Reason | None]:
        """The grid a 所属网格 cell names (the same few texts on every row: each
        looked up once)."""
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = self._find(text)
        return found

    def _find(self, text: str) -> tuple[str | None, Reason | None]:
        text = text.strip()
        key = normalize(text)
        if key in self.grids:
            return key, None
        codes = self.by_name.get(key, [])
        if len(codes) == 1:
            return codes[0], None
        if len(codes) > 1:
            return None, Reason.of(MSG_GRID_AMBIGUOUS, rr.GRID, text=text)
        return None, Reason.of(MSG_GRID_NOT_FOUND, rr.GRID, text=text)

    def default_grid(self, given: str | None, actor: Actor) -> str | None:
        if given:
            code, problem = self.find(given)
            if code is None:
                assert problem is not None
                raise UserError(problem.message, **dict(problem.params))
            refused = self.outside(code)
            if refused is not None:
                raise UserError(refused.message, **dict(refused.params))
            return code
        if self.allowed is not None and len(self.allowed) == 1:
            return next(iter(self.allowed))
        if len(self.grids) == 1:
            return next(iter(self.grids))
        return None


@dataclass(slots=True)
class _Person:
    id: str
    household_id: str
    grid_code: str
    name: str
    id_number: str
    phone: str
    relation: str
    ethnicity: str
    version: int
    field_hlc: str | None
    tags: set[str] = field(default_factory=set)
    row: int = 0  # the plan row that made or found it (for duplicates)


@dataclass(slots=True)
class _Household:
    id: str
    grid_code: str
    address: str
    address_key: str
    household_no: str
    head_person_id: str | None
    version: int = 1
    field_hlc: str | None = None
    new: bool = False
    tags: set[str] = field(default_factory=set)
    record: dict[str, Any] | None = None  # the row to insert, for a new household
    head_row: int | None = None  # plan row of its head, when that row is in the file
    rejected_head: bool = False


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))


class _Resolver:
    """Turns checked rows into verdicts and the writes that carry them out."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        rows: list[RosterRow],
        territory: _Territory,
        default: str | None,
    ) -> None:
        self.conn = conn
        self.rows = rows
        self.territory = territory
        self.default = default
        self.ops = _Ops()
        self.today = date.today()
        self.persons: dict[str, _Person] = {}  # ID number → existing or new person
        self.by_key: dict[tuple[str, str, str, str], _Person] = {}  # no-ID persons
        self.households: dict[str, _Household] = {}
        self.by_address: dict[tuple[str, str], list[_Household]] = {}
        self.by_no: dict[tuple[str, str], _Household] = {}
        self.head_of: dict[str, _Household] = {}  # head's ID number → household
        self.grid_of: dict[int, str] = {}  # row index → grid code
        self._ids: list[str] = []

    def _new_id(self) -> str:
        if not self._ids:
            self._ids = bulk.new_ids(4096)[::-1]
        return self._ids.pop()

    # ---- loading what the rows need

    def load(self) -> None:
        ids: set[str] = set()
        grids: set[str] = set()
        for index, row in enumerate(self.rows):
            data = row.data
            if data is None:
                continue
            if data.grid:
                code, problem = self.territory.find(data.grid)
            elif self.default:
                code, problem = self.default, None
            else:
                code, problem = None, Reason.of(MSG_NO_GRID, rr.GRID)
            if code is not None:
                refused = self.territory.outside(code, rr.GRID)
                if refused is not None:
                    code, problem = None, refused
            if code is None:
                self._reject(row, problem or Reason.of(MSG_NO_GRID, rr.GRID))
                continue
            self.grid_of[index] = code
            grids.add(code)
            if data.id_number:
                ids.add(data.id_number)
            if data.head_id:
                ids.add(data.head_id)
        self._load_persons(sorted(ids))
        self._load_households(sorted(grids))
        self._load_keyed(sorted(grids))
        self._load_tags()

    def _load_persons(self, ids: list[str]) -> None:
        for chunk in _chunks(ids):
            for values in self.conn.execute(
                "SELECT id, household_id, grid_code, name, id_number, phone, relation, "
                "ethnicity, version, field_hlc FROM person WHERE deleted = 0 "
                f"AND id_number IN ({_marks(len(chunk))})",
                tuple(chunk),
            ):
                person = _Person(*values)
                self.persons.setdefault(person.id_number, person)

    def _add_household(self, household: _Household) -> None:
        self.households[household.id] = household
        key = (household.grid_code, household.address_key)
        self.by_address.setdefault(key, []).append(household)
        if household.household_no:
            self.by_no.setdefault((household.grid_code, household.household_no), household)

    def _household_row(self, values: Sequence[Any]) -> _Household:
        hid, grid, address, household_no, head, version, field_hlc = values
        return _Household(
            id=hid,
            grid_code=grid,
            address=address,
            address_key=address_key(address),
            household_no=household_no or "",
            head_person_id=head,
            version=version,
            field_hlc=field_hlc,
        )

    _HOUSEHOLD_SQL = (
        "SELECT id, grid_code, address, household_no, head_person_id, version, field_hlc "
        "FROM household WHERE deleted = 0 "
    )

    def _load_households(self, grids: list[str]) -> None:
        for chunk in _chunks(grids):
            sql = self._HOUSEHOLD_SQL + f"AND grid_code IN ({_marks(len(chunk))}) ORDER BY rowid"
            for values in self.conn.execute(sql, tuple(chunk)):
                self._add_household(self._household_row(values))
        missing = sorted({p.household_id for p in self.persons.values()} - set(self.households))
        for chunk in _chunks(missing):
            sql = self._HOUSEHOLD_SQL + f"AND id IN ({_marks(len(chunk))})"
            for values in self.conn.execute(sql, tuple(chunk)):
                self._add_household(self._household_row(values))

    def _load_keyed(self, grids: list[str]) -> None:
        """Persons without an ID number, by grid, address, name and birth date."""
        for chunk in _chunks(grids):
            for values in self.conn.execute(
                "SELECT p.id, p.household_id, p.grid_code, p.name, p.id_number, p.phone, "
                "p.relation, p.ethnicity, p.version, p.field_hlc, p.birth_date, h.address "
                "FROM person p JOIN household h ON h.id = p.household_id "
                "WHERE p.deleted = 0 AND p.id_number = '' "
                f"AND p.grid_code IN ({_marks(len(chunk))})",
                tuple(chunk),
            ):
                person = _Person(*values[:10])
                birth = str(values[10] or "")
                key = (person.grid_code, address_key(values[11]), _name_key(person.name), birth)
                self.by_key.setdefault(key, person)

    def _load_tags(self) -> None:
        people: dict[str, _Person] = {p.id: p for p in self.persons.values()}
        people.update({p.id: p for p in self.by_key.values()})
        person_ids = sorted(people)
        for chunk in _chunks(person_ids):
            for pid, code in self.conn.execute(
                "SELECT person_id, tag_code FROM person_tag WHERE deleted = 0 "
                f"AND person_id IN ({_marks(len(chunk))})",
                tuple(chunk),
            ):
                people[pid].tags.add(code)
        household_ids = sorted(self.households)
        for chunk in _chunks(household_ids):
            for hid, code in self.conn.execute(
                "SELECT household_id, tag_code FROM household_tag WHERE deleted = 0 "
                f"AND household_id IN ({_marks(len(chunk))})",
                tuple(chunk),
            ):
                self.households[hid].tags.add(code)

    # ---- verdicts

    def _reject(self, row: RosterRow, *reasons: Reason) -> None:
        row.verdict = Verdict.ERROR
        row.reasons = (*row.reasons, *reasons)

    def run(self, tick: Callable[[str, int, int], None]) -> _Ops:
        self.load()
        # Per sheet: the household that rows without an address join, or the
        # row number of a rejected head (its members cannot be placed).
        context: dict[str, _Household | int | None] = {}
        sheet_grid: dict[str, str] = {}
        deferred: list[int] = []
        total = len(self.rows)
        for index, row in enumerate(self.rows):
            if index % CHECK_EVERY == 0:
                tick("check", index, total)
            data = row.data
            if data is None or index not in self.grid_of:
                if row.verdict == Verdict.ERROR and row.is_head:
                    context[row.sheet] = row.row
                continue
            grid = self.grid_of[index]
            if sheet_grid.get(row.sheet) != grid:
                sheet_grid[row.sheet] = grid
                context[row.sheet] = None
            if data.head_id and data.head_id != data.id_number and data.head_id not in self.head_of:
                deferred.append(index)  # the head's row may come later
                continue
            household = self._row(index, row, data, grid, context.get(row.sheet))
            if row.verdict == Verdict.ERROR and data.is_head:
                context[row.sheet] = row.row
            elif household is not None:
                context[row.sheet] = household
        for index in deferred:
            row = self.rows[index]
            assert row.data is not None
            self._row(index, row, row.data, self.grid_of[index], None)
        tick("check", total, total)
        return self.ops

    def _row(
        self,
        index: int,
        row: RosterRow,
        data: RowData,
        grid: str,
        context: _Household | int | None,
    ) -> _Household | None:
        """Decide one row; returns the household later rows of the sheet attach to."""
        existing: _Person | None = None
        if data.id_number:
            existing = self.persons.get(data.id_number)
            if existing is not None and existing.row:
                return self._duplicate(row, existing, MSG_DUPLICATE_ID, data)
        else:
            household_hint = self._hint(data, grid, context)
            address = data.address_key or (household_hint.address_key if household_hint else "")
            key = (grid, address, _name_key(data.name), _iso(data.birth_date))
            existing = self.by_key.get(key)
            if existing is not None and existing.row:
                return self._duplicate(row, existing, MSG_DUPLICATE_PERSON, data)
        if existing is not None:
            return self._existing(index, row, data, grid, existing)
        return self._new(index, row, data, grid, context)

    def _duplicate(
        self, row: RosterRow, first: _Person, message: str, data: RowData
    ) -> _Household | None:
        original = self.rows[first.row - 1]
        row.verdict = Verdict.DUPLICATE
        row.reasons = (Reason.of(message, row=original.row, sheet=original.sheet),)
        household = self.households.get(first.household_id)
        return household if data.is_head else None

    def _hint(
        self, data: RowData, grid: str, context: _Household | int | None
    ) -> _Household | None:
        if data.household_no:
            return self.by_no.get((grid, data.household_no))
        if data.head_id:
            return self.head_of.get(data.head_id)
        if not data.address_key and isinstance(context, _Household):
            return context
        return None

    def _existing(
        self, index: int, row: RosterRow, data: RowData, grid: str, person: _Person
    ) -> _Household | None:
        if _name_key(person.name) != _name_key(data.name):
            reason = Reason.of(MSG_ID_OTHER_NAME, rr.ID_NUMBER, name=person.name, given=data.name)
            self._reject(row, reason)
            return None
        allowed = self.territory.allowed
        if allowed is not None and person.grid_code not in allowed:
            self._reject(row, Reason.of(MSG_ID_ELSEWHERE, rr.ID_NUMBER, code=person.grid_code))
            return None
        person.row = index + 1
        household = self.households.get(person.household_id)
        changes: dict[str, tuple[Any, Any]] = {}
        if data.phone and data.phone != person.phone:
            changes["phone"] = (person.phone, data.phone)
        if data.relation and data.relation != person.relation:
            changes["relation"] = (person.relation, data.relation)
        if data.ethnicity and data.ethnicity != person.ethnicity:
            changes["ethnicity"] = (person.ethnicity, data.ethnicity)
        labels = list(changes)
        if changes:
            self.ops.person_patches.append(
                bulk.Patch(person.id, person.version, person.field_hlc, changes)
            )
            person.phone = data.phone or person.phone
            person.relation = data.relation or person.relation
            person.ethnicity = data.ethnicity or person.ethnicity
            if "phone" in changes and household is not None:
                self.ops.changed_docs.append(
                    search.person_doc(
                        person_id=person.id,
                        household_id=person.household_id,
                        grid_code=person.grid_code,
                        name=person.name,
                        id_number=person.id_number,
                        phone=person.phone,
                    )
                )
        for code in data.person_tags:
            if code not in person.tags:
                person.tags.add(code)
                labels.append(f"tag:{code}")
                self._person_tag(person.id, code, person.grid_code)
        if household is not None:
            for code in data.household_tags:
                if code not in household.tags:
                    labels.append(f"tag:{code}")
                    self._household_tag(household, code)
            if data.is_head and household.head_person_id is None:
                self._set_head(household, person.id)
                labels.append("head")
            moved = data.address_key and data.address_key != household.address_key
            if moved or (data.grid and grid != household.grid_code):
                row.notes = (
                    *row.notes,
                    Reason.of(MSG_NOT_MOVED, address=household.address, code=household.grid_code),
                )
        row.verdict = Verdict.UPDATE if labels else Verdict.UNCHANGED
        row.changes = tuple(labels)
        if data.is_head and household is not None:
            self.head_of[data.id_number] = household
        return household if data.is_head or data.address_key else None

    def _set_head(self, household: _Household, person_id: str) -> None:
        if household.new and household.record is not None:
            household.record["head_person_id"] = person_id
        else:
            self.ops.household_patches.append(
                bulk.Patch(
                    household.id,
                    household.version,
                    household.field_hlc,
                    {"head_person_id": (household.head_person_id, person_id)},
                )
            )
        household.head_person_id = person_id

    def _new_household(self, data: RowData, grid: str) -> _Household:
        hid = self._new_id()
        record = {
            "id": hid,
            "grid_code": grid,
            "household_no": data.household_no,
            "address": data.address,
            "head_person_id": None,
            "phone": "",
            "note": "",
        }
        household = _Household(
            id=hid,
            grid_code=grid,
            address=data.address,
            address_key=data.address_key,
            household_no=data.household_no,
            head_person_id=None,
            new=True,
            record=record,
        )
        self.ops.households.append(record)
        self._add_household(household)
        return household

    def _at_address(self, data: RowData, grid: str, *, headless: bool) -> _Household | None:
        """The household at the row's address: the latest made from this file,
        else the first registered one (for a head: one that has no head yet)."""
        found = self.by_address.get((grid, data.address_key), [])
        made = [h for h in found if h.new]
        registered = [h for h in found if not h.new]
        for group in (made[::-1], registered):
            for household in group:
                if not headless or household.head_person_id is None:
                    return household
        return None

    def _place(
        self, row: RosterRow, data: RowData, grid: str, context: _Household | int | None
    ) -> _Household | None:
        """The household a new person joins (made if needed), or None after rejecting."""
        if data.household_no:
            household = self.by_no.get((grid, data.household_no))
            if household is not None:
                return household
            if not data.address:
                self._reject(row, Reason.of(MSG_HEAD_NEEDS_ADDRESS, rr.ADDRESS))
                return None
            return self._new_household(data, grid)
        if data.head_id and data.head_id != data.id_number:
            household = self.head_of.get(data.head_id)
            if household is None:
                registered = self.persons.get(data.head_id)
                if registered is not None:
                    household = self.households.get(registered.household_id)
            if household is None:
                masked = mask_resident_id(data.head_id)
                self._reject(row, Reason.of(MSG_HEAD_NOT_FOUND, rr.HEAD_ID, id=masked))
            return household
        if data.is_head:
            if not data.address:
                self._reject(row, Reason.of(MSG_HEAD_NEEDS_ADDRESS, rr.ADDRESS))
                return None
            found = self._at_address(data, grid, headless=True)
            return found if found is not None else self._new_household(data, grid)
        if not data.address:
            if isinstance(context, _Household):
                return context
            if isinstance(context, int):
                self._reject(row, Reason.of(MSG_HEAD_REJECTED, row=context))
            else:
                self._reject(row, Reason.of(MSG_NO_HOUSEHOLD, rr.ADDRESS))
            return None
        if (
            isinstance(context, _Household)
            and context.address_key == data.address_key
            and context.grid_code == grid
        ):
            return context
        found = self._at_address(data, grid, headless=False)
        return found if found is not None else self._new_household(data, grid)

    def _new(
        self,
        index: int,
        row: RosterRow,
        data: RowData,
        grid: str,
        context: _Household | int | None,
    ) -> _Household | None:
        household = self._place(row, data, grid, context)
        if household is None:
            return None
        pid = self._new_id()
        record = {
            "id": pid,
            "household_id": household.id,
            "grid_code": household.grid_code,
            "name": data.name,
            "id_number": data.id_number,
            "gender": data.gender,
            "birth_date": data.birth_date,
            "phone": data.phone,
            "relation": data.relation,
            "ethnicity": data.ethnicity,
            "note": data.note,
            "deceased": data.deceased,
            "moved_out": data.moved_out,
        }
        self.ops.persons.append(record)
        person = _Person(
            id=pid,
            household_id=household.id,
            grid_code=household.grid_code,
            name=data.name,
            id_number=data.id_number,
            phone=data.phone,
            relation=data.relation,
            ethnicity=data.ethnicity,
            version=1,
            field_hlc=None,
            tags=set(data.person_tags),
            row=index + 1,
        )
        if data.id_number:
            self.persons[data.id_number] = person
        else:
            key = (grid, household.address_key, _name_key(data.name), _iso(data.birth_date))
            self.by_key[key] = person
        for code in data.person_tags:
            self._person_tag(pid, code, household.grid_code)
        for code in data.household_tags:
            if code not in household.tags:
                self._household_tag(household, code)
        if data.is_head:
            if household.head_person_id is None:
                self._set_head(household, pid)
            if data.id_number:
                self.head_of[data.id_number] = household
        row.verdict = Verdict.NEW
        return household

    def _person_tag(self, person_id: str, code: str, grid: str) -> None:
        self.ops.person_tags.append(
            {
                "person_id": person_id,
                "tag_code": code,
                "grid_code": grid,
                "attrs": "{}",
                "since": self.today,
            }
        )

    def _household_tag(self, household: _Household, code: str) -> None:
        household.tags.add(code)
        self.ops.household_tags.append(
            {
                "household_id": household.id,
                "tag_code": code,
                "grid_code": household.grid_code,
                "attrs": "{}",
                "since": self.today,
            }
        )


def _name_key(name: str) -> str:
    return "".join(name.split())


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _resolve(
    conn: sqlite3.Connection,
    rows: list[RosterRow],
    territory: _Territory,
    default: str | None,
    tick: Callable[[str, int, int], None],
) -> _Ops:
    for row in rows:  # a second run starts from the parse result again
        if row.data is not None:
            row.verdict, row.reasons, row.changes = Verdict.NEW, (), ()
            row.notes = tuple(n for n in row.notes if n.message != MSG_NOT_MOVED)
    return _Resolver(conn, rows, territory, default).run(tick)


# --------------------------------------------------------------------------
# Apply
# --------------------------------------------------------------------------


def apply(
    store: Store,
    plan: RosterPlan,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportResult:
    """Write the plan's accepted rows in one transaction (all or nothing)."""
    if plan.applied:
        raise UserError(MSG_APPLIED)
    if plan.actor.role == "supervisor":
        raise UserError(MSG_READ_ONLY)
    tick = _ticker(progress, cancel)
    steps = 7
    with _gc_paused(), store.session(actor=plan.actor) as session:
        conn = bulk.raw_connection(session)
        ops = plan.ops
        if _mark(conn) != plan.mark:
            before = [(r.verdict, r.changes) for r in plan.rows]
            territory = _Territory.load(conn, plan.actor)
            ops = _resolve(conn, plan.rows, territory, plan.grid, tick)
            if [(r.verdict, r.changes) for r in plan.rows] != before:
                raise UserError(MSG_CHANGED)
        bulk.checkpoint_in_background(session)
        with bulk.roomy_cache(session):
            tick("write", 0, steps)
            tables: list[tuple[type[Synced], list[dict[str, Any]]]] = [
                (Household, ops.households),
                (Person, ops.persons),
                (PersonTag, ops.person_tags),
                (HouseholdTag, ops.household_tags),
            ]
            # The search index is fed (in SQLite, without the interpreter
            # lock) while the rows are made ready; then they are written.
            feed = bulk.start_search_docs(session, ops.new_docs())
            try:
                batches = [bulk.prepare_insert(session, m, records) for m, records in tables]
            finally:
                feed.finish()
            tick("write", 1, steps)
            for step, batch in enumerate(batches, 2):
                batch.run(conn)
                tick("write", step, steps)
            persons_updated = bulk.patch_rows(session, Person, ops.person_patches)
            households_updated = bulk.patch_rows(session, Household, ops.household_patches)
            if ops.changed_docs:
                conn.executemany(search.UPSERT_DOC_SQL, ops.changed_docs)
            tick("write", 6, steps)
    plan.applied = True
    if progress is not None:  # committed: too late to cancel
        progress("write", steps, steps)
    return ImportResult(
        persons_new=len(ops.persons),
        persons_updated=persons_updated,
        households_new=len(ops.households),
        households_updated=households_updated,
        person_tags_new=len(ops.person_tags),
        household_tags_new=len(ops.household_tags),
    )


# --------------------------------------------------------------------------
# Error report
# --------------------------------------------------------------------------


def _sheet_title(name: str, used: set[str]) -> str:
    base = "".join(c for c in name if c not in "[]:*?/\\")[:28] or "Sheet"
    title, n = base, 1
    while title.lower() in used:
        n += 1
        title = f"{base[:25]}_{n}"
    used.add(title.lower())
    return title


def write_error_report(plan: RosterPlan, path: Path | str, *, lang: str | None = None) -> int:
    """Write every rejected row (errors and duplicates) to a workbook: the
    original row number, the verdict, the reason, then the row's cells under
    the original headers, one sheet per sheet of the roster. Returns the
    number of rows written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    path = Path(path)
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    rejected = plan.rejected()
    by_sheet: dict[str, list[RosterRow]] = {}
    for row in rejected:
        by_sheet.setdefault(row.sheet, []).append(row)
    if not by_sheet:
        by_sheet[plan.sheets[0].name if plan.sheets else "Sheet1"] = []
    infos = {s.name: s for s in plan.sheets}
    fixed = [
        translate("core", text, lang)
        for text in (MSG_REPORT_ROW, MSG_REPORT_VERDICT, MSG_REPORT_REASON)
    ]
    used: set[str] = set()
    for name, rows in by_sheet.items():
        info = infos.get(name, SheetInfo(name=name))
        sheet = book.create_sheet(_sheet_title(name, used))
        width = max([len(info.labels)] + [len(r.cells) for r in rows])
        labels = list(info.labels) + [""] * (width - len(info.labels))
        header = []
        for text in (*fixed, *labels):
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        if not rows:
            sheet.append(["", "", translate("core", MSG_REPORT_NONE, lang)])
        for row in rows:
            verdict = translate("core", VERDICT_LABELS[row.verdict.value], lang)
            values = list(row.values) + [""] * (width - len(row.cells))
            sheet.append([row.row, verdict, row.reason_text(lang), *values])
    try:
        book.save(path)
    except PermissionError:
        raise UserError(MSG_REPORT_LOCKED, path=str(path)) from None
    except OSError as exc:
        raise UserError(MSG_REPORT_FAILED, path=str(path), error=exc.strerror or str(exc)) from None
    return len(rejected)
