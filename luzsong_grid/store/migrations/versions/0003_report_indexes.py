"""report indexes

Revision ID: 0003_report_indexes
Revises: 0002_sync
Create Date: 2026-11-27

Indexes for the monthly report and the household page: two partial indexes
over live visits (not deleted, not voided) that cover the report's "newest
visit up to a day" seeks per household and per named person, and plain
indexes on the household and person references of service tallies, events
and dispute parties. Existing databases get them on their next open.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_report_indexes"
down_revision: str | None = "0002_sync"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in luzsong_grid/store/models.py (Visit.__table_args__).
LIVE_SQLITE = "deleted = 0 AND voided = 0"
LIVE_PG = "NOT deleted AND NOT voided"


def upgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(
            "ix_visit_household_live",
            ["household_id", "visited_at", "grid_code", "person_id", "deleted", "voided"],
            unique=False,
            sqlite_where=sa.text(LIVE_SQLITE),
            postgresql_where=sa.text(LIVE_PG),
        )
        batch_op.create_index(
            "ix_visit_person_live",
            ["person_id", "visited_at", "grid_code", "deleted", "voided"],
            unique=False,
            sqlite_where=sa.text(LIVE_SQLITE + " AND person_id IS NOT NULL"),
            postgresql_where=sa.text(LIVE_PG + " AND person_id IS NOT NULL"),
        )
    with op.batch_alter_table("service_tally", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_tally_household_id"), ["household_id"], unique=False
        )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_household_id"), ["household_id"], unique=False)
    with op.batch_alter_table("dispute_party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispute_party_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dispute_party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispute_party_person_id"))
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_household_id"))
    with op.batch_alter_table("service_tally", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_tally_household_id"))
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_person_live")
        batch_op.drop_index("ix_visit_household_live")
