"""Office-side sync tables (migration 0002_sync).

They exist in every database (laptops included, where they stay empty) so
one schema serves both; only :mod:`luzsong_grid.sync.server` writes them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, Integer, text
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


# INTEGER PRIMARY KEY AUTOINCREMENT on SQLite (a seq is never reused, even
# after the newest entry was purged), BIGINT identity on PostgreSQL.
_SEQ_TYPE = BigInteger().with_variant(Integer(), "sqlite")


class SyncChangeLog(SQLModel, table=True):
    """Every change to the office database, in commit order (the pull cursor is ``seq``)."""

    __tablename__ = "sync_change_log"
    __table_args__ = (
        Index("ix_sync_change_log_row", "table_name", "row_id"),
        Index("ix_sync_change_log_grid_seq", "grid_code", "seq"),
        # Entries of rows that moved out of a grid (migration 0004).
        Index(
            "ix_sync_change_log_old_grid_seq",
            "old_grid_code",
            "seq",
            sqlite_where=text("old_grid_code IS NOT NULL"),
            postgresql_where=text("old_grid_code IS NOT NULL"),
        ),
        {"sqlite_autoincrement": True},
    )

    seq: int | None = Field(default=None, primary_key=True, sa_type=_SEQ_TYPE)
    table_name: str = Field(max_length=40)
    row_id: str = Field(max_length=36)
    grid_code: str | None = Field(default=None, max_length=15)
    # The grid the row was in before this change, when it moved: the
    # workers of that grid get an eviction.
    old_grid_code: str | None = Field(default=None, max_length=15)
    version: int = 1
    hlc: str = Field(default="", max_length=40)
    fields: str = "[]"  # JSON list of the columns this change set ("*" for an insert)
    row: str = "{}"  # JSON of the full row after the change
    device_id: str = Field(default="", max_length=36)
    account_id: str = Field(default="", max_length=36)
    at: datetime = Field(default_factory=_now, sa_type=DateTime)


class SyncAppliedOp(SQLModel, table=True):
    """Every op the office answered, with its answer (idempotent push)."""

    __tablename__ = "sync_applied_op"

    op_id: str = Field(primary_key=True, max_length=36)
    device_id: str = Field(default="", max_length=36)  # unindexed since 0004: nothing seeks it
    account_id: str = Field(default="", max_length=36)
    status: str = Field(max_length=12)
    result: str = "{}"  # JSON of the OpResult
    at: datetime = Field(default_factory=_now, sa_type=DateTime)


class SyncConflict(SQLModel, table=True):
    """The review queue: ops a person must decide on."""

    __tablename__ = "sync_conflict"

    id: str = Field(primary_key=True, max_length=36)
    op_id: str = Field(max_length=36, index=True)
    device_id: str = Field(default="", max_length=36)
    account_id: str = Field(default="", max_length=36)
    table_name: str = Field(max_length=40)
    row_id: str = Field(max_length=36)
    grid_code: str | None = Field(default=None, max_length=15, index=True)
    kind: str = Field(max_length=12)
    reason: str = Field(max_length=20)
    op: str = "{}"  # JSON of the Op
    server_row: str = "{}"  # JSON of the office's row when the op arrived ("null": none)
    status: str = Field(default="open", max_length=12, index=True)  # open | resolved
    resolution: str = Field(default="", max_length=20)  # keep_server | apply_op | edit
    resolved_by: str = Field(default="", max_length=36)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=DateTime)


class SyncDevice(SQLModel, table=True):
    """A laptop registered with the office."""

    __tablename__ = "sync_device"

    id: str = Field(primary_key=True, max_length=36)  # the laptop's store.device_id
    account_id: str = Field(max_length=36, index=True)
    name: str = ""
    key_hash: str = Field(default="", max_length=64)  # sha256 of the device key (hex)
    bundle_key: str = Field(default="", max_length=64)  # HMAC key for USB bundles (hex)
    revoked: bool = False
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime)
    last_seen: datetime | None = Field(default=None, sa_type=DateTime)
    last_cursor: int = Field(default=0, sa_type=BigInteger)  # how far it has pulled


class SyncToken(SQLModel, table=True):
    """A bearer token of the HTTP API (issued and checked by luzsong_grid/server)."""

    __tablename__ = "sync_token"

    token_hash: str = Field(primary_key=True, max_length=64)  # sha256 (hex)
    account_id: str = Field(max_length=36, index=True)
    device_id: str = Field(default="", max_length=36)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime)
    expires_at: datetime = Field(sa_type=DateTime)
    revoked: bool = False
