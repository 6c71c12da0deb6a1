"""What the Settings page shows of the shared rules and catalogues, Qt-free."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from luzsong_grid.catalog import EDITABLE_CATALOGS
from luzsong_grid.reports.due import DEFAULT_HOUSEHOLD_INTERVAL

__all__ = [
    "EDITABLE_CATALOGS",
    "CatalogRow",
    "RuleRow",
    "TagChoice",
    "catalog_rows",
    "database_size",
    "household_interval",
    "rule_rows",
    "tag_choices",
]


@dataclass(frozen=True)
class RuleRow:
    id: str
    tag_code: str
    tag_name: str
    tag_name_en: str
    has_risk: bool  # the tag carries a risk level the rule may test
    interval_days: int
    min_risk: int | None
    max_risk: int | None
    age_min: int | None
    note: str
    note_en: str

    def tag_label(self, lang: str) -> str:
        return self.tag_name_en if lang == "en" and self.tag_name_en else self.tag_name

    def note_label(self, lang: str) -> str:
        return self.note_en if lang == "en" and self.note_en else self.note


@dataclass(frozen=True)
class TagChoice:
    code: str
    name: str
    name_en: str
    has_risk: bool

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True)
class CatalogRow:
    code: str
    name: str
    name_en: str
    active: bool


def _has_risk(attributes: str) -> bool:
    try:
        return any(a.get("code") == "risk_level" for a in json.loads(attributes or "[]"))
    except (ValueError, AttributeError):
        return False


def rule_rows(conn: sqlite3.Connection, *, sensitive: bool) -> list[RuleRow]:
    """Live visit rules in tag order; rules of sensitive tags only if ``sensitive``."""
    rows = conn.execute(
        "SELECT r.id, r.tag_code, t.name, t.name_en, t.attributes, r.interval_days, "
        "r.min_risk, r.max_risk, r.age_min, r.note, r.note_en, t.sensitive "
        "FROM visit_rule r JOIN tag t ON t.code = r.tag_code "
        "WHERE r.deleted = 0 ORDER BY t.sort, t.code, r.interval_days, r.id"
    )
    return [
        RuleRow(rid, code, name, name_en, _has_risk(attrs), days, lo, hi, age, note, note_en)
        for rid, code, name, name_en, attrs, days, lo, hi, age, note, note_en, secret in rows
        if sensitive or not secret
    ]


def tag_choices(conn: sqlite3.Connection, *, sensitive: bool) -> list[TagChoice]:
    return [
        TagChoice(code, name, name_en, _has_risk(attrs))
        for code, name, name_en, attrs, secret in conn.execute(
            "SELECT code, name, name_en, attributes, sensitive FROM tag WHERE deleted = 0 "
            "ORDER BY sort, code"
        )
        if sensitive or not secret
    ]


def household_interval(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT extra FROM catalog_item WHERE kind = 'setting' "
        "AND code = 'default_household_interval_days' AND deleted = 0"
    ).fetchone()
    if row is None:
        return DEFAULT_HOUSEHOLD_INTERVAL
    return int(json.loads(row[0]).get("value", DEFAULT_HOUSEHOLD_INTERVAL))


def catalog_rows(conn: sqlite3.Connection, kind: str) -> list[CatalogRow]:
    if kind not in EDITABLE_CATALOGS:
        raise ValueError(f"{kind} is not an editable catalogue")
    return [
        CatalogRow(code, name, name_en, bool(active))
        for code, name, name_en, active in conn.execute(
            "SELECT code, name, name_en, active FROM catalog_item "
            "WHERE kind = ? AND deleted = 0 ORDER BY sort, code",
            (kind,),
        )
    ]


def database_size(path: Path) -> int:
    """Bytes the database takes on disk, with its write-ahead log."""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            total += part.stat().st_size
    return total
