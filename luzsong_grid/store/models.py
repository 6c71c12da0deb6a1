"""The data model, one SQLModel table per entity.

Every table that travels between laptop and office derives from
:class:`Synced` and so carries what sync needs from the first row on: a
client-made UUIDv7 ``id``, a ``version`` counter, the hybrid-logical-clock
stamp ``hlc`` of its last change, per-field stamps for field-level merges and
a ``deleted`` tombstone. Rows are never hard-deleted.

Rows that belong to a grid carry its ``grid_code`` (denormalised) so the
server can scope a pull to a worker's grids with one indexed filter.
Catalogues and territory are referenced by their stable ``code``.

Local-only tables (outbox, audit log, sync state, search index) derive from
plain ``SQLModel`` and never leave the machine.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import DateTime, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from luzsong_grid.ids import uuid7


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class Synced(SQLModel):
    """Columns every synced table carries."""

    __synced__: ClassVar[bool] = True
    # Fields whose concurrent change must reach a person instead of being
    # merged by last-writer-wins (SYNC.md: identity fields).
    __identity_fields__: ClassVar[tuple[str, ...]] = ()

    id: str = Field(default_factory=uuid7, primary_key=True, max_length=36)
    version: int = Field(default=1)
    hlc: str = Field(default="", max_length=40)
    field_hlc: str | None = Field(default=None)  # JSON {field: stamp} of later edits
    deleted: bool = Field(default=False)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime)
    updated_at: datetime = Field(default_factory=_now, sa_type=DateTime)


# --------------------------------------------------------------------------
# Territory: street/town → community/village → grid
# --------------------------------------------------------------------------


class Street(Synced, table=True):
    code: str = Field(max_length=9, unique=True)  # 430203001 … 430203100
    name: str
    name_en: str = ""
    kind: str = Field(default="street", max_length=10)  # street | town
    demo: bool = False


class Community(Synced, table=True):
    code: str = Field(max_length=12, unique=True)  # county 6 + street 3 + committee 3
    street_code: str = Field(foreign_key="street.code", index=True, max_length=9)
    name: str
    name_en: str = ""
    kind: str = Field(default="community", max_length=10)  # community | village
    demo: bool = False


class Grid(Synced, table=True):
    code: str = Field(max_length=15, unique=True)  # committee code + 3-digit serial
    community_code: str = Field(foreign_key="community.code", index=True, max_length=12)
    name: str
    name_en: str = ""
    demo: bool = False


# --------------------------------------------------------------------------
# Accounts and scope
# --------------------------------------------------------------------------


class Account(Synced, table=True):
    username: str = Field(unique=True, max_length=64)
    display_name: str
    role: str = Field(max_length=16)  # worker | staff | supervisor | admin
    # staff: a community code; supervisor: a street code, or "" for the district
    scope_code: str = Field(default="", max_length=15)
    phone: str = ""
    password_hash: str = ""
    disabled: bool = False


class AccountGrid(Synced, table=True):
    """A grid assigned to a worker (usually one)."""

    __tablename__ = "account_grid"
    __table_args__ = (UniqueConstraint("account_id", "grid_code"),)

    account_id: str = Field(foreign_key="account.id", index=True, max_length=36)
    grid_code: str = Field(foreign_key="grid.code", index=True, max_length=15)


# --------------------------------------------------------------------------
# Catalogues (loaded from resources/catalogs on first run, editable later)
# --------------------------------------------------------------------------


class TagGroup(Synced, table=True):
    __tablename__ = "tag_group"

    code: str = Field(unique=True, max_length=40)
    name: str
    name_en: str = ""
    sensitive: bool = False
    sort: int = 0


class Tag(Synced, table=True):
    code: str = Field(unique=True, max_length=40)
    group_code: str = Field(foreign_key="tag_group.code", max_length=40)
    name: str
    name_en: str = ""
    applies_to: str = Field(default="person", max_length=10)  # person | household | both
    sensitive: bool = False
    attributes: str = "[]"  # JSON list of attribute definitions
    sort: int = 0


class VisitRule(Synced, table=True):
    """How often a tagged person or household must be visited."""

    __tablename__ = "visit_rule"

    tag_code: str = Field(foreign_key="tag.code", index=True, max_length=40)
    interval_days: int
    min_risk: int | None = None
    max_risk: int | None = None
    age_min: int | None = None
    note: str = ""
    note_en: str = ""


class CatalogItem(Synced, table=True):
    """Flat catalogues: dispute types, sources, results, methods, party roles,
    service types, visit kinds, visit findings, relations, urgency tiers."""

    __tablename__ = "catalog_item"
    __table_args__ = (UniqueConstraint("kind", "code"),)

    kind: str = Field(max_length=30)
    code: str = Field(max_length=40)
    name: str
    name_en: str = ""
    sort: int = 0
    extra: str = "{}"  # JSON: e.g. a service type's tally key, an urgency's hours
    active: bool = True


class Department(Synced, table=True):
    code: str = Field(unique=True, max_length=40)
    name: str
    name_en: str = ""
    phone: str = ""
    sort: int = 0


class EventCategory(Synced, table=True):
    __tablename__ = "event_category"

    code: str = Field(unique=True, max_length=40)
    name: str
    name_en: str = ""
    default_department: str = Field(foreign_key="department.code", max_length=40)
    sort: int = 0


class EventItem(Synced, table=True):
    __tablename__ = "event_item"

    code: str = Field(unique=True, max_length=60)
    category_code: str = Field(foreign_key="event_category.code", index=True, max_length=40)
    department_code: str = Field(foreign_key="department.code", max_length=40)
    name: str
    name_en: str = ""
    urgency: str = Field(default="blue", max_length=10)
    sort: int = 0


# --------------------------------------------------------------------------
# People and houses
# --------------------------------------------------------------------------


class Household(Synced, table=True):
    __identity_fields__ = ("head_person_id",)

    grid_code: str = Field(foreign_key="grid.code", index=True, max_length=15)
    household_no: str = Field(default="", max_length=40)  # 户号, if the office has one
    address: str
    head_person_id: str | None = Field(default=None, max_length=36)  # set once the head exists
    phone: str = ""
    note: str = ""


class Person(Synced, table=True):
    __identity_fields__ = ("name", "id_number")
    __table_args__ = (Index("ix_person_id_number", "id_number"),)

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    grid_code: str = Field(foreign_key="grid.code", index=True, max_length=15)
    name: str = Field(max_length=60)
    id_number: str = Field(default="", max_length=18)
    gender: str = Field(default="", max_length=1)  # M | F | "" (derived from the ID when known)
    birth_date: date | None = None
    phone: str = Field(default="", max_length=20)
    relation: str = Field(default="", max_length=30)  # relation to the head (catalogue code)
    ethnicity: str = ""
    moved_out: bool = False
    deceased: bool = False
    note: str = ""


class PersonTag(Synced, table=True):
    __tablename__ = "person_tag"

    person_id: str = Field(foreign_key="person.id", index=True, max_length=36)
    tag_code: str = Field(foreign_key="tag.code", index=True, max_length=40)
    grid_code: str = Field(foreign_key="grid.code", index=True, max_length=15)
    attrs: str = "{}"  # JSON: risk_level, guardian, wristband_no, …
    since: date | None = None


class HouseholdTag(Synced, table=True):
    __tablename__ = "household_tag"

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    tag_code: str = Field(foreign_key="tag.code", index=True, max_length=40)
    grid_code: str = Field(foreign_key="grid.code", index=True, max_length=15)
    attrs: str = "{}"
    since: date | None = None


# --------------------------------------------------------------------------
# Work records
# --------------------------------------------------------------------------


# The partial indexes' condition, written as the queries write it (SQLite
# uses a partial index only when the query's WHERE repeats its terms).
LIVE_VISIT_SQLITE = "deleted = 0 AND voided = 0"
LIVE_VISIT_PG = "NOT deleted AND NOT voided"


class Visit(Synced, table=True):
    """A visit (走访): an insert-only fact; a correction voids and replaces it."""

    __table_args__ = (
        Index("ix_visit_household_at", "household_id", "visited_at"),
        Index("ix_visit_person_at", "person_id", "visited_at"),
        Index("ix_visit_grid_at", "grid_code", "visited_at"),
        # Live visits only, covering the "newest visit up to a day" walks of
        # the reports (reports/stats.py): an index-only seek per household or
        # person. deleted and voided are columns too, so that SQLite sees the
        # index covers the query's own "deleted = 0 AND voided = 0".
        Index(
            "ix_visit_household_live",
            "household_id",
            "visited_at",
            "grid_code",
            "person_id",
            "deleted",
            "voided",
            sqlite_where=text(LIVE_VISIT_SQLITE),
            postgresql_where=text(LIVE_VISIT_PG),
        ),
        Index(
            "ix_visit_person_live",
            "person_id",
            "visited_at",
            "grid_code",
            "deleted",
            "voided",
            sqlite_where=text(LIVE_VISIT_SQLITE + " AND person_id IS NOT NULL"),
            postgresql_where=text(LIVE_VISIT_PG + " AND person_id IS NOT NULL"),
        ),
    )

    household_id: str = Field(foreign_key="household.id", max_length=36)
    person_id: str | None = Field(default=None, foreign_key="person.id", max_length=36)
    grid_code: str = Field(foreign_key="grid.code", max_length=15)
    worker_id: str = Field(foreign_key="account.id", index=True, max_length=36)
    visited_at: datetime = Field(sa_type=DateTime)
    kind: str = Field(default="routine", max_length=20)
    companions: str = ""
    found_needs: bool = False
    found_hazard_safety: bool = False
    found_hazard_fire: bool = False
    found_hazard_sanitation: bool = False
    found_dispute: bool = False
    found_request: bool = False
    found_suggestion: bool = False
    findings: str = ""
    action_taken: str = ""
    notes: str = ""
    followup_due: date | None = None
    followup_done: bool = False
    void_of: str | None = Field(default=None, max_length=36)  # the visit this one corrects
    voided: bool = False


class ServiceTally(Synced, table=True):
    """Services done for residents, as per-device increments that are summed."""

    __tablename__ = "service_tally"
    __table_args__ = (Index("ix_service_grid_on", "grid_code", "done_on"),)

    grid_code: str = Field(foreign_key="grid.code", max_length=15)
    worker_id: str = Field(foreign_key="account.id", index=True, max_length=36)
    type_code: str = Field(max_length=40)
    done_on: date
    count: int = 1
    household_id: str | None = Field(
        default=None, foreign_key="household.id", index=True, max_length=36
    )
    person_id: str | None = Field(default=None, foreign_key="person.id", max_length=36)
    note: str = ""


class Dispute(Synced, table=True):
    """A dispute in the mediation ledger (矛盾纠纷台账)."""

    __table_args__ = (Index("ix_dispute_grid_accepted", "grid_code", "accepted_on"),)

    grid_code: str = Field(foreign_key="grid.code", max_length=15)
    case_no: str = Field(default="", max_length=40)
    reported_by: str = Field(foreign_key="account.id", max_length=36)
    found_on: date
    accepted_on: date
    deadline: date
    place: str = ""
    type_code: str = Field(max_length=40)
    source_code: str = Field(max_length=40)
    scale: str = ""
    people_involved: int = 0
    amount: float = 0.0
    summary: str = ""
    major: bool = False
    measures: str = ""
    responsible_department: str = ""
    responsible_person: str = ""
    status: str = Field(default="accepted", max_length=20)
    result: str = Field(default="", max_length=20)  # success | failed | referred
    method: str = ""
    resolved_on: date | None = None
    agreement: bool = False
    agreement_no: str = ""
    performance_deadline: date | None = None
    escalation_prevented: bool = False


class DisputeParty(Synced, table=True):
    __tablename__ = "dispute_party"

    dispute_id: str = Field(foreign_key="dispute.id", index=True, max_length=36)
    grid_code: str = Field(foreign_key="grid.code", index=True, max_length=15)
    name: str
    id_number: str = ""
    phone: str = ""
    role: str = Field(default="", max_length=30)
    person_id: str | None = Field(default=None, foreign_key="person.id", index=True, max_length=36)


class DisputeStep(Synced, table=True):
    """One workflow move of a dispute; append-only history."""

    __tablename__ = "dispute_step"

    dispute_id: str = Field(foreign_key="dispute.id", index=True, max_length=36)
    grid_code: str = Field(foreign_key="grid.code", index=True, max_length=15)
    from_status: str = Field(default="", max_length=20)
    to_status: str = Field(max_length=20)
    at: datetime = Field(sa_type=DateTime)
    by_account: str = Field(foreign_key="account.id", max_length=36)
    note: str = ""


class DisputeFollowup(Synced, table=True):
    """A follow-up visit (回访) after mediation."""

    __tablename__ = "dispute_followup"

    dispute_id: str = Field(foreign_key="dispute.id", index=True, max_length=36)
    grid_code: str = Field(foreign_key="grid.code", index=True, max_length=15)
    due_on: date
    done_on: date | None = None
    by_account: str | None = Field(default=None, foreign_key="account.id", max_length=36)
    performed: bool = False
    satisfaction: str = ""  # satisfied | basically | unsatisfied
    remaining_risk: str = ""
    note: str = ""


class Event(Synced, table=True):
    """An event reported for a department to handle (网格事件)."""

    __table_args__ = (Index("ix_event_grid_reported", "grid_code", "reported_at"),)

    grid_code: str = Field(foreign_key="grid.code", max_length=15)
    event_no: str = Field(default="", max_length=40)
    reported_by: str = Field(foreign_key="account.id", max_length=36)
    reported_at: datetime = Field(sa_type=DateTime)
    category_code: str = Field(foreign_key="event_category.code", max_length=40)
    item_code: str | None = Field(default=None, foreign_key="event_item.code", max_length=60)
    department_code: str | None = Field(default=None, foreign_key="department.code", max_length=40)
    urgency: str = Field(default="blue", max_length=10)
    deadline_at: datetime = Field(sa_type=DateTime)
    place: str = ""
    description: str = ""
    photo: str = ""  # file name in the data folder's attachments, if any
    household_id: str | None = Field(
        default=None, foreign_key="household.id", index=True, max_length=36
    )
    status: str = Field(default="reported", max_length=20)
    extended_to: datetime | None = Field(default=None, sa_type=DateTime)
    supervised: bool = False
    closed_at: datetime | None = Field(default=None, sa_type=DateTime)


class EventStep(Synced, table=True):
    """One workflow move or action on an event; append-only history."""

    __tablename__ = "event_step"

    event_id: str = Field(foreign_key="event.id", index=True, max_length=36)
    grid_code: str = Field(foreign_key="grid.code", index=True, max_length=15)
    from_status: str = Field(default="", max_length=20)
    to_status: str = Field(max_length=20)
    action: str = Field(default="", max_length=20)  # extended | supervised, when not a move
    at: datetime = Field(sa_type=DateTime)
    by_account: str = Field(foreign_key="account.id", max_length=36)
    department_code: str | None = Field(default=None, foreign_key="department.code", max_length=40)
    note: str = ""


# --------------------------------------------------------------------------
# Local bookkeeping (never synced as rows)
# --------------------------------------------------------------------------


class Outbox(SQLModel, table=True):
    """One local change waiting to be pushed, written in the change's transaction."""

    seq: int | None = Field(default=None, primary_key=True)
    op_id: str = Field(default_factory=uuid7, unique=True, max_length=36)
    table_name: str = Field(max_length=40)
    row_id: str = Field(max_length=36, index=True)
    kind: str = Field(max_length=12)  # insert | patch | delete | transition
    fields: str  # JSON of the changed fields only
    base_version: int = 0
    hlc: str = Field(max_length=40)
    account_id: str = Field(default="", max_length=36)
    device_id: str = Field(default="", max_length=36)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime)
    state: str = Field(default="pending", max_length=12, index=True)
    result: str = ""


class AuditLog(SQLModel, table=True):
    """Who changed what, when and from which device."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_row", "table_name", "row_id"),)

    seq: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=_now, index=True, sa_type=DateTime)
    hlc: str = Field(default="", max_length=40)
    account_id: str = Field(default="", max_length=36)
    device_id: str = Field(default="", max_length=36)
    table_name: str = Field(max_length=40)
    row_id: str = Field(default="", max_length=36)
    action: str = Field(max_length=20)  # insert | patch | delete | transition | reveal | …
    changes: str = "{}"  # JSON; identity numbers are stored masked


class SyncState(SQLModel, table=True):
    """Key/value state of this installation: device id, last HLC, cursor…"""

    __tablename__ = "sync_state"

    key: str = Field(primary_key=True, max_length=60)
    value: str = ""


def synced_tables() -> list[type[Synced]]:
    """Every table model that carries the sync columns."""
    return [m for m in Synced.__subclasses__() if getattr(m, "__table__", None) is not None]
