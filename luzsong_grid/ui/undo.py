"""Undo for the last action (撤销): one level, like a grid worker expects
after pressing the wrong key.

A page that does something undoable registers it with :func:`undo_stack`
``(ctx).push(label, coroutine_function)``; the coroutine function reverses
it (voids the visit, tombstones the tally) through ``ctx.bg.write`` and
emits ``data_changed`` itself. Ctrl+Z on the main window runs it (see
:func:`install_shortcut`; a focused text field keeps Ctrl+Z for its own
text). Only the last action can be undone, and only once.

The stack lives on the :class:`~luzsong_grid.ui.context.AppContext` as the
attribute ``undo_stack`` (set by the first :func:`undo_stack` call), so every
page and dialog of a session shares it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from luzsong_grid.ui.context import AppContext

Reverse = Callable[[], Awaitable[object]]
_ATTR = "undo_stack"


class UndoStack(QObject):
    """Keeps the last undoable action: a label and how to reverse it."""

    changed = Signal(str)  # the label Ctrl+Z would undo; "" when nothing

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._label = ""
        self._reverse: Reverse | None = None
        self._running = False

    @property
    def label(self) -> str:
        return self._label

    def can_undo(self) -> bool:
        return self._reverse is not None and not self._running

    def push(self, label: str, reverse: Reverse) -> None:
        """Remember ``reverse`` as the way to undo the action just done."""
        self._label, self._reverse = label, reverse
        self.changed.emit(label)

    def clear(self) -> None:
        self._label, self._reverse = "", None
        self.changed.emit("")

    async def undo(self) -> bool:
        """Reverse the last action; False when there was nothing to undo."""
        if self._reverse is None or self._running:
            if not self._running:
                self.ctx.bridge.status.emit(self.tr("Nothing to undo."))
            return False
        label, reverse = self._label, self._reverse
        self._running = True
        try:
            await reverse()
        finally:
            self._running = False
        self.clear()  # only once, and only after it worked (a failure keeps it)
        self.ctx.bridge.status.emit(self.tr("Undone: %1").replace("%1", label))
        return True

    def trigger(self) -> None:
        """Undo from a shortcut or a button (runs in the background)."""
        self.ctx.spawn(self.undo())


def undo_stack(ctx: AppContext) -> UndoStack:
    """The session's undo stack (made on first use)."""
    stack = getattr(ctx, _ATTR, None)
    if not isinstance(stack, UndoStack):
        stack = UndoStack(ctx, ctx.bridge)
        setattr(ctx, _ATTR, stack)
    return stack


def install_shortcut(window: QWidget, ctx: AppContext) -> None:
    """Ctrl+Z anywhere in ``window`` undoes the last action (once per window)."""
    if window.property("luzsong_undo_installed"):
        return
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(undo_stack(ctx).trigger)
    window.setProperty("luzsong_undo_installed", True)
