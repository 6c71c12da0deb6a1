"""The ``luzsong-grid`` console script, run as a real subprocess on the demo district."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from luzsong_grid import __version__, paths
from luzsong_grid.domain.validation import mask_resident_id
from luzsong_grid.store.db import open_store

TODAY = "2026-11-27"


def _command() -> list[str]:
    script = shutil.which("luzsong-grid", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "luzsong_grid"]


CLI = _command()
FULL_ID = re.compile(r"\d{17}[\dX]")
MASKED_ID = re.compile(r"\d{6}\*{8}[\dX]{4}")


def run(data_dir: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("LUZSONG_GRID_LANG", None)
    options = ["--data-dir", str(data_dir)] + (["--lang", lang] if lang else [])
    return subprocess.run(
        [*CLI, *options, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def ok_json(data_dir: Path, *args: str) -> Any:
    done = run(data_dir, *args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def assert_user_error(done: subprocess.CompletedProcess[str], *expected: str) -> str:
    """Exit code 2, one clear line on stderr, nothing on stdout, no traceback."""
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout == ""
    message = done.stderr.strip()
    assert message
    assert "\n" not in message, message
    for part in expected:
        assert part in message
    return message


@pytest.fixture(scope="module")
def demo_dir(demo_db: Path) -> Path:
    return demo_db.parent


@pytest.fixture(scope="module")
def year_stats(demo_dir: Path) -> Any:
    return ok_json(demo_dir, "stats", "--json", "--today", TODAY)


# ---------------------------------------------------------------- stats


def test_version() -> None:
    done = subprocess.run([*CLI, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"luzsong-grid {__version__}"


def test_stats_json_of_the_district(year_stats: Any) -> None:
    assert year_stats["scope"] == {"kind": "district", "code": "430203", "name": "芦淞区"}
    assert year_stats["period"] == {
        "label": "2025-11-28..2026-11-27",
        "kind": "rolling",
        "start": "2025-11-28",
        "end": TODAY,
    }
    territory = year_stats["territory"]
    assert (territory["streets"], territory["communities"], territory["grids"]) == (8, 80, 288)
    assert territory["households"] > 0
    assert territory["persons"] > 0


@pytest.mark.parametrize(
    ("section", "key", "target"),
    [("services", "total", 11_000), ("disputes", "accepted", 600), ("events", "reported", 400)],
)
def test_a_year_of_demo_work_matches_the_article(
    year_stats: Any, section: str, key: str, target: int
) -> None:
    # The seed article's year: 11,000+ services, 600+ disputes, 400+ events.
    assert target * 0.85 <= year_stats[section][key] <= target * 1.15


def test_by_type_counts_add_up(year_stats: Any) -> None:
    assert sum(year_stats["services"]["by_type"].values()) == year_stats["services"]["total"]
    disputes = year_stats["disputes"]
    assert sum(disputes["by_type"].values()) == disputes["accepted"]
    assert sum(disputes["by_source"].values()) == disputes["accepted"]
    assert sum(disputes["by_result"].values()) == disputes["concluded"]
    events = year_stats["events"]
    assert sum(events["by_status"].values()) == events["reported"]
    assert events["closed_on_time"] <= events["closed"]


def _numbers(result: Any) -> dict[str, float]:
    """Every count of a report, flattened (rates and dates left out)."""
    out: dict[str, float] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}", v)
        elif isinstance(value, int | float) and not prefix.endswith("rate"):
            out[prefix] = value

    for section in ("territory", "visits", "services", "disputes", "events"):
        walk(section, result[section])
    return out


def test_a_street_counts_no_more_than_the_district(demo_dir: Path) -> None:
    args = ("stats", "--json", "--period", "2026-10", "--today", TODAY)
    district = _numbers(ok_json(demo_dir, *args))
    street_result = ok_json(demo_dir, *args, "--scope", "street:建设街道")
    assert street_result["scope"] == {"kind": "street", "code": "430203002", "name": "建设街道"}
    street = _numbers(street_result)
    assert street, "no numbers"
    for key, value in street.items():
        assert value <= district.get(key, 0), key
    assert street["territory.streets"] == 1
    assert 0 < street["territory.grids"] < district["territory.grids"]
    assert street["visits.household_visits"] > 0


def test_stats_text_output(demo_dir: Path) -> None:
    done = run(demo_dir, "stats", "--period", "2026-Q3", "--scope", "street:建设", "--today", TODAY)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("建设街道  2026-Q3")
    for section in ("[territory]", "[visits]", "[services]", "[disputes]", "[events]"):
        assert section in done.stdout


# ---------------------------------------------------------------- search


def _a_rare_two_character_name(db: Path) -> tuple[str, dict[str, str]]:
    """A two-character name few residents share, with their ids → ID numbers."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (name,) = conn.execute(
            "SELECT name FROM person WHERE deleted = 0 AND length(name) = 2 "
            "AND id_number != '' GROUP BY name HAVING count(*) <= 3 ORDER BY name LIMIT 1"
        ).fetchone()
        holders = dict(
            conn.execute(
                "SELECT id, id_number FROM person WHERE deleted = 0 AND name = ?", (name,)
            ).fetchall()
        )
    finally:
        conn.close()
    return str(name), holders


def test_search_finds_a_two_character_name_and_masks_ids(demo_db: Path) -> None:
    name, holders = _a_rare_two_character_name(demo_db)
    done = run(demo_db.parent, "search", name, "--json", "--limit", "50")
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    found = {h["id"]: h for h in hits if h["kind"] == "person" and h["name"] == name}
    assert found.keys() >= holders.keys()
    for person_id, number in holders.items():
        assert found[person_id]["id_number"] == mask_resident_id(number)
    for hit in hits:
        assert hit["id_number"] == "" or MASKED_ID.fullmatch(hit["id_number"]), hit
    for number in holders.values():
        assert number not in done.stdout
        assert number[6:14] not in done.stdout  # the birth date in the middle


def test_search_text_output_never_shows_a_full_id(demo_db: Path) -> None:
    name, holders = _a_rare_two_character_name(demo_db)
    done = run(demo_db.parent, "search", name)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith(name + "\t")]
    assert len(lines) >= len(holders)
    assert not FULL_ID.search(done.stdout)
    masked = {mask_resident_id(n) for n in holders.values()}
    assert masked <= {line.split("\t")[1] for line in lines}


def test_search_with_nothing_found(demo_dir: Path) -> None:
    done = run(demo_dir, "search", "没有这个人名字", lang="en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Nothing found for “没有这个人名字”."


# ---------------------------------------------------------------- bad input


def test_bad_period(demo_dir: Path) -> None:
    done = run(demo_dir, "stats", "--json", "--period", "2026-13", lang="en")
    assert_user_error(done, "“2026-13” is not a period", "2026-Q3")


def test_unknown_scope(demo_dir: Path) -> None:
    done = run(demo_dir, "stats", "--scope", "street:不存在", lang="en")
    assert_user_error(done, "No street is called “不存在”.")


def test_malformed_scope(demo_dir: Path) -> None:
    done = run(demo_dir, "stats", "--scope", "建设街道", lang="en")
    assert_user_error(done, "is not a scope", "street:NAME")


def test_messages_follow_the_language(demo_dir: Path) -> None:
    english = assert_user_error(run(demo_dir, "stats", "--period", "2026-13", lang="en"))
    default = assert_user_error(run(demo_dir, "stats", "--period", "2026-13"))
    assert "is not a period" in english
    assert "is not a period" not in default  # zh_CN by default
    assert "2026-13" in default


def test_no_database_in_the_data_dir(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for command in (("stats", "--json"), ("search", "王芳")):
        done = run(empty, *command, lang="en")
        assert_user_error(done, "There is no database in", str(empty.resolve()))
    assert not (empty / paths.DB_FILENAME).exists()


def test_database_of_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    data = tmp_path / "newer"
    db = data / paths.DB_FILENAME
    open_store(db).close()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db.read_bytes()
    for command in (("stats", "--json"), ("search", "王芳")):
        done = run(data, *command, lang="en")
        assert_user_error(done, "newer version", "9999_future", "not changed")
        assert db.read_bytes() == before
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("9999_future",)
        ]
    finally:
        conn.close()


def test_a_reader_that_stops_early_is_not_an_error(demo_dir: Path) -> None:
    """``luzsong-grid stats --json | head -1``: no "unexpected error", no traceback."""
    with subprocess.Popen(
        [*CLI, "--data-dir", str(demo_dir), "stats", "--json", "--today", TODAY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8")
        code = proc.wait(timeout=60)
    assert err == ""
    assert code == 1
