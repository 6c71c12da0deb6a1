"""The store: opening, migrations, sync columns, outbox and audit, service
functions and the way they refuse bad input without losing anything."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from luzsong_grid.i18n import FieldError, UserError
from luzsong_grid.store import db as store_db
from luzsong_grid.store import services
from luzsong_grid.store.db import SCHEMA_HEAD, Store, open_store
from luzsong_grid.store.models import Household, Person, Visit, synced_tables
from luzsong_grid.store.tracking import HardDeleteError
from tests.conftest import Territory, add_household, resident_id

SYNC_COLUMNS = {"id", "version", "hlc", "field_hlc", "deleted", "created_at", "updated_at"}


def _rows(store: Store, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------
# Opening and schema
# --------------------------------------------------------------------------


def test_new_database_is_wal_with_foreign_keys_and_migrated(store: Store) -> None:
    assert _rows(store, "PRAGMA journal_mode")[0][0] == "wal"
    assert _rows(store, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == store_db.BUSY_TIMEOUT_MS


def test_schema_head_constant_matches_the_migrations() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(store_db.__file__).parent / "migrations"))
    assert ScriptDirectory.from_config(cfg).get_current_head() == SCHEMA_HEAD


def test_migrations_match_the_models(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from luzsong_grid.store.db import include_object

    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []


def test_every_synced_table_has_the_sync_columns(store: Store) -> None:
    tables = {m.__tablename__ for m in synced_tables()}
    assert {"household", "person", "visit", "dispute", "event", "service_tally"} <= tables
    for table in tables:
        columns = {row[1] for row in _rows(store, f"PRAGMA table_info({table})")}
        assert columns >= SYNC_COLUMNS, table


def test_catalogues_are_seeded_once_with_shared_ids(tmp_path: Path) -> None:
    a = open_store(tmp_path / "a.sqlite3")
    b = open_store(tmp_path / "b.sqlite3")
    try:
        ids_a = _rows(a, "SELECT code, id FROM tag ORDER BY code")
        assert len(ids_a) >= 20
        assert ids_a == _rows(b, "SELECT code, id FROM tag ORDER BY code")
        assert _rows(a, "SELECT count(*) FROM event_item") == [(150,)]
        assert _rows(a, "SELECT count(*) FROM outbox") == [(0,)]  # baseline, not uploads
    finally:
        a.close()
        b.close()
    # An office's later edit survives reopening.
    conn = sqlite3.connect(tmp_path / "a.sqlite3")
    conn.execute("UPDATE tag SET name = '五保' WHERE code = 'five_guarantee'")
    conn.commit()
    conn.close()
    again = open_store(tmp_path / "a.sqlite3")
    try:
        assert _rows(again, "SELECT name FROM tag WHERE code = 'five_guarantee'") == [("五保",)]
    finally:
        again.close()


def test_a_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(UserError) as info:
        open_store(path)
    assert "newer version" in str(info.value)
    assert "9999_future" in info.value.localized("en")
    assert "较新" in info.value.localized("zh_CN") or "新版本" in info.value.localized("zh_CN")
    assert _digest(path) == before


def test_a_file_that_is_not_a_database_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is a text file, not a database" * 100)
    with pytest.raises(UserError) as info:
        open_store(path)
    assert "damaged or is not a luzsong-grid database" in str(info.value)
    assert path.read_bytes().startswith(b"this is a text file")


def test_a_locked_database_gets_a_clear_message_and_keeps_its_data(
    store: Store, territory: Territory, monkeypatch: pytest.MonkeyPatch
) -> None:
    household, _ = add_household(
        store, territory.w1, territory.grid_a1, "桂花路1号", [("张伟", "")]
    )
    locker = sqlite3.connect(store.path, timeout=0.1)
    locker.execute("BEGIN IMMEDIATE")
    # A short wait keeps the test quick; the app waits BUSY_TIMEOUT_MS.
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA busy_timeout=100")
    store.engine.dispose()
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)
    fresh = open_store(store.path)
    try:
        with pytest.raises(UserError) as info, fresh.session(actor=territory.w1) as s:
            services.log_visit(session=s, data=services.VisitIn(household_id=household.id))
        assert "locked by another program" in str(info.value)
    finally:
        locker.rollback()
        locker.close()
    with fresh.session(actor=territory.w1) as s:  # works again once the lock is gone
        services.log_visit(session=s, data=services.VisitIn(household_id=household.id))
    assert _rows(fresh, "SELECT count(*) FROM visit") == [(1,)]
    assert _rows(fresh, "SELECT count(*) FROM household") == [(1,)]
    fresh.close()


# --------------------------------------------------------------------------
# Outbox and audit
# --------------------------------------------------------------------------


def test_every_change_writes_outbox_and_audit_rows(store: Store, territory: Territory) -> None:
    before = _rows(store, "SELECT count(*) FROM outbox")[0][0]
    _, (head,) = add_household(
        store, territory.w1, territory.grid_a1, "桂花路12号", [("张三丰", "11010519491231002X")]
    )
    with store.session(actor=territory.w1) as s:
        services.update_person(
            session=s, person_id=head.id, patch=services.PersonPatch(phone="13812345678")
        )
    ops = _rows(
        store,
        "SELECT table_name, row_id, kind, fields, base_version, hlc, account_id FROM outbox "
        "WHERE seq > ? ORDER BY seq",
        before,
    )
    kinds = [(t, k) for t, _r, k, *_ in ops]
    assert kinds == [
        ("household", "insert"),
        ("person", "insert"),
        ("household", "patch"),  # the head was set
        ("person", "patch"),
    ]
    patch = ops[-1]
    assert json.loads(str(patch[3])) == {"phone": "13812345678"}  # changed fields only
    assert patch[4] == 1  # made on version 1
    assert patch[6] == territory.w1.account_id
    stamps = [str(op[5]) for op in ops]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    row = _rows(store, "SELECT version, hlc, field_hlc FROM person WHERE id = ?", head.id)[0]
    assert row[0] == 2
    assert row[1] == stamps[-1]
    assert json.loads(str(row[2])) == {"phone": stamps[-1]}
    audit = _rows(
        store,
        "SELECT action, changes, account_id FROM audit_log WHERE table_name = 'person' "
        "ORDER BY seq",
    )
    assert [a[0] for a in audit] == ["insert", "patch"]
    # Identity numbers are masked in the audit trail.
    assert "11010519491231002X" not in str(audit[0][1])
    assert json.loads(str(audit[1][1])) == {"phone": ["", "138****5678"]}


def test_a_failed_transaction_leaves_no_row_and_no_outbox(
    store: Store, territory: Territory
) -> None:
    counts = _rows(store, "SELECT (SELECT count(*) FROM outbox), (SELECT count(*) FROM household)")
    with pytest.raises(FieldError), store.session(actor=territory.w1) as s:
        services.create_household(
            session=s,
            data=services.HouseholdIn(grid_code=territory.grid_a1, address="桂花路3号"),
        )
        services.create_household(  # the second one fails: the first is rolled back too
            session=s, data=services.HouseholdIn(grid_code="999", address="桂花路4号")
        )
    assert counts == _rows(
        store, "SELECT (SELECT count(*) FROM outbox), (SELECT count(*) FROM household)"
    )


def test_synced_rows_are_tombstoned_never_deleted(store: Store, territory: Territory) -> None:
    household, (person,) = add_household(
        store, territory.w1, territory.grid_a1, "桂花路5号", [("李娜", "")]
    )
    with pytest.raises(HardDeleteError), store.session(actor=territory.w1) as s:
        s.delete(s.get(Person, person.id))
        s.flush()
    with store.session(actor=territory.w1) as s:
        services.delete_household(session=s, household_id=household.id, with_members=True)
    assert _rows(store, "SELECT deleted FROM person WHERE id = ?", person.id) == [(1,)]
    assert _rows(store, "SELECT deleted FROM household WHERE id = ?", household.id) == [(1,)]
    kinds = _rows(store, "SELECT table_name, kind FROM outbox WHERE kind = 'delete' ORDER BY seq")
    assert kinds == [("person", "delete"), ("household", "delete")]


# --------------------------------------------------------------------------
# Service functions and bad input
# --------------------------------------------------------------------------


def test_person_fields_are_derived_from_the_id_number(store: Store, territory: Territory) -> None:
    number = resident_id(date(1950, 3, 2), seq=5, gender="F")
    _, (person,) = add_household(
        store, territory.w1, territory.grid_a1, "桂花路6号", [("王芳", number)]
    )
    assert person.birth_date == date(1950, 3, 2)
    assert person.gender == "F"
    assert person.grid_code == territory.grid_a1


@pytest.mark.parametrize(
    ("id_number", "fragment"),
    [
        ("11010519491231002Y", "character"),
        ("1101051949123100", "18 characters"),
        ("110105194913310025", "birth date"),
        ("110105194912310021", "check"),
    ],
)
def test_invalid_id_numbers_are_refused_by_field(
    store: Store, territory: Territory, id_number: str, fragment: str
) -> None:
    household, _ = add_household(store, territory.w1, territory.grid_a1, "桂花路7号")
    with pytest.raises(FieldError) as info, store.session(actor=territory.w1) as s:
        services.create_person(
            session=s,
            household_id=household.id,
            data=services.PersonIn(name="赵六", id_number=id_number),
        )
    assert info.value.field == "id_number"
    assert fragment in str(info.value).lower()
    assert info.value.localized("zh_CN") != str(info.value)  # translated
    assert _rows(store, "SELECT count(*) FROM person") == [(0,)]


def test_a_future_birth_date_in_the_id_is_refused(store: Store, territory: Territory) -> None:
    household, _ = add_household(store, territory.w1, territory.grid_a1, "桂花路8号")
    future = resident_id(date.today() + timedelta(days=30))
    with pytest.raises(FieldError) as info, store.session(actor=territory.w1) as s:
        services.create_person(
            session=s,
            household_id=household.id,
            data=services.PersonIn(name="孙七", id_number=future),
        )
    assert info.value.field == "id_number"
    assert "future" in str(info.value)


def test_a_duplicate_id_number_points_at_the_existing_person(
    store: Store, territory: Territory
) -> None:
    number = resident_id(date(1960, 1, 1))
    _, (first,) = add_household(
        store, territory.w1, territory.grid_a1, "桂花路9号", [("周八", number)]
    )
    household, _ = add_household(store, territory.w1, territory.grid_a1, "桂花路10号")
    with pytest.raises(services.DuplicateIdError) as info, store.session(actor=territory.w1) as s:
        services.create_person(
            session=s,
            household_id=household.id,
            data=services.PersonIn(name="周八", id_number=number),
        )
    assert info.value.existing_id == first.id
    assert "周八" in str(info.value)


def test_unknown_grid_and_foreign_grid_are_refused(store: Store, territory: Territory) -> None:
    with pytest.raises(FieldError) as info, store.session(actor=territory.w1) as s:
        services.create_household(
            session=s, data=services.HouseholdIn(grid_code="430203002001099", address="某路1号")
        )
    assert info.value.field == "grid_code"
    assert "no grid" in str(info.value)
    with pytest.raises(FieldError) as info, store.session(actor=territory.w1) as s:
        services.create_household(
            session=s, data=services.HouseholdIn(grid_code=territory.grid_b1, address="某路2号")
        )
    assert "not one of your grids" in str(info.value)
    # Community staff are not limited to one grid.
    with store.session(actor=territory.staff1) as s:
        services.create_household(
            session=s, data=services.HouseholdIn(grid_code=territory.grid_a2, address="某路3号")
        )


def test_bad_phone_and_future_visit_are_refused(store: Store, territory: Territory) -> None:
    household, (person,) = add_household(
        store, territory.w1, territory.grid_a1, "桂花路11号", [("吴九", "")]
    )
    with pytest.raises(FieldError) as info, store.session(actor=territory.w1) as s:
        services.update_person(
            session=s, person_id=person.id, patch=services.PersonPatch(phone="12345")
        )
    assert info.value.field == "phone"
    with pytest.raises(FieldError) as info, store.session(actor=territory.w1) as s:
        services.log_visit(
            session=s,
            data=services.VisitIn(
                household_id=household.id, visited_at=datetime.now() + timedelta(days=2)
            ),
        )
    assert info.value.field == "visited_at"


def test_a_visit_is_logged_and_voided_not_erased(store: Store, territory: Territory) -> None:
    household, (person,) = add_household(
        store, territory.w1, territory.grid_a1, "桂花路12号", [("郑十", "")]
    )
    with store.session(actor=territory.w1) as s:
        visit = services.log_visit(
            session=s,
            data=services.VisitIn(
                household_id=household.id,
                person_id=person.id,
                kind="key_check",
                findings_flags=["hazard_fire", "needs"],
                notes="楼道堆放杂物",
                followup_due=date.today() + timedelta(days=7),
            ),
        )
    with store.session(actor=territory.w1) as s:
        stored = s.exec(select(Visit).where(Visit.id == visit.id)).one()
        assert (stored.found_hazard_fire, stored.found_needs) == (True, True)
        assert not stored.found_dispute
        assert stored.worker_id == territory.w1.account_id
        services.void_visit(session=s, visit_id=visit.id)
    assert _rows(store, "SELECT voided, deleted FROM visit WHERE id = ?", visit.id) == [(1, 0)]


def test_dispute_through_its_workflow_with_a_follow_up(store: Store, territory: Territory) -> None:
    with store.session(actor=territory.w1) as s:
        dispute = services.open_dispute(
            session=s,
            data=services.DisputeIn(
                grid_code=territory.grid_a1,
                type_code="neighbour",
                source_code="proactive",
                found_on=date.today(),
                summary="楼上漏水",
                parties=[services.PartyIn(name="甲"), services.PartyIn(name="乙")],
            ),
        )
    assert dispute.deadline > dispute.accepted_on
    with store.session(actor=territory.w1) as s:
        with pytest.raises(UserError):  # accepted → resolved skips mediation
            services.move_dispute(session=s, dispute_id=dispute.id, to_status="resolved")
        services.move_dispute(session=s, dispute_id=dispute.id, to_status="mediating")
        services.move_dispute(
            session=s, dispute_id=dispute.id, to_status="resolved", agreement_no="XY-2026-01"
        )
    steps = _rows(
        store,
        "SELECT from_status, to_status FROM dispute_step WHERE dispute_id = ? ORDER BY hlc",
        dispute.id,
    )
    assert steps == [("", "accepted"), ("accepted", "mediating"), ("mediating", "resolved")]
    assert _rows(store, "SELECT result, agreement, agreement_no FROM dispute") == [
        ("success", 1, "XY-2026-01")
    ]
    (followup_id, due_on) = _rows(store, "SELECT id, due_on FROM dispute_followup")[0]
    assert due_on == (date.today() + timedelta(days=30)).isoformat()
    with store.session(actor=territory.w1) as s:
        services.record_dispute_followup(
            session=s, followup_id=str(followup_id), satisfaction="satisfied"
        )
        services.move_dispute(session=s, dispute_id=dispute.id, to_status="closed")
    assert _rows(store, "SELECT status FROM dispute") == [("closed",)]
    transitions = _rows(store, "SELECT kind FROM outbox WHERE table_name = 'dispute' ORDER BY seq")
    assert [t[0] for t in transitions] == ["insert", "transition", "transition", "transition"]


def test_event_through_its_workflow(store: Store, territory: Territory) -> None:
    with store.session(actor=territory.w1) as s:
        event = services.report_event(
            session=s,
            data=services.EventIn(
                grid_code=territory.grid_a1, category_code="city_management", description="井盖缺失"
            ),
        )
    assert event.deadline_at == event.reported_at + timedelta(hours=72)  # blue by default
    path = ["accepted", "dispatched", "signed", "handled", "feedback", "verified", "closed"]
    with store.session(actor=territory.staff1) as s:
        for status in path[:3]:
            services.move_event(session=s, event_id=event.id, to_status=status)
        services.event_action(session=s, event_id=event.id, action="supervise", note="督办")
        for status in path[3:]:
            services.move_event(session=s, event_id=event.id, to_status=status)
        with pytest.raises(UserError):
            services.move_event(session=s, event_id=event.id, to_status="handled")
    history = _rows(
        store, "SELECT to_status, action FROM event_step WHERE event_id = ? ORDER BY hlc", event.id
    )
    assert [h[0] for h in history if not h[1]] == ["reported", *path]
    assert ("signed", "supervise") in history
    assert _rows(store, "SELECT status, supervised, closed_at IS NOT NULL FROM event") == [
        ("closed", 1, 1)
    ]


def test_service_tallies_are_increments(store: Store, territory: Territory) -> None:
    with store.session(actor=territory.w1) as s:
        code = _first_service_type(store)
        services.tally_service(session=s, grid_code=territory.grid_a1, type_code=code)
        services.tally_service(session=s, grid_code=territory.grid_a1, type_code=code, count=3)
        with pytest.raises(FieldError):
            services.tally_service(session=s, grid_code=territory.grid_a1, type_code=code, count=0)
    assert _rows(store, "SELECT count(*), sum(count) FROM service_tally") == [(2, 4)]


def _first_service_type(store: Store) -> str:
    return str(
        _rows(store, "SELECT code FROM catalog_item WHERE kind = 'service_type' ORDER BY sort")[0][
            0
        ]
    )


def test_household_moved_to_another_grid_takes_its_people(
    store: Store, territory: Territory
) -> None:
    household, (person,) = add_household(
        store, territory.staff1, territory.grid_a1, "桂花路13号", [("冯一", "")]
    )
    with store.session(actor=territory.staff1) as s:
        services.add_person_tag(session=s, person_id=person.id, tag_code="disabled")
        services.update_household(
            session=s,
            household_id=household.id,
            patch=services.HouseholdPatch(grid_code=territory.grid_a2),
        )
    assert _rows(store, "SELECT grid_code FROM person WHERE id = ?", person.id) == [
        (territory.grid_a2,)
    ]
    assert _rows(store, "SELECT grid_code FROM person_tag") == [(territory.grid_a2,)]
    with store.session(actor=territory.staff1) as s:
        assert s.get(Household, household.id).grid_code == territory.grid_a2  # type: ignore[union-attr]


def test_revealing_a_number_is_audited_and_refused_to_supervisors(
    store: Store, territory: Territory
) -> None:
    number = resident_id(date(1970, 5, 6))
    _, (person,) = add_household(
        store, territory.w1, territory.grid_a1, "桂花路20号", [("钱多", number)]
    )
    with store.session(actor=territory.w1) as s:
        assert (
            services.reveal(session=s, table="person", row_id=person.id, field="id_number")
            == number
        )
    assert _rows(
        store, "SELECT account_id, row_id, changes FROM audit_log WHERE action = 'reveal'"
    ) == [(territory.w1.account_id, person.id, '{"field": "id_number"}')]
    with pytest.raises(UserError), store.session(actor=territory.sup) as s:
        services.reveal(session=s, table="person", row_id=person.id, field="phone")
    with pytest.raises(FieldError), store.session(actor=territory.w2) as s:  # not w2's grid
        services.reveal(session=s, table="person", row_id=person.id, field="phone")


def _indexes(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        conn.close()


REPORT_INDEXES = {
    "ix_visit_household_live",
    "ix_visit_person_live",
    "ix_service_tally_household_id",
    "ix_event_household_id",
    "ix_dispute_party_person_id",
}


def test_an_older_database_gets_the_report_indexes_when_opened(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    path = tmp_path / "older.sqlite3"
    open_store(path).close()
    assert _indexes(path) >= REPORT_INDEXES
    # Take the file back to the schema before the indexes, as an older version left it.
    engine = create_engine(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(store_db.__file__).parent / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002_sync")
    engine.dispose()
    assert not REPORT_INDEXES & _indexes(path)

    again = open_store(path)
    try:
        assert _rows(again, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    finally:
        again.close()
    assert _indexes(path) >= REPORT_INDEXES


def test_the_reports_visit_seeks_read_only_the_live_visit_indexes(store: Store) -> None:
    from luzsong_grid.reports import due, period, scope, stats

    conn = store.raw()
    try:
        end = "2026-01-31 23:59:59.999999"
        walk = stats._walks("household_id", [end])
        sql = f"SELECT {walk} FROM (SELECT 'g' AS grid_code, 'r' AS ref) k"
        plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, (end,)))
        assert "USING COVERING INDEX ix_visit_household_live " in plan, plan
        # Key persons: completion and overdue seeks, by name and by household.
        rules = due.load_rulebook(conn)
        assert rules.by_tag
        january = period.parse("2026-01")
        sql, args = stats._person_parts_sql(
            rules, scope.district(), [stats._PersonDay(january.end, ((0, january),), True)]
        )
        plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, args))
        assert plan.count("USING COVERING INDEX ix_visit_person_live ") == 3, plan
        assert plan.count("USING COVERING INDEX ix_visit_household_live ") == 3, plan
        assert "SEARCH v USING INDEX" not in plan, plan
        assert "SCAN v" not in plan, plan
    finally:
        conn.close()
