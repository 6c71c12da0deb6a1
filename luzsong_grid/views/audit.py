"""The audit trail for reading: who changed what, when, from which device."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from luzsong_grid.domain import workflow
from luzsong_grid.i18n import QT_TRANSLATE_NOOP, translate
from luzsong_grid.store.db import OPERATIONAL_ERRORS
from luzsong_grid.views.households import catalog_labels

# What kind of record a table's rows are.
TABLE_LABELS: dict[str, str] = {
    "household": QT_TRANSLATE_NOOP("core", "Household"),
    "person": QT_TRANSLATE_NOOP("core", "Person"),
    "visit": QT_TRANSLATE_NOOP("core", "Visit"),
    "service_tally": QT_TRANSLATE_NOOP("core", "Services"),
    "dispute": QT_TRANSLATE_NOOP("core", "Dispute"),
    "dispute_party": QT_TRANSLATE_NOOP("core", "Dispute party"),
    "dispute_step": QT_TRANSLATE_NOOP("core", "Dispute step"),
    "dispute_followup": QT_TRANSLATE_NOOP("core", "Follow-up visit"),
    "event": QT_TRANSLATE_NOOP("core", "Event"),
    "event_step": QT_TRANSLATE_NOOP("core", "Event step"),
    "person_tag": QT_TRANSLATE_NOOP("core", "Person's category"),
    "household_tag": QT_TRANSLATE_NOOP("core", "Household's category"),
    "account": QT_TRANSLATE_NOOP("core", "Account"),
    "account_grid": QT_TRANSLATE_NOOP("core", "Account's grid"),
    "visit_rule": QT_TRANSLATE_NOOP("core", "Visit rule"),
    "tag": QT_TRANSLATE_NOOP("core", "Category"),
    "catalogs": QT_TRANSLATE_NOOP("core", "Catalogues"),
    "demo": QT_TRANSLATE_NOOP("core", "Demo district"),
}

# What a changed field is called, in the order a reader wants them.
FIELD_LABELS: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("core", "Name"),
    "address": QT_TRANSLATE_NOOP("core", "Address"),
    "case_no": QT_TRANSLATE_NOOP("core", "Case no."),
    "event_no": QT_TRANSLATE_NOOP("core", "Event no."),
    "status": QT_TRANSLATE_NOOP("core", "Status"),
    "from_status": QT_TRANSLATE_NOOP("core", "From"),
    "to_status": QT_TRANSLATE_NOOP("core", "To"),
    "action": QT_TRANSLATE_NOOP("core", "Action"),
    "visited_at": QT_TRANSLATE_NOOP("core", "Visited at"),
    "kind": QT_TRANSLATE_NOOP("core", "Kind"),
    "findings": QT_TRANSLATE_NOOP("core", "Findings"),
    "action_taken": QT_TRANSLATE_NOOP("core", "Action taken"),
    "summary": QT_TRANSLATE_NOOP("core", "Summary"),
    "description": QT_TRANSLATE_NOOP("core", "Description"),
    "place": QT_TRANSLATE_NOOP("core", "Place"),
    "id_number": QT_TRANSLATE_NOOP("core", "ID number"),
    "phone": QT_TRANSLATE_NOOP("core", "Phone"),
    "gender": QT_TRANSLATE_NOOP("core", "Gender"),
    "birth_date": QT_TRANSLATE_NOOP("core", "Birth date"),
    "relation": QT_TRANSLATE_NOOP("core", "Relation to the head"),
    "tag_code": QT_TRANSLATE_NOOP("core", "Category"),
    "type_code": QT_TRANSLATE_NOOP("core", "Type"),
    "count": QT_TRANSLATE_NOOP("core", "Count"),
    "done_on": QT_TRANSLATE_NOOP("core", "Done on"),
    "due_on": QT_TRANSLATE_NOOP("core", "Due on"),
    "deadline": QT_TRANSLATE_NOOP("core", "Deadline"),
    "deadline_at": QT_TRANSLATE_NOOP("core", "Deadline"),
    "result": QT_TRANSLATE_NOOP("core", "Result"),
    "grid_code": QT_TRANSLATE_NOOP("core", "Grid"),
    "voided": QT_TRANSLATE_NOOP("core", "Voided"),
    "moved_out": QT_TRANSLATE_NOOP("core", "Moved out"),
    "deceased": QT_TRANSLATE_NOOP("core", "Deceased"),
    "disabled": QT_TRANSLATE_NOOP("core", "Disabled"),
    "deleted": QT_TRANSLATE_NOOP("core", "Deleted"),
    "note": QT_TRANSLATE_NOOP("core", "Note"),
    "notes": QT_TRANSLATE_NOOP("core", "Note"),
}

# Sync bookkeeping: never worth a reader's time.
_HIDDEN = frozenset({"id", "version", "hlc", "field_hlc", "created_at", "updated_at"})
_YES = QT_TRANSLATE_NOOP("core", "yes")
_NO = QT_TRANSLATE_NOOP("core", "no")
_STATUS_FIELDS = frozenset({"status", "from_status", "to_status", "action", "urgency"})
_STAMP = re.compile(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(\.\d+)?)?$")

# Fields holding a catalogue code, by table: the catalogue that names it.
_CATALOGUE_FIELDS = {
    ("visit", "kind"): "visit_kind",
    ("service_tally", "type_code"): "service_type",
    ("dispute", "type_code"): "dispute_type",
    ("dispute", "source_code"): "dispute_source",
    ("dispute", "result"): "dispute_result",
    ("dispute", "method"): "dispute_method",
    ("dispute_party", "role"): "party_role",
    ("person", "relation"): "relation",
    ("event", "category_code"): "event_category",
}

# Which field names a record (its own, or its parent's through a key).
_SUBJECT_FIELDS = {
    "person": "name",
    "household": "address",
    "dispute": "case_no",
    "event": "event_no",
}
_PARENTS = {
    "visit": ("household", "household_id"),
    "service_tally": ("household", "household_id"),
    "household_tag": ("household", "household_id"),
    "person_tag": ("person", "person_id"),
    "dispute_party": ("dispute", "dispute_id"),
    "dispute_step": ("dispute", "dispute_id"),
    "dispute_followup": ("dispute", "dispute_id"),
    "event_step": ("event", "event_id"),
}


def table_label(table: str, lang: str | None = None) -> str:
    """What a record of ``table`` is called (the table's name if unknown)."""
    text = TABLE_LABELS.get(table)
    return translate("core", text, lang) if text else table


def describe(
    changes: dict[str, object],
    lang: str | None = None,
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """An audit entry's changes as a reader would say them: labelled fields
    first, in a fixed order, bookkeeping left out, empty values skipped;
    ``names`` turns a field's catalogue codes into their names."""
    names = names or {}
    order = {name: i for i, name in enumerate(FIELD_LABELS)}
    parts = []
    for field in sorted(changes, key=lambda f: (order.get(f, len(order)), f)):
        value = changes[field]
        if field in _HIDDEN or value in (None, "", [], {}):
            continue
        if field == "deleted" and not value:
            continue
        if isinstance(value, bool):
            text = translate("core", _YES if value else _NO, lang)
        elif field in _STATUS_FIELDS and isinstance(value, str) and value in workflow.LABELS:
            text = workflow.label(value, lang)
        elif isinstance(value, (dict, list)):
            text = json.dumps(value, ensure_ascii=False)
        elif field in names and str(value) in names[field]:
            text = names[field][str(value)]
        else:
            text = _STAMP.sub(r"\1 \2", str(value))
        label = FIELD_LABELS.get(field)
        name = translate("core", label, lang) if label else field
        parts.append(f"{name}: {text}")
    return "; ".join(parts) if lang == "en" else "；".join(parts).replace(": ", "：")


def code_names(conn: sqlite3.Connection, lang: str | None = None) -> dict[str, dict[str, str]]:
    """For :func:`describe`: ``"table.field"`` → code → name, from the catalogues."""
    english = (lang or "") == "en"
    flat = catalog_labels(conn)
    out: dict[str, dict[str, str]] = {}
    for (table, field), kind in _CATALOGUE_FIELDS.items():
        out[f"{table}.{field}"] = {
            code: pair[1 if english else 0] for (k, code), pair in flat.items() if k == kind
        }
    for field, sql in (
        ("tag_code", "SELECT code, name, name_en FROM tag"),
        ("department_code", "SELECT code, name, name_en FROM department"),
    ):
        try:
            rows = conn.execute(sql).fetchall()
        except OPERATIONAL_ERRORS:
            rows = []
        out[f"*.{field}"] = {
            str(code): str((name_en or name) if english else name) for code, name, name_en in rows
        }
    return out


def names_for(codes: Mapping[str, Mapping[str, str]], table: str) -> dict[str, Mapping[str, str]]:
    """The part of :func:`code_names` that applies to ``table``'s fields."""
    out: dict[str, Mapping[str, str]] = {}
    for key, table_names in codes.items():
        owner, field = key.split(".", 1)
        if owner in ("*", table):
            out[field] = table_names
    return out


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    account: str  # display name, or the account id when unknown
    device_id: str
    table_name: str
    row_id: str
    action: str
    changes: dict[str, object]
    subject: str = ""  # the record's name, address or number, when it has one
    summary: str = ""  # the changes as a reader would say them (see describe)


def audit_entries(
    conn: sqlite3.Connection,
    *,
    grids: tuple[str, ...] | None,
    text: str = "",
    limit: int = 500,
    before_seq: int | None = None,
    lang: str | None = None,
) -> list[AuditEntry]:
    """The newest audit entries first, limited to rows of ``grids`` (None:
    all) where the audited row carries a grid; ``text`` filters by user name,
    kind of record (its name in ``lang`` too), action or content."""
    where = ["1 = 1"]
    params: list[object] = []
    if before_seq is not None:
        where.append("a.seq < ?")
        params.append(before_seq)
    if text:
        like = f"%{text}%"
        named = [t for t in TABLE_LABELS if text.casefold() in table_label(t, lang).casefold()]
        where.append(
            "(coalesce(u.display_name, '') LIKE ? OR u.username LIKE ? OR a.table_name LIKE ? "
            "OR a.action LIKE ? OR a.changes LIKE ?"
            + (f" OR a.table_name IN ({', '.join('?' * len(named))})" if named else "")
            + ")"
        )
        params += [like] * 5 + named
    rows = conn.execute(
        "SELECT a.seq, a.at, coalesce(u.display_name, a.account_id), a.device_id, a.table_name, "
        "a.row_id, a.action, a.changes FROM audit_log a LEFT JOIN account u ON u.id = a.account_id "
        f"WHERE {' AND '.join(where)} ORDER BY a.seq DESC LIMIT ?",
        (*params, limit * 3 if grids is not None else limit),
    ).fetchall()
    entries = []
    allowed = set(grids) if grids is not None else None
    grid_of: dict[tuple[str, str], str | None] = {}
    subjects: dict[tuple[str, str], str] = {}
    codes = code_names(conn, lang) if rows else {}
    for seq, at, account, device, table, row_id, action, changes in rows:
        if allowed is not None:
            key = (table, row_id)
            if key not in grid_of:
                grid_of[key] = _grid_of(conn, table, row_id)
            grid = grid_of[key]
            if grid is None or grid not in allowed:
                continue
        try:
            parsed = json.loads(changes) if changes else {}
        except ValueError:
            parsed = {"raw": changes}
        changed = parsed if isinstance(parsed, dict) else {"value": parsed}
        entries.append(
            AuditEntry(
                int(seq),
                str(at)[:19],
                str(account or "—"),
                device,
                table,
                row_id,
                action,
                changed,
                _cached(subjects, conn, table, row_id),
                describe(changed, lang, names_for(codes, table)),
            )
        )
        if len(entries) >= limit:
            break
    return entries


def _grid_of(conn: sqlite3.Connection, table: str, row_id: str) -> str | None:
    if not row_id or not table.isidentifier():
        return None
    try:
        row = conn.execute(f"SELECT grid_code FROM {table} WHERE id = ?", (row_id,)).fetchone()
    except OPERATIONAL_ERRORS:  # the table has no grid (catalogues, territory)
        return None
    return str(row[0]) if row and row[0] else None


def _cached(
    cache: dict[tuple[str, str], str], conn: sqlite3.Connection, table: str, row_id: str
) -> str:
    key = (table, row_id)
    if key not in cache:
        cache[key] = _subject(conn, table, row_id)
    return cache[key]


def _subject(conn: sqlite3.Connection, table: str, row_id: str) -> str:
    """The name, address or number that identifies the audited row (its
    parent's for a visit, a party, a step ...), or ""."""
    if not row_id:
        return ""
    try:
        if table in _SUBJECT_FIELDS:
            sql = f"SELECT {_SUBJECT_FIELDS[table]} FROM {table} WHERE id = ?"
        elif table in _PARENTS:
            parent, key = _PARENTS[table]
            sql = (
                f"SELECT p.{_SUBJECT_FIELDS[parent]} FROM {table} t "
                f"JOIN {parent} p ON p.id = t.{key} WHERE t.id = ?"
            )
        else:
            return ""
        row = conn.execute(sql, (row_id,)).fetchone()
    except OPERATIONAL_ERRORS:
        return ""
    return str(row[0]) if row and row[0] else ""
