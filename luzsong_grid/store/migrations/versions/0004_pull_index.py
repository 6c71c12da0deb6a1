"""pull index

Revision ID: 0004_pull_index
Revises: 0003_report_indexes
Create Date: 2026-11-27

A partial index on the change log's ``old_grid_code`` (set only when a row
moved to another grid), so that a worker's pull seeks its own grids'
entries (with ix_sync_change_log_grid_seq) instead of walking every entry
after its cursor: with 300 laptops syncing at once each pull otherwise
reads the others' entries too. Drops the index on the answered ops' device
(nothing seeks it; every pushed op paid for it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_pull_index"
down_revision: str | None = "0003_report_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in luzsong_grid/sync/models.py (SyncChangeLog.__table_args__).
MOVED = "old_grid_code IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("sync_change_log", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sync_change_log_old_grid_seq",
            ["old_grid_code", "seq"],
            unique=False,
            sqlite_where=sa.text(MOVED),
            postgresql_where=sa.text(MOVED),
        )
    with op.batch_alter_table("sync_applied_op", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_applied_op_device_id"))


def downgrade() -> None:
    with op.batch_alter_table("sync_applied_op", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sync_applied_op_device_id"), ["device_id"], unique=False
        )
    with op.batch_alter_table("sync_change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_change_log_old_grid_seq")
