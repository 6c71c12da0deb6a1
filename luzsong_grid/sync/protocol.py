"""Payloads exchanged between laptops and the office (docs/SYNC-PROTOCOL.md).

Plain pydantic models, shared by the in-process transport, the HTTP app
(``luzsong_grid/server/``) and USB bundles, so all three speak exactly the
same protocol. Row values travel as JSON: dates and datetimes as ISO text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, Field

# Bumped on any incompatible change of these payloads.
PROTOCOL_VERSION = 1
# Most ops one push may carry (an office before 2026-12 took 500, then
# 2000; a laptop refused sends quarters), and the default / largest pull page.
MAX_PUSH_OPS = 10000
DEFAULT_PULL_LIMIT = 2000
MAX_PULL_LIMIT = 5000
# Most seq ranges a pull may ask to leave out (the echoes of the caller's
# own inserts); more are ignored, which only costs their transfer.
MAX_SKIP_RANGES = 64

OpKind = Literal["insert", "patch", "delete", "transition"]
OpStatus = Literal["applied", "merged", "conflict", "rejected"]

# Reason codes of rejected and conflicting ops (OpResult.reason).
REASON_OUT_OF_SCOPE = "out_of_scope"  # rejected: a grid (or table) the caller may not write
REASON_READ_ONLY = "read_only"  # rejected: the caller's role writes nothing
REASON_UNKNOWN_TABLE = "unknown_table"  # rejected
REASON_NOT_FOUND = "not_found"  # rejected: patch/delete of a row the office never had
REASON_INVALID = "invalid"  # rejected: malformed op, unknown field, bad value
REASON_INTEGRITY = "integrity"  # rejected: the office database refused it (foreign key …)
REASON_SCHEMA = "schema"  # rejected: the laptop's schema is newer than the office's
REASON_DELETED = "deleted"  # conflict: an edit of a row deleted elsewhere
REASON_DUPLICATE = "duplicate"  # conflict: an insert of an existing id with other content
REASON_IDENTITY = "identity"  # conflict: concurrent change of an identity field
REASON_TRANSITION = "transition"  # conflict: a status move not valid from the current status


class Op(BaseModel):
    """One outbox row: a local change to push."""

    op_id: str
    table: str
    row_id: str
    kind: OpKind
    fields: dict[str, Any]  # insert: all columns; otherwise the changed ones (+ _from_status)
    base_version: int = 0
    hlc: str
    account_id: str = ""
    device_id: str = ""


class OpResult(BaseModel):
    """The answer to one op. Repeats of an op_id get the stored answer."""

    op_id: str
    status: OpStatus
    reason: str = ""  # a REASON_* code for conflict / rejected
    message: str = ""  # English, for logs and the outbox view
    # merged/conflict/rejected: the row as the office now holds it (None when
    # it has no such row), so the laptop can show the office's version at once.
    row: dict[str, Any] | None = None
    conflict_id: str | None = None  # the review-queue entry of a conflict
    future_stamp: bool = False  # the op's stamp was > 5 min ahead of the office clock
    seq: int | None = None  # the change-log entry it produced, if any


class PullAfter(BaseModel):
    """Asks the office to answer a push with the first pull page too (one
    round trip instead of two, for the last push of a sync): the changes
    after ``cursor`` as GET /sync/pull gives them, leaving out ``skip`` and
    the echoes of the push's own inserts."""

    cursor: int = Field(ge=0)
    limit: int = Field(default=DEFAULT_PULL_LIMIT, ge=1, le=MAX_PULL_LIMIT)
    skip: list[tuple[int, int]] = Field(default_factory=list, max_length=MAX_SKIP_RANGES)


class PushRequest(BaseModel):
    protocol: int = PROTOCOL_VERSION
    schema_version: str  # the laptop's Alembic head, e.g. "0002_sync"
    device_id: str
    ops: list[Op] = Field(default_factory=list)
    pull: PullAfter | None = None  # an office before 2026-12 ignores it (and answers no page)


class PushResponse(BaseModel):
    results: list[OpResult]  # one per op, in the order sent
    server_hlc: str
    pull: PullPage | None = None  # the page asked for with PushRequest.pull


def is_echo(op_kind: str, result: OpResult) -> bool:
    """An insert the office logged exactly as sent: the laptop holds the
    logged row already, so its pull may leave the entry out."""
    return (
        op_kind == "insert"
        and result.status == "applied"
        and bool(result.seq)
        and not (result.reason or result.message or result.conflict_id or result.future_stamp)
        and result.row is None
    )


def seq_ranges(seqs: Iterable[int], most: int = MAX_SKIP_RANGES) -> list[tuple[int, int]]:
    """Consecutive runs of ``seqs`` as (low, high), at most ``most`` (the
    longest runs; leaving out fewer only costs their transfer)."""
    runs: list[tuple[int, int]] = []
    for seq in sorted(set(seqs)):
        if runs and runs[-1][1] == seq - 1:
            runs[-1] = (runs[-1][0], seq)
        else:
            runs.append((seq, seq))
    if len(runs) > most:
        runs = sorted(sorted(runs, key=lambda r: r[0] - r[1])[:most])
    return runs


class Change(BaseModel):
    """One change-log entry: the full row of ``table``/``row_id`` after a change."""

    seq: int
    table: str
    row_id: str
    grid_code: str | None = None  # None for reference rows (territory, catalogues, accounts)
    row: dict[str, Any] = Field(default_factory=dict)
    # The row moved out of the caller's scope (e.g. a household moved to a
    # grid they do not hold): remove it locally. ``row`` is empty then.
    evict: bool = False


class PullPage(BaseModel):
    changes: list[Change]
    cursor: int  # the seq to ask from next time
    more: bool  # another page follows right away
    server_hlc: str
    office_id: str = ""
    # A digest of the caller's scope (their grids); when it differs from the
    # one the laptop stored, the scope changed: do a full re-sync.
    scope_key: str = ""
    # The cursor sent is older than the purge horizon or newer than the log
    # (office restored from a backup): do a full re-sync.
    resync: bool = False


class TableChecksum(BaseModel):
    count: int
    digest: str  # order-independent hash of id:version:hlc over the rows in scope


class ScopeChecksum(BaseModel):
    """The caller's scope as the office holds it at change-log position ``seq``."""

    seq: int
    grids: list[str] | None  # None: every grid
    tables: dict[str, TableChecksum]


class BundleManifest(BaseModel):
    """manifest.json of a USB bundle (see sync/bundle.py)."""

    format: int = 1
    protocol: int = PROTOCOL_VERSION
    schema_version: str
    office_id: str
    device_id: str
    account_id: str = ""
    direction: Literal["push", "pull"]
    created: str  # ISO time
    first_op: int | None = None  # push: outbox seq range carried
    last_op: int | None = None
    cursor_from: int = 0  # push: the laptop's cursor; pull: changes after it …
    cursor_to: int = 0  # pull: … up to this seq
    count: int = 0  # lines in payload.jsonl
    server_hlc: str = ""  # pull: the office clock when written
    scope_key: str = ""  # pull: the laptop's scope then (see PullPage)
    payload_sha256: str


PushResponse.model_rebuild()
