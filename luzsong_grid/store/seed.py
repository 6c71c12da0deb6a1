"""Load the catalogues from resources/catalogs into a new database.

Runs on first open only (a ``sync_state`` flag remembers it), so an office's
later edits are never overwritten. Seeded rows get name-based ids
(:func:`luzsong_grid.ids.reference_id`), so every laptop and the office
server agree on the id of, say, the 五保户 tag without talking to each
other. Seeding is the baseline, not a user's change: no outbox rows, one
audit row.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from luzsong_grid.ids import reference_id

if TYPE_CHECKING:
    from luzsong_grid.catalog import Catalogs
    from luzsong_grid.store.db import Store

SEEDED_KEY = "catalogs_seeded"
SEED_NODE = "seed"


def _rows(catalogs: Catalogs) -> dict[str, list[dict[str, Any]]]:
    items: list[dict[str, Any]] = []

    def flat(kind: str, entries: Any, extra: Any = None) -> None:
        for e in entries:
            items.append(
                {
                    "kind": kind,
                    "code": e.code,
                    "name": e.name,
                    "name_en": e.name_en,
                    "sort": e.sort,
                    "extra": json.dumps(extra(e) if extra else {}, ensure_ascii=False),
                    "active": True,
                    "_key": f"{kind}:{e.code}",
                }
            )

    flat("dispute_type", catalogs.dispute_types)
    flat("dispute_source", catalogs.dispute_sources)
    flat("dispute_result", catalogs.dispute_results)
    flat("dispute_method", catalogs.dispute_methods)
    flat("party_role", catalogs.party_roles)
    flat("service_type", catalogs.service_types, lambda e: {"key": e.key})
    flat("visit_kind", catalogs.visit_kinds)
    flat("visit_finding", catalogs.visit_findings)
    flat("relation", catalogs.relations)
    flat("urgency", catalogs.urgencies, lambda e: {"hours": e.hours, "color": e.color})
    items.append(
        {
            "kind": "setting",
            "code": "default_household_interval_days",
            "name": "普通户走访间隔（天）",
            "name_en": "Visit interval for ordinary households (days)",
            "sort": 0,
            "extra": json.dumps({"value": catalogs.default_household_interval_days}),
            "active": True,
            "_key": "setting:default_household_interval_days",
        }
    )
    return {
        "tag_group": [
            {
                "code": g.code,
                "name": g.name,
                "name_en": g.name_en,
                "sensitive": g.sensitive,
                "sort": g.sort,
                "_key": g.code,
            }
            for g in catalogs.tag_groups
        ],
        "tag": [
            {
                "code": t.code,
                "group_code": t.group,
                "name": t.name,
                "name_en": t.name_en,
                "applies_to": t.applies_to,
                "sensitive": t.sensitive,
                "attributes": json.dumps([a.to_dict() for a in t.attributes], ensure_ascii=False),
                "sort": t.sort,
                "_key": t.code,
            }
            for t in catalogs.tags
        ],
        "visit_rule": [
            {
                "tag_code": r.tag,
                "interval_days": r.interval_days,
                "min_risk": r.min_risk,
                "max_risk": r.max_risk,
                "age_min": r.age_min,
                "note": r.note,
                "note_en": r.note_en,
                "_key": f"{r.tag}:{r.min_risk}:{r.max_risk}:{r.age_min}",
            }
            for r in catalogs.visit_rules
        ],
        "catalog_item": items,
        "department": [
            {
                "code": d.code,
                "name": d.name,
                "name_en": d.name_en,
                "phone": d.phone,
                "sort": d.sort,
                "_key": d.code,
            }
            for d in catalogs.departments
        ],
        "event_category": [
            {
                "code": c.code,
                "name": c.name,
                "name_en": c.name_en,
                "default_department": c.default_department,
                "sort": c.sort,
                "_key": c.code,
            }
            for c in catalogs.event_categories
        ],
        "event_item": [
            {
                "code": i.code,
                "category_code": i.category,
                "department_code": i.department,
                "name": i.name,
                "name_en": i.name_en,
                "urgency": i.urgency,
                "sort": i.sort,
                "_key": i.code,
            }
            for i in catalogs.event_items
        ],
    }


def ensure_catalogs(store: Store, catalogs: Catalogs | None = None) -> bool:
    """Seed the catalogues unless this database already had them. Returns
    True when it seeded."""
    from luzsong_grid.catalog import load_catalogs

    with store.engine.begin() as conn:
        done = conn.exec_driver_sql(
            "SELECT value FROM sync_state WHERE key = ?", (SEEDED_KEY,)
        ).scalar()
        if done:
            return False
        catalogs = catalogs or load_catalogs()
        now = datetime.now().replace(microsecond=0).isoformat(sep=" ")
        stamp = f"{0:013d}-{0:05d}-{SEED_NODE}"
        counts: dict[str, int] = {}
        # Parents before children (foreign keys are on).
        for table, rows in _rows(catalogs).items():
            for row in rows:
                key = row.pop("_key")
                values = {
                    "id": reference_id(table, key),
                    "version": 1,
                    "hlc": stamp,
                    "deleted": False,
                    "created_at": now,
                    "updated_at": now,
                    **row,
                }
                cols = ", ".join(values)
                marks = ", ".join("?" for _ in values)
                conn.exec_driver_sql(
                    f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({marks})",
                    tuple(values.values()),
                )
            counts[table] = len(rows)
        conn.exec_driver_sql("INSERT INTO sync_state(key, value) VALUES (?, ?)", (SEEDED_KEY, now))
        conn.exec_driver_sql(
            "INSERT INTO audit_log(at, hlc, account_id, device_id, table_name, row_id, action,"
            " changes) VALUES (?, ?, '', ?, 'catalogs', '', 'seed', ?)",
            (now, stamp, store.device_id, json.dumps(counts)),
        )
    return True
