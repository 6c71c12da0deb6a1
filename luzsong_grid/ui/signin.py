"""Sign-in and the idle lock: offline, against the local accounts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid.auth import UserContext
from luzsong_grid.i18n import UserError
from luzsong_grid.ui.tasks import Background, PendingStore


class SignInDialog(QDialog):
    """Asks for user name and password; checks them off the UI thread (at
    start-up they unlock and open the encrypted database: a PendingStore)."""

    def __init__(
        self,
        bg: Background | PendingStore,
        *,
        lang: str,
        locked_user: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bg = bg
        self.lang = lang
        self.user: UserContext | None = None
        self.setWindowTitle(self.tr("Sign in"))
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("Screen locked. Enter your password to go on.")
            if locked_user
            else self.tr("Lusong District grid work")
        )
        heading.setObjectName("heading")
        layout.addWidget(heading)
        form = QFormLayout()
        self.username = QLineEdit(locked_user or "")
        self.username.setReadOnly(bool(locked_user))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.language = QComboBox()
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if lang == "zh_CN" else 1)
        self.language.setEnabled(not locked_user)
        form.addRow(self.tr("Language"), self.language)
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.button = QPushButton(self.tr("Sign in"))
        self.button.setDefault(True)
        self.button.clicked.connect(self._submit)
        layout.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignRight)
        (self.password if locked_user else self.username).setFocus()

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def _submit(self) -> None:
        import asyncio

        self.button.setEnabled(False)
        self.error.setText("")
        task = asyncio.get_event_loop().create_task(self._check())
        self._task = task  # keep a reference while it runs

    async def _check(self) -> None:
        try:
            self.user = await self.bg.sign_in(self.username.text(), self.password.text())
        except UserError as exc:
            self.error.setText(exc.localized(self.chosen_language()))
            self.password.selectAll()
            self.password.setFocus()
            return
        finally:
            self.button.setEnabled(True)
        self.accept()
