"""Search latency benchmark (run on demand; not a test).

    .venv/bin/python bench/bench_search.py                 # 300k persons
    .venv/bin/python bench/bench_search.py --persons 50000 --db /tmp/small.sqlite3

Builds (or reuses) a database with N persons in ~N/2.5 households, fills the
search index with :func:`luzsong_grid.search.rebuild_index`, then times a
realistic query mix sampled from the data itself and prints median, p95 and
max per kind and overall. Exit status 1 if the overall p95 exceeds 30 ms.

If ``luzsong_grid.demo`` offers a ``generate(...)`` whose signature fits, it
fills the database; otherwise synthetic data is written directly: weighted
common surnames, 2-3 character names, households of ~2.5 people at addresses
like 建设街道学堂冲社区桂花路12号3栋201, valid 18-digit IDs from 430203 and
11-digit mobile numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from luzsong_grid.search import normalize_query, rebuild_index, search
from luzsong_grid.store.db import connect_raw, open_store
from luzsong_grid.textkeys import pinyin_keys

P95_BUDGET_MS = 30.0

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
    "尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤易"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬辉鹏"
    "建国志文斌宇浩凯俊峰海波宁欣怡婷雪琳晨阳佳慧丹颖鑫子涵梓轩博睿嘉诚思远雨"
    "春梅兰菊松柏林森德福寿祥瑞庆荣昌盛兴旺金银宝珠凤翠云霞月星光亮成功新民"
)
STREETS = (
    ("001", "建设街道"),
    ("002", "建宁街道"),
    ("003", "贺家土街道"),
    ("004", "庆云街道"),
    ("005", "枫溪街道"),
    ("006", "龙泉街道"),
    ("007", "白关镇"),
    ("008", "姚家坝乡"),
)
COMMUNITY_NAMES = (
    "学堂冲社区",
    "钻石路社区",
    "新华西路社区",
    "桂花社区",
    "五里墩社区",
    "人民路社区",
    "芦淞社区",
    "建设村",
    "山塘村",
    "湘水湾社区",
)
ROADS = (
    "桂花路",
    "建设中路",
    "人民南路",
    "芦淞路",
    "新华西路",
    "钻石路",
    "董家段路",
    "建宁路",
    "车站路",
    "红旗路",
    "向阳路",
    "龙泉路",
    "白关大道",
    "枫溪大道",
    "庆云路",
    "湘水路",
    "解放路",
    "团结路",
    "长江南路",
    "珠江北路",
)
GRIDS_PER_COMMUNITY = 6
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def _marks(n: int) -> str:
    return "(" + ", ".join("?" * n) + ")"


def _id_number(rng: random.Random, birth: dt.date) -> str:
    body = f"430203{birth:%Y%m%d}{rng.randrange(1000):03d}"
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


def _mobile(rng: random.Random) -> str:
    return rng.choice(("13", "15", "17", "18", "19")) + f"{rng.randrange(10**9):09d}"


def _name(rng: random.Random, weights: list[float]) -> str:
    surname = rng.choices(SURNAMES, weights)[0]
    given_len = 1 if rng.random() < 0.4 else 2
    return surname + "".join(rng.choice(GIVEN) for _ in range(given_len))


def _fill_synthetic(path: Path, persons: int, seed: int) -> None:
    rng = random.Random(seed)
    store = open_store(path, seed_catalogs=False)
    store.close()
    conn = connect_raw(path)
    now = "2026-01-01 00:00:00"
    sync = (1, "", None, 0, now, now)  # version, hlc, field_hlc, deleted, created, updated
    sync_cols = "version, hlc, field_hlc, deleted, created_at, updated_at"
    counter = iter(range(10**9))

    def new_id() -> str:
        return f"00000000-0000-7000-8000-{next(counter):012d}"

    grids: list[tuple[str, str]] = []  # (grid code, street+community name)
    conn.execute("BEGIN")
    for s_code, s_name in STREETS:
        street_code = "430203" + s_code
        conn.execute(
            f"INSERT INTO street(id, {sync_cols}, code, name, name_en, kind, demo) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', 'street', 1)",
            (new_id(), *sync, street_code, s_name),
        )
        for c in range(len(COMMUNITY_NAMES)):
            c_name = COMMUNITY_NAMES[(c + int(s_code)) % len(COMMUNITY_NAMES)]
            community_code = f"{street_code}{c + 1:03d}"
            conn.execute(
                f"INSERT INTO community(id, {sync_cols}, code, street_code, name, name_en, "
                "kind, demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 'community', 1)",
                (new_id(), *sync, community_code, street_code, c_name),
            )
            for g in range(GRIDS_PER_COMMUNITY):
                grid_code = f"{community_code}{g + 1:03d}"
                conn.execute(
                    f"INSERT INTO grid(id, {sync_cols}, code, community_code, name, name_en, "
                    "demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 1)",
                    (new_id(), *sync, grid_code, community_code, f"第{g + 1}网格"),
                )
                grids.append((grid_code, s_name + c_name))

    weights = [1.0 / (i + 3) ** 0.9 for i in range(len(SURNAMES))]
    households: list[tuple[object, ...]] = []
    people: list[tuple[object, ...]] = []
    made = 0
    while made < persons:
        hid = new_id()
        grid_code, place = rng.choice(grids)
        road = ROADS[(hash(grid_code) + rng.randrange(3)) % len(ROADS)]
        address = (
            f"{place}{road}{rng.randint(1, 300)}号{rng.randint(1, 20)}栋"
            f"{rng.randint(1, 18)}{rng.randint(1, 6):02d}"
        )
        size = min(persons - made, rng.choice((1, 2, 2, 3, 3, 3, 4, 5)))
        surname_name = _name(rng, weights)
        head_id = None
        for k in range(size):
            pid = new_id()
            if k == 0:
                head_id, name = pid, surname_name
            elif k == 1:
                name = _name(rng, weights)  # spouse
            else:
                name = surname_name[0] + _name(rng, weights)[1:]  # child
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 80))
            phone = _mobile(rng) if rng.random() < 0.8 else ""
            people.append(
                (
                    pid,
                    *sync,
                    hid,
                    grid_code,
                    name,
                    _id_number(rng, birth),
                    "",
                    birth.isoformat(),
                    phone,
                    "",
                    "汉族",
                    int(rng.random() < 0.03),
                    int(rng.random() < 0.01),
                    "",
                )
            )
        made += size
        households.append(
            (hid, *sync, grid_code, f"{len(households) + 1:08d}", address, head_id, "", "")
        )
    conn.executemany(
        f"INSERT INTO household(id, {sync_cols}, grid_code, household_no, address, "
        f"head_person_id, phone, note) VALUES {_marks(13)}",
        households,
    )
    conn.executemany(
        f"INSERT INTO person(id, {sync_cols}, household_id, grid_code, name, id_number, "
        "gender, birth_date, phone, relation, ethnicity, moved_out, deceased, note) "
        f"VALUES {_marks(19)}",
        people,
    )
    conn.commit()
    conn.close()


def _try_demo(path: Path, persons: int, seed: int) -> bool:
    """Fill the database with luzsong_grid.demo.generate if it exists and fits."""
    try:
        from luzsong_grid import demo
    except ImportError:
        return False
    generate: Callable[..., object] | None = getattr(demo, "generate", None)
    if generate is None:
        return False
    params = inspect.signature(generate).parameters
    kwargs: dict[str, object] = {"persons": persons}
    if "seed" in params:
        kwargs["seed"] = seed
    try:
        inspect.signature(generate).bind(path, **kwargs)
    except TypeError:
        print("luzsong_grid.demo.generate has an unexpected signature: synthetic data")
        return False
    if "progress" in params:
        kwargs["progress"] = lambda message: print(f"  demo: {message}", flush=True)
    generate(path, **kwargs)
    return True


def _build(path: Path, persons: int, seed: int, synthetic: bool) -> None:
    if path.exists():
        conn = connect_raw(path, readonly=True)
        try:
            have = conn.execute("SELECT count(*) FROM person WHERE deleted = 0").fetchone()[0]
            docs = conn.execute("SELECT count(*) FROM search_doc").fetchone()[0]
        except Exception:
            have = docs = -1
        conn.close()
        if have == persons and docs > 0:
            print(f"reusing {path}: {have} persons, {docs} search documents")
            return
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    t0 = time.perf_counter()
    used_demo = not synthetic and _try_demo(path, persons, seed)
    if not used_demo:
        _fill_synthetic(path, persons, seed)
    t1 = time.perf_counter()
    conn = connect_raw(path)
    docs = rebuild_index(conn)
    t2 = time.perf_counter()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    source = "luzsong_grid.demo.generate" if used_demo else "synthetic data"
    print(f"built {path} with {source} in {t1 - t0:.1f} s")
    print(f"rebuild_index: {docs} documents in {t2 - t1:.2f} s")


def _fragment(rng: random.Random, text: str, low: int, high: int) -> str:
    size = rng.randint(low, min(high, len(text)))
    start = rng.randrange(len(text) - size + 1)
    return text[start : start + size]


def _queries(
    conn: sqlite3.Connection, rng: random.Random, each: int
) -> Iterator[tuple[str, str, tuple[str, ...] | None]]:
    total = conn.execute("SELECT max(rowid) FROM person").fetchone()[0]

    def sample(sql: str, n: int) -> list[tuple[str, ...]]:
        rows: list[tuple[str, ...]] = []
        while len(rows) < n:
            rowid = rng.randint(1, total)
            row = conn.execute(sql, (rowid,)).fetchone()
            if row is not None:
                rows.append(tuple(str(v) for v in row))
        return rows

    person_sql = (
        "SELECT name, id_number, phone, grid_code FROM person WHERE rowid >= ? "
        "AND deleted = 0 LIMIT 1"
    )
    people = sample(person_sql, each * 8)
    names2 = [p for p in people if len(normalize_query(p[0])) == 2][:each]
    names3 = [p for p in people if len(normalize_query(p[0])) == 3][:each]
    for p in names2:
        yield "name-2char", p[0], None
    for p in names3:
        yield "name-3char", p[0], None
    for p in rng.sample(people, each):
        yield "surname-1char", p[0][0], None
    for p in rng.sample(people, each):
        yield "initials", pinyin_keys(p[0])[1], None
    for p in rng.sample(people, each):
        yield "pinyin", pinyin_keys(p[0])[0], None
    numbered = [p for p in people if len(p[1]) >= 8 and len(p[2]) >= 8]
    for i, p in enumerate(rng.sample(numbered, each)):
        source = p[1] if i % 2 == 0 else p[2]  # half ID numbers, half phones
        yield "digits", _fragment(rng, source, 4, 8), None
    last_household = conn.execute("SELECT max(rowid) FROM household").fetchone()[0]
    addresses = [
        str(a)
        for (a,) in (
            conn.execute(
                "SELECT address FROM household WHERE rowid >= ? AND deleted = 0 LIMIT 1",
                (rng.randint(1, last_household),),
            ).fetchone()
            for _ in range(each)
        )
    ]
    for address in addresses:
        # What people type: a road, a community, "12号", "3栋" - not bare numbers.
        fragment = _fragment(rng, address, 2, 4)
        while fragment.isdigit():
            fragment = _fragment(rng, address, 2, 4)
        yield "address", fragment, None
    # A worker's own scope: one grid, a 2-character name or a surname.
    for i, p in enumerate(rng.sample(people, each)):
        text = p[0] if i % 2 == 0 else p[0][0]
        yield "scoped-grid", text, (p[3],)


def _ms(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/luzsong-bench-search.sqlite3"))
    parser.add_argument("--persons", type=int, default=300_000)
    parser.add_argument("--each", type=int, default=200, help="queries per kind")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--synthetic", action="store_true", help="never use luzsong_grid.demo")
    parser.add_argument(
        "--rebuild", action="store_true", help="time rebuild_index on the existing data"
    )
    parser.add_argument(
        "--encrypted",
        action="store_true",
        help="search an encrypted (SQLCipher) copy of the database, as a laptop's is",
    )
    args = parser.parse_args(argv)

    _build(args.db, args.persons, args.seed, args.synthetic)
    if args.encrypted:
        import hashlib

        from luzsong_grid.store.backup import copy_database
        from luzsong_grid.store.db import register_key

        key = hashlib.sha256(f"bench {args.seed}".encode()).digest()  # a bench, not a secret
        encrypted = args.db.with_name(args.db.stem + "-encrypted.sqlite3")
        if not encrypted.exists() or encrypted.stat().st_mtime < args.db.stat().st_mtime:
            t0 = time.perf_counter()
            copy_database(args.db, encrypted, key=key)
            print(f"encrypted copy {encrypted} in {time.perf_counter() - t0:.1f} s")
        register_key(encrypted, key)
        args.db = encrypted
    conn = connect_raw(args.db)
    if args.rebuild:
        t0 = time.perf_counter()
        docs = rebuild_index(conn)
        print(f"rebuild_index: {docs} documents in {time.perf_counter() - t0:.2f} s")

    rng = random.Random(args.seed + 1)
    queries = list(_queries(conn, rng, args.each))
    rng.shuffle(queries)
    for _kind, text, grids in queries[:30]:  # warm the statement and page caches
        search(conn, text, grids=grids)

    timings: dict[str, list[float]] = {}
    empty: dict[str, int] = {}
    for kind, text, grids in queries:
        t0 = time.perf_counter()
        hits = search(conn, text, grids=grids)
        elapsed = (time.perf_counter() - t0) * 1000
        timings.setdefault(kind, []).append(elapsed)
        if not hits:
            empty[kind] = empty.get(kind, 0) + 1
    conn.close()

    print(f"\n{'kind':<15}{'n':>5}{'median':>9}{'p95':>9}{'max':>9}  (ms){'empty':>8}")
    for kind, values in timings.items():
        med, p95, worst = _ms(values)
        n = len(values)
        print(f"{kind:<15}{n:>5}{med:>9.2f}{p95:>9.2f}{worst:>9.2f}{empty.get(kind, 0):>12}")
    everything = [v for values in timings.values() for v in values]
    med, p95, worst = _ms(everything)
    print(f"{'overall':<15}{len(everything):>5}{med:>9.2f}{p95:>9.2f}{worst:>9.2f}")
    if p95 > P95_BUDGET_MS:
        print(f"FAIL: overall p95 {p95:.2f} ms > {P95_BUDGET_MS:.0f} ms")
        return 1
    print(f"ok: overall p95 {p95:.2f} ms <= {P95_BUDGET_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
