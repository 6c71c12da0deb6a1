"""The first-run wizard: language, then how this computer starts.

Shown when the database has no account that can sign in (a new install).
Choices: load the demo district (to try the app), create the first
administrator account (an office starting from scratch), or connect to the
community office's server and fetch this worker's grids. A second start
goes straight to sign-in.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from luzsong_grid.i18n import UserError

MODE_DEMO, MODE_ADMIN, MODE_SERVER = "demo", "admin", "server"


def needs_first_run(db_path: Path) -> bool:
    """True when no account on this computer can sign in yet."""
    from luzsong_grid.store.crypto import Keyring
    from luzsong_grid.store.db import is_encrypted

    try:
        ring = Keyring.for_database(db_path)
    except UserError:
        return False  # a damaged key file: signing in says so
    if ring is not None and len(ring):
        return False
    if not db_path.exists():
        return True
    if is_encrypted(db_path):
        return False  # encrypted without its key file: signing in says so
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute(
                "SELECT count(*) FROM account WHERE password_hash != '' AND deleted = 0"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return True  # no tables yet
    return not row or row[0] == 0


def _start_encrypted(db_path: Path) -> tuple[bytes, list[Path]]:
    """A new data key for the new database at ``db_path`` (registered for
    this process), and the files to remove if setting up fails. An empty
    unencrypted database (an older version's first start) is replaced."""
    from luzsong_grid.store.crypto import keyring_path, new_key
    from luzsong_grid.store.db import register_key

    files = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), keyring_path(db_path)]
    for file in files:  # needs_first_run said: nobody can sign in to what is there
        file.unlink(missing_ok=True)
    key = new_key()
    register_key(db_path, key)
    return key, files


def _undo_start(db_path: Path, files: list[Path]) -> None:
    from luzsong_grid.store.db import forget_key

    forget_key(db_path)
    for file in files:
        with contextlib.suppress(OSError):
            file.unlink(missing_ok=True)


def create_first_admin(db_path: Path, username: str, display_name: str, password: str) -> None:
    """The first administrator of a new, encrypted database (audited,
    outboxed); the keyring lets them unlock it."""
    from luzsong_grid.auth import MIN_PASSWORD, MSG_SHORT_PASSWORD, hash_password
    from luzsong_grid.i18n import FieldError
    from luzsong_grid.store import services
    from luzsong_grid.store.crypto import Keyring, keyring_path
    from luzsong_grid.store.db import open_store

    if len(password) < MIN_PASSWORD:
        raise FieldError("password", MSG_SHORT_PASSWORD)
    key, files = _start_encrypted(db_path)
    try:
        store = open_store(db_path, key=key)
        try:
            with store.session() as session:
                account = services.create_account(
                    session=session,
                    username=username,
                    display_name=display_name or username,
                    role="admin",
                    password_hash=hash_password(password),
                )
        finally:
            store.close()
        ring = Keyring(keyring_path(db_path))
        ring.set_user(account.username, password, key)
        ring.save()
    except BaseException:
        _undo_start(db_path, files)
        raise


def connect_to_office(db_path: Path, server_url: str, username: str, password: str) -> None:
    """First sync with the office into a new, encrypted database, then
    remember the password on this computer (hashes never travel: sign-in on
    the laptop works offline; the keyring lets this account unlock it)."""
    from luzsong_grid.auth import hash_password
    from luzsong_grid.store.crypto import Keyring, keyring_path
    from luzsong_grid.store.db import connect_raw
    from luzsong_grid.sync.laptop import first_sync

    key, files = _start_encrypted(db_path)
    try:
        first_sync(db_path, server_url, username, password)
        conn = connect_raw(db_path)
        try:
            with conn:
                conn.execute(
                    "UPDATE account SET password_hash = ? WHERE username = ?",
                    (hash_password(password), username),
                )
        finally:
            conn.close()
        ring = Keyring(keyring_path(db_path))
        ring.set_user(username, password, key)
        ring.save()
    except BaseException:
        _undo_start(db_path, files)
        raise


def load_demo(db_path: Path) -> None:
    """The demo district, encrypted, unlocked by the demo accounts."""
    from luzsong_grid import demo

    demo.make_demo(db_path, progress=lambda _text: None)


class _ChoicePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome"))
        self.setSubTitle(self.tr("Choose the language and how this computer starts."))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        form.addRow(self.tr("Language"), self.language)
        layout.addLayout(form)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        for mode, text in (
            (MODE_SERVER, self.tr("Connect to the community office's server (grid workers)")),
            (MODE_ADMIN, self.tr("Start empty and create the first administrator (an office)")),
            (MODE_DEMO, self.tr("Load the demo district to try the app")),
        ):
            button = QRadioButton(text)
            self.group.addButton(button)
            self.choices[mode] = button
            layout.addWidget(button)
        self.choices[MODE_SERVER].setChecked(True)
        layout.addStretch(1)

    def mode(self) -> str:
        return next(m for m, b in self.choices.items() if b.isChecked())


class _DetailsPage(QWizardPage):
    """Account or server details; what runs when Finish is pressed."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle(self.tr("Details"))
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.server = QLineEdit()
        self.server.setPlaceholderText("https://office.example:8765")
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("Office server"), self.server)
        self.form.addRow(self.tr("User name"), self.username)
        self.form.addRow(self.tr("Full name"), self.display_name)
        self.form.addRow(self.tr("Password"), self.password)
        layout.addLayout(self.form)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._done = False

    def initializePage(self) -> None:
        mode = self.wizard_.choice.mode()
        self.form.setRowVisible(self.server, mode == MODE_SERVER)
        for widget in (self.username, self.password):
            self.form.setRowVisible(widget, mode != MODE_DEMO)
        self.form.setRowVisible(self.display_name, mode == MODE_ADMIN)
        self.explain.setText(
            {
                MODE_DEMO: self.tr(
                    "The demo district (invented people) will be made on this computer. "
                    "Demo accounts: worker, staff, supervisor, district, admin; password demo1234."
                ),
                MODE_ADMIN: self.tr(
                    "This computer starts with an empty database and this administrator account."
                ),
                MODE_SERVER: self.tr(
                    "Your grids are fetched from the office server with your account."
                ),
            }[mode]
        )

    def validatePage(self) -> bool:
        if self._done:
            return True
        self.error.setText(self.tr("Working…"))
        self.wizard_.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        task = asyncio.get_event_loop().create_task(self._run())
        self._task = task  # keep a reference while it runs
        return False

    async def _run(self) -> None:
        mode = self.wizard_.choice.mode()
        loop = asyncio.get_running_loop()
        path = self.wizard_.db_path
        try:
            if mode == MODE_DEMO:
                await loop.run_in_executor(None, load_demo, path)
            elif mode == MODE_ADMIN:
                await loop.run_in_executor(
                    None,
                    create_first_admin,
                    path,
                    self.username.text().strip(),
                    self.display_name.text().strip(),
                    self.password.text(),
                )
            else:
                await loop.run_in_executor(
                    None,
                    connect_to_office,
                    path,
                    self.server.text().strip(),
                    self.username.text().strip(),
                    self.password.text(),
                )
        except UserError as exc:
            self.error.setText(exc.localized(self.wizard_.language()))
            return
        finally:
            self.wizard_.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self._done = True
        self.wizard_.accept()


class FirstRunWizard(QWizard):
    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.setWindowTitle(self.tr("Set up luzsong-grid"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(560, 400)
        self.choice = _ChoicePage(self)
        self.details = _DetailsPage(self)
        self.addPage(self.choice)
        self.addPage(self.details)

    def language(self) -> str:
        return str(self.choice.language.currentData())
