"""The desktop client's frame: sign-in, the main window, every page, both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from luzsong_grid.demo import DEMO_PASSWORD
from luzsong_grid.store.db import open_store
from luzsong_grid.ui import app as ui_app
from luzsong_grid.ui.mainwindow import MainWindow
from luzsong_grid.ui.signin import SignInDialog
from luzsong_grid.ui.tasks import Background
from tests.conftest import drive, settle


@pytest.fixture
def bg(demo_copy: Path) -> Any:
    store = open_store(demo_copy)
    background = Background(store)
    yield background
    background.shutdown()
    store.close()


def _wait_until(loop: Any, condition: Any, timeout: float = 10.0) -> None:
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        loop.run_until_complete(asyncio.sleep(0.02))
    assert condition()


def test_sign_in_refuses_a_wrong_password_then_accepts_the_right_one(
    qtbot: Any, aloop: Any, bg: Any
) -> None:
    dialog = SignInDialog(bg, lang="en")
    qtbot.addWidget(dialog)
    dialog.username.setText("worker")
    dialog.password.setText("wrong")
    dialog.button.click()
    _wait_until(aloop, lambda: dialog.error.text() != "")
    assert dialog.error.text() == "Wrong user name or password."
    assert dialog.user is None
    dialog.password.setText(DEMO_PASSWORD)
    dialog.button.click()
    _wait_until(aloop, lambda: dialog.user is not None)
    assert dialog.user is not None
    assert dialog.user.role == "worker"
    assert dialog.user.grids == ("430203002001001",)


def test_sign_in_message_is_chinese_by_default(qtbot: Any, aloop: Any, bg: Any) -> None:
    dialog = SignInDialog(bg, lang="zh_CN")
    qtbot.addWidget(dialog)
    dialog.username.setText("nobody")
    dialog.password.setText("x")
    dialog.button.click()
    _wait_until(aloop, lambda: dialog.error.text() != "")
    assert "密码" in dialog.error.text()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("username", ["worker", "staff", "supervisor"])
def test_main_window_opens_every_page(
    qtbot: Any, qapp: QApplication, aloop: Any, make_ctx: Any, lang: str, username: str
) -> None:
    translators = ui_app.install_translators(qapp, lang)
    try:
        ctx = make_ctx(username, lang)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        titles = [window.nav.item(i).text() for i in range(window.nav.count())]
        expected = "今日" if lang == "zh_CN" else "Today"
        assert titles[0] == expected
        for index in range(len(window.pages)):
            window.nav.setCurrentRow(index)
            drive(aloop, window.pages[index].refresh())
        settle(aloop)
        assert ctx.stall.max_stall_ms < 1000
        assert window.pending.text() != ""
        window.close()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_idle_lock_hides_the_data_until_the_password(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("worker", "en")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.lock()
    assert window.locked
    assert not window.body.isVisible()
    dialog = window._lock_dialog
    dialog.password.setText(DEMO_PASSWORD)
    dialog.button.click()
    _wait_until(aloop, lambda: not window.locked)
    assert window.body.isVisible()
    window.close()
