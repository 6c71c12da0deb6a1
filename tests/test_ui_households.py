"""The Households page on real widgets, offscreen, on a copy of the demo district."""

from __future__ import annotations

import asyncio
import gc
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from luzsong_grid.domain.visits import DueState
from luzsong_grid.store import services
from luzsong_grid.textkeys import pinyin_keys
from luzsong_grid.ui import app as ui_app
from luzsong_grid.ui.models.households import HouseholdTableModel, LinesModel
from luzsong_grid.ui.pages.households import HouseholdsPage
from tests.conftest import resident_id, settle

WORKER_GRID = "430203002001001"


# One run_until_complete per step, never a polling loop of them: qasync's
# run_until_complete processes leftover Qt events after stopping, outside the
# running loop, and a task step that lands there (a block fetch the view asked
# for) fails with "no running event loop". The fewer stops, the fewer chances.
def drive(loop: Any, coro: Any, timeout: float = 30.0) -> Any:
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


def _wait_until(loop: Any, condition: Any, timeout: float = 10.0) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.02)

    drive(loop, poll(), timeout)
    assert condition()


_pages: list[HouseholdsPage] = []


@pytest.fixture(autouse=True)
def _delete_pages_on_the_ui_thread() -> Iterator[None]:
    """Destroy each page here, on the UI thread: a page left to the garbage
    collector may be collected on a reader thread, which Qt warns about."""
    yield
    while _pages:
        page = _pages.pop()
        if shiboken6.isValid(page):
            page.close()
            shiboken6.delete(page)
    gc.collect()


def _open_page(qtbot: Any, aloop: Any, ctx: Any) -> HouseholdsPage:
    page = HouseholdsPage(ctx)
    _pages.append(page)
    page.resize(1200, 700)
    page.show()
    drive(aloop, page.refresh())
    return page


def _db(ctx: Any) -> sqlite3.Connection:
    return sqlite3.connect(ctx.store.path)


def _worker_person(ctx: Any) -> tuple[str, str, str]:
    """(person id, name, household id) of a person in the worker's grid."""
    with _db(ctx) as conn:
        row = conn.execute(
            "SELECT id, name, household_id FROM person WHERE grid_code = ? AND deleted = 0 "
            "ORDER BY length(name), id LIMIT 1",
            (WORKER_GRID,),
        ).fetchone()
    assert row is not None
    return row


def _search(page: HouseholdsPage, aloop: Any, text: str) -> list[Any]:
    page.search.clear()
    settle(aloop, 0.05)
    page.search.setText(text)
    _wait_until(aloop, lambda: page.stack.currentWidget() is page.hits and page.last_search_ms > 0)
    return [line.key for line in page.hits_model.lines()]


def test_models_pass_the_model_tester(qtmodeltester: Any, aloop: Any, make_ctx: Any) -> None:
    from luzsong_grid.views import households as views

    ctx = make_ctx("district", "en")

    async def load(ids: list[str]) -> list[views.HouseholdRow]:
        return await ctx.bg.read(views.household_rows, ids)

    qtmodeltester.check(HouseholdTableModel(load, ctx.spawn))  # empty
    model = HouseholdTableModel(load, ctx.spawn)
    ids = drive(aloop, ctx.bg.read(views.household_ids, views.HouseholdFilter()))
    model.set_ids(ids)
    drive(aloop, model.load_rows(0, len(ids) - 1))
    due = drive(
        aloop,
        ctx.bg.read(lambda c: views.household_due(c, scope=ctx.user.scope, as_of=date.today())),
    )
    model.set_due(due)
    assert model.block_loads >= (len(ids) + model.BLOCK - 1) // model.BLOCK
    assert model.index(0, model.ADDRESS).data() != "…"
    qtmodeltester.check(model)
    lines = LinesModel(["a", "b"])
    qtmodeltester.check(lines)
    from luzsong_grid.ui.models.households import Line

    lines.set_lines([Line(("1", "2"), key="x"), Line(("3",), key="y", color="overdue")])
    qtmodeltester.check(lines)


def test_the_lazy_model_fetches_blocks_on_demand_and_keeps_few(
    qtbot: Any, aloop: Any, make_ctx: Any
) -> None:
    page = _open_page(qtbot, aloop, make_ctx("district", "en"))
    model = page.model
    total = model.rowCount()
    assert total > 3 * model.BLOCK
    settle(aloop, 0.3)
    loads = model.block_loads
    assert 1 <= loads <= 2  # only what the view showed
    page.table.scrollToBottom()
    _wait_until(aloop, lambda: model.cached_row(total - 1) is not None)
    assert model.block_loads <= loads + 2
    assert model.index(total - 1, model.ADDRESS).data() not in ("…", None)


def test_find_by_two_character_name_and_by_initials(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("worker", "zh_CN")
    page = _open_page(qtbot, aloop, ctx)
    person_id, name, household_id = _worker_person(ctx)
    keys = _search(page, aloop, name[:2])  # two characters: the name, or its start
    assert ("person", person_id, household_id) in keys
    assert page.last_search_ms < 1000
    _pinyin, initials = pinyin_keys(name)
    keys = _search(page, aloop, initials.upper())
    assert ("person", person_id, household_id) in keys
    row = page.hits_model.row_of(("person", person_id, household_id))
    page.hits.setCurrentIndex(page.hits_model.index(row, 0))
    _wait_until(aloop, lambda: page.detail is not None and page.detail.id == household_id)
    assert page.members_model.row_of(person_id) >= 0
    assert page.members.currentIndex().row() == page.members_model.row_of(person_id)
    page.search.clear()
    assert page.stack.currentWidget() is page.table


def test_add_person_bad_id_then_good_id(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("worker", "en")
    page = _open_page(qtbot, aloop, ctx)
    _pid, _name, household_id = _worker_person(ctx)
    drive(aloop, page.open_household(household_id))
    with _db(ctx) as conn:
        (before,) = conn.execute("SELECT count(*) FROM person").fetchone()
    page.add_person_button.click()
    dialog = page.dialog
    assert dialog is not None
    dialog.name.setText("测试人")
    good = resident_id(date(1990, 5, 4), 7, "F")
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    dialog.id_number.setText(bad)
    error = dialog.errors["id_number"]
    assert not error.isHidden()
    assert "does not add up" in error.text()
    assert drive(aloop, dialog.save()) is None
    assert not error.isHidden()
    assert dialog.name.text() == "测试人"  # what was typed stays
    with _db(ctx) as conn:
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == before

    dialog.id_number.setText(good)
    assert error.isHidden()
    assert "1990-05-04" in dialog.derived.text()
    assert dialog.gender.currentData() == "F"
    settle(aloop, 0.2)
    assert dialog.duplicate_row.isHidden()
    person_id = drive(aloop, dialog.save())
    assert person_id
    with _db(ctx) as conn:
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == before + 1
        assert conn.execute(
            "SELECT name, gender, birth_date FROM person WHERE id = ?", (person_id,)
        ).fetchone() == ("测试人", "F", "1990-05-04")
        audit = conn.execute(
            "SELECT action, changes FROM audit_log WHERE table_name = 'person' AND row_id = ?",
            (person_id,),
        ).fetchall()
        assert [a[0] for a in audit] == ["insert"]
        assert good not in audit[0][1]  # numbers are audited masked
        assert conn.execute(
            "SELECT count(*) FROM outbox WHERE table_name = 'person' AND row_id = ? "
            "AND state = 'pending'",
            (person_id,),
        ).fetchone() == (1,)
    _wait_until(aloop, lambda: page.members_model.row_of(person_id) >= 0)
    line = page.members_model.line(page.members_model.row_of(person_id))
    assert line is not None
    assert line.cells[0] == "测试人"
    assert line.cells[4] == good[:6] + "********" + good[-4:]


def test_duplicate_id_offers_the_existing_person(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("staff", "en")  # the community: several households
    page = _open_page(qtbot, aloop, ctx)
    with _db(ctx) as conn:
        households = [
            r[0]
            for r in conn.execute(
                "SELECT h.id FROM household h WHERE h.grid_code LIKE '430203002001%' "
                "AND h.deleted = 0 AND EXISTS (SELECT 1 FROM person p WHERE "
                "p.household_id = h.id AND p.id_number != '' AND p.deleted = 0) ORDER BY h.id"
            )
        ]
        owner = conn.execute(
            "SELECT id, name, id_number, household_id FROM person WHERE household_id = ? "
            "AND id_number != '' AND deleted = 0 LIMIT 1",
            (households[1],),
        ).fetchone()
    drive(aloop, page.open_household(households[0]))
    page.add_person()
    dialog = page.dialog
    dialog.name.setText("重复人")
    dialog.id_number.setText(owner[2])
    _wait_until(aloop, lambda: not dialog.duplicate_row.isHidden())
    assert owner[1] in dialog.duplicate.text()
    assert drive(aloop, dialog.save()) is None
    assert owner[1] in dialog.errors["id_number"].text()
    assert not dialog.open_existing.isHidden()
    dialog.open_existing.click()
    _wait_until(aloop, lambda: page.detail is not None and page.detail.id == owner[3])
    assert page.members_model.row_of(owner[0]) >= 0


def test_reveal_as_worker_is_audited_and_supervisor_cannot(
    qtbot: Any, aloop: Any, make_ctx: Any
) -> None:
    ctx = make_ctx("worker", "en")
    page = _open_page(qtbot, aloop, ctx)
    with _db(ctx) as conn:
        pid, number, hid = conn.execute(
            "SELECT id, id_number, household_id FROM person WHERE grid_code = ? "
            "AND id_number != '' AND deleted = 0 LIMIT 1",
            (WORKER_GRID,),
        ).fetchone()
    drive(aloop, page.open_household(hid))
    assert page.reveal_button.isVisible()
    row = page.members_model.row_of(pid)
    assert page.members_model.line(row).cells[4] != number  # type: ignore[union-attr]
    assert drive(aloop, page.reveal(pid, "id_number")) == number
    assert page.members_model.line(row).cells[4] == number  # type: ignore[union-attr]
    with _db(ctx) as conn:
        assert conn.execute(
            "SELECT account_id, changes FROM audit_log WHERE action = 'reveal' AND row_id = ?",
            (pid,),
        ).fetchall() == [(ctx.user.account_id, '{"field": "id_number"}')]

    sup = make_ctx("supervisor", "en")
    sup_page = _open_page(qtbot, aloop, sup)
    drive(aloop, sup_page.open_household(hid))
    assert not sup_page.reveal_button.isVisible()
    assert not sup_page.add_person_button.isVisible()
    assert not sup_page.add_household_button.isVisible()
    assert drive(aloop, sup_page.reveal(pid, "id_number")) is None
    sup_row = sup_page.members_model.line(sup_page.members_model.row_of(pid))
    assert sup_row is not None
    assert number not in sup_row.cells


def test_sensitive_tag_hidden_from_the_supervisor(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("worker", "zh_CN")
    pid, _name, hid = _worker_person(ctx)
    with _db(ctx) as conn:
        tagged = conn.execute(
            "SELECT count(*) FROM person_tag WHERE person_id = ? AND tag_code = 'drug_user' "
            "AND deleted = 0",
            (pid,),
        ).fetchone()[0]
    if not tagged:
        with ctx.store.session(actor=ctx.actor) as s:
            services.add_person_tag(session=s, person_id=pid, tag_code="drug_user")
    label = "吸毒人员"
    page = _open_page(qtbot, aloop, ctx)
    drive(aloop, page.open_household(hid))
    cells = page.members_model.line(page.members_model.row_of(pid)).cells  # type: ignore[union-attr]
    assert label in cells[6]
    assert page.tag_filter.findData("drug_user") >= 0

    sup = make_ctx("supervisor", "zh_CN")
    sup_page = _open_page(qtbot, aloop, sup)
    drive(aloop, sup_page.open_household(hid))
    cells = sup_page.members_model.line(sup_page.members_model.row_of(pid)).cells  # type: ignore[union-attr]
    assert label not in cells[6]
    assert sup_page.tag_filter.findData("drug_user") < 0
    row = sup_page.model.row_of(hid)
    drive(aloop, sup_page.model.load_rows(row, row))
    assert label not in (sup_page.model.index(row, sup_page.model.TAGS).data() or "")


def test_filters_grid_tag_and_overdue(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("district", "en")
    page = _open_page(qtbot, aloop, ctx)
    _wait_until(aloop, lambda: bool(page.due))
    everything = page.model.rowCount()
    page.grid_filter.setCurrentIndex(page.grid_filter.findData(WORKER_GRID))
    _wait_until(aloop, lambda: page.model.rowCount() < everything)
    with _db(ctx) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM household WHERE grid_code = ? AND deleted = 0", (WORKER_GRID,)
        ).fetchone()
    assert page.model.rowCount() == count
    page.grid_filter.setCurrentIndex(0)
    _wait_until(aloop, lambda: page.model.rowCount() == everything)
    page.tag_filter.setCurrentIndex(page.tag_filter.findData("low_income"))
    _wait_until(aloop, lambda: page.model.rowCount() < everything)
    with _db(ctx) as conn:
        (count,) = conn.execute(
            "SELECT count(DISTINCT household_id) FROM household_tag "
            "WHERE tag_code = 'low_income' AND deleted = 0"
        ).fetchone()
    assert page.model.rowCount() == count
    page.tag_filter.setCurrentIndex(0)
    _wait_until(aloop, lambda: page.model.rowCount() == everything)
    page.overdue_only.setChecked(True)
    _wait_until(aloop, lambda: page.model.rowCount() < everything)
    ids = page.model.ids()
    assert ids
    assert all(page.due[h].state is DueState.OVERDUE for h in ids)
    index = page.model.index(0, page.model.DUE)
    assert str(index.data()).startswith("Overdue since")
    assert index.data(Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"


def test_log_visit_button(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("worker", "en")
    page = _open_page(qtbot, aloop, ctx)
    _pid, _name, hid = _worker_person(ctx)
    drive(aloop, page.open_household(hid))
    notes: list[str] = []
    ctx.bridge.status.connect(notes.append)
    try:
        import luzsong_grid.ui.dialogs.visit  # noqa: F401
    except ImportError:
        page.visit_button.click()
        assert notes == ["Logging visits is not available yet."]
    else:
        page.visit_button.click()
        assert page.dialog is not None
        page.dialog.reject()


@pytest.mark.parametrize(
    ("lang", "heading", "address"), [("zh_CN", "户籍人口", "地址"), ("en", "Households", "Address")]
)
def test_both_languages(
    qtbot: Any, qapp: QApplication, aloop: Any, make_ctx: Any, lang: str, heading: str, address: str
) -> None:
    translators = ui_app.install_translators(qapp, lang)
    try:
        ctx = make_ctx("worker", lang)
        page = _open_page(qtbot, aloop, ctx)
        assert page.title() == heading
        header = page.model.headerData(0, Qt.Orientation.Horizontal)
        assert header == address
        _pid, _name, hid = _worker_person(ctx)
        drive(aloop, page.open_household(hid))
        page.add_person()
        dialog = page.dialog
        dialog.id_number.setText("12345X7890")
        assert dialog.errors["id_number"].text()
        assert (lang == "zh_CN") == any(
            "\u4e00" <= ch <= "\u9fff" for ch in dialog.errors["id_number"].text()
        )
        dialog.reject()
        page.edit_household()
        assert page.dialog is not None
        page.dialog.reject()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
