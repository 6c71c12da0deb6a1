"""Excel export speed: the visits ledger against bare writers, and the report.

    .venv/bin/python bench/bench_export.py                  # makes a demo district to read
    .venv/bin/python bench/bench_export.py --db DIR/luzsong-grid.sqlite3   # e.g. 300k persons
    .venv/bin/python bench/bench_export.py --db DB --report-only --report-runs 5

1. A visits ledger of about 200,000 rows (``--rows``), written by
   ``luzsong_grid.excel.ledgers.write_ledger``, against the same rows (the
   exact cell values the ledger writes, read beforehand into a list) written
   by openpyxl in write-only mode and by XlsxWriter in constant-memory mode,
   each in a fresh process, alternating, best of ``--rounds``. Prints the
   times, the ratio to the fastest bare writer (goal: ≤ 1.1) and the
   export's peak memory (the process's maximum resident set, goal: ≤ 100 MB).
2. With ``--db``: the district's report of the last complete month (goal: ≤ 3 s),
   ``--report-runs`` times in fresh processes, and the median. The database
   is first brought to the current schema, as the app does when it opens it
   (the report's indexes come with migration 0003), then read read-only.

Without ``--db`` a demo district of ``--persons`` (default 60,000: about
230,000 visits a year) is generated in a temporary folder first.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def window(db: Path, rows: int) -> tuple[date, date]:
    """The whole days, ending on the newest visit's day, holding ``rows`` visits."""
    from luzsong_grid.store.db import connect_raw

    conn = connect_raw(db, readonly=True)
    newest = conn.execute("SELECT max(visited_at) FROM visit").fetchone()[0]
    end = date.fromisoformat(newest[:10])
    start = end
    # Grow a day at a time on the (grid, visited_at) index's counts.
    counts = dict(
        conn.execute(
            "SELECT substr(visited_at, 1, 10), count(*) FROM visit "
            "WHERE deleted = 0 AND voided = 0 GROUP BY 1"
        )
    )
    total = 0
    while total < rows and start > end - timedelta(days=3660):
        total += counts.get(start.isoformat(), 0)
        if total >= rows:
            break
        start -= timedelta(days=1)
    conn.close()
    return start, end


CHILD = r"""
import json, resource, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, sys.argv[1])
what, db, out, start, end = sys.argv[2:7]
from luzsong_grid.store.db import connect_raw
from luzsong_grid.reports import scope
from luzsong_grid.excel import ledgers
conn = connect_raw(db, readonly=True)
start, end = date.fromisoformat(start), date.fromisoformat(end)
district = scope.district()
if what == "export":
    t = time.perf_counter()
    result = ledgers.write_ledger(conn, out, "visits", scope=district, start=start, end=end)
    seconds, rows = time.perf_counter() - t, result.rows
else:
    # The same cell values the ledger writes (sequence number first), read first.
    (sheet,) = ledgers.sheets(conn, "visits", scope=district, start=start, end=end)
    data = [(n, *row) for n, row in enumerate(ledgers.rows(conn, sheet), 1)]
    rows = len(data)
    t = time.perf_counter()
    if what == "openpyxl":
        import openpyxl
        book = openpyxl.Workbook(write_only=True)
        ws = book.create_sheet()
        for row in data:
            ws.append(row)
        book.save(out)
    else:
        import xlsxwriter
        # The export's own options: no guessing numbers, formulas or links in text.
        book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
        ws = book.add_worksheet()
        for r, row in enumerate(data):
            ws.write_row(r, 0, row)
        book.close()
    seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak}))
"""


def child(what: str, db: Path, out: Path, start: date, end: date) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), what, str(db), str(out), str(start), str(end)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bench_ledger(db: Path, rows: int, rounds: int, work: Path) -> None:
    start, end = window(db, rows)
    print(f"visits ledger {start} to {end} (district)")
    best: dict[str, dict[str, float]] = {}
    for n in range(rounds):
        for what in ("export", "openpyxl", "xlsxwriter"):
            got = child(what, db, work / f"{what}.xlsx", start, end)
            print(
                f"  round {n + 1} {what:10s} {got['seconds']:7.2f} s  {int(got['rows'])} rows  "
                f"peak {got['peak_mb']:.0f} MB"
            )
            if what not in best or got["seconds"] < best[what]["seconds"]:
                best[what] = got
    fastest = min(("openpyxl", "xlsxwriter"), key=lambda w: best[w]["seconds"])
    ratio = best["export"]["seconds"] / best[fastest]["seconds"]
    size = (work / "export.xlsx").stat().st_size / 1e6
    print(
        f"ledger: {int(best['export']['rows'])} rows in {best['export']['seconds']:.2f} s "
        f"({size:.1f} MB); openpyxl write-only {best['openpyxl']['seconds']:.2f} s; "
        f"XlsxWriter constant-memory {best['xlsxwriter']['seconds']:.2f} s"
    )
    print(
        f"ratio to the fastest bare writer ({fastest}): {ratio:.3f} (goal ≤ 1.1); "
        f"export peak memory {best['export']['peak_mb']:.0f} MB (goal ≤ 100 MB)"
    )


def bench_report(db: Path, work: Path, runs: int) -> None:
    from luzsong_grid.store.db import SCHEMA_HEAD, connect_raw, open_store

    conn = connect_raw(db, readonly=True)
    (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    conn.close()
    if revision != SCHEMA_HEAD:
        t = time.perf_counter()
        open_store(db).close()
        took = time.perf_counter() - t
        print(f"database migrated from {revision} to {SCHEMA_HEAD} in {took:.0f} s")
    code = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from datetime import date, timedelta\n"
        "from luzsong_grid.store.db import connect_raw\n"
        "from luzsong_grid.reports import period, scope\n"
        "from luzsong_grid.excel.report import write_report\n"
        "from luzsong_grid.excel.export_cli import last_complete_month\n"
        f"conn = connect_raw({str(db)!r}, readonly=True)\n"
        "newest = conn.execute('SELECT max(visited_at) FROM visit').fetchone()[0]\n"
        "today = date.fromisoformat(newest[:10])\n"
        "span = period.parse(last_complete_month(today))\n"
        "t, c = time.perf_counter(), time.process_time()\n"
        f"r = write_report(conn, {str(work / 'report.xlsx')!r}, scope=scope.district(), "
        "period=span, today=today)\n"
        "print(span.label, r.grids, round(time.perf_counter() - t, 2), "
        "round(time.process_time() - c, 2))\n"
    )
    walls, cpus = [], []
    for n in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        label, grids, seconds, cpu = done.stdout.split()
        walls.append(float(seconds))
        cpus.append(float(cpu))
        print(
            f"district report {label} ({grids} grids, this and the previous month): "
            f"{seconds} s (processor time {cpu} s, all threads; run {n + 1}; goal ≤ 3 s); "
            f"{machine_load()}"
        )
    print(
        f"district report, median of {runs}: {statistics.median(walls):.2f} s "
        f"(processor time {statistics.median(cpus):.2f} s; goal ≤ 3 s)"
    )


def machine_load() -> str:
    try:
        return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load average unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database (default: make a demo district)")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--persons", type=int, default=60_000)
    parser.add_argument("--report-runs", type=int, default=3, help="report runs (with --db)")
    parser.add_argument(
        "--report-only", action="store_true", help="with --db: the report only, no ledger"
    )
    args = parser.parse_args()
    print(f"{os.cpu_count()} processors, {machine_load()}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = args.db
        if db is None:
            from luzsong_grid import demo

            db = work / "luzsong-grid.sqlite3"
            t = time.perf_counter()
            demo.generate(db, persons=args.persons, progress=lambda _text: None)
            print(
                f"demo district of {args.persons} persons made in {time.perf_counter() - t:.0f} s"
            )
        if not (args.report_only and args.db is not None):
            bench_ledger(db, args.rows, args.rounds, work)
        if args.db is not None:
            bench_report(db, work, args.report_runs)
    print(machine_load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
