"""Every window and dialog, in both languages: nothing left in English in the
Chinese interface, and no translation unfinished.

The main window is built for every demo role and every page is opened. Every
QDialog class in ``luzsong_grid/ui/dialogs/`` is found by import and built
with arguments taken from the demo district; a dialog whose constructor
needs something :func:`_argument` does not know fails this test, so a new
dialog gets added here, not forgotten.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QTabBar,
    QTableView,
    QTreeView,
    QWidget,
)

from luzsong_grid.store.db import connect_raw
from luzsong_grid.ui import app as ui_app
from luzsong_grid.ui.mainwindow import MainWindow

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("worker", "staff", "supervisor", "district", "admin")
LANGS = ("zh_CN", "en")
# ASCII words a Chinese interface may show: units, key names, file formats, codes.
ALLOWED_WORDS = frozenset(
    {
        "ID", "Excel", "WPS", "CSV", "JPG", "JPEG", "PNG", "BMP", "GIF", "WebP", "PDF",
        "Ctrl", "Shift", "Alt", "Enter", "Esc", "Tab", "Del", "PgUp", "PgDn",
        "YYYY", "MM", "DD", "km", "kg", "KB", "MB", "GB", "KiB", "MiB", "GiB",
        "bytes", "HLC", "UUID", "QR", "Wi", "Fi",
    }
)  # fmt: skip
WORD = re.compile(r"[A-Za-z]{2,}")
TAG = re.compile(r"<[^>]+>")


def english_leftover(text: str) -> bool:
    """Whether ``text`` is pure-ASCII English words (not numbers, codes,
    paths, units or names from the data, which are Chinese)."""
    text = TAG.sub(" ", text).replace("&", "").strip()
    if not text or not text.isascii():
        return False
    if "/" in text or "\\" in text or "@" in text:  # a path, an address
        return False
    return any(word not in ALLOWED_WORDS for word in WORD.findall(text))


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(what, text) for the window title and every visible label, button,
    group box, tab and table header under ``root``."""
    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            found.append((type(widget).__name__, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append(("QGroupBox", widget.title()))
        elif isinstance(widget, QTabBar):
            found.extend(("tab", widget.tabText(i)) for i in range(widget.count()))
        elif isinstance(widget, QTableView | QTreeView) and widget.model() is not None:
            model = widget.model()
            found.extend(
                ("column", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                for c in range(model.columnCount())
            )
    return found


@pytest.fixture
def language(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[str]:
    lang: str = request.param
    translators = ui_app.install_translators(qapp, lang)
    yield lang
    for translator in translators:
        qapp.removeTranslator(translator)


def run(loop: Any, coro: Any, timeout: float = 180) -> None:
    """Run ``coro`` in ONE run of the loop. (qasync's run_until_complete ends
    with a processEvents() outside the running loop: a task resumed there
    cannot await the next ctx.bg call, so many short runs, as ``drive``
    does, fail at random in pages that await twice in a row.)"""
    loop.run_until_complete(asyncio.wait_for(coro, timeout))


def _record_crashes(ctx: Any, window: MainWindow | None = None) -> list[str]:
    """Failures of background tasks, collected instead of shown in a modal box."""
    crashes: list[str] = []
    if window is not None:
        ctx.bridge.crashed.disconnect(window.show_crash)
        ctx.bridge.user_error.disconnect(window.show_user_error)
    ctx.bridge.crashed.connect(crashes.append)
    ctx.bridge.user_error.connect(crashes.append)
    return crashes


# --------------------------------------------------------------------------
# The main window, every page, every role
# --------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGS, indirect=True)
@pytest.mark.parametrize("username", ROLES)
def test_every_page_for_every_role(
    qtbot: Any, aloop: Any, make_ctx: Any, language: str, username: str
) -> None:
    ctx = make_ctx(username, language)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    crashes = _record_crashes(ctx, window)
    leftovers: list[str] = []
    seen: list[int] = []

    async def sweep() -> None:
        # All inside one coroutine: Qt events are then processed only while
        # the asyncio loop runs, as in the app.
        window.resize(1366, 768)
        window.show()
        for page in window.pages:
            window.go_to(type(page).__name__)
            await page.refresh()
            await asyncio.sleep(0.2)
            texts = visible_texts(window)
            seen.append(len(texts))
            if language == "zh_CN":
                leftovers.extend(
                    f"{type(page).__name__}: {what} “{text}”"
                    for what, text in texts
                    if english_leftover(text)
                )
        await asyncio.sleep(0.3)
        window.close()
        await asyncio.sleep(0.1)

    run(aloop, sweep())
    assert not crashes, crashes
    assert min(seen) >= 10, "the sweep saw almost no text"
    assert not sorted(set(leftovers)), "English left in the Chinese interface"


# --------------------------------------------------------------------------
# Every dialog
# --------------------------------------------------------------------------


@dataclass
class Sample:
    """Rows of the demo district the dialogs are built on."""

    ctx: Any
    lang: str
    conn: Any
    household_id: str
    person_id: str
    dispute_id: str
    event_id: str


def _sample(ctx: Any) -> Sample:
    conn = connect_raw(ctx.store.path, readonly=True)
    grids = ctx.user.grids
    marks = ",".join("?" * len(grids))

    def first(sql: str) -> str:
        row = conn.execute(sql.format(marks=marks), grids).fetchone()
        assert row is not None, sql
        return str(row[0])

    return Sample(
        ctx=ctx,
        lang=ctx.lang,
        conn=conn,
        household_id=first(
            "SELECT h.id FROM household h WHERE h.deleted = 0 AND h.grid_code IN ({marks}) "
            "AND EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.deleted = 0) "
            "ORDER BY h.id"
        ),
        person_id=first(
            "SELECT id FROM person WHERE deleted = 0 AND grid_code IN ({marks}) ORDER BY id"
        ),
        dispute_id=first(
            "SELECT d.id FROM dispute d WHERE d.deleted = 0 AND d.grid_code IN ({marks}) "
            "ORDER BY (SELECT count(*) FROM dispute_followup f WHERE f.dispute_id = d.id) DESC, "
            "d.id"
        ),
        event_id=first(
            "SELECT id FROM event WHERE deleted = 0 AND grid_code IN ({marks}) ORDER BY id"
        ),
    )


def _argument(sample: Sample, name: str, annotation: str) -> Any:
    """The value a dialog parameter gets, by its type (or its name)."""
    from luzsong_grid.views import disputes, events, households

    conn, lang, ctx = sample.conn, sample.lang, sample.ctx
    by_type: dict[str, Callable[[], Any]] = {
        "AppContext": lambda: ctx,
        "DisputeCatalog": lambda: disputes.dispute_catalog(conn, lang),
        "DisputeDetail": lambda: disputes.dispute_detail(conn, sample.dispute_id, lang=lang),
        "FollowupRow": lambda: _followup(sample),
        "list[Choice]": lambda: disputes.grid_choices(conn, ctx.user.grids, lang),
        "EventCatalog": lambda: events.event_catalog(conn, lang),
        "EventDetail": lambda: events.event_detail(conn, sample.event_id, lang=lang),
        "list[GridInfo]": lambda: households.grids_in_scope(conn, ctx.user.grids),
        "dict[str, TagInfo]": lambda: households.tag_catalog(conn),
        "list[tuple[str, str, str]]": lambda: households.relations(conn),
        "HouseholdDetail | None": lambda: households.household_detail(conn, sample.household_id),
        "Member | None": lambda: _member(sample),
    }
    by_name: dict[str, Callable[[], Any]] = {
        "household_id": lambda: sample.household_id,
        "person_id": lambda: sample.person_id,
        "dispute_id": lambda: sample.dispute_id,
        "event_id": lambda: sample.event_id,
        "to_status": lambda: "resolved",
    }
    if annotation in by_type:
        return by_type[annotation]()
    if name in by_name:
        return by_name[name]()
    raise LookupError(f"no sample value for parameter {name}: {annotation}")


def _followup(sample: Sample) -> Any:
    from luzsong_grid.views import disputes

    detail = disputes.dispute_detail(sample.conn, sample.dispute_id, lang=sample.lang)
    assert detail is not None
    followups = getattr(detail, "followups", ())
    if followups:
        return followups[0]
    return disputes.FollowupRow("", date.today(), None, "", False, "", "", "", False)


def _member(sample: Sample) -> Any:
    from luzsong_grid.views import households

    detail = households.household_detail(sample.conn, sample.household_id)
    assert detail is not None
    return detail.members[0] if detail.members else None


# Extra ways to open a dialog beyond its required arguments (keyword overrides).
VARIANTS: dict[str, list[dict[str, Any]]] = {
    "MoveDisputeDialog": [
        {"to_status": "mediating"},
        {"to_status": "resolved"},
        {"to_status": "failed"},
        {"to_status": "referred"},
    ],
    "EventStepDialog": [
        {"to_status": "accepted"},
        {"to_status": "dispatched"},
        {"action": "extend"},
        {"action": "supervise"},
    ],
    "HouseholdDialog": [{}, {"household": None}],
    "PersonDialog": [{}, {"person": None}],
}


def dialog_classes() -> list[type[QDialog]]:
    import luzsong_grid.ui.dialogs as package

    found: list[type[QDialog]] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.extend(
            cls
            for _name, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, QDialog) and cls.__module__ == module.__name__
        )
    return found


def _build(cls: type[QDialog], sample: Sample, overrides: dict[str, Any]) -> QDialog:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    signature = inspect.signature(cls.__init__)
    for name, param in list(signature.parameters.items())[1:]:
        if name == "parent" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if name in overrides:
            value = overrides[name]
        elif param.default is not inspect.Parameter.empty:
            continue
        else:
            annotation = param.annotation
            text = (
                annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
            )
            value = _argument(sample, name, text)
        if param.kind is param.KEYWORD_ONLY:
            kwargs[name] = value
        else:
            args.append(value)
    return cls(*args, **kwargs)


@pytest.mark.parametrize("language", LANGS, indirect=True)
def test_every_dialog(qtbot: Any, aloop: Any, make_ctx: Any, language: str) -> None:
    ctx = make_ctx("staff", language)
    crashes = _record_crashes(ctx)
    sample = _sample(ctx)
    classes = dialog_classes()
    assert classes, "no dialogs found"
    leftovers: list[str] = []
    opened: list[str] = []

    async def sweep() -> None:
        for cls in classes:
            for overrides in VARIANTS.get(cls.__name__, [{}]):
                dialog = _build(cls, sample, overrides)
                qtbot.addWidget(dialog)
                dialog.show()
                await asyncio.sleep(0.2)
                label = f"{cls.__name__}{overrides or ''}"
                opened.append(label)
                assert dialog.windowTitle().strip() or cls.__name__ == "FormDialog", (
                    f"{label} has no window title"
                )
                if language == "zh_CN":
                    leftovers.extend(
                        f"{label}: {what} “{text}”"
                        for what, text in visible_texts(dialog)
                        if english_leftover(text)
                    )
                dialog.reject()
        await asyncio.sleep(0.3)

    try:
        run(aloop, sweep())
    finally:
        sample.conn.close()
    assert not crashes, crashes
    assert not sorted(set(leftovers)), "English left in the Chinese interface"
    assert len(opened) >= len(classes)


def test_no_unfinished_translations_in_either_language() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_the_leftover_rule() -> None:
    assert english_leftover("Save changes")
    assert english_leftover("<b>Visits</b>")
    assert not english_leftover("保存修改")
    assert not english_leftover("走访 ID")
    assert not english_leftover("430203002001001")
    assert not english_leftover("12.5 MB")
    assert not english_leftover("/tmp/pytest/home")
    assert not english_leftover("2026-11-27")
    assert not english_leftover("")
