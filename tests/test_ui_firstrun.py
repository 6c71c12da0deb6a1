"""The first-run wizard: a new computer gets an administrator or the demo
district; a second start goes straight to sign-in."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard

from luzsong_grid.auth import sign_in
from luzsong_grid.demo import make_demo
from luzsong_grid.i18n import UserError
from luzsong_grid.store.db import connect_raw, forget_key, is_encrypted
from luzsong_grid.ui.firstrun import MODE_ADMIN, FirstRunWizard, needs_first_run
from luzsong_grid.ui.signin import SignInDialog
from luzsong_grid.ui.tasks import PendingStore, warm_up


def _finish(aloop: Any, wizard: FirstRunWizard, timeout: float = 60) -> None:
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    deadline = time.monotonic() + timeout
    while wizard.isVisible() and time.monotonic() < deadline:
        aloop.run_until_complete(asyncio.sleep(0.05))


def test_first_admin_then_straight_to_sign_in(qtbot: Any, aloop: Any, tmp_path: Path) -> None:
    db = tmp_path / "grid.sqlite3"
    assert needs_first_run(db)
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choice.choices[MODE_ADMIN].setChecked(True)
    wizard.next()
    page = wizard.details
    page.username.setText("office")
    page.display_name.setText("社区管理员")
    page.password.setText("short")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    deadline = time.monotonic() + 30
    while page.error.text() in ("", page.tr("Working…")) and time.monotonic() < deadline:
        aloop.run_until_complete(asyncio.sleep(0.05))
    assert "8" in page.error.text()  # too short: said so, nothing made
    assert needs_first_run(db)
    page.password.setText("a-long-pass")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    deadline = time.monotonic() + 30
    while wizard.isVisible() and time.monotonic() < deadline:
        aloop.run_until_complete(asyncio.sleep(0.05))
    assert wizard.result() == FirstRunWizard.DialogCode.Accepted
    assert not needs_first_run(db)
    # The new database is encrypted: plain SQLite cannot read it, the
    # administrator's password unlocks it, a wrong one does not.
    forget_key(db)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(db).execute("SELECT count(*) FROM account").fetchone()
    with pytest.raises(UserError, match="Wrong user name or password"):
        sign_in(db, "office", "a-wrong-pass")
    user = sign_in(db, "office", "a-long-pass")
    assert user.role == "admin"
    conn = connect_raw(db, readonly=True)
    try:
        assert (
            conn.execute("SELECT count(*) FROM outbox WHERE table_name = 'account'").fetchone()[0]
            == 1
        )
    finally:
        conn.close()


def test_demo_choice_loads_the_district(qtbot: Any, aloop: Any, tmp_path: Path) -> None:
    db = tmp_path / "grid.sqlite3"
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choice.language.setCurrentIndex(1)
    wizard.choice.choices["demo"].setChecked(True)
    _finish(aloop, wizard)
    assert wizard.language() == "en"
    assert not needs_first_run(db)
    assert is_encrypted(db)
    forget_key(db)
    assert sign_in(db, "worker", "demo1234").role == "worker"
    assert sign_in(db, "admin", "demo1234").role == "admin"


def _wait_until(loop: Any, condition: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        loop.run_until_complete(asyncio.sleep(0.02))
    assert condition()


def _sign_in_at_start(qtbot: Any, aloop: Any, db: Path) -> tuple[SignInDialog, PendingStore]:
    """The app's start: the sign-in window over a store not opened yet."""
    pending = PendingStore(db, aloop.run_in_executor(None, warm_up))
    dialog = SignInDialog(pending, lang="en")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("worker")
    dialog.password.setText("wrong-password")
    dialog.button.click()
    _wait_until(aloop, lambda: dialog.error.text() != "")
    assert dialog.error.text() == "Wrong user name or password."
    assert pending.store is None  # nothing opened for a wrong password
    dialog.password.setText("demo1234")
    dialog.button.click()
    _wait_until(aloop, lambda: dialog.user is not None)
    assert dialog.user is not None
    assert dialog.user.role == "worker"
    assert pending.store is not None
    return dialog, pending


def test_signing_in_unlocks_then_opens_the_encrypted_store(
    qtbot: Any, aloop: Any, tmp_path: Path
) -> None:
    db = tmp_path / "grid.sqlite3"
    make_demo(db, persons=100)
    forget_key(db)
    _dialog, pending = _sign_in_at_start(qtbot, aloop, db)
    assert pending.store is not None
    with pending.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM person").scalar() > 0
    pending.store.close()
    forget_key(db)


def test_signing_in_encrypts_an_older_unencrypted_database(
    qtbot: Any, aloop: Any, demo_copy: Path
) -> None:
    assert not is_encrypted(demo_copy)
    _dialog, pending = _sign_in_at_start(qtbot, aloop, demo_copy)
    assert pending.store is not None
    pending.store.close()
    assert is_encrypted(demo_copy)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(demo_copy).execute("SELECT count(*) FROM person").fetchone()
    forget_key(demo_copy)
