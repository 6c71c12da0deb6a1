"""Settings and catalogues through the service functions: who may, what is
checked, and that every change is queued and audited like any other."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from luzsong_grid.i18n import FieldError, UserError
from luzsong_grid.reports import due
from luzsong_grid.store import services
from luzsong_grid.store.db import Store, connect_raw
from luzsong_grid.store.models import CatalogItem, VisitRule
from tests.conftest import Territory


def _rule_id(store: Store, tag: str) -> str:
    with store.session(actor=None) as s:
        rule = s.exec(select(VisitRule).where(VisitRule.tag_code == tag)).first()
        assert rule is not None
        return rule.id


def _count(store: Store, sql: str, *args: object) -> int:
    conn = connect_raw(store.path, readonly=True)
    try:
        return int(conn.execute(sql, args).fetchone()[0])
    finally:
        conn.close()


def test_staff_change_an_interval_queued_audited_and_used(
    store: Store, territory: Territory
) -> None:
    rule_id = _rule_id(store, "low_income")
    with store.session(actor=territory.staff1) as s:
        rule = services.update_visit_rule(session=s, rule_id=rule_id, interval_days=14)
        assert rule.interval_days == 14
        assert rule.version == 2
    assert _count(store, "SELECT count(*) FROM outbox WHERE row_id = ?", rule_id) == 1
    assert _count(store, "SELECT count(*) FROM audit_log WHERE row_id = ?", rule_id) >= 1
    conn = connect_raw(store.path, readonly=True)
    try:
        book = due.load_rulebook(conn)
    finally:
        conn.close()
    assert any(r.interval_days == 14 for r in book.by_tag["low_income"])


def test_workers_and_supervisors_may_not_change_rules(store: Store, territory: Territory) -> None:
    rule_id = _rule_id(store, "low_income")
    for actor in (territory.w1, territory.sup):
        with pytest.raises(UserError) as caught, store.session(actor=actor) as s:
            services.update_visit_rule(session=s, rule_id=rule_id, interval_days=14)
        assert "管理员" in caught.value.localized("zh_CN")
        with pytest.raises(UserError), store.session(actor=actor) as s:
            services.set_catalog_item(
                session=s, kind="dispute_type", code="neighbour", name="邻里", name_en="N"
            )


@pytest.mark.parametrize("days", [0, 367, -5])
def test_interval_must_be_1_to_366_days(store: Store, territory: Territory, days: int) -> None:
    rule_id = _rule_id(store, "low_income")
    with pytest.raises(FieldError) as caught, store.session(actor=territory.staff1) as s:
        services.update_visit_rule(session=s, rule_id=rule_id, interval_days=days)
    assert caught.value.field == "interval_days"
    assert "366" in caught.value.localized("zh_CN")
    assert _count(store, "SELECT count(*) FROM outbox WHERE row_id = ?", rule_id) == 0


def test_rule_conditions_are_checked(store: Store, territory: Territory) -> None:
    with store.session(actor=territory.staff1) as s:
        with pytest.raises(FieldError) as no_risk:
            services.add_visit_rule(session=s, tag_code="low_income", interval_days=7, min_risk=3)
        assert no_risk.value.field == "min_risk"
        with pytest.raises(FieldError) as order:
            services.add_visit_rule(
                session=s,
                tag_code="severe_mental_disorder",
                interval_days=7,
                min_risk=4,
                max_risk=2,
            )
        assert order.value.field == "min_risk"
        with pytest.raises(FieldError) as age:
            services.add_visit_rule(session=s, tag_code="oldest_old", interval_days=7, age_min=200)
        assert age.value.field == "age_min"
        with pytest.raises(FieldError) as unknown:
            services.add_visit_rule(session=s, tag_code="nobody", interval_days=7)
        assert unknown.value.field == "tag_code"


def test_add_a_rule_then_not_the_same_twice(store: Store, territory: Territory) -> None:
    with store.session(actor=territory.staff1) as s:
        rule = services.add_visit_rule(
            session=s, tag_code="oldest_old", interval_days=15, age_min=95, note="九十五岁以上"
        )
        assert rule.age_min == 95
    with pytest.raises(FieldError) as caught, store.session(actor=territory.staff1) as s:
        services.add_visit_rule(session=s, tag_code="oldest_old", interval_days=10, age_min=95)
    assert caught.value.field == "tag_code"
    with store.session(actor=territory.staff1) as s:
        services.remove_visit_rule(session=s, rule_id=rule.id)
        services.add_visit_rule(session=s, tag_code="oldest_old", interval_days=10, age_min=95)


def test_catalogue_entries_are_renamed_switched_off_and_added(
    store: Store, territory: Territory
) -> None:
    with store.session(actor=territory.staff1) as s:
        item = services.set_catalog_item(
            session=s,
            kind="dispute_type",
            code="neighbour",
            name="邻里纠纷",
            name_en="Between neighbours",
            active=False,
        )
        assert (item.name, item.name_en, item.active) == ("邻里纠纷", "Between neighbours", False)
        new = services.set_catalog_item(
            session=s, kind="service_type", code="elder_meal", name="助餐服务", name_en="Meals"
        )
        assert new.active
        assert new.sort > 0
    assert _count(store, "SELECT count(*) FROM outbox WHERE row_id = ?", item.id) == 1
    with store.session(actor=territory.staff1) as s:
        row = s.exec(
            select(CatalogItem).where(
                CatalogItem.kind == "service_type", CatalogItem.code == "elder_meal"
            )
        ).one()
        assert row.name == "助餐服务"


@pytest.mark.parametrize(
    ("kind", "code", "name", "field"),
    [
        ("dispute_type", "Bad Code", "名称", "code"),
        ("dispute_type", "neighbour", "  ", "name"),
        ("setting", "default_household_interval_days", "x", "kind"),
    ],
)
def test_bad_catalogue_input_names_the_field(
    store: Store, territory: Territory, kind: str, code: str, name: str, field: str
) -> None:
    with pytest.raises(FieldError) as caught, store.session(actor=territory.staff1) as s:
        services.set_catalog_item(session=s, kind=kind, code=code, name=name, name_en="")
    assert caught.value.field == field


def test_ordinary_household_interval(store: Store, territory: Territory) -> None:
    with store.session(actor=territory.staff1) as s:
        services.set_default_household_interval(session=s, days=60)
    conn = connect_raw(store.path, readonly=True)
    try:
        assert due.load_rulebook(conn).household_interval_days == 60
        extra = conn.execute(
            "SELECT extra FROM catalog_item WHERE kind = 'setting' "
            "AND code = 'default_household_interval_days'"
        ).fetchone()[0]
    finally:
        conn.close()
    assert json.loads(extra)["value"] == 60
    with pytest.raises(FieldError), store.session(actor=territory.staff1) as s:
        services.set_default_household_interval(session=s, days=400)
