"""USB bundles: the same ops and pages as the HTTP calls, in one signed,
encrypted file.

A bundle is a zip with ``manifest.json`` (:class:`~.protocol.BundleManifest`,
format 2: ids, counts, cursors, versions, times; no names, addresses or
numbers of residents), ``payload.bin`` (the JSON lines, one object a line,
encrypted with AES-256-GCM) and ``signature`` (hex HMAC-SHA256 of the
manifest bytes, a newline and the encrypted payload). Both keys come from
the device's bundle key, which the office and the laptop share since the
laptop registered (derived from its device key, sent to the office over the
authenticated connection; the laptop keeps it inside its encrypted
database, the office in its database). A lost USB stick gives away no
resident; a changed byte anywhere makes the bundle refused.

- The laptop writes a *push* bundle (:func:`export_bundle`): its pending
  outbox ops and its pull cursor.
- The office imports it (:func:`import_push_bundle`) through
  :meth:`SyncServer.push`, so importing it twice is harmless, and writes the
  *pull* bundle for the laptop (:func:`export_pull_bundle`, or both at once
  with :func:`office_exchange`): the answers to those ops and every change
  of the laptop's scope after its cursor.
- The laptop imports that (:func:`import_pull_bundle`) through the same
  client functions as an online sync.

A bundle whose signature does not match, from a device the office does not
know (or revoked), for another office or another laptop is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError
from luzsong_grid.store.db import SCHEMA_HEAD
from luzsong_grid.sync import protocol as p

if TYPE_CHECKING:
    from luzsong_grid.store.db import Store
    from luzsong_grid.sync.client import SyncReport
    from luzsong_grid.sync.server import SyncServer

MSG_NOT_A_BUNDLE = QT_TRANSLATE_NOOP(
    "core", "This file is not a luzsong-grid sync bundle, or it is damaged: {path}"
)
MSG_TAMPERED = QT_TRANSLATE_NOOP(
    "core", "The sync bundle was changed after it was written; it was not imported."
)
MSG_UNKNOWN_DEVICE = QT_TRANSLATE_NOOP(
    "core",
    "The sync bundle comes from a laptop this office does not know (or has blocked); "
    "it was not imported.",
)
MSG_OTHER_OFFICE = QT_TRANSLATE_NOOP(
    "core", "The sync bundle belongs to another community office; it was not imported."
)
MSG_OTHER_LAPTOP = QT_TRANSLATE_NOOP(
    "core", "The sync bundle was made for another laptop; it was not imported."
)
MSG_WRONG_DIRECTION = QT_TRANSLATE_NOOP(
    "core", "This sync bundle goes the other way (laptop ↔ office); it was not imported."
)
MSG_BUNDLE_GAP = QT_TRANSLATE_NOOP(
    "core",
    "This sync bundle is older than what the laptop already has, or misses changes "
    "before it. Ask the office for a new one.",
)
MSG_NO_KEY = QT_TRANSLATE_NOOP(
    "core", "This laptop is not registered with the office for USB sync yet."
)

MANIFEST = "manifest.json"
PAYLOAD = "payload.bin"
SIGNATURE = "signature"
STATE_DEVICE_KEY = "device_key"
FORMAT = 2  # 1: the payload in clear (payload.jsonl)


def bundle_key(device_key: bytes) -> bytes:
    """The HMAC key bundles of a device are signed with (derived from its device key)."""
    return hmac.new(device_key, b"luzsong-grid bundle v1", hashlib.sha256).digest()


def _cipher_key(mac_key: bytes) -> bytes:
    """The AES key of a device's bundles, derived from its bundle key."""
    from luzsong_grid.store.crypto import subkey

    return subkey(mac_key, "bundle payload v2")


def _aad(manifest: p.BundleManifest) -> bytes:
    # Binds the ciphertext to its laptop and direction (the HMAC binds all the rest).
    return f"luzsong-grid bundle|{manifest.device_id}|{manifest.direction}".encode()


def device_key(store: Store, *, create: bool = False) -> bytes:
    """This laptop's device key (kept in sync_state); made on first use when ``create``."""
    import secrets

    with store.engine.begin() as conn:
        value = conn.exec_driver_sql(
            "SELECT value FROM sync_state WHERE key = ?", (STATE_DEVICE_KEY,)
        ).scalar()
        if value:
            return bytes.fromhex(str(value))
        if not create:
            raise UserError(MSG_NO_KEY)
        key = secrets.token_bytes(32)
        conn.exec_driver_sql(
            "INSERT INTO sync_state(key, value) VALUES (?, ?)", (STATE_DEVICE_KEY, key.hex())
        )
        return key


# --------------------------------------------------------------------------
# Reading and writing the zip
# --------------------------------------------------------------------------


def _mac(mac_key: bytes, manifest: bytes, payload: bytes) -> str:
    return hmac.new(mac_key, manifest + b"\n" + payload, hashlib.sha256).hexdigest()


def _write(
    path: Path, manifest: p.BundleManifest, lines: Sequence[dict[str, Any]], mac_key: bytes
) -> None:
    from luzsong_grid.store.crypto import seal

    payload = "".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in lines)
    manifest.format = FORMAT
    sealed = seal(_cipher_key(mac_key), payload.encode(), _aad(manifest))
    manifest.payload_sha256 = hashlib.sha256(sealed).hexdigest()
    manifest.count = len(lines)
    manifest_bytes = manifest.model_dump_json(indent=1).encode()
    tmp = path.with_name(path.name + ".part")
    # Stored, not deflated: encrypted bytes do not compress.
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr(MANIFEST, manifest_bytes)
        zf.writestr(PAYLOAD, sealed)
        zf.writestr(SIGNATURE, _mac(mac_key, manifest_bytes, sealed))
    tmp.replace(path)


def _read(path: Path) -> tuple[p.BundleManifest, bytes, bytes, str]:
    try:
        with zipfile.ZipFile(path) as zf:
            manifest_bytes = zf.read(MANIFEST)
            payload = zf.read(PAYLOAD)
            signature = zf.read(SIGNATURE).decode().strip()
        manifest = p.BundleManifest.model_validate_json(manifest_bytes)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UserError(MSG_NOT_A_BUNDLE, path=str(path)) from exc
    if manifest.format != FORMAT:
        raise UserError(MSG_NOT_A_BUNDLE, path=str(path))
    return manifest, manifest_bytes, payload, signature


def _verify(
    mac_key: bytes, manifest: p.BundleManifest, raw: bytes, sealed: bytes, sig: str
) -> list[dict[str, Any]]:
    from luzsong_grid.store.crypto import unseal

    if not hmac.compare_digest(_mac(mac_key, raw, sealed), sig):
        raise UserError(MSG_TAMPERED)
    if hashlib.sha256(sealed).hexdigest() != manifest.payload_sha256:
        raise UserError(MSG_TAMPERED)
    payload = unseal(_cipher_key(mac_key), sealed, _aad(manifest))
    if payload is None:
        raise UserError(MSG_TAMPERED)
    lines = [json.loads(line) for line in io.StringIO(payload.decode()) if line.strip()]
    if len(lines) != manifest.count:
        raise UserError(MSG_TAMPERED)
    return lines


# --------------------------------------------------------------------------
# Laptop → office
# --------------------------------------------------------------------------


def export_bundle(
    store: Store, path: Path | str, *, key: bytes | None = None, account_id: str = ""
) -> p.BundleManifest:
    """Write this laptop's pending ops (and its cursor) to a push bundle."""
    from luzsong_grid.sync.client import STATE_CURSOR, STATE_OFFICE, _op_of

    key = key if key is not None else device_key(store)
    with store.engine.connect() as conn:
        state: dict[str, str] = dict(
            conn.exec_driver_sql(
                "SELECT key, value FROM sync_state WHERE key IN (?, ?)",
                (STATE_CURSOR, STATE_OFFICE),
            ).all()
        )
        rows = (
            conn.exec_driver_sql("SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq")
            .mappings()
            .all()
        )
    ops = [_op_of(row) for row in rows]
    manifest = p.BundleManifest(
        schema_version=SCHEMA_HEAD,
        office_id=state.get(STATE_OFFICE, ""),
        device_id=store.device_id,
        account_id=account_id or (ops[0].account_id if ops else ""),
        direction="push",
        created=datetime.now().replace(microsecond=0).isoformat(),
        first_op=int(rows[0]["seq"]) if rows else None,
        last_op=int(rows[-1]["seq"]) if rows else None,
        cursor_from=int(state.get(STATE_CURSOR, 0) or 0),
        payload_sha256="",
    )
    _write(Path(path), manifest, [op.model_dump() for op in ops], bundle_key(key))
    return manifest


def _device(server: SyncServer, device_id: str) -> tuple[str, bytes]:
    from luzsong_grid.sync.models import SyncDevice

    t = SyncDevice.__table__  # type: ignore[attr-defined]
    with server.engine.connect() as conn:
        row = conn.execute(
            select(t.c.account_id, t.c.bundle_key, t.c.revoked).where(t.c.id == device_id)
        ).first()
    if row is None or row.revoked or not row.bundle_key:
        raise UserError(MSG_UNKNOWN_DEVICE)
    return str(row.account_id), bytes.fromhex(row.bundle_key)


def import_push_bundle(
    server: SyncServer, path: Path | str
) -> tuple[p.BundleManifest, list[p.OpResult]]:
    """Apply a laptop's push bundle at the office (idempotent)."""
    manifest, raw, payload, sig = _read(Path(path))
    if manifest.direction != "push":
        raise UserError(MSG_WRONG_DIRECTION)
    account_id, mac_key = _device(server, manifest.device_id)
    lines = _verify(mac_key, manifest, raw, payload, sig)
    if manifest.office_id and manifest.office_id != server.office_id:
        raise UserError(MSG_OTHER_OFFICE)
    ops = [p.Op.model_validate(line) for line in lines]
    principal = server.principal(account_id)
    results = server.push(
        principal, manifest.device_id, ops, schema_version=manifest.schema_version
    )
    return manifest, results


# --------------------------------------------------------------------------
# Office → laptop
# --------------------------------------------------------------------------


def export_pull_bundle(
    server: SyncServer,
    path: Path | str,
    *,
    device_id: str,
    cursor: int,
    results: Sequence[p.OpResult] = (),
) -> p.BundleManifest:
    """Write the answers to a laptop's ops and its scope's changes after ``cursor``."""
    account_id, mac_key = _device(server, device_id)
    principal = server.principal(account_id)
    lines: list[dict[str, Any]] = [{"result": r.model_dump()} for r in results]
    position = cursor
    page = server.pull(principal, position, p.MAX_PULL_LIMIT, device_id=device_id)
    resync = page.resync
    while not resync:
        lines.extend({"change": c.model_dump()} for c in page.changes)
        position = page.cursor
        if not page.more:
            break
        page = server.pull(principal, position, p.MAX_PULL_LIMIT)
    manifest = p.BundleManifest(
        schema_version=SCHEMA_HEAD,
        office_id=server.office_id,
        device_id=device_id,
        account_id=account_id,
        direction="pull",
        created=datetime.now().replace(microsecond=0).isoformat(),
        cursor_from=0 if resync else cursor,
        cursor_to=position,
        server_hlc=page.server_hlc,
        scope_key=page.scope_key,
        payload_sha256="",
    )
    if resync:  # the laptop's cursor is too old: send the whole scope
        return export_pull_bundle(server, path, device_id=device_id, cursor=0, results=results)
    _write(Path(path), manifest, lines, mac_key)
    return manifest


def office_exchange(server: SyncServer, bundle: Path | str, reply: Path | str) -> p.BundleManifest:
    """Import a laptop's push bundle and write the pull bundle to take back."""
    manifest, results = import_push_bundle(server, bundle)
    return export_pull_bundle(
        server, reply, device_id=manifest.device_id, cursor=manifest.cursor_from, results=results
    )


def import_pull_bundle(store: Store, path: Path | str, *, key: bytes | None = None) -> SyncReport:
    """Apply the office's pull bundle on this laptop (importing it twice is harmless)."""
    from luzsong_grid.sync.client import STATE_OFFICE, STATE_SCOPE, SyncClient, SyncReport

    key = key if key is not None else device_key(store)
    manifest, raw, payload, sig = _read(Path(path))
    if manifest.direction != "pull":
        raise UserError(MSG_WRONG_DIRECTION)
    if manifest.device_id != store.device_id:
        raise UserError(MSG_OTHER_LAPTOP)
    lines = _verify(bundle_key(key), manifest, raw, payload, sig)
    with store.engine.connect() as conn:
        state: dict[str, str] = dict(
            conn.exec_driver_sql("SELECT key, value FROM sync_state").all()
        )
    office = state.get(STATE_OFFICE)
    if office and office != manifest.office_id:
        raise UserError(MSG_OTHER_OFFICE)
    client = SyncClient(store, _NoTransport())
    report = SyncReport()
    results = [p.OpResult.model_validate(line["result"]) for line in lines if "result" in line]
    counts = client.apply_push_results(results)
    report.pushed = counts
    local = client.cursor
    if manifest.cursor_to > local:
        other_scope = bool(
            state.get(STATE_SCOPE)
            and manifest.scope_key
            and state[STATE_SCOPE] != manifest.scope_key
        )
        # A gap, or a whole-scope bundle for a laptop that already holds
        # rows (a full re-sync must also remove rows: it needs the network).
        if local < manifest.cursor_from or other_scope or (manifest.cursor_from == 0 < local):
            raise UserError(MSG_BUNDLE_GAP)
        changes = [
            p.Change.model_validate(line["change"])
            for line in lines
            if "change" in line and int(line["change"]["seq"]) > local
        ]
        page = p.PullPage(
            changes=changes,
            cursor=manifest.cursor_to,
            more=False,
            server_hlc=manifest.server_hlc or "",
            office_id=manifest.office_id,
            scope_key=manifest.scope_key or "",
        )
        report.pulled = client.apply_page(page)
    report.cursor = client.cursor
    return report


class _NoTransport:
    def push(self, req: p.PushRequest) -> p.PushResponse:  # pragma: no cover
        raise NotImplementedError

    def pull(self, cursor: int, limit: int) -> p.PullPage:  # pragma: no cover
        raise NotImplementedError

    def checksum(self) -> p.ScopeChecksum:  # pragma: no cover
        raise NotImplementedError
