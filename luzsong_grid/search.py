"""Local search over people and households: names, pinyin, initials, ID and
phone digits, addresses.

The index lives in the database (schema in migration ``0001_initial``,
``SEARCH_SCHEMA``): a plain table ``search_doc`` with one row per person or
household, and two FTS5 external-content indexes over it that triggers keep
in step:

* ``search_tri`` (trigram tokenizer) over name, pinyin, initials, digits and
  address answers substrings of three or more characters;
* ``search_short`` (unicode61) over ``grams``, initials and pinyin answers
  one- and two-character queries, which the trigram tokenizer of SQLite 3.40
  cannot (and two-character names are the common case).

Python only writes ``search_doc`` rows (:data:`UPSERT_DOC_SQL` with the
values of :func:`person_doc` / :func:`household_doc`, :data:`DELETE_DOC_SQL`);
:func:`rebuild_index` refills everything from ``person`` and ``household``.

Stored keys and queries are normalised alike (:func:`textkeys.normalize`:
NFKC, lower case, letters and digits only), so punctuation in a query never
reaches the FTS5 query parser; every query string is quoted besides.

A query is planned by its shape:

=====================  =====================================================
digits (``[0-9]+x?``)  4+ digits: substring of an ID number or phone (or a
                       household number)
letters, 3+            substring of the full pinyin or the initials
letters, 1-2           prefix of the initials or of the full pinyin
other, 3+ characters   substring of a name, an address or household number
other, 1-2 characters  a character or pair of a name, a pair of an address
=====================  =====================================================

``grams`` holds, for a person, :func:`textkeys.name_grams` of the name
(first character, first pair, second character, ... so ``^"张 张伟"`` finds
names starting with 张伟) followed by marker tokens that no 1-2 character
query can spell (they are 3+ characters long): ``0n`` + the whole name if it
is 1-2 characters (exact matches), ``0i`` + the first one and two initials,
``0p`` + the first two letters of the pinyin (letter prefixes without an
FTS5 prefix scan). For a household it holds :func:`textkeys.address_grams`.

Each plan reads a bounded candidate set, best tier first (exact name, then
names that start with the query, then any match), and ranks it in Python:
exact, then prefix, then the rest; people before households for name-like
queries. A small scope (``grids``) is scanned directly instead, under the
same matching rules.

Only the standard library is imported here: the search box must work
before SQLAlchemy is loaded.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Final, Literal

from luzsong_grid.textkeys import (
    address_grams,
    digits_key,
    grams_of_normalized,
    normalize,
    pinyin_of_normalized,
)

__all__ = [
    "DELETE_DOC_SQL",
    "DOC_COLUMNS",
    "UPSERT_DOC_SQL",
    "Hit",
    "household_doc",
    "normalize_query",
    "person_doc",
    "rebuild_index",
    "search",
]

DOC_COLUMNS: Final = (
    "kind",
    "ref_id",
    "household_id",
    "grid_code",
    "name",
    "pinyin",
    "initials",
    "digits",
    "address",
    "grams",
)

INSERT_DOC_SQL: Final = (
    f"INSERT INTO search_doc({', '.join(DOC_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in DOC_COLUMNS)})"
)
UPSERT_DOC_SQL: Final = (
    INSERT_DOC_SQL
    + " ON CONFLICT(ref_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in DOC_COLUMNS if c != "ref_id")
)
DELETE_DOC_SQL: Final = "DELETE FROM search_doc WHERE ref_id = ?"

# Rows read per FTS tier before ranking: a query that matches half the
# district costs no more than one that matches ten people.
CANDIDATES: Final = 400
# A scope of at most this many documents is scanned directly: exact, and
# cheaper than filtering a large FTS match set by grid.
SCAN_SCOPE_MAX: Final = 12000
MIN_DIGITS: Final = 4
# Marker tokens in a person's grams (see the module docstring).
EXACT_MARK: Final = "0n"
INITIALS_MARK: Final = "0i"
PINYIN_MARK: Final = "0p"

Kind = Literal["person", "household"]
Matched = Literal["name", "pinyin", "initials", "id_number", "phone", "address"]


# --------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------


def _person_keys(norm: str) -> tuple[str, str, str]:
    """(pinyin, initials, grams) of a normalised name."""
    pinyin, initials = pinyin_of_normalized(norm)
    grams = grams_of_normalized(norm)
    if 0 < len(norm) <= 2:
        grams.append(EXACT_MARK + norm)
    if initials:
        grams.append(INITIALS_MARK + initials[:1])
        if len(initials) > 1:
            grams.append(INITIALS_MARK + initials[:2])
        if len(pinyin) > 1:
            grams.append(PINYIN_MARK + pinyin[:2])
    return pinyin, initials, " ".join(grams)


_cached_person_keys = lru_cache(maxsize=4096)(_person_keys)


def person_doc(
    *,
    person_id: str,
    household_id: str,
    grid_code: str,
    name: str,
    id_number: str = "",
    phone: str = "",
) -> tuple[str, ...]:
    """The ``search_doc`` values (in :data:`DOC_COLUMNS` order) for a person."""
    norm = normalize(name)
    pinyin, initials, grams = _cached_person_keys(norm)
    digits = digits_key(id_number, phone)
    return ("p", person_id, household_id, grid_code, norm, pinyin, initials, digits, "", grams)


def household_doc(
    *, household_id: str, grid_code: str, address: str, household_no: str = ""
) -> tuple[str, ...]:
    """The ``search_doc`` values for a household: its address (trigrams and
    pairs) and its household number (with the digits)."""
    norm = normalize(address)
    grams = " ".join(address_grams(norm))
    return (
        "h",
        household_id,
        household_id,
        grid_code,
        "",
        "",
        "",
        normalize(household_no),
        norm,
        grams,
    )


def _all_docs(conn: sqlite3.Connection) -> list[tuple[str, ...]]:
    """Every document, built in one tight loop (names repeat: keyed once each).

    People first (equal-ranked candidates come in rowid order), each kind
    sorted by ref_id so that the UNIQUE index on it is filled in order.
    """
    keys: dict[str, tuple[str, str, str, str]] = {}  # raw name → keys
    people: list[tuple[str, ...]] = []
    add = people.append
    for pid, hid, grid, name, id_number, phone in conn.execute(
        "SELECT id, household_id, grid_code, name, id_number, phone FROM person WHERE deleted = 0"
    ):
        key = keys.get(name)
        if key is None:
            norm = normalize(name or "")
            key = keys[name] = (norm, *_person_keys(norm))
        digits = digits_key(id_number or "", phone or "")
        add(("p", pid, hid, grid, key[0], key[1], key[2], digits, "", key[3]))
    households = [
        household_doc(
            household_id=hid, grid_code=grid, address=address or "", household_no=household_no or ""
        )
        for hid, grid, address, household_no in conn.execute(
            "SELECT id, grid_code, address, household_no FROM household WHERE deleted = 0"
        )
    ]
    by_ref = itemgetter(1)
    people.sort(key=by_ref)
    households.sort(key=by_ref)
    people.extend(households)
    return people


def _schema_sql(conn: sqlite3.Connection, kind: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of search_doc's triggers or explicit indexes."""
    return [
        (str(name), str(sql))
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = ? "
            "AND tbl_name = 'search_doc' AND sql IS NOT NULL ORDER BY name",
            (kind,),
        )
    ]


REBUILD_CACHE_KIB: Final = 131072
REBUILD_HASH_BYTES: Final = 64 << 20
FTS5_DEFAULT_HASH_BYTES: Final = 1 << 20


def rebuild_index(conn: sqlite3.Connection) -> int:
    """Empty and refill the search index from ``person`` and ``household``
    (rows not deleted; people moved out or deceased stay findable).

    One transaction (a savepoint inside the caller's, if one is open): the
    triggers and secondary indexes of ``search_doc`` are dropped, the table
    refilled in bulk, its indexes recreated, each FTS5 index rebuilt from it
    in one pass, the triggers recreated as they were. Returns the number of
    documents.
    """
    docs = _all_docs(conn)
    (cache_size,) = conn.execute("PRAGMA cache_size").fetchone()
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    cache_kib = -int(cache_size) if cache_size < 0 else int(cache_size) * int(page_size) // 1024
    if cache_kib < REBUILD_CACHE_KIB:  # index and FTS5 builds want room
        conn.execute(f"PRAGMA cache_size = -{REBUILD_CACHE_KIB}")
    own = not conn.in_transaction
    conn.execute("BEGIN IMMEDIATE" if own else "SAVEPOINT rebuild_search")
    try:
        triggers = _schema_sql(conn, "trigger")
        indexes = _schema_sql(conn, "index")
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        for name, _sql in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute("DELETE FROM search_doc")
        conn.executemany(INSERT_DOC_SQL, docs)
        for _name, sql in indexes:
            conn.execute(sql)
        for table in ("search_tri", "search_short"):
            # A big in-memory hash means few segments to merge (2x faster);
            # then one optimize leaves a single segment for the queries.
            conn.execute(
                f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", (REBUILD_HASH_BYTES,)
            )
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            conn.execute(
                f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)",
                (FTS5_DEFAULT_HASH_BYTES,),
            )
        for _name, sql in triggers:
            conn.execute(sql)
    except BaseException:
        if own:
            conn.rollback()
        else:
            conn.execute("ROLLBACK TO rebuild_search")
            conn.execute("RELEASE rebuild_search")
        raise
    else:
        if own:
            conn.commit()
        else:
            conn.execute("RELEASE rebuild_search")
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache_size)}")
    return len(docs)


# --------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One search result, with current values from ``person``/``household``.

    For a person, ``address`` is their household's; for a household,
    ``name`` is its head's (if known), ``id_number`` is empty and ``phone``
    is the household's (else the head's). Values are raw: masking ID
    numbers and phones is the caller's business.
    """

    kind: Kind
    ref_id: str
    household_id: str
    grid_code: str
    name: str
    address: str
    id_number: str
    phone: str
    matched: Matched


Shape = Literal["digits", "letters", "text"]

_DIGITS_RE: Final = re.compile(r"[0-9]+x?")
_LETTERS_RE: Final = re.compile(r"[a-z]+")


def normalize_query(text: str) -> str:
    """What a query is matched as: NFKC, lower case, letters and digits only."""
    return normalize(text)


def _shape(q: str) -> Shape:
    if _DIGITS_RE.fullmatch(q):
        return "digits"
    if _LETTERS_RE.fullmatch(q):
        return "letters"
    return "text"


def _fts(text: str) -> str:
    """``text`` as an FTS5 string: never an operator, a column or a prefix."""
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class _Plan:
    shape: Shape
    table: str  # the FTS5 table
    tiers: tuple[str, ...]  # MATCH expressions, best first
    # The same rules over search_doc columns, for a scanned scope: a filter
    # and a rank class (0 exact, 1 prefix, 2 other), each with parameters.
    scan_where: str
    scan_where_params: tuple[str, ...]
    scan_class: str
    scan_class_params: tuple[str, ...]
    name_like: bool


def _class_sql(exact: str, prefix: str) -> str:
    return f"CASE WHEN {exact} THEN 0 WHEN {prefix} THEN 1 ELSE 2 END"


def _plan(q: str) -> _Plan | None:
    shape = _shape(q)
    n = len(q)
    lit = _fts(q)
    if shape == "digits":
        if len(q.rstrip("x")) < MIN_DIGITS:
            return None
        return _Plan(
            shape,
            "search_tri",
            (f"digits : {lit}",),
            "instr(d.digits, ?) > 0",
            (q,),
            _class_sql(
                "instr(' ' || d.digits || ' ', ' ' || ? || ' ') > 0",
                f"(substr(d.digits, 1, {n}) = ? OR instr(d.digits, ' ' || ?) > 0)",
            ),
            (q, q, q),
            name_like=True,
        )
    if shape == "letters":
        scan_class = _class_sql(
            "(d.initials = ? OR d.pinyin = ?)",
            f"(substr(d.initials, 1, {n}) = ? OR substr(d.pinyin, 1, {n}) = ?)",
        )
        if n >= 3:
            return _Plan(
                shape,
                "search_tri",
                (f"{{pinyin initials}} : ^{lit}", f"{{pinyin initials}} : {lit}"),
                "(instr(d.initials, ?) > 0 OR instr(d.pinyin, ?) > 0)",
                (q, q),
                scan_class,
                (q, q, q, q),
                name_like=True,
            )
        if n == 1:  # the first initial is the first letter of the pinyin
            tiers: tuple[str, ...] = (f"grams : {_fts(INITIALS_MARK + q)}",)
        else:
            marks = f"{_fts(INITIALS_MARK + q)} OR {_fts(PINYIN_MARK + q)}"
            tiers = (f"{{initials pinyin}} : {lit}", f"grams : ({marks})")
        return _Plan(
            shape,
            "search_short",
            tiers,
            f"(substr(d.initials, 1, {n}) = ? OR substr(d.pinyin, 1, {n}) = ?)",
            (q, q),
            scan_class,
            (q, q, q, q),
            name_like=True,
        )
    name_like = n <= 4 and not any(ch.isdigit() for ch in q)
    field = "CASE d.kind WHEN 'p' THEN d.name ELSE d.address END"
    scan_class = _class_sql(
        f"({field} = ? OR (d.kind = 'h' AND d.digits = ?))",
        f"(substr({field}, 1, {n}) = ? OR (d.kind = 'h' AND substr(d.digits, 1, {n}) = ?))",
    )
    if n >= 3:
        return _Plan(
            shape,
            "search_tri",
            (f"name : ^{lit}", f"{{name address digits}} : {lit}"),
            "(instr(d.name, ?) > 0 OR instr(d.address, ?) > 0 OR instr(d.digits, ?) > 0)",
            (q, q, q),
            scan_class,
            (q, q, q, q),
            name_like=name_like,
        )
    # One or two characters: tokens of `grams`. A person's grams start with
    # the name's first character and first pair: ^ anchors a prefix.
    start = lit if n == 1 else _fts(f"{q[0]} {q}")
    where_params: tuple[str, ...]
    if n == 1:  # addresses have pairs only
        where, where_params = "instr(d.name, ?) > 0", (q,)
    else:
        where, where_params = "(instr(d.name, ?) > 0 OR instr(d.address, ?) > 0)", (q, q)
    return _Plan(
        shape,
        "search_short",
        (f"grams : {_fts(EXACT_MARK + q)}", f"grams : ^{start}", f"grams : {lit}"),
        where,
        where_params,
        scan_class,
        (q, q, q, q),
        name_like=name_like,
    )


# The search_doc columns read for ranking, after the tier.
_DOC_SELECT: Final = "d.rowid, d.kind, d.ref_id, d.name, d.pinyin, d.initials, d.digits, d.address"
_Candidate = tuple[int, int, str, str, str, str, str, str, str]


def _in_list(values: Sequence[str]) -> str:
    return "(" + ", ".join("?" for _ in values) + ")"


def _candidates(
    conn: sqlite3.Connection, plan: _Plan, grids: Sequence[str] | None
) -> list[_Candidate]:
    grid_filter = ""
    if grids is not None:
        in_list = _in_list(grids)
        (in_scope,) = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_doc "
            f"WHERE grid_code IN {in_list} LIMIT {SCAN_SCOPE_MAX + 1})",
            tuple(grids),
        ).fetchone()
        if in_scope <= SCAN_SCOPE_MAX:
            kind_order = "d.kind = 'h'" if plan.name_like else "d.kind = 'p'"
            rows: list[_Candidate] = conn.execute(
                f"SELECT 0, {_DOC_SELECT} FROM search_doc d "
                f"WHERE d.grid_code IN {in_list} AND {plan.scan_where} "
                f"ORDER BY {plan.scan_class}, {kind_order} LIMIT {CANDIDATES}",
                (*grids, *plan.scan_where_params, *plan.scan_class_params),
            ).fetchall()
            return rows
        grid_filter = f" AND d.grid_code IN {in_list}"
    table = plan.table
    parts: list[str] = []
    params: list[str] = []
    for tier, match in enumerate(plan.tiers):
        # CROSS JOIN: always drive from the FTS match, never from a grid scan.
        parts.append(
            f"SELECT * FROM (SELECT {tier}, {_DOC_SELECT} "
            f"FROM {table} CROSS JOIN search_doc d ON d.rowid = {table}.rowid "
            f"WHERE {table} MATCH ?{grid_filter} LIMIT {CANDIDATES})"
        )
        params.append(match)
        params.extend(grids or ())
    found: list[_Candidate] = conn.execute(" UNION ALL ".join(parts), params).fetchall()
    return found


def _rank_key(q: str, plan: _Plan, cand: _Candidate) -> tuple[int, int, int, int]:
    """Exact, prefix, other; people or households first; shorter first."""
    _tier, rowid, kind, _ref, name, pinyin, initials, digits, address = cand
    if plan.shape == "digits":
        fields = digits.split(" ")
    elif plan.shape == "letters":
        fields = [initials, pinyin]
    else:
        fields = [name] if kind == "p" else [address, digits]
    if q in fields:
        cls = 0
    elif any(f.startswith(q) for f in fields):
        cls = 1
    else:
        cls = 2
    is_household = kind == "h"
    kind_order = int(is_household) if plan.name_like else int(not is_household)
    return (cls, kind_order, len(fields[0]), rowid)


def _matched(plan: _Plan, q: str, kind: str, initials: str, id_number: str) -> Matched:
    if plan.shape == "digits":
        if kind != "p":
            return "address"  # the household number
        return "id_number" if q in normalize(id_number) else "phone"
    if plan.shape == "letters":
        hit = initials.startswith(q) if len(q) <= 2 else q in initials
        return "initials" if hit else "pinyin"
    return "name" if kind == "p" else "address"


_DETAILS_SQL: Final = (
    "SELECT 'p', p.id, p.household_id, p.grid_code, p.name, coalesce(h.address, ''), "
    "p.id_number, p.phone "
    "FROM person p LEFT JOIN household h ON h.id = p.household_id "
    "WHERE p.deleted = 0 AND p.id IN {persons} "
    "UNION ALL "
    "SELECT 'h', h.id, h.id, h.grid_code, coalesce(hp.name, ''), h.address, '', "
    "CASE WHEN h.phone != '' THEN h.phone ELSE coalesce(hp.phone, '') END "
    "FROM household h LEFT JOIN person hp ON hp.id = h.head_person_id AND hp.deleted = 0 "
    "WHERE h.deleted = 0 AND h.id IN {households}"
)


def search(
    conn: sqlite3.Connection,
    text: str,
    *,
    grids: Collection[str] | None = None,
    limit: int = 50,
) -> list[Hit]:
    """People and households matching ``text``, best first, at most ``limit``.

    ``grids`` is the caller's scope (grid codes): ``None`` for everything,
    an empty collection finds nothing. Any text is safe: FTS5 syntax in it
    is just text. Costs 2-3 SQL statements, none of them a table scan.
    """
    q = normalize_query(text)
    if not q or limit <= 0:
        return []
    scope = None if grids is None else sorted(set(grids))
    if scope is not None and not scope:
        return []
    plan = _plan(q)
    if plan is None:
        return []
    best: dict[int, _Candidate] = {}
    for cand in _candidates(conn, plan, scope):
        best.setdefault(cand[1], cand)  # tiers come best first
    ranked = sorted(best.values(), key=lambda c: _rank_key(q, plan, c))

    allowed = None if scope is None else set(scope)
    hits: list[Hit] = []
    start = 0
    while len(hits) < limit and start < len(ranked):
        batch = ranked[start : start + limit - len(hits)]
        start += len(batch)
        persons = [c[3] for c in batch if c[2] == "p"]
        households = [c[3] for c in batch if c[2] != "p"]
        sql = _DETAILS_SQL.format(persons=_in_list(persons), households=_in_list(households))
        rows = {str(r[1]): r for r in conn.execute(sql, (*persons, *households))}
        for cand in batch:
            row = rows.get(cand[3])
            if row is None or (allowed is not None and row[3] not in allowed):
                continue  # deleted, or moved out of scope, since it was indexed
            kind, ref_id, household_id, grid_code, name, address, id_number, phone = row
            hits.append(
                Hit(
                    kind="person" if kind == "p" else "household",
                    ref_id=str(ref_id),
                    household_id=str(household_id),
                    grid_code=str(grid_code),
                    name=str(name or ""),
                    address=str(address or ""),
                    id_number=str(id_number or ""),
                    phone=str(phone or ""),
                    matched=_matched(plan, q, kind, cand[6], str(id_number or "")),
                )
            )
    return hits
