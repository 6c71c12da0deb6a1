"""The Sync page against a real office server (uvicorn on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from luzsong_grid.auth import sign_in
from luzsong_grid.store import services
from luzsong_grid.store.db import open_store
from luzsong_grid.sync.server import SyncServer
from luzsong_grid.ui.context import AppContext, Bridge
from luzsong_grid.ui.firstrun import connect_to_office, needs_first_run
from luzsong_grid.ui.pages.sync import SyncPage
from luzsong_grid.ui.tasks import Background, StallMonitor
from tests.conftest import drive
from tests.office import GRID_A1, PASSWORD, seed_office, uvicorn_server


def test_sync_page_sends_and_receives(qtbot: Any, aloop: Any, tmp_path: Path) -> None:
    office_dir = tmp_path / "office"
    office_dir.mkdir()
    office_db = office_dir / "luzsong-grid.sqlite3"
    office = open_store(office_db)
    seed_office(SyncServer(office.engine))
    office.close()
    with uvicorn_server(f"sqlite:///{office_db}", office_dir) as server:
        laptop_db = tmp_path / "laptop" / "luzsong-grid.sqlite3"
        connect_to_office(laptop_db, server.url, "worker", PASSWORD)
        assert not needs_first_run(laptop_db)  # the password now works offline
        store = open_store(laptop_db)
        ctx = AppContext(
            store=store,
            user=sign_in(laptop_db, "worker", PASSWORD),
            bg=Background(store),
            bridge=Bridge(),
            stall=StallMonitor(),
            lang="en",
        )
        try:
            page = SyncPage(ctx)
            qtbot.addWidget(page)
            drive(aloop, page.refresh())
            assert page.server.text() == server.url
            assert not page.password.isVisibleTo(page)  # the laptop is registered
            drive(
                aloop,
                ctx.bg.write(
                    lambda s: services.tally_service(
                        session=s, grid_code=GRID_A1, type_code="elderly_allowance", count=2
                    ),
                    actor=ctx.actor,
                ),
            )
            drive(aloop, page.refresh())
            assert page.pending.text() == "1 change(s)"
            drive(aloop, page.sync_now())
            assert page.message.text().startswith("Sent 1, received")
            assert page.pending.text() == "0 change(s)"
            assert page.last.text() != "never"
        finally:
            ctx.bg.shutdown()
            store.close()
    office = open_store(office_db)
    try:
        with office.engine.connect() as conn:
            total = conn.exec_driver_sql("SELECT sum(count) FROM service_tally").scalar()
        assert total == 2
    finally:
        office.close()


def test_sync_page_without_a_server_says_what_to_do(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("worker", "en")
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    drive(aloop, page.refresh())
    drive(aloop, page.sync_now())
    assert "office server" in page.message.text().lower()
