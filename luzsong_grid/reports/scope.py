"""Report scopes: the district, a street or town, a community or village, a grid."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError

DISTRICT_CODE = "430203"
DISTRICT_NAME = "芦淞区"
DISTRICT_NAME_EN = "Lusong District"

MSG_BAD_SCOPE = QT_TRANSLATE_NOOP(
    "core",
    "“{text}” is not a scope. Use district, street:NAME, community:NAME or grid:CODE.",
)
MSG_UNKNOWN_PLACE = QT_TRANSLATE_NOOP("core", "No {kind} is called “{name}”.")
MSG_AMBIGUOUS = QT_TRANSLATE_NOOP(
    "core", "“{name}” matches several places: {matches}. Give the code instead."
)
_KINDS = ("district", "street", "community", "grid")
_SUFFIXES = ("街道", "镇", "社区", "村", "网格")


@dataclass(frozen=True)
class Scope:
    kind: str  # district | street | community | grid
    code: str
    name: str
    grids: tuple[str, ...] | None  # None: every grid

    @property
    def label(self) -> str:
        return self.name if self.kind != "grid" else f"{self.name} ({self.code})"

    def sql_filter(self, column: str = "grid_code") -> tuple[str, tuple[str, ...]]:
        """A WHERE fragment (starting with AND) limiting ``column`` to the scope."""
        if self.grids is None:
            return "", ()
        if not self.grids:
            return " AND 0", ()
        marks = ",".join("?" * len(self.grids))
        return f" AND {column} IN ({marks})", self.grids


def district() -> Scope:
    return Scope("district", DISTRICT_CODE, DISTRICT_NAME, None)


def _bare(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _find(conn: sqlite3.Connection, table: str, kind: str, text: str) -> tuple[str, str]:
    rows = conn.execute(f"SELECT code, name FROM {table} WHERE deleted = 0").fetchall()
    exact = [r for r in rows if text in (r[0], r[1])]
    if not exact:
        exact = [r for r in rows if _bare(r[1]) == _bare(text)]
    if not exact:
        raise UserError(MSG_UNKNOWN_PLACE, kind=kind, name=text)
    if len(exact) > 1:
        matches = ", ".join(f"{name} ({code})" for code, name in exact)
        raise UserError(MSG_AMBIGUOUS, name=text, matches=matches)
    return str(exact[0][0]), str(exact[0][1])


def resolve(conn: sqlite3.Connection, text: str | None) -> Scope:
    """The scope written as ``district``, ``street:NAME``, ``community:NAME``
    or ``grid:CODE`` (names or codes; 建设 finds 建设街道)."""
    if not text or text.strip() == "district":
        return district()
    kind, sep, name = text.strip().partition(":")
    kind, name = kind.strip().lower(), name.strip()
    if not sep or kind not in _KINDS[1:] or not name:
        raise UserError(MSG_BAD_SCOPE, text=text)
    code, label = _find(conn, kind, kind, name)
    if kind == "grid":
        grids = [code]
    elif kind == "community":
        grids = [
            r[0]
            for r in conn.execute(
                "SELECT code FROM grid WHERE deleted = 0 AND community_code = ? ORDER BY code",
                (code,),
            )
        ]
    else:
        grids = [
            r[0]
            for r in conn.execute(
                "SELECT g.code FROM grid g JOIN community c ON c.code = g.community_code "
                "WHERE g.deleted = 0 AND c.street_code = ? ORDER BY g.code",
                (code,),
            )
        ]
    return Scope(kind, code, label, tuple(grids))
