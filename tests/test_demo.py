"""The demo district: structure, validity, consistency, yearly magnitudes, determinism."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from luzsong_grid import demo, search
from luzsong_grid.domain import workflow
from luzsong_grid.domain.validation import parse_resident_id
from luzsong_grid.i18n import UserError
from luzsong_grid.store.models import synced_tables

TODAY = date(2026, 11, 27)
YEAR_START = TODAY - timedelta(days=365)
PERSONS = 3000

# The tables demo.generate writes (the catalogues come from the seed).
DEMO_TABLES = (
    "street",
    "community",
    "grid",
    "account",
    "account_grid",
    "household",
    "person",
    "person_tag",
    "household_tag",
    "visit",
    "service_tally",
    "dispute",
    "dispute_party",
    "dispute_step",
    "dispute_followup",
    "event",
    "event_step",
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, demo.DemoSummary]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    messages: list[str] = []
    summary = demo.generate(path, seed=11, persons=PERSONS, today=TODAY, progress=messages.append)
    assert messages  # progress was reported
    return path, summary


@pytest.fixture
def db(generated: tuple[Path, demo.DemoSummary]) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{generated[0]}?mode=ro", uri=True)
    yield conn
    conn.close()


def one(conn: sqlite3.Connection, sql: str, *params: object) -> Any:
    return conn.execute(sql, params).fetchone()[0]


def table_digest(conn: sqlite3.Connection, table: str) -> str:
    digest = hashlib.sha256()
    for row in conn.execute(f"SELECT * FROM {table} ORDER BY id"):
        digest.update(repr(row).encode())
    return digest.hexdigest()


# -- territory and accounts ------------------------------------------------------


def test_territory(db: sqlite3.Connection) -> None:
    streets = dict(db.execute("SELECT code, name FROM street"))
    assert streets == {code: name for code, name, *_ in demo.STREETS}
    assert streets["430203100"] == "白关镇"
    assert one(db, "SELECT count(*) FROM street WHERE demo = 1") == 0
    assert one(db, "SELECT name_en FROM street WHERE code = '430203001'") == "Hejiatu Subdistrict"
    assert one(db, "SELECT kind FROM street WHERE code = '430203100'") == "town"

    assert one(db, "SELECT count(*) FROM community") == 80
    for code, street, kind in db.execute("SELECT code, street_code, kind FROM community"):
        assert re.fullmatch(r"\d{12}", code)
        assert code.startswith(street)
        serial = int(code[-3:])
        assert (serial >= 200) == (kind == "village"), code
        assert kind == "community" or street == "430203100"
    real = dict(db.execute("SELECT name, demo FROM community WHERE street_code = '430203002'"))
    assert real == {
        f"{n}社区": 0 for n in ("学堂冲", "公园", "桥头", "何家坳", "沿河", "操坪", "钟鼓岭")
    }
    baiguan = dict(db.execute("SELECT name, demo FROM community WHERE street_code = '430203100'"))
    assert baiguan["白关社区"] == baiguan["大岭村"] == baiguan["旭日村"] == 0
    assert 18 <= sum(1 for name in baiguan if name.endswith("村")) <= 22
    invented = db.execute(
        "SELECT name, demo FROM community WHERE street_code NOT IN ('430203002', '430203100')"
    ).fetchall()
    assert invented
    assert all(d == 1 for _, d in invented)
    assert ("枫溪社区", 1) in invented

    assert one(db, "SELECT count(*) FROM grid") == 288
    per_community = [n for (n,) in db.execute("SELECT count(*) FROM grid GROUP BY community_code")]
    assert len(per_community) == 80
    assert 3 <= min(per_community) <= max(per_community) <= 5
    for code, community, name in db.execute("SELECT code, community_code, name FROM grid"):
        assert re.fullmatch(r"\d{15}", code)
        assert code.startswith(community)
        assert re.fullmatch(r".+(社区|村)第\d网格", name)
    assert one(db, "SELECT name FROM grid WHERE code = ?", demo.FIRST_GRID) == "学堂冲社区第1网格"


def test_accounts(db: sqlite3.Connection) -> None:
    accounts = {
        u: (r, s) for u, r, s in db.execute("SELECT username, role, scope_code FROM account")
    }
    for username, (role, scope) in demo.NAMED_ACCOUNTS.items():
        assert accounts[username] == (role, scope)
    assert (
        one(
            db,
            "SELECT ag.grid_code FROM account_grid ag JOIN account a ON a.id = ag.account_id "
            "WHERE a.username = 'worker'",
        )
        == demo.FIRST_GRID
    )
    # every grid has exactly one worker
    rows = db.execute(
        "SELECT g.code, count(a.id) FROM grid g LEFT JOIN account_grid ag ON ag.grid_code = g.code "
        "LEFT JOIN account a ON a.id = ag.account_id AND a.role = 'worker' GROUP BY g.code"
    ).fetchall()
    assert len(rows) == 288
    assert all(n == 1 for _, n in rows)
    assert one(db, "SELECT count(*) FROM account WHERE role = 'staff'") == 80
    assert one(db, "SELECT count(*) FROM account WHERE role = 'supervisor'") == 9
    assert "w430203002001002" in accounts
    # only the five named accounts can sign in, with the demo password
    hashes = dict(db.execute("SELECT username, password_hash FROM account"))
    assert {u for u, h in hashes.items() if h} <= set(demo.NAMED_ACCOUNTS)
    argon2 = pytest.importorskip("argon2")
    hasher = argon2.PasswordHasher()
    for username in demo.NAMED_ACCOUNTS:
        assert hasher.verify(hashes[username], demo.DEMO_PASSWORD)


# -- people ------------------------------------------------------------------------


def test_persons(db: sqlite3.Connection, generated: tuple[Path, demo.DemoSummary]) -> None:
    rows = db.execute("SELECT id_number, gender, birth_date, phone, name FROM person").fetchall()
    assert len(rows) == PERSONS == generated[1].persons
    missing = 0
    numbers = set()
    for number, gender, birth, phone, name in rows:
        assert 2 <= len(name) <= 4
        if phone:
            assert re.fullmatch(r"1[3-9]\d{9}", phone)
        if not number:
            missing += 1
            continue
        parsed = parse_resident_id(number, today=TODAY)
        assert parsed.gender == gender
        assert parsed.birth_date.isoformat() == birth
        numbers.add(number)
    assert 0.01 * PERSONS <= missing <= 0.06 * PERSONS
    assert len(numbers) == PERSONS - missing  # no two people share a number
    share_local = one(
        db, "SELECT avg(substr(id_number, 1, 6) = '430203') FROM person WHERE id_number != ''"
    )
    assert 0.7 < share_local < 0.95
    three = sum(1 for r in rows if len(r[4]) == 3) / len(rows)
    assert 0.55 < three < 0.8

    # an ageing population: enough 60+ and 80+
    ages = [(TODAY - date.fromisoformat(b)).days / 365.25 for _, _, b, _, _ in rows]
    assert 0.15 < sum(a >= 60 for a in ages) / len(ages) < 0.35
    assert 0.015 < sum(a >= 80 for a in ages) / len(ages) < 0.06
    assert 0.08 < sum(a < 15 for a in ages) / len(ages) < 0.25

    households = one(db, "SELECT count(*) FROM household")
    assert 2.3 < PERSONS / households < 2.9
    # every household's head is one of its members, with the relation "head"
    assert (
        one(
            db,
            "SELECT count(*) FROM household h JOIN person p ON p.id = h.head_person_id "
            "AND p.household_id = h.id AND p.relation = 'head'",
        )
        == households
    )
    villages = db.execute(
        "SELECT h.address FROM household h JOIN grid g ON g.code = h.grid_code "
        "JOIN community c ON c.code = g.community_code WHERE c.kind = 'village' LIMIT 20"
    ).fetchall()
    assert villages
    assert all(re.fullmatch(r".+村\d+组\d+号", a) for (a,) in villages)
    assert one(db, "SELECT count(DISTINCT address) = count(*) FROM household") == 1


def test_tags(db: sqlite3.Connection) -> None:
    applies = dict(db.execute("SELECT code, applies_to FROM tag"))
    for (code,) in db.execute("SELECT DISTINCT tag_code FROM person_tag"):
        assert applies[code] in ("person", "both")
    for (code,) in db.execute("SELECT DISTINCT tag_code FROM household_tag"):
        assert applies[code] in ("household", "both")
    counts = dict(db.execute("SELECT tag_code, count(*) FROM person_tag GROUP BY tag_code"))
    for code in ("oldest_old", "living_alone_elderly", "empty_nest_elderly", "disabled"):
        assert counts.get(code, 0) > 0, code
    assert 0.02 * PERSONS < counts["disabled"] < 0.06 * PERSONS
    # age-derived tags agree with the birth date
    assert (
        one(
            db,
            "SELECT count(*) FROM person_tag t JOIN person p ON p.id = t.person_id "
            "WHERE t.tag_code = 'oldest_old' AND p.birth_date > ?",
            date(TODAY.year - 80, TODAY.month, TODAY.day).isoformat(),
        )
        == 0
    )
    for (attrs,) in db.execute("SELECT attrs FROM person_tag WHERE tag_code = 'prone_to_wander'"):
        data = json.loads(attrs)
        assert {"diagnosis", "guardian", "guardian_phone", "wristband_no"} <= set(data)
    for (attrs,) in db.execute(
        "SELECT attrs FROM person_tag WHERE tag_code = 'severe_mental_disorder'"
    ):
        assert 0 <= json.loads(attrs)["risk_level"] <= 5
    assert one(db, "SELECT max(since) FROM person_tag") <= TODAY.isoformat()
    low = one(db, "SELECT count(*) FROM household_tag WHERE tag_code = 'low_income'")
    households = one(db, "SELECT count(*) FROM household")
    assert 0.005 < low / households < 0.05


# -- consistency -------------------------------------------------------------------


def test_synced_columns_and_bookkeeping(db: sqlite3.Connection) -> None:
    for model in synced_tables():
        table = model.__tablename__
        bad = one(db, f"SELECT count(*) FROM {table} WHERE hlc = '' OR hlc IS NULL OR version != 1")
        assert bad == 0, table
    for table in DEMO_TABLES:
        assert one(db, f"SELECT count(*) FROM {table} WHERE hlc NOT LIKE '%-demo'") == 0, table
        assert one(db, f"SELECT count(*) FROM {table} WHERE deleted != 0") == 0, table
    assert one(db, "SELECT count(*) FROM outbox") == 0
    (changes,) = db.execute("SELECT changes FROM audit_log WHERE action = 'demo'").fetchall()[0]
    assert json.loads(changes)["persons"] == PERSONS
    assert one(db, "SELECT count(*) FROM audit_log WHERE action = 'demo'") == 1
    assert one(db, "PRAGMA journal_mode") == "wal"


def test_foreign_keys(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # references without a declared foreign key
    assert (
        one(
            db,
            "SELECT count(*) FROM household h LEFT JOIN person p ON p.id = h.head_person_id "
            "WHERE p.id IS NULL",
        )
        == 0
    )
    assert (
        one(
            db,
            "SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id "
            "WHERE p.grid_code != h.grid_code",
        )
        == 0
    )


def test_visits(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT v.visited_at, v.kind, ag.grid_code IS NOT NULL FROM visit v "
        "LEFT JOIN account_grid ag ON ag.account_id = v.worker_id AND ag.grid_code = v.grid_code"
    ).fetchall()
    assert rows
    for at, kind, own_grid in rows:
        moment = datetime.fromisoformat(at)
        assert moment.weekday() < 5, at
        assert "08:30:00" <= at[11:19] <= "17:30:00", at
        assert YEAR_START <= moment.date() < TODAY
        assert own_grid  # the grid's own worker
        assert kind in ("routine", "key_check", "followup", "emergency")
    # every household visited; a few hazards found; some overdue now, most not
    assert one(db, "SELECT count(DISTINCT household_id) FROM visit") == one(
        db, "SELECT count(*) FROM household"
    )
    assert one(db, "SELECT sum(found_hazard_fire) FROM visit") > 0
    last = dict(db.execute("SELECT household_id, max(visited_at) FROM visit GROUP BY household_id"))
    overdue = sum(1 for v in last.values() if date.fromisoformat(v[:10]) + timedelta(90) < TODAY)
    assert 0 < overdue < 0.1 * len(last)


def test_dispute_workflow(db: sqlite3.Connection) -> None:
    steps: dict[str, list[tuple[str, str, str]]] = {}
    for dispute_id, at, from_s, to_s in db.execute(
        "SELECT dispute_id, at, from_status, to_status FROM dispute_step ORDER BY at, rowid"
    ):
        steps.setdefault(dispute_id, []).append((at, from_s, to_s))
    disputes = db.execute(
        "SELECT id, status, result, resolved_on, accepted_on, deadline, agreement, agreement_no "
        "FROM dispute"
    ).fetchall()
    for did, status, result, resolved_on, accepted, deadline, agreement, number in disputes:
        chain = steps[did]
        assert chain[0][1:] == ("", "accepted")
        for (_, _, to_s), (_, from_s, _) in itertools.pairwise(chain):
            assert to_s == from_s
        for _, a, b in chain[1:]:
            assert workflow.can_transition("dispute", a, b), (a, b)
        assert chain[-1][2] == status
        assert deadline == workflow.dispute_deadline(date.fromisoformat(accepted)).isoformat()
        assert bool(result) == bool(resolved_on) == (status not in ("accepted", "mediating"))
        assert bool(agreement) == bool(number)
    results = [r for _, _, r, *_ in disputes if r]
    assert 0.82 < results.count("success") / len(results) < 0.96
    statuses = {s for _, s, *_ in disputes}
    assert {"closed", "mediating"} <= statuses  # recent ones still open
    types = dict(db.execute("SELECT type_code, count(*) FROM dispute GROUP BY type_code"))
    top = sorted(types, key=types.__getitem__, reverse=True)[:3]
    assert set(top) <= {"neighbour", "property_management", "marriage_family", "housing_homestead"}
    parties = [n for (n,) in db.execute("SELECT count(*) FROM dispute_party GROUP BY dispute_id")]
    assert len(parties) == len(disputes)
    assert 2 <= min(parties) <= max(parties) <= 3
    assert one(db, "SELECT count(*) FROM dispute_party WHERE person_id IS NOT NULL") > 0
    assert one(db, "SELECT count(*) FROM dispute_followup WHERE done_on IS NULL") > 0
    assert one(db, "SELECT count(*) FROM dispute_followup WHERE performed = 1") > 0


def test_event_workflow(db: sqlite3.Connection) -> None:
    steps: dict[str, list[tuple[str, str, str, str]]] = {}
    for event_id, at, from_s, to_s, action in db.execute(
        "SELECT event_id, at, from_status, to_status, action FROM event_step ORDER BY at, rowid"
    ):
        steps.setdefault(event_id, []).append((at, from_s, to_s, action))
    terminal = {"closed", "self_resolved", "cancelled"}
    events = db.execute(
        "SELECT id, status, closed_at, reported_at, deadline_at, urgency, extended_to, supervised "
        "FROM event"
    ).fetchall()
    for eid, status, closed_at, reported, deadline, urgency, extended_to, supervised in events:
        chain = steps[eid]
        assert chain[0] == (reported, "", "reported", "")
        current = "reported"
        for _, from_s, to_s, action in chain[1:]:
            assert from_s == current
            if action:
                assert from_s == to_s
                assert workflow.can_apply(action, from_s)
            else:
                assert workflow.can_transition("event", from_s, to_s), (from_s, to_s)
                current = to_s
        assert current == status
        assert (closed_at is not None) == (status in terminal)
        hours = workflow.URGENCY_HOURS[urgency]
        assert datetime.fromisoformat(deadline) - datetime.fromisoformat(reported) == timedelta(
            hours=hours
        )
        actions = {a for *_, a in chain if a}
        assert bool(supervised) == ("supervise" in actions)
        assert (extended_to is not None) == ("extend" in actions)
    statuses = [e[1] for e in events]
    assert statuses.count("closed") > 0.75 * len(events)
    assert {"self_resolved", "cancelled"} <= set(statuses)
    assert set(statuses) - terminal  # recent ones still open
    closed = [e for e in events if e[1] == "closed"]
    on_time = sum(1 for e in closed if e[2] <= (e[6] or e[4]))
    assert 0.8 < on_time / len(closed) < 0.98
    assert sum(e[7] for e in events) > 0
    dispatched = one(
        db,
        "SELECT count(*) FROM event_step WHERE to_status = 'dispatched' AND action = '' "
        "AND department_code IS NULL",
    )
    assert dispatched == 0


def test_yearly_magnitudes(db: sqlite3.Connection) -> None:
    """District-wide numbers of the seed article, whatever the number of residents."""
    start, end = YEAR_START.isoformat(), TODAY.isoformat()
    services = one(
        db, "SELECT sum(count) FROM service_tally WHERE done_on > ? AND done_on <= ?", start, end
    )
    assert abs(services - 11_000) <= 0.15 * 11_000
    assert one(db, "SELECT avg(count = 1) FROM service_tally") > 0.8
    assert one(db, "SELECT count(DISTINCT grid_code) FROM service_tally") > 250
    assert one(db, "SELECT count(DISTINCT substr(done_on, 1, 7)) FROM service_tally") >= 12
    disputes = one(
        db, "SELECT count(*) FROM dispute WHERE accepted_on > ? AND accepted_on <= ?", start, end
    )
    assert abs(disputes - 600) <= 0.15 * 600
    events = one(
        db,
        "SELECT count(*) FROM event WHERE reported_at > ? AND reported_at <= ?",
        start,
        end + " 23:59:59",
    )
    assert abs(events - 400) <= 0.15 * 400
    assert one(db, "SELECT count(DISTINCT category_code) FROM event") == 8


def test_search_works(db: sqlite3.Connection, generated: tuple[Path, demo.DemoSummary]) -> None:
    summary = generated[1]
    assert summary.search_docs == summary.persons + summary.households
    assert one(db, "SELECT count(*) FROM search_doc") == summary.search_docs
    name, pid = db.execute("SELECT name, id FROM person ORDER BY id LIMIT 1").fetchone()
    assert pid in {hit.ref_id for hit in search.search(db, name, limit=200)}


# -- determinism and refusal -----------------------------------------------------------


def test_deterministic(tmp_path: Path, generated: tuple[Path, demo.DemoSummary]) -> None:
    first = tmp_path / "again.sqlite3"
    other = tmp_path / "other.sqlite3"
    assert demo.generate(first, seed=11, persons=PERSONS, today=TODAY) == generated[1]
    demo.generate(other, seed=12, persons=PERSONS, today=TODAY)
    with (
        sqlite3.connect(generated[0]) as a,
        sqlite3.connect(first) as b,
        sqlite3.connect(other) as c,
    ):
        for table in DEMO_TABLES:
            assert table_digest(a, table) == table_digest(b, table), table
        assert table_digest(a, "person") != table_digest(c, "person")
        assert table_digest(a, "visit") != table_digest(c, "visit")
    for conn in (a, b, c):
        conn.close()


def test_refuses_a_database_with_data(generated: tuple[Path, demo.DemoSummary]) -> None:
    path = generated[0]
    with pytest.raises(UserError) as caught:
        demo.generate(path, seed=1, persons=10, today=TODAY)
    assert caught.value.message == demo.MSG_NOT_EMPTY
    conn = sqlite3.connect(path)
    try:
        assert one(conn, "SELECT count(*) FROM person") == PERSONS
    finally:
        conn.close()


def test_no_residents(tmp_path: Path) -> None:
    summary = demo.generate(tmp_path / "empty.sqlite3", seed=3, persons=0, today=TODAY)
    assert (summary.grids, summary.households, summary.visits) == (288, 0, 0)
    assert summary.disputes > 500
    assert summary.events > 300
    with pytest.raises(ValueError, match="negative"):
        demo.generate(tmp_path / "bad.sqlite3", persons=-1, today=TODAY)
