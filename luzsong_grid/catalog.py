"""Reference catalogues (tags, visit rules, disputes, services, events, ...).

The catalogues ship as TOML files in ``resources/catalogs/`` so that an office
can read and edit them; this module parses and checks them. It is pure (no Qt,
no database): the store seeds its tables from :class:`Catalogs`.

Every entry has a ``code`` (stable lower-case ASCII ``snake_case``; data rows
refer to it, so it never changes), a Chinese ``name``, an English ``name_en``
and an optional integer ``sort`` (default: the entry's position in its file).
Each tuple in :class:`Catalogs` is ordered by ``sort``, then file position.

Any problem in a file raises :class:`~luzsong_grid.i18n.UserError` naming the
file and the entry, so an office that edited a file can find its mistake.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar, cast

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError, current_language
from luzsong_grid.paths import resources_dir

# The flat catalogues staff may edit in Settings (names, order, in use).
EDITABLE_CATALOGS = (
    "dispute_type",
    "dispute_source",
    "dispute_result",
    "dispute_method",
    "party_role",
    "service_type",
    "visit_kind",
    "visit_finding",
    "relation",
)

__all__ = [
    "APPLIES_TO",
    "ATTRIBUTE_TYPES",
    "CODE_MAX_LENGTH",
    "FILES",
    "AppliesTo",
    "AttributeType",
    "CatalogItem",
    "Catalogs",
    "Department",
    "EventCategory",
    "EventItem",
    "Labelled",
    "ServiceType",
    "Tag",
    "TagAttribute",
    "TagGroup",
    "Urgency",
    "VisitRule",
    "clear_cache",
    "default_directory",
    "is_valid_code",
    "load_catalogs",
]

AppliesTo = Literal["person", "household", "both"]
AttributeType = Literal["text", "int", "phone", "date", "photo"]
APPLIES_TO: tuple[AppliesTo, ...] = ("person", "household", "both")
ATTRIBUTE_TYPES: tuple[AttributeType, ...] = ("text", "int", "phone", "date", "photo")
CODE_MAX_LENGTH = 40
_CODE_RE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")
_INT_LIMIT = 1_000_000

FILES = (
    "tags.toml",
    "visit_rules.toml",
    "disputes.toml",
    "services.toml",
    "events.toml",
    "visits.toml",
    "relations.toml",
)

# --------------------------------------------------------------------------
# Messages (English source; Chinese in translations/core_messages.tsv)
# --------------------------------------------------------------------------

MSG_MISSING = QT_TRANSLATE_NOOP("core", "Catalogue file {file} is missing.")
MSG_UNREADABLE = QT_TRANSLATE_NOOP("core", "Catalogue file {file} cannot be read: {error}")
MSG_BAD_TOML = QT_TRANSLATE_NOOP("core", "Catalogue file {file} is not valid TOML: {error}")
MSG_UNKNOWN_TOP = QT_TRANSLATE_NOOP(
    "core", 'Catalogue file {file}: unknown section or key "{key}".'
)
MSG_NOT_TABLES = QT_TRANSLATE_NOOP(
    "core", 'Catalogue file {file}: "{table}" must be a list of [[{table}]] entries.'
)
MSG_EMPTY = QT_TRANSLATE_NOOP("core", "Catalogue file {file}: there are no [[{table}]] entries.")
MSG_UNKNOWN_FIELD = QT_TRANSLATE_NOOP(
    "core", 'Catalogue file {file}: {where}: unknown field "{field}".'
)
MSG_FIELD_TEXT = QT_TRANSLATE_NOOP(
    "core", 'Catalogue file {file}: {where}: field "{field}" must be non-empty text.'
)
MSG_FIELD_INT = QT_TRANSLATE_NOOP(
    "core",
    'Catalogue file {file}: {where}: field "{field}" must be a whole number from {min} to {max}.',
)
MSG_FIELD_BOOL = QT_TRANSLATE_NOOP(
    "core", 'Catalogue file {file}: {where}: field "{field}" must be true or false.'
)
MSG_FIELD_CHOICE = QT_TRANSLATE_NOOP(
    "core", 'Catalogue file {file}: {where}: field "{field}" must be one of {choices}.'
)
MSG_BAD_CODE = QT_TRANSLATE_NOOP(
    "core",
    'Catalogue file {file}: {where}: code "{code}" must be lower-case ASCII letters, digits '
    "and single underscores, start with a letter and be at most {max} characters long.",
)
MSG_DUPLICATE = QT_TRANSLATE_NOOP(
    "core", 'Catalogue file {file}: code "{code}" is used more than once in [[{table}]].'
)
MSG_UNKNOWN_REF = QT_TRANSLATE_NOOP(
    "core", 'Catalogue file {file}: {where}: field "{field}" refers to unknown code "{ref}".'
)
MSG_RULE_UNKNOWN_TAG = QT_TRANSLATE_NOOP(
    "core", 'Catalogue file {file}: {where}: visit rule for unknown tag "{tag}".'
)
MSG_RULE_NO_RISK = QT_TRANSLATE_NOOP(
    "core",
    'Catalogue file {file}: {where}: tag "{tag}" has no "risk_level" attribute, '
    "so min_risk and max_risk cannot be used.",
)
MSG_RULE_DUPLICATE = QT_TRANSLATE_NOOP(
    "core",
    'Catalogue file {file}: {where}: another visit rule for tag "{tag}" has the same conditions.',
)
MSG_LOW_HIGH = QT_TRANSLATE_NOOP(
    "core", 'Catalogue file {file}: {where}: "{low}" is greater than "{high}".'
)
MSG_MIN_MAX_NOT_INT = QT_TRANSLATE_NOOP(
    "core",
    'Catalogue file {file}: {where}: min and max are only allowed for attributes of type "int".',
)
MSG_DUPLICATE_KEY = QT_TRANSLATE_NOOP(
    "core",
    'Catalogue file {file}: keyboard key "{key}" is given to more than one service type.',
)


# --------------------------------------------------------------------------
# The data
# --------------------------------------------------------------------------


class Labelled(Protocol):
    """Anything with a Chinese ``name`` and an English ``name_en``."""

    @property
    def name(self) -> str: ...

    @property
    def name_en(self) -> str: ...


@dataclass(frozen=True)
class CatalogItem:
    """A plain entry of a flat catalogue (dispute types, visit kinds, ...)."""

    code: str
    name: str
    name_en: str
    sort: int


@dataclass(frozen=True)
class TagGroup:
    code: str
    name: str
    name_en: str
    sort: int
    sensitive: bool


@dataclass(frozen=True)
class TagAttribute:
    """An extra field a tag carries (e.g. 易走失人员's guardian phone)."""

    code: str
    name: str
    name_en: str
    sort: int
    type: AttributeType
    min: int | None = None  # only for type "int"
    max: int | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (what ``tag.attributes`` stores in the database)."""
        out: dict[str, object] = {
            "code": self.code,
            "name": self.name,
            "name_en": self.name_en,
            "type": self.type,
        }
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        return out


@dataclass(frozen=True)
class Tag:
    code: str
    name: str
    name_en: str
    sort: int
    group: str  # TagGroup.code
    applies_to: AppliesTo
    sensitive: bool  # the group's unless the file says otherwise
    attributes: tuple[TagAttribute, ...] = ()

    def attribute(self, code: str) -> TagAttribute | None:
        return next((a for a in self.attributes if a.code == code), None)


@dataclass(frozen=True)
class VisitRule:
    """``tag`` must be visited every ``interval_days`` when the conditions hold.

    ``min_risk``/``max_risk`` test the tag's ``risk_level`` attribute;
    ``age_min`` tests the person's age in whole years.
    """

    tag: str  # Tag.code
    interval_days: int
    min_risk: int | None = None
    max_risk: int | None = None
    age_min: int | None = None
    note: str = ""
    note_en: str = ""

    def matches(self, risk_level: int | None = None, age: int | None = None) -> bool:
        """Whether the conditions hold (see domain.visits.conditions_met)."""
        from luzsong_grid.domain.visits import conditions_met

        return conditions_met(
            min_risk=self.min_risk,
            max_risk=self.max_risk,
            age_min=self.age_min,
            risk_level=risk_level,
            age=age,
        )


@dataclass(frozen=True)
class ServiceType:
    code: str
    name: str
    name_en: str
    sort: int
    key: str = ""  # suggested one-keystroke tally key ("1".."9", "0")


@dataclass(frozen=True)
class Department:
    code: str
    name: str  # short name as people say it, e.g. 区城管局
    name_en: str
    sort: int
    full_name: str = ""  # official name, e.g. 株洲市芦淞区城市管理和综合执法局
    phone: str = ""


@dataclass(frozen=True)
class EventCategory:
    code: str
    name: str
    name_en: str
    sort: int
    default_department: str  # Department.code


@dataclass(frozen=True)
class Urgency:
    code: str  # red | yellow | blue
    name: str
    name_en: str
    sort: int
    hours: int  # time allowed to handle the event
    color: str = ""  # "#rrggbb" for the UI


@dataclass(frozen=True)
class EventItem:
    code: str
    name: str
    name_en: str
    sort: int
    category: str  # EventCategory.code
    department: str  # Department.code
    urgency: str  # Urgency.code


_T = TypeVar("_T")


def _index(items: Iterable[_T], key: Callable[[_T], str]) -> dict[str, _T]:
    return {key(item): item for item in items}


@dataclass(frozen=True)
class Catalogs:
    """All catalogues, as loaded from one directory."""

    directory: Path
    # tags.toml
    tag_groups: tuple[TagGroup, ...]
    tags: tuple[Tag, ...]
    # visit_rules.toml
    default_household_interval_days: int
    visit_rules: tuple[VisitRule, ...]
    # disputes.toml
    dispute_types: tuple[CatalogItem, ...]
    dispute_sources: tuple[CatalogItem, ...]
    dispute_results: tuple[CatalogItem, ...]
    dispute_methods: tuple[CatalogItem, ...]
    party_roles: tuple[CatalogItem, ...]
    # services.toml
    service_types: tuple[ServiceType, ...]
    # events.toml
    departments: tuple[Department, ...]
    event_categories: tuple[EventCategory, ...]
    urgencies: tuple[Urgency, ...]
    event_items: tuple[EventItem, ...]
    # visits.toml
    visit_kinds: tuple[CatalogItem, ...]
    visit_findings: tuple[CatalogItem, ...]
    # relations.toml
    relations: tuple[CatalogItem, ...]

    @staticmethod
    def label(item: Labelled, lang: str | None = None) -> str:
        """``item``'s name in ``lang`` ("zh_CN" or "en"; default: current language)."""
        lang = lang or current_language()
        if lang == "en" and item.name_en:
            return item.name_en
        return item.name

    # Lookups (KeyError for an unknown code) --------------------------------

    @functools.cached_property
    def _tags(self) -> dict[str, Tag]:
        return _index(self.tags, lambda t: t.code)

    def tag(self, code: str) -> Tag:
        return self._tags[code]

    def tag_group(self, code: str) -> TagGroup:
        return _index(self.tag_groups, lambda g: g.code)[code]

    @functools.cached_property
    def _departments(self) -> dict[str, Department]:
        return _index(self.departments, lambda d: d.code)

    def department(self, code: str) -> Department:
        return self._departments[code]

    def event_category(self, code: str) -> EventCategory:
        return _index(self.event_categories, lambda c: c.code)[code]

    @functools.cached_property
    def _event_items(self) -> dict[str, EventItem]:
        return _index(self.event_items, lambda i: i.code)

    def event_item(self, code: str) -> EventItem:
        return self._event_items[code]

    def urgency(self, code: str) -> Urgency:
        return _index(self.urgencies, lambda u: u.code)[code]

    def service_type(self, code: str) -> ServiceType:
        return _index(self.service_types, lambda s: s.code)[code]

    def event_items_in(self, category: str) -> tuple[EventItem, ...]:
        return tuple(i for i in self.event_items if i.category == category)

    @functools.cached_property
    def sensitive_tag_codes(self) -> frozenset[str]:
        """Tags only roles that need them may see (PIPL art. 28)."""
        return frozenset(t.code for t in self.tags if t.sensitive)

    def rules_for(self, tag: str) -> tuple[VisitRule, ...]:
        return tuple(r for r in self.visit_rules if r.tag == tag)

    def visit_interval_days(
        self, tag: str, *, risk_level: int | None = None, age: int | None = None
    ) -> int | None:
        """The shortest interval among ``tag``'s matching rules, or None if none match.

        A household without any rule falls back to
        :attr:`default_household_interval_days`; that is the caller's choice.
        """
        days = [r.interval_days for r in self.rules_for(tag) if r.matches(risk_level, age)]
        return min(days) if days else None


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------


def is_valid_code(code: str) -> bool:
    return len(code) <= CODE_MAX_LENGTH and _CODE_RE.match(code) is not None


class _Entry:
    """One ``[[table]]`` entry being read, for fields with good error messages."""

    def __init__(self, file: _File, table: str, index: int, data: Mapping[str, Any]) -> None:
        self.file = file
        self.table = table
        self.index = index  # 1-based position in its list
        self.data = data
        code = data.get("code")
        shown = f" ({code})" if isinstance(code, str) and code else ""
        self.where = f"[[{table}]] #{index}{shown}"

    def fail(self, message: str, **params: object) -> UserError:
        return UserError(message, file=self.file.name, where=self.where, **params)

    def check_fields(self, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        for key in self.data:
            if key not in allowed_set:
                raise self.fail(MSG_UNKNOWN_FIELD, field=key)

    def text(self, field: str) -> str:
        value = self.data.get(field)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(MSG_FIELD_TEXT, field=field)
        return value.strip()

    def optional_text(self, field: str) -> str:
        if field not in self.data:
            return ""
        value = self.data[field]
        if not isinstance(value, str):
            raise self.fail(MSG_FIELD_TEXT, field=field)
        return value.strip()

    def integer(self, field: str, low: int = -_INT_LIMIT, high: int = _INT_LIMIT) -> int:
        value = self.data.get(field)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(MSG_FIELD_INT, field=field, min=low, max=high)
        return value

    def optional_integer(
        self, field: str, low: int = -_INT_LIMIT, high: int = _INT_LIMIT
    ) -> int | None:
        return self.integer(field, low, high) if field in self.data else None

    def boolean(self, field: str, default: bool) -> bool:
        if field not in self.data:
            return default
        value = self.data[field]
        if not isinstance(value, bool):
            raise self.fail(MSG_FIELD_BOOL, field=field)
        return value

    def choice(self, field: str, choices: Iterable[str], default: str | None = None) -> str:
        options = tuple(choices)
        if default is not None and field not in self.data:
            return default
        value = self.data.get(field)
        if value not in options:
            raise self.fail(MSG_FIELD_CHOICE, field=field, choices=", ".join(options))
        return cast(str, value)

    def code(self, field: str = "code") -> str:
        value = self.text(field)
        if not is_valid_code(value):
            raise self.fail(MSG_BAD_CODE, code=value, max=CODE_MAX_LENGTH)
        return value

    def ref(self, field: str, known: Iterable[str]) -> str:
        value = self.text(field)
        if value not in set(known):
            raise self.fail(MSG_UNKNOWN_REF, field=field, ref=value)
        return value

    def base(self) -> tuple[str, str, str, int]:
        """code, name, name_en, sort (default: position in the file)."""
        sort = self.optional_integer("sort")
        return (
            self.code(),
            self.text("name"),
            self.text("name_en"),
            self.index if sort is None else sort,
        )


_BASE_FIELDS = ("code", "name", "name_en", "sort")


class _File:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.data = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raise UserError(MSG_MISSING, file=self.name) from None
        except OSError as exc:
            raise UserError(MSG_UNREADABLE, file=self.name, error=str(exc)) from exc
        try:
            return tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UserError(MSG_BAD_TOML, file=self.name, error=str(exc)) from exc

    def check_top_level(self, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        for key in self.data:
            if key not in allowed_set:
                raise UserError(MSG_UNKNOWN_TOP, file=self.name, key=key)

    def entries(
        self, table: str, data: Mapping[str, Any] | None = None, *, required: bool = True
    ) -> list[_Entry]:
        source = self.data if data is None else data
        raw = source.get(table)
        if raw is None:
            raw = []
        if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
            raise UserError(MSG_NOT_TABLES, file=self.name, table=table)
        if required and not raw:
            raise UserError(MSG_EMPTY, file=self.name, table=table)
        return [_Entry(self, table, i, e) for i, e in enumerate(raw, start=1)]

    def unique(self, table: str, items: Iterable[_T], key: Callable[[_T], str]) -> tuple[_T, ...]:
        """``items`` ordered by sort (stable), after checking their codes are unique."""
        seen: set[str] = set()
        result = list(items)
        for item in result:
            code = key(item)
            if code in seen:
                raise UserError(MSG_DUPLICATE, file=self.name, code=code, table=table)
            seen.add(code)
        result.sort(key=lambda item: cast(int, getattr(item, "sort", 0)))
        return tuple(result)


def _plain(file: _File, table: str) -> tuple[CatalogItem, ...]:
    items: list[CatalogItem] = []
    for entry in file.entries(table):
        entry.check_fields(_BASE_FIELDS)
        items.append(CatalogItem(*entry.base()))
    return file.unique(table, items, lambda i: i.code)


def _attribute(entry: _Entry) -> TagAttribute:
    entry.check_fields((*_BASE_FIELDS, "type", "min", "max"))
    kind = cast(AttributeType, entry.choice("type", ATTRIBUTE_TYPES))
    low = entry.optional_integer("min")
    high = entry.optional_integer("max")
    if kind != "int" and (low is not None or high is not None):
        raise entry.fail(MSG_MIN_MAX_NOT_INT)
    if low is not None and high is not None and low > high:
        raise entry.fail(MSG_LOW_HIGH, low="min", high="max")
    return TagAttribute(*entry.base(), type=kind, min=low, max=high)


def _tag_attributes(file: _File, entry: _Entry, tag: str) -> tuple[TagAttribute, ...]:
    raw = {"tag.attributes": entry.data.get("attributes", [])}
    attrs: list[TagAttribute] = []
    for attr_entry in file.entries("tag.attributes", raw, required=False):
        attr_entry.where += f" of tag {tag}"
        attrs.append(_attribute(attr_entry))
    return file.unique("tag.attributes", attrs, lambda a: f"{tag}.{a.code}")


def _load_tags(file: _File) -> tuple[tuple[TagGroup, ...], tuple[Tag, ...]]:
    file.check_top_level(("group", "tag"))
    groups: list[TagGroup] = []
    for entry in file.entries("group"):
        entry.check_fields((*_BASE_FIELDS, "sensitive"))
        groups.append(TagGroup(*entry.base(), sensitive=entry.boolean("sensitive", False)))
    group_map = _index(file.unique("group", groups, lambda g: g.code), lambda g: g.code)

    tags: list[Tag] = []
    for entry in file.entries("tag"):
        entry.check_fields((*_BASE_FIELDS, "group", "applies_to", "sensitive", "attributes"))
        base = entry.base()
        group = entry.ref("group", group_map)
        applies_to = cast(AppliesTo, entry.choice("applies_to", APPLIES_TO))
        sensitive = entry.boolean("sensitive", group_map[group].sensitive)
        attributes = _tag_attributes(file, entry, base[0])
        tags.append(Tag(*base, group, applies_to, sensitive, attributes))
    return tuple(group_map.values()), file.unique("tag", tags, lambda t: t.code)


def _load_visit_rules(file: _File, tags: Mapping[str, Tag]) -> tuple[int, tuple[VisitRule, ...]]:
    file.check_top_level(("default_household_interval_days", "rule"))
    top = _Entry(file, "top level", 0, file.data)
    top.where = "top level"
    default_days = top.integer("default_household_interval_days", 1, 3660)

    rules: list[VisitRule] = []
    seen: set[tuple[str, int | None, int | None, int | None]] = set()
    for entry in file.entries("rule"):
        entry.check_fields(
            ("tag", "interval_days", "min_risk", "max_risk", "age_min", "note", "note_en")
        )
        tag_code = entry.text("tag")
        entry.where = f"[[rule]] #{entry.index} ({tag_code})"
        tag = tags.get(tag_code)
        if tag is None:
            raise entry.fail(MSG_RULE_UNKNOWN_TAG, tag=tag_code)
        interval = entry.integer("interval_days", 1, 3660)
        min_risk = entry.optional_integer("min_risk")
        max_risk = entry.optional_integer("max_risk")
        if min_risk is not None or max_risk is not None:
            risk = tag.attribute("risk_level")
            if risk is None or risk.type != "int":
                raise entry.fail(MSG_RULE_NO_RISK, tag=tag_code)
            low = -_INT_LIMIT if risk.min is None else risk.min
            high = _INT_LIMIT if risk.max is None else risk.max
            min_risk = entry.optional_integer("min_risk", low, high)
            max_risk = entry.optional_integer("max_risk", low, high)
            if min_risk is not None and max_risk is not None and min_risk > max_risk:
                raise entry.fail(MSG_LOW_HIGH, low="min_risk", high="max_risk")
        age_min = entry.optional_integer("age_min", 0, 150)
        key = (tag_code, min_risk, max_risk, age_min)
        if key in seen:
            raise entry.fail(MSG_RULE_DUPLICATE, tag=tag_code)
        seen.add(key)
        rules.append(
            VisitRule(
                tag=tag_code,
                interval_days=interval,
                min_risk=min_risk,
                max_risk=max_risk,
                age_min=age_min,
                note=entry.optional_text("note"),
                note_en=entry.optional_text("note_en"),
            )
        )
    return default_days, tuple(rules)


def _load_services(file: _File) -> tuple[ServiceType, ...]:
    file.check_top_level(("type",))
    items: list[ServiceType] = []
    keys: set[str] = set()
    for entry in file.entries("type"):
        entry.check_fields((*_BASE_FIELDS, "key"))
        base = entry.base()
        key = entry.optional_text("key")
        if key:
            if len(key) != 1 or not key.isascii() or not key.isalnum():
                raise entry.fail(MSG_FIELD_CHOICE, field="key", choices="0-9, a-z")
            key = key.lower()
            if key in keys:
                raise UserError(MSG_DUPLICATE_KEY, file=file.name, key=key)
            keys.add(key)
        items.append(ServiceType(*base, key=key))
    return file.unique("type", items, lambda s: s.code)


def _load_events(
    file: _File,
) -> tuple[
    tuple[Department, ...], tuple[EventCategory, ...], tuple[Urgency, ...], tuple[EventItem, ...]
]:
    file.check_top_level(("department", "category", "urgency", "item"))
    departments: list[Department] = []
    for entry in file.entries("department"):
        entry.check_fields((*_BASE_FIELDS, "full_name", "phone"))
        departments.append(
            Department(
                *entry.base(),
                full_name=entry.optional_text("full_name"),
                phone=entry.optional_text("phone"),
            )
        )
    dept = file.unique("department", departments, lambda d: d.code)
    dept_codes = {d.code for d in dept}

    categories: list[EventCategory] = []
    for entry in file.entries("category"):
        entry.check_fields((*_BASE_FIELDS, "default_department"))
        categories.append(EventCategory(*entry.base(), entry.ref("default_department", dept_codes)))
    cats = file.unique("category", categories, lambda c: c.code)
    cat_codes = {c.code for c in cats}

    urgencies: list[Urgency] = []
    for entry in file.entries("urgency"):
        entry.check_fields((*_BASE_FIELDS, "hours", "color"))
        color = entry.optional_text("color")
        if color and not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            raise entry.fail(MSG_FIELD_CHOICE, field="color", choices="#rrggbb")
        urgencies.append(Urgency(*entry.base(), entry.integer("hours", 1, 24 * 366), color))
    urg = file.unique("urgency", urgencies, lambda u: u.code)
    urg_codes = {u.code for u in urg}

    items: list[EventItem] = []
    for entry in file.entries("item"):
        entry.check_fields((*_BASE_FIELDS, "category", "department", "urgency"))
        base = entry.base()
        category = entry.ref("category", cat_codes)
        department = entry.ref("department", dept_codes) if "department" in entry.data else ""
        if not department:
            department = next(c.default_department for c in cats if c.code == category)
        urgency = entry.ref("urgency", urg_codes)
        items.append(EventItem(*base, category, department, urgency))
    return dept, cats, urg, file.unique("item", items, lambda i: i.code)


def _load(directory: Path) -> Catalogs:
    def open_file(name: str) -> _File:
        return _File(directory / name)

    tags_file = open_file("tags.toml")
    tag_groups, tags = _load_tags(tags_file)
    rules_file = open_file("visit_rules.toml")
    default_days, rules = _load_visit_rules(rules_file, _index(tags, lambda t: t.code))

    disputes = open_file("disputes.toml")
    disputes.check_top_level(("type", "source", "result", "method", "party_role"))
    services = _load_services(open_file("services.toml"))
    departments, categories, urgencies, items = _load_events(open_file("events.toml"))
    visits = open_file("visits.toml")
    visits.check_top_level(("kind", "finding"))
    relations = open_file("relations.toml")
    relations.check_top_level(("relation",))

    return Catalogs(
        directory=directory,
        tag_groups=tag_groups,
        tags=tags,
        default_household_interval_days=default_days,
        visit_rules=rules,
        dispute_types=_plain(disputes, "type"),
        dispute_sources=_plain(disputes, "source"),
        dispute_results=_plain(disputes, "result"),
        dispute_methods=_plain(disputes, "method"),
        party_roles=_plain(disputes, "party_role"),
        service_types=services,
        departments=departments,
        event_categories=categories,
        urgencies=urgencies,
        event_items=items,
        visit_kinds=_plain(visits, "kind"),
        visit_findings=_plain(visits, "finding"),
        relations=_plain(relations, "relation"),
    )


def default_directory() -> Path:
    return resources_dir() / "catalogs"


@functools.lru_cache(maxsize=16)
def _load_cached(directory: Path) -> Catalogs:
    return _load(directory)


def load_catalogs(directory: Path | None = None) -> Catalogs:
    """Parse and check the catalogues in ``directory`` (default: the shipped ones).

    Results are cached per directory; call :func:`clear_cache` after editing
    the files. Raises :class:`UserError` naming the file for any problem.
    """
    path = (directory if directory is not None else default_directory()).resolve()
    return _load_cached(path)


def clear_cache() -> None:
    _load_cached.cache_clear()
