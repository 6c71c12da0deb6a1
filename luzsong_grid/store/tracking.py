"""Outbox and audit rows for every change, in the change's own transaction.

A ``before_flush`` hook on every session the store hands out looks at each
new, changed or deleted synced row and, in the same flush, stamps it (HLC,
version, per-field stamps) and writes one outbox op and one audit row. No
service function can forget: a change made through a store session without
its outbox row is impossible. Synced rows cannot be hard-deleted; they are
tombstoned (``deleted = True``).

Changes applied from the office (sync pull) set ``session.info["remote"]``:
they are audited but not queued for push again.

On the community office's own database (``session.info["server"]``, set
for every session of a store marked as the office) a change is not queued
for push either: it is appended to the sync change log instead, in the same
transaction, so laptops pull it (see luzsong_grid/sync/server.py).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession

from luzsong_grid.domain.validation import mask_phone, mask_resident_id
from luzsong_grid.store.models import AuditLog, Outbox, Synced
from luzsong_grid.sync.models import SyncChangeLog

if TYPE_CHECKING:
    from luzsong_grid.store.db import Actor, Store

WORKFLOW_TABLES = frozenset({"dispute", "event"})
_MASKED = {"id_number": mask_resident_id, "phone": mask_phone}
_SKIP = frozenset({"id", "version", "hlc", "field_hlc", "created_at", "updated_at"})


class HardDeleteError(RuntimeError):
    """A synced row was deleted instead of tombstoned: a programming error."""


def attach(session: OrmSession, *, store: Store, actor: Actor) -> None:
    session.info["store"] = store
    session.info["actor"] = actor
    session.info.setdefault("remote", False)
    session.info.setdefault("server", bool(getattr(store, "office", False)))


def to_json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _audit_value(name: str, value: Any) -> Any:
    masker = _MASKED.get(name)
    if masker is not None and isinstance(value, str) and value:
        return masker(value)
    return to_json_value(value)


def _columns(obj: Synced) -> list[str]:
    return [c.key for c in inspect(type(obj)).column_attrs]


def _changed(obj: Synced) -> dict[str, tuple[Any, Any]]:
    state = inspect(obj)
    out: dict[str, tuple[Any, Any]] = {}
    for name in _columns(obj):
        if name in _SKIP:
            continue
        hist = state.attrs[name].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                out[name] = (old, new)
    return out


@event.listens_for(OrmSession, "before_flush")
def _before_flush(session: OrmSession, _ctx: Any, _instances: Any) -> None:
    store: Store | None = session.info.get("store")
    if store is None:
        return  # a session not handed out by a store (e.g. migrations)
    actor: Actor = session.info["actor"]
    remote: bool = session.info.get("remote", False)
    now = datetime.now().replace(microsecond=0)

    for obj in list(session.deleted):
        if isinstance(obj, Synced):
            raise HardDeleteError(
                f"{type(obj).__name__} {obj.id}: synced rows are tombstoned, never deleted"
            )

    for obj in list(session.new):
        if not isinstance(obj, Synced):
            continue
        table = str(type(obj).__tablename__)
        if not remote:
            obj.hlc = store.clock.now()
            obj.version = 1
            obj.created_at = obj.updated_at = now
        fields = {
            name: to_json_value(getattr(obj, name))
            for name in _columns(obj)
            if name not in ("version", "hlc", "field_hlc")
        }
        _record(session, store, actor, remote, table, obj, "insert", fields, 0)

    for obj in list(session.dirty):
        if not isinstance(obj, Synced) or not session.is_modified(obj):
            continue
        changes = _changed(obj)
        if not changes:
            continue
        table = str(type(obj).__tablename__)
        if "deleted" in changes and changes["deleted"][1]:
            kind = "delete"
        elif table in WORKFLOW_TABLES and "status" in changes:
            kind = "transition"
        else:
            kind = "patch"
        base = obj.version
        if not remote:
            stamp = store.clock.now()
            stamps = json.loads(obj.field_hlc) if obj.field_hlc else {}
            for name in changes:
                stamps[name] = stamp
            obj.field_hlc = json.dumps(stamps, sort_keys=True)
            obj.hlc = stamp
            obj.version = base + 1
            obj.updated_at = now
        fields = {name: to_json_value(new) for name, (_old, new) in changes.items()}
        if kind == "transition":
            fields["_from_status"] = changes["status"][0]
        _record(
            session, store, actor, remote, table, obj, kind, fields, base, audit_changes=changes
        )


def _record(
    session: OrmSession,
    store: Store,
    actor: Actor,
    remote: bool,
    table: str,
    obj: Synced,
    kind: str,
    fields: dict[str, Any],
    base_version: int,
    *,
    audit_changes: dict[str, tuple[Any, Any]] | None = None,
) -> None:
    if session.info.get("server") and not remote:
        _log_change(session, table, obj, actor, audit_changes, kind)
    elif not remote:
        session.add(
            Outbox(
                table_name=table,
                row_id=obj.id,
                kind=kind,
                fields=json.dumps(fields, ensure_ascii=False, sort_keys=True),
                base_version=base_version,
                hlc=obj.hlc,
                account_id=actor.account_id,
                device_id=actor.device_id,
            )
        )
    if audit_changes is not None:
        audit = {
            name: [_audit_value(name, old), _audit_value(name, new)]
            for name, (old, new) in audit_changes.items()
        }
    else:
        audit = {name: _audit_value(name, value) for name, value in fields.items()}
    session.add(
        AuditLog(
            hlc=obj.hlc,
            account_id=actor.account_id,
            device_id=actor.device_id,
            table_name=table,
            row_id=obj.id,
            action=kind if not remote else f"remote_{kind}",
            changes=json.dumps(audit, ensure_ascii=False, sort_keys=True),
        )
    )


def _log_change(
    session: OrmSession,
    table: str,
    obj: Synced,
    actor: Actor,
    changes: dict[str, tuple[Any, Any]] | None,
    kind: str,
) -> None:
    """Office mode: the change-log row of this change (the full row after it)."""
    from luzsong_grid.sync.server import lock_change_log, log_values
    from luzsong_grid.sync.tables import table_info

    info = table_info(table)
    if info is None:  # pragma: no cover - every Synced table is known
        return
    if not session.info.get("_change_log_locked"):
        lock_change_log(session.connection())
        session.info["_change_log_locked"] = True
    row = {name: getattr(obj, name) for name in info.columns}
    old_grid = None
    if changes is not None and "grid_code" in changes:
        old_grid = changes["grid_code"][0]
    values = log_values(
        info,
        row,
        fields=["*"] if kind == "insert" else sorted(changes or {}),
        old_grid=old_grid,
        device_id=actor.device_id,
        account_id=actor.account_id,
    )
    session.add(SyncChangeLog(**values))


@event.listens_for(OrmSession, "after_transaction_end")
def _after_transaction_end(session: OrmSession, _transaction: Any) -> None:
    session.info.pop("_change_log_locked", None)
