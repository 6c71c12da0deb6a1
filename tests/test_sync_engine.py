"""The sync engine on SQLite: one office store and laptops in tmp_path, the
in-process transport, every failure case of SYNC.md and the per-type rules."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from luzsong_grid import search
from luzsong_grid.store import services
from luzsong_grid.store.db import Actor
from luzsong_grid.store.models import AccountGrid, Dispute, Household, Outbox, Person
from luzsong_grid.sync import protocol as p
from luzsong_grid.sync.client import TransportError
from luzsong_grid.sync.server import SyncServer
from tests.conftest import add_household
from tests.sync_support import Office, assert_same_scope, copy_database, make_office, state_of


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    made = make_office(tmp_path)
    try:
        yield made
    finally:
        made.close()


def _count(path: Path, sql: str, *params: Any) -> Any:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def _outbox_states(lap: Any) -> dict[str, int]:
    with lap.store.session(write=False) as s:
        rows = s.exec(select(Outbox.state)).all()
    out: dict[str, int] = {}
    for state in rows:
        out[state] = out.get(state, 0) + 1
    return out


def _household(lap: Any, address: str = "学堂冲路1号", members: Any = (("张伟", ""),)) -> Any:
    return add_household(lap.store, lap.actor, lap.actor_grid, address, members)


@pytest.fixture
def a(office: Office) -> Any:
    lap = office.laptop("a", office.terr.w1)
    lap.actor_grid = office.terr.grid_a1  # type: ignore[attr-defined]
    lap.sync()
    return lap


@pytest.fixture
def b(office: Office) -> Any:
    """A second laptop of the same worker (w1): both hold grid_a1."""
    lap = office.laptop("b", office.terr.w1)
    lap.actor_grid = office.terr.grid_a1  # type: ignore[attr-defined]
    lap.sync()
    return lap


def _set(lap: Any, model: Any, row_id: str, **values: Any) -> None:
    with lap.store.session(actor=lap.actor) as s:
        row = s.get(model, row_id)
        for k, v in values.items():
            setattr(row, k, v)


def _get(lap: Any, model: Any, row_id: str) -> Any:
    with lap.store.session(write=False) as s:
        return s.get(model, row_id)


# --------------------------------------------------------------------------
# Basics
# --------------------------------------------------------------------------


def test_first_sync_brings_territory_accounts_and_no_password_hashes(
    office: Office, a: Any
) -> None:
    assert_same_scope(office, a)
    hashes = _count(a.path, "SELECT count(*) FROM account WHERE password_hash != ''")
    assert hashes == 0
    assert a.client.cursor > 0
    again = a.sync(verify=True)
    assert again.pulled == 0
    assert again.pushed == {}
    assert again.checksum_ok is True


def test_push_then_pull_between_two_laptops_updates_search(office: Office, a: Any, b: Any) -> None:
    _household_row, persons = _household(a, members=[("欧阳娜娜", ""), ("李雷", "")])
    report = a.sync()
    # household, two persons, then the household's head
    assert report.pushed == {"applied": 4}
    assert _outbox_states(a) == {"applied": 4}
    b.sync()
    assert _get(b, Person, persons[0].id).name == "欧阳娜娜"
    conn = sqlite3.connect(b.path)
    try:
        hits = search.search(conn, "欧阳娜娜")
    finally:
        conn.close()
    assert [h.ref_id for h in hits][:1] == [persons[0].id]
    # Pulled rows are not queued for push again on b.
    assert _outbox_states(b) == {}
    assert_same_scope(office, a)
    assert_same_scope(office, b)


def test_office_edits_go_to_the_change_log_not_the_outbox(office: Office, a: Any) -> None:
    household, _ = _household(a)
    a.sync()
    with office.store.session(actor=office.office_actor()) as s:
        services.update_household(
            session=s, household_id=household.id, patch=services.HouseholdPatch(note="社区核实")
        )
    assert _count(office.store.path, "SELECT count(*) FROM outbox") == 0
    a.sync()
    assert _get(a, Household, household.id).note == "社区核实"
    assert_same_scope(office, a)


def test_supervisor_pushes_nothing(office: Office) -> None:
    sup = office.laptop("sup", office.terr.sup)
    sup.sync()
    with sup.store.session(actor=sup.actor) as s:
        services.create_household(
            session=s, data=services.HouseholdIn(grid_code=office.terr.grid_a1, address="x")
        )
    report = sup.sync()
    assert report.rejected == 1
    assert _count(sup.path, "SELECT count(*) FROM household") == 0
    assert _count(office.store.path, "SELECT count(*) FROM household") == 0


# --------------------------------------------------------------------------
# 1. Lost responses, identical pushes at once
# --------------------------------------------------------------------------


def test_1_lost_push_response_is_resent_and_applied_once(office: Office, a: Any) -> None:
    _household(a, members=[("张伟", ""), ("王芳", "")])
    a.transport.drop_push_replies = 2
    report = a.sync()
    assert report.pushed == {"applied": 4}
    assert len(a.sleeps) == 2  # two retries with backoff
    assert _count(office.store.path, "SELECT count(*) FROM person") == 2
    assert _count(office.store.path, "SELECT count(*) FROM sync_applied_op") == 4
    logged = _count(
        office.store.path, "SELECT count(*) FROM sync_change_log WHERE table_name='person'"
    )
    assert logged == 2
    assert_same_scope(office, a)


def test_1_two_identical_pushes_at_the_same_time(office: Office, a: Any) -> None:
    _household(a, members=[("张伟", ""), ("王芳", "")])
    with a.store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT op_id, table_name, row_id, kind, fields, "
            "base_version, hlc, account_id, device_id FROM outbox"
        ).all()
    import json

    ops = [
        p.Op(
            op_id=r[0],
            table=r[1],
            row_id=r[2],
            kind=r[3],
            fields=json.loads(r[4]),
            base_version=r[5],
            hlc=r[6],
            account_id=r[7],
            device_id=r[8],
        )
        for r in rows
    ]
    principal = office.server.principal(a.actor.account_id)
    second = SyncServer(office.store.engine, clock=office.store.clock)
    answers: list[list[p.OpResult]] = []
    barrier = threading.Barrier(2)

    def push(server: SyncServer) -> None:
        barrier.wait()
        answers.append(server.push(principal, a.store.device_id, ops))

    threads = [threading.Thread(target=push, args=(s,)) for s in (office.server, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 2
    assert answers[0] == answers[1]
    assert [r.status for r in answers[0]] == ["applied"] * len(ops)
    assert _count(office.store.path, "SELECT count(*) FROM person") == 2
    assert _count(office.store.path, "SELECT count(*) FROM sync_applied_op") == len(ops)


# --------------------------------------------------------------------------
# 2. Crashes
# --------------------------------------------------------------------------


def test_2_crash_in_the_middle_of_a_pull_repeats_the_page(
    office: Office, a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(5):
        _household(a, address=f"学堂冲路{n}号")
    a.sync()
    b = office.laptop("b", office.terr.w1, page_size=4)
    from luzsong_grid.sync import client as client_mod

    real = client_mod._upsert
    calls = {"n": 0}

    def dying_upsert(*args: Any, **kw: Any) -> None:
        calls["n"] += 1
        real(*args, **kw)
        if calls["n"] == 3:
            raise RuntimeError("power cut")

    monkeypatch.setattr(client_mod, "_upsert", dying_upsert)
    with pytest.raises(RuntimeError):
        b.sync()
    torn_cursor = b.client.cursor
    monkeypatch.setattr(client_mod, "_upsert", real)
    b = office.reopen(b)
    assert b.client.cursor == torn_cursor
    b.sync()
    assert_same_scope(office, b)


def test_2_crash_after_the_office_committed_a_push(office: Office, a: Any) -> None:
    _household(a, members=[("张伟", "")])
    a.transport.crash_after_push = True
    with pytest.raises(TransportError):
        a.sync()
    assert _outbox_states(a) == {"pending": 3}  # the laptop never heard back
    a = office.reopen(a)
    report = a.sync()
    assert report.pushed == {"applied": 3}
    assert _count(office.store.path, "SELECT count(*) FROM person") == 1
    assert _count(office.store.path, "SELECT count(*) FROM sync_applied_op") == 3
    assert_same_scope(office, a)


# --------------------------------------------------------------------------
# 3. Local edits made while a sync runs
# --------------------------------------------------------------------------


def test_3_local_edits_during_a_sync_are_rebased_not_overwritten(
    office: Office, a: Any, b: Any
) -> None:
    household, _ = _household(a)
    a.sync()
    b.sync()
    _set(b, Household, household.id, phone="13800000001")  # b's change comes down to a
    b.sync()

    def edit_during_pull(_cursor: int) -> None:
        a.transport.on_pull = None
        _set(a, Household, household.id, note="雨天漏水")

    a.transport.on_pull = edit_during_pull
    report = a.sync()
    assert report.checksum_ok is None  # a pending op: not compared
    row = _get(a, Household, household.id)
    assert row.phone == "13800000001"  # the office's field arrived
    assert row.note == "雨天漏水"  # the local edit survived the pull
    assert _outbox_states(a).get("pending") == 1
    a.sync()
    b.sync()
    assert _get(b, Household, household.id).note == "雨天漏水"
    assert_same_scope(office, a)
    assert_same_scope(office, b)


# --------------------------------------------------------------------------
# 4. Same field, different fields, identity fields
# --------------------------------------------------------------------------


def test_4_two_laptops_edit_the_same_field_last_writer_wins(office: Office, a: Any, b: Any) -> None:
    household, _ = _household(a)
    a.sync()
    b.sync()
    _set(a, Household, household.id, note="a")
    time.sleep(0.002)
    _set(b, Household, household.id, note="b")  # later stamp
    b.sync()
    report = a.sync()
    assert report.pushed == {"merged": 1}
    b.sync()
    assert _get(a, Household, household.id).note == "b"
    assert _get(b, Household, household.id).note == "b"
    assert_same_scope(office, a)
    assert_same_scope(office, b)


def test_4_two_laptops_edit_different_fields_both_kept(office: Office, a: Any, b: Any) -> None:
    household, _ = _household(a)
    a.sync()
    b.sync()
    _set(a, Household, household.id, note="a 的备注")
    _set(b, Household, household.id, phone="13900000002")
    a.sync()
    assert b.sync().pushed == {"applied": 1}
    a.sync()
    for lap in (a, b):
        row = _get(lap, Household, household.id)
        assert (row.note, row.phone) == ("a 的备注", "13900000002")
        assert_same_scope(office, lap)


def test_4_concurrent_identity_changes_go_to_review(office: Office, a: Any, b: Any) -> None:
    _, persons = _household(a, members=[("张伟", "")])
    pid = persons[0].id
    a.sync()
    b.sync()
    _set(a, Person, pid, name="张玮")
    _set(b, Person, pid, name="章伟")
    a.sync()
    report = b.sync()
    assert report.conflicts == 1
    assert _get(b, Person, pid).name == "张玮"  # b shows the office's version meanwhile
    [entry] = office.server.conflicts()
    assert (entry["reason"], entry["row_id"]) == (p.REASON_IDENTITY, pid)
    office.server.resolve_conflict(
        entry["id"], "apply_op", account_id=office.terr.staff1.account_id
    )
    assert office.server.conflicts() == []
    a.sync()
    b.sync()
    assert _get(a, Person, pid).name == _get(b, Person, pid).name == "章伟"
    assert_same_scope(office, a)
    assert_same_scope(office, b)


def test_insert_only_facts_same_content_applied_other_content_conflict(
    office: Office, a: Any
) -> None:
    household, _ = _household(a)
    a.sync()
    with a.store.session(actor=a.actor) as s:
        visit = services.log_visit(
            session=s,
            data=services.VisitIn(household_id=household.id, visited_at=date.today()),
        )
    a.sync()
    principal = office.server.principal(a.actor.account_id)
    with a.store.engine.connect() as conn:
        op_row = conn.exec_driver_sql(
            "SELECT fields, hlc FROM outbox WHERE table_name='visit'"
        ).one()
    import json

    fields = json.loads(op_row[0])
    same = p.Op(
        op_id="00000000-0000-7000-8000-000000000001",
        table="visit",
        row_id=visit.id,
        kind="insert",
        fields=fields,
        hlc=op_row[1],
    )
    other = same.model_copy(
        update={
            "op_id": "00000000-0000-7000-8000-000000000002",
            "fields": {**fields, "notes": "另一份内容"},
        }
    )
    results = office.server.push(principal, "x", [same, other])
    assert [r.status for r in results] == ["applied", "conflict"]
    assert results[1].reason == p.REASON_DUPLICATE


def test_dispute_transition_valid_from_current_status_else_review(
    office: Office, a: Any, b: Any
) -> None:
    with a.store.session(actor=a.actor) as s:
        dispute = services.open_dispute(
            session=s,
            data=services.DisputeIn(
                grid_code=office.terr.grid_a1,
                found_on=date.today(),
                type_code="neighbour",
                source_code="proactive",
                summary="邻里噪音",
                parties=[services.PartyIn(name="张三"), services.PartyIn(name="李四")],
            ),
        )
    a.sync()
    b.sync()
    with a.store.session(actor=a.actor) as s:
        services.move_dispute(session=s, dispute_id=dispute.id, to_status="mediating")
    with b.store.session(actor=b.actor) as s:
        services.move_dispute(session=s, dispute_id=dispute.id, to_status="referred")
    a.sync()  # accepted → mediating
    report = b.sync()  # accepted → referred, sent while the office says mediating: valid
    assert report.conflicts == 0
    a.sync()
    assert _get(a, Dispute, dispute.id).status == "referred"
    with a.store.session(actor=a.actor) as s:
        services.move_dispute(session=s, dispute_id=dispute.id, to_status="closed")
    _set(b, Dispute, dispute.id, status="mediating")  # referred → mediating is not valid...
    a.sync()  # ... from "closed", which the office holds now
    report = b.sync()
    assert report.conflicts == 1
    assert office.server.conflicts()[0]["reason"] == p.REASON_TRANSITION
    assert _get(b, Dispute, dispute.id).status == "closed"
    assert_same_scope(office, b)


# --------------------------------------------------------------------------
# 5. Deleted on one laptop, edited on another
# --------------------------------------------------------------------------


def test_5_edit_of_a_row_deleted_elsewhere_goes_to_review(office: Office, a: Any, b: Any) -> None:
    _, persons = _household(a, members=[("张伟", ""), ("王芳", "")])
    pid = persons[1].id
    a.sync()
    b.sync()
    with a.store.session(actor=a.actor) as s:
        services.delete_person(session=s, person_id=pid)
    _set(b, Person, pid, phone="13700000003")
    a.sync()
    report = b.sync()
    assert report.conflicts == 1
    assert _get(b, Person, pid).deleted  # not silently resurrected
    [entry] = office.server.conflicts()
    assert entry["reason"] == p.REASON_DELETED
    assert_same_scope(office, a)
    assert_same_scope(office, b)


# --------------------------------------------------------------------------
# 6. Wrong laptop clocks
# --------------------------------------------------------------------------


def test_6_a_clock_an_hour_ahead_is_flagged_and_does_not_win_forever(
    office: Office, b: Any
) -> None:
    hour = 3600 * 1000
    fast = office.laptop("fast", office.terr.w1, wall=lambda: int(time.time() * 1000) + hour)
    fast.sync()
    household, _ = add_household(fast.store, fast.actor, office.terr.grid_a1, "快钟路1号")
    _set(fast, Household, household.id, note="快钟")
    report = fast.sync()
    assert report.future_stamps == 2
    flagged = _count(
        office.store.path, "SELECT count(*) FROM audit_log WHERE action='future_stamp'"
    )
    assert flagged == 2
    assert _get(fast, Household, household.id).hlc < fast.store.clock.now()
    b.sync()
    _set(b, Household, household.id, note="正常钟")  # a real later edit wins
    b.sync()
    fast.sync()
    assert _get(fast, Household, household.id).note == "正常钟"
    assert_same_scope(office, fast)


def test_6_a_clock_a_day_behind_catches_up_on_pull(office: Office, a: Any) -> None:
    day = 24 * 3600 * 1000
    slow = office.laptop("slow", office.terr.w1, wall=lambda: int(time.time() * 1000) - day)
    household, _ = _household(a)
    _set(a, Household, household.id, note="a")
    a.sync()
    slow.sync()  # merges the office's clock
    _set(slow, Household, household.id, note="慢钟之后的修改")
    assert slow.sync().pushed == {"applied": 1}  # causally later: it wins
    a.sync()
    assert _get(a, Household, household.id).note == "慢钟之后的修改"
    assert_same_scope(office, slow)


# --------------------------------------------------------------------------
# 7. Purged tombstones, office restored from a backup
# --------------------------------------------------------------------------


def test_7_laptop_returning_after_tombstones_were_purged_resyncs(
    office: Office, a: Any, b: Any
) -> None:
    _, persons = _household(a, members=[("张伟", ""), ("王芳", "")])
    a.sync()
    b.sync()  # b then stays away
    with a.store.session(actor=a.actor) as s:
        services.delete_person(session=s, person_id=persons[1].id)
    a.sync()
    purged = office.server.purge_tombstones(horizon=10**9)
    assert purged == 1
    assert _count(office.store.path, "SELECT count(*) FROM person") == 1
    report = b.sync()
    assert report.full_resync
    assert report.resync_reason == "office"
    assert _get(b, Person, persons[1].id) is None
    assert report.checksum_ok is True
    assert_same_scope(office, b)


def test_7_purge_waits_for_every_registered_device(office: Office, a: Any, b: Any) -> None:
    _, persons = _household(a, members=[("张伟", ""), ("王芳", "")])
    a.sync()
    b.sync()
    with a.store.session(actor=a.actor) as s:
        services.delete_person(session=s, person_id=persons[1].id)
    a.sync()
    a.sync()  # a has pulled past the tombstone, b has not
    assert office.server.purge_tombstones() == 0
    b.sync()
    b.sync()
    assert office.server.purge_tombstones() == 1
    assert b.sync().full_resync is False


def test_7_office_restored_from_backup_gets_lost_ops_again(office: Office, a: Any, b: Any) -> None:
    _household(a, address="备份前1号")
    a.sync()
    backup = office.tmp / "office-backup.sqlite3"
    copy_database(office.store.path, backup)
    household, _ = _household(a, address="备份后2号")
    a.sync()
    b.sync()
    # The office disk dies; yesterday's backup is restored.
    office.store.close()
    copy_database(backup, office.store.path)
    from luzsong_grid.store.db import open_store

    office.store = open_store(office.store.path)
    office.server = SyncServer.for_store(office.store)
    for lap in (a, b):
        lap.transport.server = office.server
    assert _count(office.store.path, "SELECT count(*) FROM household") == 1
    report = a.sync()
    assert report.full_resync
    assert _count(office.store.path, "SELECT count(*) FROM household") == 2
    b.sync()
    assert _get(b, Household, household.id).address == "备份后2号"
    assert_same_scope(office, a)
    assert_same_scope(office, b)


# --------------------------------------------------------------------------
# 8. Grid reassignment, writes to a foreign grid
# --------------------------------------------------------------------------


def test_8_grid_reassigned_from_one_worker_to_another(office: Office, a: Any) -> None:
    terr = office.terr
    household, _ = _household(a, members=[("张伟", "")])
    a.sync()
    with office.store.session(actor=office.office_actor()) as s:
        s.add(
            __import__("luzsong_grid.store.models", fromlist=["Household"]).Household(
                grid_code=terr.grid_a2, address="第二网格1号"
            )
        )
    with office.store.session(actor=office.office_actor()) as s:
        link = s.exec(select(AccountGrid).where(AccountGrid.account_id == terr.w1.account_id)).one()
        link.grid_code = terr.grid_a2
    report = a.sync()
    assert report.full_resync
    assert report.resync_reason == "scope"
    assert _get(a, Household, household.id) is None
    assert _count(a.path, "SELECT count(*) FROM household WHERE grid_code = ?", terr.grid_a2) == 1
    assert_same_scope(office, a)
    # The worker now on grid_a1 gets what a left behind.
    w2 = Actor(account_id=terr.w2.account_id, device_id=office.store.device_id, role="worker")
    with office.store.session(actor=office.office_actor()) as s:
        s.add(AccountGrid(account_id=w2.account_id, grid_code=terr.grid_a1))
    c = office.laptop("c", w2)
    c.sync()
    assert _get(c, Household, household.id) is not None
    assert_same_scope(office, c)


def test_8_a_write_to_a_foreign_grid_is_refused_by_the_office(office: Office, a: Any) -> None:
    terr = office.terr
    # Bypass the laptop's own check, as a tampered laptop would.
    rogue = Actor(account_id=a.actor.account_id, device_id=a.store.device_id, role="admin")
    with a.store.session(actor=rogue) as s:
        household = services.create_household(
            session=s, data=services.HouseholdIn(grid_code=terr.grid_b1, address="公园路9号")
        )
    mine, _ = _household(a)
    with a.store.session(actor=rogue) as s:
        services.update_household(
            session=s, household_id=mine.id, patch=services.HouseholdPatch(grid_code=terr.grid_b1)
        )
    report = a.sync()
    # the foreign household; the move of mine and of its member
    assert report.rejected == 3
    assert (
        _count(
            office.store.path, "SELECT count(*) FROM household WHERE grid_code = ?", terr.grid_b1
        )
        == 0
    )
    assert _get(a, Household, household.id) is None  # gone from the laptop too
    assert _get(a, Household, mine.id).grid_code == terr.grid_a1  # back to the office's row
    with a.store.engine.connect() as conn:
        reasons = (
            conn.exec_driver_sql("SELECT result FROM outbox WHERE state = 'rejected'")
            .scalars()
            .all()
        )
    assert all(p.REASON_OUT_OF_SCOPE in r for r in reasons)
    assert_same_scope(office, a)


# --------------------------------------------------------------------------
# Checksums, retries, progress, cancel
# --------------------------------------------------------------------------


def test_checksum_drift_triggers_a_full_resync(office: Office, a: Any) -> None:
    _h, persons = _household(a, members=[("张伟", ""), ("王芳", "")])
    a.sync()
    conn = sqlite3.connect(a.path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("DELETE FROM person WHERE id = ?", (persons[1].id,))
    conn.execute("INSERT INTO sync_state(key, value) VALUES ('junk', '1')")
    conn.commit()
    conn.close()
    assert a.sync().checksum_ok is None  # nothing moved: not compared within the hour
    report = a.sync(verify=True)
    assert report.full_resync
    assert report.resync_reason == "checksum"
    assert report.checksum_ok is True
    assert _get(a, Person, persons[1].id) is not None
    assert_same_scope(office, a)


def test_transient_errors_are_retried_with_backoff_then_given_up(office: Office, a: Any) -> None:
    _household(a, members=())
    a.transport.fail_before = 3
    assert a.sync().pushed == {"applied": 1}
    assert len(a.sleeps) == 3
    assert a.sleeps[0] <= 0.5
    assert a.sleeps[1] <= 1.0
    assert a.sleeps[2] <= 2.0
    assert a.sleeps[2] >= 1.0  # exponential, with jitter in [d/2, d]
    _household(a, address="另一户", members=())
    a.transport.fail_before = 99
    with pytest.raises(TransportError):
        a.sync()
    a.transport.fail_before = 0
    assert a.sync().pushed == {"applied": 1}


def test_progress_and_cancel(office: Office, a: Any) -> None:
    for n in range(6):
        _household(a, address=f"进度路{n}号", members=())
    a.client.push_batch = 2
    seen: list[tuple[str, int, int | None]] = []
    report = a.client.sync(progress=lambda *args: seen.append(args))
    assert ("push", 2, 6) in seen
    assert ("push", 6, 6) in seen
    assert any(phase == "pull" for phase, _, _ in seen)
    _household(a, address="取消路1号", members=())
    report = a.client.sync(cancel=lambda: True)
    assert report.cancelled
    assert _outbox_states(a)["pending"] == 1
    assert a.sync().pushed == {"applied": 1}


def test_resolving_keep_server_changes_nothing(office: Office, a: Any, b: Any) -> None:
    _, persons = _household(a, members=[("张伟", "")])
    a.sync()
    b.sync()
    _set(a, Person, persons[0].id, name="张玮")
    _set(b, Person, persons[0].id, name="章伟")
    a.sync()
    b.sync()
    [entry] = office.server.conflicts()
    before = state_of(office.store.path, None)
    office.server.resolve_conflict(entry["id"], "keep_server", account_id="")
    assert state_of(office.store.path, None) == before
    from luzsong_grid.i18n import UserError

    with pytest.raises(UserError):
        office.server.resolve_conflict(entry["id"], "keep_server", account_id="")


# --------------------------------------------------------------------------
# USB bundles
# --------------------------------------------------------------------------


def _usb_laptop(office: Office, name: str) -> Any:
    from luzsong_grid.sync import bundle

    lap = office.laptop(name, office.terr.w1)
    key = bundle.device_key(lap.store, create=True)
    office.server.register_device(lap.actor.account_id, lap.store.device_id, key=key)
    return lap, key


def _assert_no_name_inside(path: Path, names: list[str]) -> None:
    """A copied bundle gives nothing away: not its raw bytes, not what
    ``zipfile`` or ``unzip -p`` take out of it."""
    import shutil
    import subprocess
    import zipfile

    raw = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        inside = b"".join(zf.read(item) for item in zf.namelist())
    unzipped = b""
    if shutil.which("unzip"):
        unzipped = subprocess.run(
            ["unzip", "-p", str(path)], capture_output=True, check=True
        ).stdout
        assert len(unzipped) >= len(inside) > 0
    for name in names:
        for data in (raw, inside, unzipped):
            assert name.encode("utf-8") not in data, name
            assert name.encode("utf-16-le") not in data, name


def test_usb_bundle_round_trip_twice_is_harmless(office: Office, b: Any) -> None:
    from luzsong_grid.sync import bundle

    lap, _key = _usb_laptop(office, "usb")
    tmp = office.tmp
    # First contact by USB: the office's whole scope comes back.
    bundle.export_bundle(lap.store, tmp / "out0.zip")
    bundle.office_exchange(office.server, tmp / "out0.zip", tmp / "back0.zip")
    first = bundle.import_pull_bundle(lap.store, tmp / "back0.zip")
    assert first.pulled > 0
    _h, persons = add_household(
        lap.store, lap.actor, office.terr.grid_a1, "U盘路1号", [("张伟", "")]
    )
    manifest = bundle.export_bundle(lap.store, tmp / "out1.zip")
    assert manifest.count == 3
    assert manifest.direction == "push"
    _assert_no_name_inside(tmp / "out1.zip", ["张伟", "U盘路1号"])
    bundle.office_exchange(office.server, tmp / "out1.zip", tmp / "back1.zip")
    bundle.office_exchange(office.server, tmp / "out1.zip", tmp / "back1b.zip")  # twice
    assert _count(office.store.path, "SELECT count(*) FROM household") == 1
    _assert_no_name_inside(tmp / "back1.zip", ["张伟", "U盘路1号", "学堂冲"])
    report = bundle.import_pull_bundle(lap.store, tmp / "back1.zip")
    assert report.pushed == {"applied": 3}
    again = bundle.import_pull_bundle(lap.store, tmp / "back1.zip")  # twice
    assert again.pushed == {}
    assert again.pulled == 0
    bundle.import_pull_bundle(lap.store, tmp / "back1b.zip")
    assert _outbox_states(lap) == {"applied": 3}
    b.sync()
    assert _get(b, Person, persons[0].id).name == "张伟"
    # A later online sync of the USB laptop has nothing left to do but agree.
    report = lap.sync(verify=True)
    assert report.pushed == {}
    assert report.checksum_ok is True
    assert_same_scope(office, lap)


def test_usb_bundle_tampered_unknown_or_foreign_is_refused(office: Office, tmp_path: Path) -> None:
    import zipfile

    from luzsong_grid.i18n import UserError
    from luzsong_grid.sync import bundle

    lap, key = _usb_laptop(office, "usb")
    lap.sync()
    add_household(lap.store, lap.actor, office.terr.grid_a1, "U盘路2号")
    good = tmp_path / "good.zip"
    bundle.export_bundle(lap.store, good)
    # Tampered payload (one bit of the encrypted bytes), or manifest.
    for item, change in (
        (bundle.PAYLOAD, lambda data: data[:40] + bytes([data[40] ^ 1]) + data[41:]),
        (bundle.MANIFEST, lambda data: data.replace(b'"created": "20', b'"created": "19')),
    ):
        bad = tmp_path / "bad.zip"
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
            for name in src.namelist():
                data = src.read(name)
                dst.writestr(name, change(data) if name == item else data)
        assert bad.read_bytes() != good.read_bytes()
        with pytest.raises(UserError) as err:
            bundle.import_push_bundle(office.server, bad)
        assert err.value.message == bundle.MSG_TAMPERED
    # Signed with another key (an unregistered laptop pretending).
    forged = tmp_path / "forged.zip"
    bundle.export_bundle(lap.store, forged, key=b"x" * 32)
    with pytest.raises(UserError) as err:
        bundle.import_push_bundle(office.server, forged)
    assert err.value.message == bundle.MSG_TAMPERED
    # A revoked device.
    office.server.revoke_device(lap.store.device_id)
    with pytest.raises(UserError) as err:
        bundle.import_push_bundle(office.server, good)
    assert err.value.message == bundle.MSG_UNKNOWN_DEVICE
    office.server.register_device(lap.actor.account_id, lap.store.device_id, key=key)
    # Another office.
    other = make_office(tmp_path / "other")
    try:
        other.server.register_device(lap.actor.account_id, lap.store.device_id, key=key)
        with pytest.raises(UserError) as err:
            bundle.import_push_bundle(other.server, good)
        assert err.value.message in (bundle.MSG_OTHER_OFFICE, bundle.MSG_UNKNOWN_DEVICE)
    finally:
        other.close()
    # Not a bundle at all.
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    with pytest.raises(UserError):
        bundle.import_push_bundle(office.server, junk)
    assert _count(office.store.path, "SELECT count(*) FROM household") == 0
    bundle.import_push_bundle(office.server, good)
    assert _count(office.store.path, "SELECT count(*) FROM household") == 1


# --------------------------------------------------------------------------
# Speed paths: echoes left out of pulls, the office's index in the background
# --------------------------------------------------------------------------


def _office_hits(office: Office, text: str) -> list[str]:
    conn = sqlite3.connect(office.store.path)
    try:
        return [h.ref_id for h in search.search(conn, text)]
    finally:
        conn.close()


def test_pull_leaves_out_the_echoes_of_own_inserts(office: Office, a: Any, b: Any) -> None:
    _household(a, members=[("王芳", ""), ("王强", "")])
    asked: list[list[tuple[int, int]]] = []
    pull = a.transport.pull

    def spy(cursor: int, limit: int, skip: Any = ()) -> p.PullPage:
        asked.append(list(skip))
        return pull(cursor, limit, skip)

    a.transport.pull = spy
    report = a.sync(verify=True)
    assert report.pushed == {"applied": 4}
    # The three inserts are left out (as seq ranges); only the patch that
    # made 王芳 the head (a change, not an insert) is pulled.
    assert sum(high - low + 1 for low, high in asked[0]) == 3
    assert report.pulled == 1
    assert report.checksum_ok is True
    assert_same_scope(office, a)
    assert b.sync().pulled == 4
    assert_same_scope(office, b)


def test_a_full_resync_pulls_every_row_even_its_own_inserts(office: Office, a: Any) -> None:
    household, persons = _household(a, members=[("赵敏", "")])
    conn = sqlite3.connect(a.path)
    try:
        conn.execute("INSERT OR REPLACE INTO sync_state(key, value) VALUES ('sync_resync', 'x')")
        conn.commit()
    finally:
        conn.close()
    report = a.sync()
    assert report.full_resync
    assert report.pushed == {"applied": 3}
    assert _get(a, Household, household.id) is not None
    assert _get(a, Person, persons[0].id).name == "赵敏"
    assert report.checksum_ok is True
    assert_same_scope(office, a)


def test_office_search_index_follows_pushes_in_the_background(office: Office, a: Any) -> None:
    from luzsong_grid.sync.client import InProcessTransport, SyncClient

    server = SyncServer(office.store.engine, clock=office.store.clock, search="background")
    indexer = server.indexer
    assert indexer is not None
    assert indexer.pending() == 0
    indexer.stop()  # no thread: the test steps it
    client = SyncClient(a.store, InProcessTransport(server, a.actor.account_id, a.store.device_id))
    _household_row, persons = _household(a, members=[("诸葛亮", "")])
    assert client.sync().pushed == {"applied": 3}
    # Not indexed in the push transaction; the log says what is missing.
    assert indexer.pending() == 3
    assert _office_hits(office, "诸葛亮") == []
    assert indexer.catch_up() == 3
    assert indexer.pending() == 0
    assert _office_hits(office, "诸葛亮")[:1] == [persons[0].id]
    # The position is kept in the database: a new indexer has nothing to do.
    again = SyncServer(office.store.engine, clock=office.store.clock, search="background")
    assert again.indexer is not None
    assert again.indexer.pending() == 0

    # The thread: started by a push, it catches up once the office is quiet.
    live = SyncServer(office.store.engine, clock=office.store.clock, search="background")
    live_client = SyncClient(
        a.store, InProcessTransport(live, a.actor.account_id, a.store.device_id)
    )
    _household(a, members=[("司马懿", "")])
    live_client.sync()
    assert live.indexer is not None
    deadline = time.monotonic() + 20
    while live.indexer.pending() and time.monotonic() < deadline:
        time.sleep(0.05)
    live.stop_indexer()
    assert live.indexer.pending() == 0
    assert len(_office_hits(office, "司马懿")) == 1
