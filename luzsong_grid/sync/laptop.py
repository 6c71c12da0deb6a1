"""The laptop's sync with the office over HTTP, in one call (CLI and GUI).

Remembers the office's address, the user name and this laptop's device
key in ``sync_state``; registers the laptop with the office on first use
(the key is made here; the office keeps only its hash); then push, pull and
checksum through :class:`~luzsong_grid.sync.client.SyncClient` with
:class:`~luzsong_grid.sync.http.HttpTransport`. Later syncs need no
password: the device key renews the token.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError

if TYPE_CHECKING:
    from luzsong_grid.store.db import Store
    from luzsong_grid.sync.client import SyncReport

# sync_state keys (the device key also signs USB bundles).
STATE_SERVER_URL = "sync_server_url"
STATE_USERNAME = "sync_username"
STATE_DEVICE_KEY = "device_key"

MSG_NEED_SERVER = QT_TRANSLATE_NOOP(
    "core", "Which office server? Give it once with --server URL (e.g. https://office:8765)."
)
MSG_NEED_USER = QT_TRANSLATE_NOOP(
    "core", "Sign in once: luzsong-grid sync --server URL --user NAME --password-stdin"
)


@dataclass(frozen=True)
class OfficeSync:
    server_url: str
    report: SyncReport
    pending: int  # outbox ops still to send


def get_state(store: Store, key: str) -> str | None:
    with store.engine.connect() as conn:
        value = conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?", (key,)).scalar()
    return str(value) if value else None


def set_state(store: Store, values: dict[str, str]) -> None:
    with store.engine.begin() as conn:
        for key, value in values.items():
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO sync_state(key, value) VALUES (?, ?)", (key, value)
            )


def sync_with_office(
    store: Store,
    *,
    server_url: str | None = None,
    username: str | None = None,
    password: str | None = None,
    verify: bool | str = True,
    timeout: float = 30.0,
    retries: int = 4,
    progress: Callable[[str, int, int | None], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> OfficeSync:
    """Sign in (password once, then the device key), register the laptop
    on first use, push then pull. UserError for what the user must fix."""
    from luzsong_grid.store.db import SCHEMA_HEAD
    from luzsong_grid.sync.client import SyncClient
    from luzsong_grid.sync.http import HttpTransport

    url = server_url or get_state(store, STATE_SERVER_URL)
    if not url:
        raise UserError(MSG_NEED_SERVER)
    user = username or get_state(store, STATE_USERNAME)
    if not user:
        raise UserError(MSG_NEED_USER)
    same_user = user == get_state(store, STATE_USERNAME)
    device_key = get_state(store, STATE_DEVICE_KEY) if same_user else None
    if device_key is None and password is None:
        raise UserError(MSG_NEED_USER)
    transport = HttpTransport(
        url,
        device_id=store.device_id,
        schema_version=SCHEMA_HEAD,
        username=user,
        password=password,
        device_key=device_key if password is None else None,
        timeout=timeout,
        retries=retries,
        verify=verify,
    )
    with transport:
        if password is not None:
            info = transport.login()
            if not info.get("device_registered") or not device_key:
                device_key = device_key or secrets.token_hex(32)
                transport.register_device(device_key, name=socket.gethostname())
            set_state(
                store, {STATE_SERVER_URL: url, STATE_USERNAME: user, STATE_DEVICE_KEY: device_key}
            )
        elif server_url:
            set_state(store, {STATE_SERVER_URL: url})
        client = SyncClient(store, transport)
        report = client.sync(progress=progress, cancel=cancel)
        return OfficeSync(server_url=url, report=report, pending=client.pending_count())


def first_sync(path: Path | str, server_url: str, username: str, password: str) -> SyncReport:
    """A new laptop's first sync (the first-run wizard): the database at
    ``path`` is created, registered with the office and filled with the
    user's grids."""
    from luzsong_grid.store.db import open_store

    store = open_store(Path(path))
    try:
        return sync_with_office(
            store, server_url=server_url, username=username, password=password
        ).report
    finally:
        store.close()
