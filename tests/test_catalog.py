"""The shipped catalogues parse and hang together; broken files fail clearly."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pytest

from luzsong_grid.catalog import (
    FILES,
    CatalogItem,
    Catalogs,
    clear_cache,
    default_directory,
    load_catalogs,
)
from luzsong_grid.i18n import UserError

SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")


class _Coded(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def name_en(self) -> str: ...


@pytest.fixture(scope="module")
def cats() -> Catalogs:
    return load_catalogs()


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    target = tmp_path / "catalogs"
    shutil.copytree(default_directory(), target)
    return target


def _all_named(c: Catalogs) -> dict[str, Sequence[_Coded]]:
    return {
        "tag_groups": c.tag_groups,
        "tags": c.tags,
        "dispute_types": c.dispute_types,
        "dispute_sources": c.dispute_sources,
        "dispute_results": c.dispute_results,
        "dispute_methods": c.dispute_methods,
        "party_roles": c.party_roles,
        "service_types": c.service_types,
        "departments": c.departments,
        "event_categories": c.event_categories,
        "urgencies": c.urgencies,
        "event_items": c.event_items,
        "visit_kinds": c.visit_kinds,
        "visit_findings": c.visit_findings,
        "relations": c.relations,
    }


def test_every_shipped_file_exists() -> None:
    for name in FILES:
        assert (default_directory() / name).is_file(), name


def test_counts(cats: Catalogs) -> None:
    assert len(cats.departments) == 17
    assert len(cats.event_items) == 150
    assert len(cats.dispute_types) == 15
    assert len(cats.event_categories) == 8
    assert len(cats.dispute_sources) == 3
    assert {r.code for r in cats.dispute_results} == {"success", "failed", "referred"}
    assert len(cats.service_types) == 10
    assert {u.code: u.hours for u in cats.urgencies} == {"red": 2, "yellow": 24, "blue": 72}
    assert {k.code for k in cats.visit_kinds} == {"routine", "key_check", "followup", "emergency"}
    assert len(cats.visit_findings) == 7
    assert len(cats.relations) == 12
    assert cats.default_household_interval_days == 90


def test_references_resolve(cats: Catalogs) -> None:
    departments = {d.code for d in cats.departments}
    categories = {c.code for c in cats.event_categories}
    urgencies = {u.code for u in cats.urgencies}
    for item in cats.event_items:
        assert item.department in departments, item.code
        assert item.category in categories, item.code
        assert item.urgency in urgencies, item.code
    for category in cats.event_categories:
        assert category.default_department in departments
        assert cats.event_items_in(category.code), f"category {category.code} has no items"
    tags = {t.code for t in cats.tags}
    for rule in cats.visit_rules:
        assert rule.tag in tags
    groups = {g.code for g in cats.tag_groups}
    for tag in cats.tags:
        assert tag.group in groups


def test_sensitive_tags_are_key_person_and_health(cats: Catalogs) -> None:
    assert {g.code for g in cats.tag_groups if g.sensitive} == {"key_person", "health"}
    expected = {t.code for t in cats.tags if t.group in ("key_person", "health")}
    assert cats.sensitive_tag_codes == expected
    assert "severe_mental_disorder" in expected
    assert cats.tag("severe_mental_disorder").group == "health"
    assert "five_guarantee" not in expected


def test_codes_unique_snake_case_and_named(cats: Catalogs) -> None:
    for kind, items in _all_named(cats).items():
        codes = [i.code for i in items]
        assert len(codes) == len(set(codes)), kind
        for item in items:
            assert item.code.isascii(), (kind, item.code)
            assert SNAKE.match(item.code), (kind, item.code)
            assert item.name.strip(), (kind, item.code)
            assert item.name_en.strip(), (kind, item.code)
    for tag in cats.tags:
        for attr in tag.attributes:
            assert SNAKE.match(attr.code)
            assert attr.name
            assert attr.name_en


def test_tag_details(cats: Catalogs) -> None:
    wander = cats.tag("prone_to_wander")
    assert [a.code for a in wander.attributes] == [
        "diagnosis",
        "guardian",
        "guardian_phone",
        "wristband_no",
        "photo",
    ]
    assert wander.attribute("guardian_phone") is not None
    risk = cats.tag("severe_mental_disorder").attribute("risk_level")
    assert risk is not None
    assert (risk.type, risk.min, risk.max) == ("int", 0, 5)
    assert risk.to_dict()["max"] == 5
    assert cats.tag("five_guarantee").name == "五保户/特困供养"
    assert {t.applies_to for t in cats.tags} <= {"person", "household", "both"}


def test_visit_intervals(cats: Catalogs) -> None:
    assert cats.visit_interval_days("living_alone_elderly", age=85) == 7
    assert cats.visit_interval_days("living_alone_elderly", age=70) == 30
    assert cats.visit_interval_days("severe_mental_disorder", risk_level=4) == 7
    assert cats.visit_interval_days("severe_mental_disorder", risk_level=1) == 30
    # Unknown data errs towards visiting more often.
    assert cats.visit_interval_days("severe_mental_disorder") == 7
    assert cats.visit_interval_days("party_member_household") is None


def test_service_keys_unique(cats: Catalogs) -> None:
    keys = [s.key for s in cats.service_types if s.key]
    assert sorted(keys) == sorted("1234567890")


def test_label(cats: Catalogs) -> None:
    item = cats.dispute_types[0]
    assert Catalogs.label(item, "zh_CN") == "婚姻家庭"
    assert cats.label(item, "en") == "Marriage and family"
    assert Catalogs.label(CatalogItem("x", "中文", "", 0), "en") == "中文"


def test_cached_per_directory(cats: Catalogs, copy_dir: Path) -> None:
    assert load_catalogs() is cats
    other = load_catalogs(copy_dir)
    assert other is not cats
    assert other.event_items == cats.event_items
    assert load_catalogs(copy_dir) is other
    clear_cache()
    assert load_catalogs(copy_dir) is not other


# -------------------------------------------------------------------- broken files


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n" + text + "\n")


def _error(directory: Path) -> UserError:
    clear_cache()
    with pytest.raises(UserError) as info:
        load_catalogs(directory)
    return info.value


def test_duplicate_code(copy_dir: Path) -> None:
    _append(
        copy_dir / "disputes.toml",
        '[[type]]\ncode = "neighbour"\nname = "邻里2"\nname_en = "Neighbours 2"',
    )
    err = _error(copy_dir)
    assert "disputes.toml" in str(err)
    assert '"neighbour"' in str(err)
    assert "disputes.toml" in err.localized("en")


def test_unknown_department(copy_dir: Path) -> None:
    _append(
        copy_dir / "events.toml",
        '[[item]]\ncode = "x_item"\nname = "某事"\nname_en = "Something"\n'
        'category = "other"\ndepartment = "no_such_dept"\nurgency = "blue"',
    )
    err = _error(copy_dir)
    assert "events.toml" in str(err)
    assert "no_such_dept" in str(err)


def test_unknown_category(copy_dir: Path) -> None:
    _append(
        copy_dir / "events.toml",
        '[[item]]\ncode = "x_item"\nname = "某事"\nname_en = "Something"\n'
        'category = "nope"\ndepartment = "justice"\nurgency = "blue"',
    )
    err = _error(copy_dir)
    assert "events.toml" in str(err)
    assert "nope" in str(err)


def test_visit_rule_for_unknown_tag(copy_dir: Path) -> None:
    _append(copy_dir / "visit_rules.toml", '[[rule]]\ntag = "ghost"\ninterval_days = 7')
    err = _error(copy_dir)
    assert "visit_rules.toml" in str(err)
    assert "ghost" in str(err)


def test_risk_rule_needs_risk_attribute(copy_dir: Path) -> None:
    _append(
        copy_dir / "visit_rules.toml",
        '[[rule]]\ntag = "drug_user"\ninterval_days = 7\nmin_risk = 3',
    )
    err = _error(copy_dir)
    assert "visit_rules.toml" in str(err)
    assert "risk_level" in str(err)


def test_invalid_toml(copy_dir: Path) -> None:
    _append(copy_dir / "relations.toml", "[[relation]\ncode = ")
    err = _error(copy_dir)
    assert "relations.toml" in str(err)
    assert "TOML" in str(err)


def test_missing_file(copy_dir: Path) -> None:
    (copy_dir / "visits.toml").unlink()
    err = _error(copy_dir)
    assert "visits.toml" in str(err)


def test_bad_code_and_missing_name_en(copy_dir: Path) -> None:
    path = copy_dir / "services.toml"
    original = path.read_text(encoding="utf-8")
    _append(path, '[[type]]\ncode = "Bad-Code"\nname = "坏"\nname_en = "Bad"')
    assert "Bad-Code" in str(_error(copy_dir))
    path.write_text(original, encoding="utf-8")
    _append(path, '[[type]]\ncode = "no_english"\nname = "无英文"')
    err = _error(copy_dir)
    assert "services.toml" in str(err)
    assert "name_en" in str(err)


def test_unknown_field_and_bad_choice(copy_dir: Path) -> None:
    path = copy_dir / "tags.toml"
    original = path.read_text(encoding="utf-8")
    _append(
        path,
        '[[tag]]\ncode = "x_tag"\nname = "某"\nname_en = "X"\ngroup = "other"\n'
        'applies_to = "person"\nname_eng = "typo"',
    )
    assert "name_eng" in str(_error(copy_dir))
    path.write_text(original, encoding="utf-8")
    _append(
        path,
        '[[tag]]\ncode = "x_tag"\nname = "某"\nname_en = "X"\ngroup = "other"\n'
        'applies_to = "everyone"',
    )
    err = _error(copy_dir)
    assert "tags.toml" in str(err)
    assert "applies_to" in str(err)


def test_duplicate_service_key(copy_dir: Path) -> None:
    _append(
        copy_dir / "services.toml",
        '[[type]]\ncode = "extra"\nname = "额外"\nname_en = "Extra"\nkey = "1"',
    )
    err = _error(copy_dir)
    assert "services.toml" in str(err)
    assert '"1"' in str(err)
