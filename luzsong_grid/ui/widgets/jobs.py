"""A dialog that runs one background job at a time with a Cancel button."""

from __future__ import annotations

import threading

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QPushButton, QWidget


class CancellableDialog(QDialog):
    """Closing the dialog while its job runs cancels the job first; the
    dialog closes once the worker has let go (:meth:`job_ended`).
    Subclasses make ``cancel_button`` and say "stopping" their own way."""

    cancel_button: QPushButton

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.running = False
        self.cancel_event = threading.Event()
        self._close_when_done = False

    def show_stopping(self) -> None:
        """Tell the user the job is stopping."""

    def job_ended(self) -> None:
        """The job is over (UI thread): close now if a close was asked for."""
        if self._close_when_done:
            self._close_when_done = False
            super().reject()

    def cancel(self) -> None:
        """Ask the running job to stop (the core checks ``cancel_event``)."""
        if self.running:
            self.cancel_event.set()
            self.cancel_button.setEnabled(False)
            self.show_stopping()

    def reject(self) -> None:
        if self.running:  # stop first; the dialog closes once the worker let go
            self._close_when_done = True
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            self.reject()
            event.ignore()
            return
        super().closeEvent(event)
