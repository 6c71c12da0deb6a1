"""Roster import at 50,000 rows: preview (read + check) and apply, timed.

    .venv/bin/python bench/bench_import.py [--rows 50000] [--runs 5] [--keep DIR [--reuse]]

Writes a realistic roster (title row, header, households of 1-5 people with
their heads first, members without an address under their head, IDs as
text, a few categories, phones, three grids named by name), imports it into a
fresh database with the three grids, then previews it again (the second run
must find every row already registered). The target is 5 s for preview +
apply together. With ``--runs N`` the import is repeated into fresh
databases and the medians printed (wall and processor time, all threads),
with the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from luzsong_grid.domain.validation import make_resident_id  # noqa: E402
from luzsong_grid.excel import roster  # noqa: E402
from luzsong_grid.store import services  # noqa: E402
from luzsong_grid.store.db import Actor, open_store  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玉兰凤云海波斌"
TAGS = ["低保户", "残疾人", "独居老人", "空巢老人", "高龄老人", "留守儿童", "党员户", "退役军人"]
RELATIONS = ["配偶", "子", "女", "孙子", "孙女", "父亲", "母亲"]
GRIDS = [
    ("430203002001001", "学堂冲第一网格"),
    ("430203002001002", "学堂冲第二网格"),
    ("430203002001003", "学堂冲第三网格"),
]


def make_roster(path: Path, rows: int, seed: int = 7) -> None:
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("居民花名册")
    sheet.append(["学堂冲社区居民花名册（基准测试）"])
    sheet.append(
        [
            "序号",
            "姓名",
            "公民身份号码",
            "与户主关系",
            "联系电话",
            "家庭住址",
            "人员类别",
            "所属网格",
        ]
    )
    seq = 0
    household = 0
    used: set[str] = set()
    while seq < rows:
        household += 1
        grid_name = GRIDS[household % len(GRIDS)][1]
        room = f"{rng.randint(1, 6)}0{rng.randint(1, 4)}室"
        address = f"学堂冲路{household // 40 + 1}号{household % 40 + 1}栋{room}"
        size = min(rng.choice((1, 2, 2, 3, 3, 3, 4, 5)), rows - seq)
        for member in range(size):
            seq += 1
            while True:
                born = date(rng.randint(1930, 2020), rng.randint(1, 12), rng.randint(1, 28))
                number = make_resident_id("430203", born, rng.randint(0, 99), rng.choice("MF"))
                if number not in used:
                    used.add(number)
                    break
            name = rng.choice(SURNAMES) + "".join(
                rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))
            )
            tags = "、".join(rng.sample(TAGS, rng.choice((0, 0, 0, 0, 1, 1, 2))))
            phone = (
                f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}"
                if rng.random() < 0.7
                else ""
            )
            sheet.append(
                [
                    seq,
                    name,
                    number,
                    "户主" if member == 0 else rng.choice(RELATIONS),
                    phone,
                    address if member == 0 else "",
                    tags,
                    grid_name,
                ]
            )
    sheet.append(["合计", f"{rows}人"])
    book.save(path)


def machine_load() -> str:
    try:
        return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load average unknown"


def one_run(folder: Path, roster_path: Path, rows: int) -> tuple[bool, dict[str, float]]:
    """Preview, apply and preview again into a fresh database; the times."""
    db_path = folder / "bench.sqlite3"
    for stale in folder.glob("bench.sqlite3*"):
        stale.unlink()
    store = open_store(db_path)
    actor = Actor.system(store.device_id)
    with store.session(actor=actor) as s:
        services.create_street(session=s, code="430203002", name="建设街道")
        services.create_community(
            session=s, code="430203002001", street_code="430203002", name="学堂冲社区"
        )
        for code, name in GRIDS:
            services.create_grid(session=s, code=code, community_code="430203002001", name=name)

    t1, c1 = time.perf_counter(), time.process_time()
    plan = roster.preview(store, roster_path, actor=actor)
    t2, c2 = time.perf_counter(), time.process_time()
    result = roster.apply(store, plan)
    t3, c3 = time.perf_counter(), time.process_time()
    again = roster.preview(store, roster_path, actor=actor)
    t4, c4 = time.perf_counter(), time.process_time()
    store.close()

    counts = plan.counts()
    print(f"  preview (read + check): {t2 - t1:.2f} s (CPU {c2 - c1:.2f} s)  {counts}")
    print(
        f"  apply (one transaction): {t3 - t2:.2f} s (CPU {c3 - c2:.2f} s)  "
        f"{result.persons_new} persons, {result.households_new} households, "
        f"{result.person_tags_new + result.household_tags_new} tags"
    )
    print(f"  preview + apply: {t3 - t1:.2f} s (CPU {c3 - c1:.2f} s; target 5 s)")
    print(f"  second preview: {t4 - t3:.2f} s (CPU {c4 - c3:.2f} s)  {again.counts()}")
    ok = counts["new"] == rows and again.counts()["unchanged"] == rows and again.changes == 0
    times = {
        "preview": t2 - t1,
        "preview_cpu": c2 - c1,
        "apply": t3 - t2,
        "apply_cpu": c3 - c2,
        "total": t3 - t1,
        "total_cpu": c3 - c1,
    }
    return ok, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=1, help="import this many times, fresh")
    parser.add_argument("--keep", help="keep the roster and database in this folder")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: import the roster already there"
    )
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    roster_path = folder / "roster.xlsx"

    t0 = time.perf_counter()
    if not (args.reuse and args.keep and roster_path.exists()):
        make_roster(roster_path, args.rows)
    made = time.perf_counter() - t0
    size = roster_path.stat().st_size / 1e6
    print(f"roster: {args.rows} rows, {size:.1f} MB (made in {made:.1f} s); {machine_load()}")
    ok = True
    runs = []
    for n in range(args.runs):
        print(f"run {n + 1}:")
        good, times = one_run(folder, roster_path, args.rows)
        ok = ok and good
        runs.append(times)
    if args.runs > 1:
        median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(
            f"median of {args.runs}: preview {median['preview']:.2f} s "
            f"(CPU {median['preview_cpu']:.2f} s), apply {median['apply']:.2f} s "
            f"(CPU {median['apply_cpu']:.2f} s), preview + apply {median['total']:.2f} s "
            f"(CPU {median['total_cpu']:.2f} s; target 5 s)"
        )
    print(machine_load())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
