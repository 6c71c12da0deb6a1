"""The service functions every client calls: command line, desktop, server.

Keyword-only, one transaction supplied by the caller (``store.session()``),
validating before they write. The session's tracking hook adds the outbox
and audit rows for every change, so nothing here can forget them. Errors a
person can fix are :class:`FieldError`/:class:`UserError` with the field
named, in the user's language.

Scope: an account with the worker role may only write to its own grids; the
check runs here so the desktop, the command line and the server agree.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from luzsong_grid import search
from luzsong_grid.catalog import EDITABLE_CATALOGS
from luzsong_grid.domain import validation, workflow
from luzsong_grid.domain.visits import VISIT_FLAGS
from luzsong_grid.i18n import QT_TRANSLATE_NOOP, FieldError, UserError
from luzsong_grid.store.db import Actor, Store
from luzsong_grid.store.models import (
    Account,
    AccountGrid,
    AuditLog,
    CatalogItem,
    Community,
    Dispute,
    DisputeFollowup,
    DisputeParty,
    DisputeStep,
    Event,
    EventCategory,
    EventItem,
    EventStep,
    Grid,
    Household,
    HouseholdTag,
    Person,
    PersonTag,
    ServiceTally,
    Street,
    Synced,
    Tag,
    Visit,
    VisitRule,
)

T = TypeVar("T", bound=Synced)

MSG_REQUIRED = QT_TRANSLATE_NOOP("core", "This field is required.")
MSG_TOO_LONG = QT_TRANSLATE_NOOP("core", "At most {limit} characters.")
MSG_UNKNOWN_GRID = QT_TRANSLATE_NOOP("core", "There is no grid with the code {code}.")
MSG_OUT_OF_SCOPE = QT_TRANSLATE_NOOP(
    "core", "Grid {code} is not one of your grids; you cannot change its records."
)
MSG_NOT_FOUND = QT_TRANSLATE_NOOP("core", "The record was not found (it may have been deleted).")
MSG_DUPLICATE_ID = QT_TRANSLATE_NOOP(
    "core", "This ID number is already registered for {name}. Open the existing person instead?"
)
MSG_UNKNOWN_CODE = QT_TRANSLATE_NOOP("core", "“{code}” is not in the catalogue.")
MSG_TAG_NOT_FOR = QT_TRANSLATE_NOOP("core", "The tag “{tag}” cannot be given to a {target}.")
MSG_TAG_TWICE = QT_TRANSLATE_NOOP("core", "The tag “{tag}” is already assigned.")
MSG_RISK_LEVEL = QT_TRANSLATE_NOOP("core", "The risk level must be a whole number from 0 to 5.")
MSG_NOT_MEMBER = QT_TRANSLATE_NOOP("core", "This person does not belong to the household.")
MSG_FUTURE = QT_TRANSLATE_NOOP("core", "The date cannot be in the future.")
MSG_BEFORE = QT_TRANSLATE_NOOP("core", "The date cannot be before {other}.")
MSG_COUNT = QT_TRANSLATE_NOOP("core", "The count must be between 1 and 999.")
MSG_BIRTH_MISMATCH = QT_TRANSLATE_NOOP(
    "core", "The birth date differs from the one in the ID number ({derived})."
)
MSG_GENDER_MISMATCH = QT_TRANSLATE_NOOP("core", "The gender differs from the one in the ID number.")
MSG_NO_PARTIES = QT_TRANSLATE_NOOP("core", "A dispute needs at least one party.")
MSG_RESULT_FIELDS = QT_TRANSLATE_NOOP(
    "core", "An agreement needs its number; a performance deadline, if given, must follow it."
)
MSG_HAS_MEMBERS = QT_TRANSLATE_NOOP(
    "core", "The household still has {count} members; move or delete them first."
)

# Slack for a laptop clock a little ahead of the office's when judging "future".
FUTURE_SLACK = timedelta(minutes=10)
FOLLOWUP_AFTER_DAYS = 30


class DuplicateIdError(FieldError):
    """The ID number belongs to someone already registered."""

    def __init__(self, existing: Person) -> None:
        super().__init__("id_number", MSG_DUPLICATE_ID, name=existing.name)
        self.existing_id = existing.id


# --------------------------------------------------------------------------
# Input models
# --------------------------------------------------------------------------


class HouseholdIn(SQLModel):
    grid_code: str
    address: str
    household_no: str = ""
    phone: str = ""
    note: str = ""


class HouseholdPatch(SQLModel):
    grid_code: str | None = None
    address: str | None = None
    household_no: str | None = None
    phone: str | None = None
    note: str | None = None


class PersonIn(SQLModel):
    name: str
    id_number: str = ""
    gender: str = ""
    birth_date: date | None = None
    phone: str = ""
    relation: str = ""
    ethnicity: str = ""
    note: str = ""


class PersonPatch(SQLModel):
    name: str | None = None
    id_number: str | None = None
    gender: str | None = None
    birth_date: date | None = None
    phone: str | None = None
    relation: str | None = None
    ethnicity: str | None = None
    moved_out: bool | None = None
    deceased: bool | None = None
    note: str | None = None


class VisitIn(SQLModel):
    household_id: str
    person_id: str | None = None
    visited_at: datetime | None = None
    kind: str = "routine"
    companions: str = ""
    findings_flags: list[str] = []
    findings: str = ""
    action_taken: str = ""
    notes: str = ""
    followup_due: date | None = None


class PartyIn(SQLModel):
    name: str
    id_number: str = ""
    phone: str = ""
    role: str = ""
    person_id: str | None = None


class DisputeIn(SQLModel):
    grid_code: str
    type_code: str
    source_code: str
    found_on: date
    accepted_on: date | None = None
    place: str = ""
    scale: str = ""
    people_involved: int = 0
    amount: float = 0.0
    summary: str = ""
    major: bool = False
    measures: str = ""
    responsible_department: str = ""
    responsible_person: str = ""
    parties: list[PartyIn] = []


class EventIn(SQLModel):
    grid_code: str
    category_code: str
    item_code: str | None = None
    department_code: str | None = None
    urgency: str | None = None
    reported_at: datetime | None = None
    place: str = ""
    description: str = ""
    household_id: str | None = None
    photo: str = ""


# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------


def _actor(session: Session) -> Actor:
    actor: Actor = session.info["actor"]
    return actor


def _store(session: Session) -> Store:
    store: Store = session.info["store"]
    return store


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _text(field: str, value: str, *, limit: int = 200, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise FieldError(field, MSG_REQUIRED)
    if len(value) > limit:
        raise FieldError(field, MSG_TOO_LONG, limit=limit)
    return value


def get_live(session: Session, model: type[T], row_id: str, *, field: str = "id") -> T:
    """The row with ``row_id`` unless missing or tombstoned."""
    row = session.get(model, row_id)
    if row is None or row.deleted:
        raise FieldError(field, MSG_NOT_FOUND)
    return row


def actor_grids(session: Session, actor: Actor) -> set[str] | None:
    """The grids an actor may write to; None means no grid restriction."""
    if actor.role != "worker":
        return None
    rows = session.exec(
        select(AccountGrid.grid_code).where(
            AccountGrid.account_id == actor.account_id,
            AccountGrid.deleted == False,  # noqa: E712
        )
    ).all()
    return set(rows)


def check_grid(session: Session, grid_code: str, *, field: str = "grid_code") -> str:
    """The grid exists and the actor may write to it."""
    grid_code = (grid_code or "").strip()
    grid = session.exec(select(Grid).where(Grid.code == grid_code, Grid.deleted == False)).first()  # noqa: E712
    if grid is None:
        raise FieldError(field, MSG_UNKNOWN_GRID, code=grid_code)
    allowed = actor_grids(session, _actor(session))
    if allowed is not None and grid_code not in allowed:
        raise FieldError(field, MSG_OUT_OF_SCOPE, code=grid_code)
    return grid_code


def check_catalog(session: Session, kind: str, code: str, *, field: str) -> str:
    code = (code or "").strip()
    found = session.exec(
        select(CatalogItem.id).where(
            CatalogItem.kind == kind,
            CatalogItem.code == code,
            CatalogItem.deleted == False,  # noqa: E712
        )
    ).first()
    if found is None:
        raise FieldError(field, MSG_UNKNOWN_CODE, code=code)
    return code


def _not_future(field: str, value: date | datetime) -> None:
    limit = _now() + FUTURE_SLACK
    if isinstance(value, datetime):
        if value > limit:
            raise FieldError(field, MSG_FUTURE)
    elif value > limit.date():
        raise FieldError(field, MSG_FUTURE)


def _index(session: Session, doc: tuple[str, ...]) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql(search.UPSERT_DOC_SQL, doc)


def _unindex(session: Session, ref_id: str) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql(search.DELETE_DOC_SQL, (ref_id,))


def _index_person(session: Session, person: Person) -> None:
    _index(
        session,
        search.person_doc(
            person_id=person.id,
            household_id=person.household_id,
            grid_code=person.grid_code,
            name=person.name,
            id_number=person.id_number,
            phone=person.phone,
        ),
    )


def _index_household(session: Session, household: Household) -> None:
    _index(
        session,
        search.household_doc(
            household_id=household.id,
            grid_code=household.grid_code,
            address=household.address,
            household_no=household.household_no,
        ),
    )


def _apply(row: Synced, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


# --------------------------------------------------------------------------
# Territory and accounts (office administration)
# --------------------------------------------------------------------------

MSG_BAD_CODE = QT_TRANSLATE_NOOP(
    "core",
    "“{code}” is not a valid {what} code: it must be {digits} digits starting with {parent}.",
)
MSG_CODE_TAKEN = QT_TRANSLATE_NOOP("core", "The code {code} is already in use.")
MSG_UNKNOWN_ROLE = QT_TRANSLATE_NOOP(
    "core", "“{role}” is not a role (worker, staff, supervisor, admin)."
)
ROLES = ("worker", "staff", "supervisor", "admin")
DISTRICT_PREFIX = "430203"


def _code(code: str, *, what: str, digits: int, parent: str) -> str:
    code = (code or "").strip()
    if len(code) != digits or not code.isdigit() or not code.startswith(parent):
        raise FieldError("code", MSG_BAD_CODE, code=code, what=what, digits=digits, parent=parent)
    return code


def _unused(
    session: Session, model: type[Street] | type[Community] | type[Grid], code: str
) -> None:
    if session.exec(select(model.id).where(model.code == code)).first() is not None:
        raise FieldError("code", MSG_CODE_TAKEN, code=code)


def create_street(
    *, session: Session, code: str, name: str, kind: str = "street", demo: bool = False
) -> Street:
    code = _code(code, what="street", digits=9, parent=DISTRICT_PREFIX)
    _unused(session, Street, code)
    street = Street(
        code=code, name=_text("name", name, limit=40, required=True), kind=kind, demo=demo
    )
    session.add(street)
    session.flush()
    return street


def create_community(
    *,
    session: Session,
    code: str,
    street_code: str,
    name: str,
    kind: str = "community",
    demo: bool = False,
) -> Community:
    code = _code(code, what="community", digits=12, parent=street_code)
    if session.exec(select(Street.id).where(Street.code == street_code)).first() is None:
        raise FieldError("street_code", MSG_UNKNOWN_CODE, code=street_code)
    _unused(session, Community, code)
    community = Community(
        code=code,
        street_code=street_code,
        name=_text("name", name, limit=40, required=True),
        kind=kind,
        demo=demo,
    )
    session.add(community)
    session.flush()
    return community


def create_grid(
    *, session: Session, code: str, community_code: str, name: str, demo: bool = False
) -> Grid:
    code = _code(code, what="grid", digits=15, parent=community_code)
    if session.exec(select(Community.id).where(Community.code == community_code)).first() is None:
        raise FieldError("community_code", MSG_UNKNOWN_CODE, code=community_code)
    _unused(session, Grid, code)
    grid = Grid(
        code=code,
        community_code=community_code,
        name=_text("name", name, limit=40, required=True),
        demo=demo,
    )
    session.add(grid)
    session.flush()
    return grid


def create_account(
    *,
    session: Session,
    username: str,
    display_name: str,
    role: str,
    scope_code: str = "",
    grids: Sequence[str] = (),
    password_hash: str = "",
) -> Account:
    if role not in ROLES:
        raise FieldError("role", MSG_UNKNOWN_ROLE, role=role)
    username = _text("username", username, limit=64, required=True)
    if session.exec(select(Account.id).where(Account.username == username)).first():
        raise FieldError("username", MSG_CODE_TAKEN, code=username)
    account = Account(
        username=username,
        display_name=_text("display_name", display_name, limit=60, required=True),
        role=role,
        scope_code=scope_code,
        password_hash=password_hash,
    )
    session.add(account)
    for grid_code in grids:
        if session.exec(select(Grid.id).where(Grid.code == grid_code)).first() is None:
            raise FieldError("grids", MSG_UNKNOWN_GRID, code=grid_code)
        session.add(AccountGrid(account_id=account.id, grid_code=grid_code))
    session.flush()
    return account


# --------------------------------------------------------------------------
# Households and persons
# --------------------------------------------------------------------------


def _household_fields(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "grid_code" in out:
        out["grid_code"] = check_grid(session, out["grid_code"])
    if "address" in out:
        out["address"] = _text("address", out["address"], limit=200, required=True)
    if "household_no" in out:
        out["household_no"] = _text("household_no", out["household_no"], limit=40)
    if out.get("phone"):
        out["phone"] = _phone("phone", out["phone"])
    if "note" in out:
        out["note"] = _text("note", out["note"], limit=2000)
    return out


def _phone(field: str, value: str) -> str:
    try:
        return validation.validate_phone(value)
    except UserError as exc:
        raise FieldError(field, exc.message, **exc.params) from exc


def create_household(*, session: Session, data: HouseholdIn) -> Household:
    fields = _household_fields(session, data.model_dump())
    household = Household(**fields)
    session.add(household)
    session.flush()
    _index_household(session, household)
    return household


def update_household(*, session: Session, household_id: str, patch: HouseholdPatch) -> Household:
    household = get_live(session, Household, household_id)
    check_grid(session, household.grid_code)
    fields = _household_fields(session, patch.model_dump(exclude_unset=True))
    _apply(household, fields)
    if "grid_code" in fields:
        _move_members(session, household)
    session.flush()
    _index_household(session, household)
    return household


def _move_members(session: Session, household: Household) -> None:
    """A household moved to another grid takes its members and tags along."""
    for person in _members(session, household.id):
        if person.grid_code != household.grid_code:
            person.grid_code = household.grid_code
            for tag in session.exec(select(PersonTag).where(PersonTag.person_id == person.id)):
                tag.grid_code = household.grid_code
            _index_person(session, person)
    for htag in session.exec(select(HouseholdTag).where(HouseholdTag.household_id == household.id)):
        htag.grid_code = household.grid_code


def _members(session: Session, household_id: str) -> Sequence[Person]:
    return session.exec(
        select(Person).where(Person.household_id == household_id, Person.deleted == False)  # noqa: E712
    ).all()


def delete_household(*, session: Session, household_id: str, with_members: bool = False) -> None:
    """Tombstone a household (and, if asked, its members)."""
    household = get_live(session, Household, household_id)
    check_grid(session, household.grid_code)
    members = _members(session, household_id)
    if members and not with_members:
        raise FieldError("household", MSG_HAS_MEMBERS, count=len(members))
    for person in members:
        delete_person(session=session, person_id=person.id)
    for htag in session.exec(
        select(HouseholdTag).where(HouseholdTag.household_id == household_id)
    ).all():
        htag.deleted = True
    household.deleted = True
    session.flush()
    _unindex(session, household_id)


def _person_fields(
    session: Session, data: dict[str, Any], *, exclude_id: str | None = None
) -> dict[str, Any]:
    out = dict(data)
    if "name" in out:
        out["name"] = _text("name", out["name"], limit=60, required=True)
    if out.get("id_number"):
        try:
            rid = validation.parse_resident_id(out["id_number"])
        except UserError as exc:
            raise FieldError("id_number", exc.message, **exc.params) from exc
        out["id_number"] = rid.number
        if out.get("birth_date") and out["birth_date"] != rid.birth_date:
            raise FieldError("birth_date", MSG_BIRTH_MISMATCH, derived=rid.birth_date.isoformat())
        if out.get("gender") and out["gender"] != rid.gender:
            raise FieldError("gender", MSG_GENDER_MISMATCH)
        out["birth_date"], out["gender"] = rid.birth_date, rid.gender
        query = select(Person).where(Person.id_number == rid.number, Person.deleted == False)  # noqa: E712
        if exclude_id:
            query = query.where(Person.id != exclude_id)
        existing = session.exec(query).first()
        if existing is not None:
            raise DuplicateIdError(existing)
    if out.get("phone"):
        out["phone"] = _phone("phone", out["phone"])
    if out.get("birth_date"):
        _not_future("birth_date", out["birth_date"])
    if out.get("gender") and out["gender"] not in ("M", "F"):
        raise FieldError("gender", MSG_UNKNOWN_CODE, code=out["gender"])
    if out.get("relation"):
        out["relation"] = check_catalog(session, "relation", out["relation"], field="relation")
    for name in ("ethnicity", "note"):
        if name in out and out[name] is not None:
            out[name] = _text(name, out[name], limit=2000 if name == "note" else 20)
    return out


def create_person(*, session: Session, household_id: str, data: PersonIn) -> Person:
    household = get_live(session, Household, household_id, field="household")
    check_grid(session, household.grid_code)
    fields = _person_fields(session, data.model_dump())
    person = Person(household_id=household.id, grid_code=household.grid_code, **fields)
    session.add(person)
    if person.relation == "head" and household.head_person_id is None:
        household.head_person_id = person.id
    session.flush()
    _index_person(session, person)
    return person


def update_person(*, session: Session, person_id: str, patch: PersonPatch) -> Person:
    person = get_live(session, Person, person_id)
    check_grid(session, person.grid_code)
    fields = _person_fields(session, patch.model_dump(exclude_unset=True), exclude_id=person.id)
    _apply(person, fields)
    session.flush()
    _index_person(session, person)
    return person


def move_person(*, session: Session, person_id: str, household_id: str) -> Person:
    """Move a person to another household (and so perhaps another grid)."""
    person = get_live(session, Person, person_id)
    check_grid(session, person.grid_code)
    target = get_live(session, Household, household_id, field="household")
    check_grid(session, target.grid_code)
    old = get_live(session, Household, person.household_id)
    if old.head_person_id == person.id:
        old.head_person_id = None
    person.household_id, person.grid_code = target.id, target.grid_code
    for tag in session.exec(select(PersonTag).where(PersonTag.person_id == person.id)):
        tag.grid_code = target.grid_code
    session.flush()
    _index_person(session, person)
    return person


def delete_person(*, session: Session, person_id: str) -> None:
    person = get_live(session, Person, person_id)
    check_grid(session, person.grid_code)
    for tag in session.exec(select(PersonTag).where(PersonTag.person_id == person_id)).all():
        tag.deleted = True
    household = session.get(Household, person.household_id)
    if household is not None and household.head_person_id == person.id:
        household.head_person_id = None
    person.deleted = True
    session.flush()
    _unindex(session, person_id)


def _tag(session: Session, code: str, target: str) -> Tag:
    tag = session.exec(select(Tag).where(Tag.code == code, Tag.deleted == False)).first()  # noqa: E712
    if tag is None:
        raise FieldError("tag_code", MSG_UNKNOWN_CODE, code=code)
    if tag.applies_to not in (target, "both"):
        raise FieldError("tag_code", MSG_TAG_NOT_FOR, tag=tag.name, target=target)
    return tag


def _tag_attrs(attrs: dict[str, Any] | None) -> str:
    attrs = dict(attrs or {})
    if "risk_level" in attrs:
        level = attrs["risk_level"]
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 5:
            raise FieldError("risk_level", MSG_RISK_LEVEL)
    for key in ("guardian_phone",):
        if attrs.get(key):
            attrs[key] = _phone(key, str(attrs[key]))
    return json.dumps(attrs, ensure_ascii=False, sort_keys=True)


def _assign_tag(
    session: Session,
    model: type[PersonTag] | type[HouseholdTag],
    owner: Person | Household,
    tag_code: str,
    since: date | None,
    attrs: dict[str, Any] | None = None,
) -> PersonTag | HouseholdTag:
    """A tag on a person or a household, once: the shared half of the two."""
    check_grid(session, owner.grid_code)
    target = "person" if model is PersonTag else "household"
    _tag(session, tag_code, target)
    owner_column = PersonTag.person_id if model is PersonTag else HouseholdTag.household_id
    existing = session.exec(
        select(model.id).where(
            owner_column == owner.id,
            model.tag_code == tag_code,
            model.deleted == False,  # noqa: E712
        )
    ).first()
    if existing is not None:
        raise FieldError("tag_code", MSG_TAG_TWICE, tag=tag_code)
    row: PersonTag | HouseholdTag
    if model is PersonTag:
        row = PersonTag(person_id=owner.id, tag_code=tag_code, grid_code=owner.grid_code)
    else:
        row = HouseholdTag(household_id=owner.id, tag_code=tag_code, grid_code=owner.grid_code)
    row.attrs = _tag_attrs(attrs)
    row.since = since or date.today()
    session.add(row)
    session.flush()
    return row


def _remove_tag(session: Session, model: type[PersonTag] | type[HouseholdTag], tag_id: str) -> None:
    row = get_live(session, model, tag_id)
    check_grid(session, row.grid_code)
    row.deleted = True
    session.flush()


def add_person_tag(
    *,
    session: Session,
    person_id: str,
    tag_code: str,
    attrs: dict[str, Any] | None = None,
    since: date | None = None,
) -> PersonTag:
    person = get_live(session, Person, person_id)
    row = _assign_tag(session, PersonTag, person, tag_code, since, attrs)
    assert isinstance(row, PersonTag)
    return row


def update_person_tag(*, session: Session, tag_id: str, attrs: dict[str, Any]) -> PersonTag:
    row = get_live(session, PersonTag, tag_id)
    check_grid(session, row.grid_code)
    row.attrs = _tag_attrs(attrs)
    session.flush()
    return row


def remove_person_tag(*, session: Session, tag_id: str) -> None:
    _remove_tag(session, PersonTag, tag_id)


def add_household_tag(
    *, session: Session, household_id: str, tag_code: str, since: date | None = None
) -> HouseholdTag:
    household = get_live(session, Household, household_id)
    row = _assign_tag(session, HouseholdTag, household, tag_code, since)
    assert isinstance(row, HouseholdTag)
    return row


def remove_household_tag(*, session: Session, tag_id: str) -> None:
    _remove_tag(session, HouseholdTag, tag_id)


# --------------------------------------------------------------------------
# Visits and services
# --------------------------------------------------------------------------


def log_visit(*, session: Session, data: VisitIn) -> Visit:
    """Record a visit by the acting worker."""
    household = get_live(session, Household, data.household_id, field="household")
    check_grid(session, household.grid_code)
    if data.person_id:
        person = get_live(session, Person, data.person_id, field="person")
        if person.household_id != household.id:
            raise FieldError("person", MSG_NOT_MEMBER)
    visited_at = (data.visited_at or _now()).replace(microsecond=0)
    _not_future("visited_at", visited_at)
    kind = check_catalog(session, "visit_kind", data.kind, field="kind")
    if data.followup_due and data.followup_due < visited_at.date():
        raise FieldError("followup_due", MSG_BEFORE, other=visited_at.date().isoformat())
    flags = set(data.findings_flags)
    for flag in flags:
        if flag not in VISIT_FLAGS:
            raise FieldError("findings", MSG_UNKNOWN_CODE, code=flag)
    visit = Visit(
        household_id=household.id,
        person_id=data.person_id or None,
        grid_code=household.grid_code,
        worker_id=_actor(session).account_id,
        visited_at=visited_at,
        kind=kind,
        companions=_text("companions", data.companions, limit=200),
        findings=_text("findings", data.findings, limit=4000),
        action_taken=_text("action_taken", data.action_taken, limit=4000),
        notes=_text("notes", data.notes, limit=4000),
        followup_due=data.followup_due,
    )
    for flag in flags:
        setattr(visit, f"found_{flag}", True)
    session.add(visit)
    session.flush()
    return visit


def void_visit(*, session: Session, visit_id: str) -> Visit:
    """Withdraw a visit logged in error (visits are facts: voided, never edited away)."""
    visit = get_live(session, Visit, visit_id)
    check_grid(session, visit.grid_code)
    visit.voided = True
    session.flush()
    return visit


def tally_service(
    *,
    session: Session,
    grid_code: str,
    type_code: str,
    count: int = 1,
    done_on: date | None = None,
    household_id: str | None = None,
    person_id: str | None = None,
    note: str = "",
) -> ServiceTally:
    """Add ``count`` services of a type: an increment, never a shared total."""
    grid_code = check_grid(session, grid_code)
    type_code = check_catalog(session, "service_type", type_code, field="type_code")
    if isinstance(count, bool) or not 1 <= count <= 999:
        raise FieldError("count", MSG_COUNT)
    done_on = done_on or date.today()
    _not_future("done_on", done_on)
    if household_id:
        get_live(session, Household, household_id, field="household")
    if person_id:
        get_live(session, Person, person_id, field="person")
    row = ServiceTally(
        grid_code=grid_code,
        worker_id=_actor(session).account_id,
        type_code=type_code,
        done_on=done_on,
        count=count,
        household_id=household_id,
        person_id=person_id,
        note=_text("note", note, limit=1000),
    )
    session.add(row)
    session.flush()
    return row


# --------------------------------------------------------------------------
# Disputes
# --------------------------------------------------------------------------


def _party(session: Session, dispute: Dispute, party: PartyIn) -> DisputeParty:
    id_number = ""
    if party.id_number:
        try:
            id_number = validation.parse_resident_id(party.id_number).number
        except UserError as exc:
            raise FieldError("parties.id_number", exc.message, **exc.params) from exc
    role = (
        check_catalog(session, "party_role", party.role, field="parties.role") if party.role else ""
    )
    return DisputeParty(
        dispute_id=dispute.id,
        grid_code=dispute.grid_code,
        name=_text("parties.name", party.name, limit=60, required=True),
        id_number=id_number,
        phone=_phone("parties.phone", party.phone) if party.phone else "",
        role=role,
        person_id=party.person_id,
    )


def _case_no(grid_code: str, day: date, row_id: str) -> str:
    # Unique without a server round trip: grid, date and the tail of the UUIDv7.
    return f"{grid_code}-{day:%Y%m%d}-{row_id[-4:].upper()}"


def open_dispute(*, session: Session, data: DisputeIn) -> Dispute:
    """Accept a dispute into the ledger (受理)."""
    grid_code = check_grid(session, data.grid_code)
    type_code = check_catalog(session, "dispute_type", data.type_code, field="type_code")
    source_code = check_catalog(session, "dispute_source", data.source_code, field="source_code")
    _not_future("found_on", data.found_on)
    accepted_on = data.accepted_on or date.today()
    _not_future("accepted_on", accepted_on)
    if accepted_on < data.found_on:
        raise FieldError("accepted_on", MSG_BEFORE, other=data.found_on.isoformat())
    if not data.parties:
        raise FieldError("parties", MSG_NO_PARTIES)
    actor = _actor(session)
    dispute = Dispute(
        grid_code=grid_code,
        reported_by=actor.account_id,
        found_on=data.found_on,
        accepted_on=accepted_on,
        deadline=workflow.dispute_deadline(accepted_on),
        place=_text("place", data.place),
        type_code=type_code,
        source_code=source_code,
        scale=_text("scale", data.scale, limit=40),
        people_involved=max(data.people_involved, len(data.parties)),
        amount=data.amount,
        summary=_text("summary", data.summary, limit=4000, required=True),
        major=data.major,
        measures=_text("measures", data.measures, limit=4000),
        responsible_department=_text("responsible_department", data.responsible_department),
        responsible_person=_text("responsible_person", data.responsible_person, limit=60),
        status=workflow.DisputeStatus.ACCEPTED,
    )
    dispute.case_no = _case_no(grid_code, accepted_on, dispute.id)
    session.add(dispute)
    for party in data.parties:
        session.add(_party(session, dispute, party))
    session.add(
        DisputeStep(
            dispute_id=dispute.id,
            grid_code=grid_code,
            to_status=dispute.status,
            at=_now(),
            by_account=actor.account_id,
        )
    )
    session.flush()
    return dispute


_RESULT_OF = {
    workflow.DisputeStatus.RESOLVED: "success",
    workflow.DisputeStatus.FAILED: "failed",
    workflow.DisputeStatus.REFERRED: "referred",
}


def move_dispute(
    *,
    session: Session,
    dispute_id: str,
    to_status: str,
    note: str = "",
    method: str = "",
    agreement_no: str = "",
    performance_deadline: date | None = None,
    resolved_on: date | None = None,
) -> DisputeStep:
    """Move a dispute along its workflow; resolving schedules its follow-up visit."""
    dispute = get_live(session, Dispute, dispute_id)
    check_grid(session, dispute.grid_code)
    workflow.check_transition("dispute", dispute.status, to_status)
    step = DisputeStep(
        dispute_id=dispute.id,
        grid_code=dispute.grid_code,
        from_status=dispute.status,
        to_status=to_status,
        at=_now(),
        by_account=_actor(session).account_id,
        note=_text("note", note, limit=4000),
    )
    result = _RESULT_OF.get(workflow.DisputeStatus(to_status))
    if to_status == workflow.DisputeStatus.MEDIATING and dispute.result:
        # Mediation taken up again after it failed: the dispute is open again.
        dispute.result, dispute.resolved_on = "", None
    if result is not None:
        dispute.result = result
        dispute.resolved_on = resolved_on or date.today()
        dispute.method = _text("method", method, limit=60)
        if agreement_no or performance_deadline:
            if not agreement_no or (
                performance_deadline and performance_deadline < dispute.resolved_on
            ):
                raise FieldError("agreement_no", MSG_RESULT_FIELDS)
            dispute.agreement, dispute.agreement_no = True, agreement_no.strip()
            dispute.performance_deadline = performance_deadline
    dispute.status = to_status
    session.add(step)
    if to_status == workflow.DisputeStatus.RESOLVED:
        add_dispute_followup(
            session=session,
            dispute_id=dispute.id,
            due_on=dispute.resolved_on + timedelta(days=FOLLOWUP_AFTER_DAYS)
            if dispute.resolved_on
            else date.today(),
        )
    session.flush()
    return step


def add_dispute_followup(*, session: Session, dispute_id: str, due_on: date) -> DisputeFollowup:
    dispute = get_live(session, Dispute, dispute_id)
    check_grid(session, dispute.grid_code)
    row = DisputeFollowup(dispute_id=dispute.id, grid_code=dispute.grid_code, due_on=due_on)
    session.add(row)
    session.flush()
    return row


def record_dispute_followup(
    *,
    session: Session,
    followup_id: str,
    performed: bool = True,
    done_on: date | None = None,
    satisfaction: str = "",
    remaining_risk: str = "",
    note: str = "",
) -> DisputeFollowup:
    """Record that a follow-up visit (回访) was made."""
    row = get_live(session, DisputeFollowup, followup_id)
    check_grid(session, row.grid_code)
    done_on = done_on or date.today()
    _not_future("done_on", done_on)
    row.done_on, row.performed = done_on, performed
    row.by_account = _actor(session).account_id
    row.satisfaction = _text("satisfaction", satisfaction, limit=20)
    row.remaining_risk = _text("remaining_risk", remaining_risk, limit=1000)
    row.note = _text("note", note, limit=4000)
    session.flush()
    return row


def add_dispute_party(*, session: Session, dispute_id: str, party: PartyIn) -> DisputeParty:
    dispute = get_live(session, Dispute, dispute_id)
    check_grid(session, dispute.grid_code)
    row = _party(session, dispute, party)
    session.add(row)
    dispute.people_involved = max(dispute.people_involved, _party_count(session, dispute.id) + 1)
    session.flush()
    return row


def _party_count(session: Session, dispute_id: str) -> int:
    return int(
        session.exec(
            select(func.count()).where(
                DisputeParty.dispute_id == dispute_id,
                DisputeParty.deleted == False,  # noqa: E712
            )
        ).one()
    )


# --------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------


def report_event(*, session: Session, data: EventIn) -> Event:
    """Report an event (上报); the catalogue suggests its department and urgency."""
    grid_code = check_grid(session, data.grid_code)
    category = session.exec(
        select(EventCategory).where(
            EventCategory.code == data.category_code,
            EventCategory.deleted == False,  # noqa: E712
        )
    ).first()
    if category is None:
        raise FieldError("category_code", MSG_UNKNOWN_CODE, code=data.category_code)
    item = None
    if data.item_code:
        item = session.exec(
            select(EventItem).where(
                EventItem.code == data.item_code,
                EventItem.category_code == category.code,
                EventItem.deleted == False,  # noqa: E712
            )
        ).first()
        if item is None:
            raise FieldError("item_code", MSG_UNKNOWN_CODE, code=data.item_code)
    urgency = data.urgency or (item.urgency if item else workflow.Urgency.BLUE)
    if urgency not in workflow.URGENCY_HOURS:
        raise FieldError("urgency", MSG_UNKNOWN_CODE, code=urgency)
    reported_at = (data.reported_at or _now()).replace(microsecond=0)
    _not_future("reported_at", reported_at)
    if data.household_id:
        get_live(session, Household, data.household_id, field="household")
    department = data.department_code or (
        item.department_code if item else category.default_department
    )
    actor = _actor(session)
    event = Event(
        grid_code=grid_code,
        reported_by=actor.account_id,
        reported_at=reported_at,
        category_code=category.code,
        item_code=item.code if item else None,
        department_code=department,
        urgency=urgency,
        deadline_at=workflow.urgency_deadline(urgency, reported_at),
        place=_text("place", data.place),
        description=_text("description", data.description, limit=4000, required=True),
        household_id=data.household_id,
        photo=data.photo,
        status=workflow.EventStatus.REPORTED,
    )
    event.event_no = _case_no(grid_code, reported_at.date(), event.id)
    session.add(event)
    session.add(
        EventStep(
            event_id=event.id,
            grid_code=grid_code,
            to_status=event.status,
            at=reported_at,
            by_account=actor.account_id,
        )
    )
    session.flush()
    return event


def move_event(
    *,
    session: Session,
    event_id: str,
    to_status: str,
    note: str = "",
    department_code: str | None = None,
) -> EventStep:
    """Move an event along its workflow (dispatching may name the department)."""
    event = get_live(session, Event, event_id)
    check_grid(session, event.grid_code)
    workflow.check_transition("event", event.status, to_status)
    now = _now()
    step = EventStep(
        event_id=event.id,
        grid_code=event.grid_code,
        from_status=event.status,
        to_status=to_status,
        at=now,
        by_account=_actor(session).account_id,
        department_code=department_code,
        note=_text("note", note, limit=4000),
    )
    if department_code:
        event.department_code = department_code
    if workflow.is_terminal("event", to_status):
        event.closed_at = now
    event.status = to_status
    session.add(step)
    session.flush()
    return step


def event_action(
    *,
    session: Session,
    event_id: str,
    action: str,
    until: datetime | None = None,
    note: str = "",
) -> EventStep:
    """Extend an event's deadline (延期) or put it under supervision (督办)."""
    event = get_live(session, Event, event_id)
    check_grid(session, event.grid_code)
    workflow.check_action(action, event.status)
    if action == workflow.EventAction.EXTEND:
        base = event.extended_to or event.deadline_at
        new_deadline = until or base + timedelta(hours=workflow.URGENCY_HOURS[event.urgency])
        if new_deadline <= base:
            raise FieldError("until", MSG_BEFORE, other=base.isoformat(sep=" "))
        event.extended_to = new_deadline
    else:
        event.supervised = True
    step = EventStep(
        event_id=event.id,
        grid_code=event.grid_code,
        from_status=event.status,
        to_status=event.status,
        action=action,
        at=_now(),
        by_account=_actor(session).account_id,
        note=_text("note", note, limit=4000),
    )
    session.add(step)
    session.flush()
    return step


# --------------------------------------------------------------------------
# Privacy
# --------------------------------------------------------------------------

MSG_NO_REVEAL = QT_TRANSLATE_NOOP("core", "Your role may not see full ID and phone numbers.")
REVEALABLE = {"person": ("id_number", "phone"), "dispute_party": ("id_number", "phone")}


def reveal(*, session: Session, table: str, row_id: str, field: str) -> str:
    """The full value of a masked field, for a role allowed to see it; the
    reveal itself is audited (who saw whose number, when, on which device)."""
    from luzsong_grid.auth import REVEAL_ROLES

    actor = _actor(session)
    if actor.role not in REVEAL_ROLES and actor.role != "system":
        raise UserError(MSG_NO_REVEAL)
    if field not in REVEALABLE.get(table, ()):
        raise ValueError(f"{table}.{field} is not a revealable field")
    row: Person | DisputeParty = (
        get_live(session, Person, row_id)
        if table == "person"
        else get_live(session, DisputeParty, row_id)
    )
    check_grid(session, row.grid_code)
    session.add(
        AuditLog(
            hlc=_store(session).clock.now(),
            account_id=actor.account_id,
            device_id=actor.device_id,
            table_name=table,
            row_id=row_id,
            action="reveal",
            changes=json.dumps({"field": field}),
        )
    )
    value: str = getattr(row, field)
    return value


# --------------------------------------------------------------------------
# Today page: undoing a tally, closing a visit's follow-up
# --------------------------------------------------------------------------


def void_service_tally(*, session: Session, tally_id: str) -> ServiceTally:
    """Withdraw a service increment added in error (tombstoned: tallies are
    summed increments, so removing one removes exactly what it added)."""
    row = get_live(session, ServiceTally, tally_id)
    check_grid(session, row.grid_code)
    row.deleted = True
    session.flush()
    return row


def set_visit_followup_done(*, session: Session, visit_id: str, done: bool = True) -> Visit:
    """Mark the follow-up a visit asked for as done (or, undoing, not done)."""
    visit = get_live(session, Visit, visit_id)
    check_grid(session, visit.grid_code)
    visit.followup_done = done
    session.flush()
    return visit


# --------------------------------------------------------------------------
# Settings and catalogues (office administration: staff and admins)
# --------------------------------------------------------------------------

MSG_NOT_ADMIN = QT_TRANSLATE_NOOP(
    "core", "Only community staff and administrators may change rules and catalogues."
)
MSG_INTERVAL = QT_TRANSLATE_NOOP("core", "The interval must be a whole number from 1 to 366 days.")
MSG_AGE_MIN = QT_TRANSLATE_NOOP("core", "The minimum age must be a whole number from 0 to 150.")
MSG_RISK_ORDER = QT_TRANSLATE_NOOP(
    "core", "The lowest risk level cannot be higher than the highest."
)
MSG_NO_RISK_ATTRIBUTE = QT_TRANSLATE_NOOP(
    "core", "The tag “{tag}” has no risk level, so the rule cannot depend on one."
)
MSG_RULE_EXISTS = QT_TRANSLATE_NOOP(
    "core", "The tag “{tag}” already has a rule with the same conditions."
)
MSG_CATALOG_CODE = QT_TRANSLATE_NOOP(
    "core",
    "“{code}” is not a valid code: lower-case letters, digits and single underscores, "
    "starting with a letter.",
)
MSG_UNKNOWN_KIND = QT_TRANSLATE_NOOP("core", "“{kind}” is not an editable catalogue.")
SETTINGS_ROLES = frozenset({"staff", "admin", "system"})
INTERVAL_MAX_DAYS = 366


def _settings_actor(session: Session) -> None:
    if _actor(session).role not in SETTINGS_ROLES:
        raise UserError(MSG_NOT_ADMIN)


def _whole(field: str, value: object, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FieldError(field, message)
    return value


def _rule_fields(
    session: Session,
    tag_code: str,
    interval_days: int,
    min_risk: int | None,
    max_risk: int | None,
    age_min: int | None,
    *,
    rule_id: str | None = None,
) -> dict[str, Any]:
    tag = session.exec(select(Tag).where(Tag.code == tag_code, Tag.deleted == False)).first()  # noqa: E712
    if tag is None:
        raise FieldError("tag_code", MSG_UNKNOWN_CODE, code=tag_code)
    interval_days = _whole("interval_days", interval_days, 1, INTERVAL_MAX_DAYS, MSG_INTERVAL)
    for field, level in (("min_risk", min_risk), ("max_risk", max_risk)):
        if level is not None:
            _whole(field, level, 0, 5, MSG_RISK_LEVEL)
            codes = {a.get("code") for a in json.loads(tag.attributes or "[]")}
            if "risk_level" not in codes:
                raise FieldError(field, MSG_NO_RISK_ATTRIBUTE, tag=tag.name)
    if min_risk is not None and max_risk is not None and min_risk > max_risk:
        raise FieldError("min_risk", MSG_RISK_ORDER)
    if age_min is not None:
        _whole("age_min", age_min, 0, 150, MSG_AGE_MIN)
    for other in session.exec(
        select(VisitRule).where(VisitRule.tag_code == tag_code, VisitRule.deleted == False)  # noqa: E712
    ).all():
        if other.id != rule_id and (other.min_risk, other.max_risk, other.age_min) == (
            min_risk,
            max_risk,
            age_min,
        ):
            raise FieldError("tag_code", MSG_RULE_EXISTS, tag=tag.name)
    return {
        "tag_code": tag_code,
        "interval_days": interval_days,
        "min_risk": min_risk,
        "max_risk": max_risk,
        "age_min": age_min,
    }


def add_visit_rule(
    *,
    session: Session,
    tag_code: str,
    interval_days: int,
    min_risk: int | None = None,
    max_risk: int | None = None,
    age_min: int | None = None,
    note: str = "",
    note_en: str = "",
) -> VisitRule:
    """A new visit-frequency rule for a tag (staff and admins only)."""
    _settings_actor(session)
    fields = _rule_fields(
        session, (tag_code or "").strip(), interval_days, min_risk, max_risk, age_min
    )
    rule = VisitRule(
        **fields,
        note=_text("note", note, limit=200),
        note_en=_text("note_en", note_en, limit=200),
    )
    session.add(rule)
    session.flush()
    return rule


def update_visit_rule(
    *,
    session: Session,
    rule_id: str,
    interval_days: int,
    min_risk: int | None = None,
    max_risk: int | None = None,
    age_min: int | None = None,
    note: str | None = None,
    note_en: str | None = None,
) -> VisitRule:
    """Change a rule's interval and conditions (its tag stays; staff and admins only)."""
    _settings_actor(session)
    rule = get_live(session, VisitRule, rule_id)
    fields = _rule_fields(
        session, rule.tag_code, interval_days, min_risk, max_risk, age_min, rule_id=rule.id
    )
    if note is not None:
        fields["note"] = _text("note", note, limit=200)
    if note_en is not None:
        fields["note_en"] = _text("note_en", note_en, limit=200)
    _apply(rule, fields)
    session.flush()
    return rule


def remove_visit_rule(*, session: Session, rule_id: str) -> None:
    _settings_actor(session)
    rule = get_live(session, VisitRule, rule_id)
    rule.deleted = True
    session.flush()


def set_default_household_interval(*, session: Session, days: int) -> None:
    """The visit interval of households without a tag rule."""
    _settings_actor(session)
    days = _whole("interval_days", days, 1, INTERVAL_MAX_DAYS, MSG_INTERVAL)
    item = session.exec(
        select(CatalogItem).where(
            CatalogItem.kind == "setting",
            CatalogItem.code == "default_household_interval_days",
            CatalogItem.deleted == False,  # noqa: E712
        )
    ).first()
    if item is None:
        item = CatalogItem(
            kind="setting",
            code="default_household_interval_days",
            name="普通户走访间隔（天）",
            name_en="Visit interval for ordinary households (days)",
        )
        session.add(item)
    extra = json.loads(item.extra or "{}")
    if extra.get("value") != days:
        extra["value"] = days
        item.extra = json.dumps(extra, ensure_ascii=False)
    session.flush()


def set_catalog_item(
    *,
    session: Session,
    kind: str,
    code: str,
    name: str,
    name_en: str,
    active: bool = True,
) -> CatalogItem:
    """Rename, switch off or add an entry of a flat catalogue (dispute types,
    service types, ...). Codes never change: data rows refer to them; an
    entry no longer used is made inactive, never deleted."""
    from luzsong_grid.catalog import is_valid_code

    _settings_actor(session)
    if kind not in EDITABLE_CATALOGS:
        raise FieldError("kind", MSG_UNKNOWN_KIND, kind=kind)
    code = (code or "").strip()
    fields: dict[str, Any] = {
        "name": _text("name", name, limit=60, required=True),
        "name_en": _text("name_en", name_en, limit=80),
        "active": bool(active),
    }
    item = session.exec(
        select(CatalogItem).where(CatalogItem.kind == kind, CatalogItem.code == code)
    ).first()
    if item is None:
        if not is_valid_code(code):
            raise FieldError("code", MSG_CATALOG_CODE, code=code)
        last = session.exec(
            select(func.max(CatalogItem.sort)).where(CatalogItem.kind == kind)
        ).first()
        item = CatalogItem(kind=kind, code=code, sort=(last or 0) + 1, **fields)
        session.add(item)
    else:
        if item.deleted:
            fields["deleted"] = False
        _apply(item, fields)
    session.flush()
    return item
