"""Report periods: a month (2026-10), a quarter (2026-Q3), a year (2026),
or, when none is given, the twelve months up to today."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError

MSG_BAD_PERIOD = QT_TRANSLATE_NOOP(
    "core", "“{text}” is not a period. Use a month (2026-10), a quarter (2026-Q3) or a year (2026)."
)

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})-?[Qq]([1-4])")
_YEAR = re.compile(r"(\d{4})")


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date  # inclusive
    kind: str  # month | quarter | year | rolling

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period before, of the same kind (for month-on-month comparison)."""
        if self.kind == "month":
            prev_end = self.start - timedelta(days=1)
            return month(prev_end.year, prev_end.month)
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            y, q = (self.start.year, q - 1) if q > 1 else (self.start.year - 1, 4)
            return quarter(y, q)
        if self.kind == "year":
            return year(self.start.year - 1)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(f"{end - length}..{end}", end - length, end, "rolling")

    def same_last_year(self) -> Period:
        """The same period a year earlier (for year-on-year comparison)."""
        y = self.start.year - 1
        if self.kind == "month":
            return month(y, self.start.month)
        if self.kind == "quarter":
            return quarter(y, (self.start.month - 1) // 3 + 1)
        if self.kind == "year":
            return year(y)
        # The start is "the day after" a day a year earlier, so that a window
        # starting on 29 February still starts after 28 February a year back.
        start = _minus_year(self.start - timedelta(days=1)) + timedelta(days=1)
        end = _minus_year(self.end)
        return Period(f"{start}..{end}", start, end, "rolling")


def _minus_year(d: date) -> date:
    if d.month == 2 and d.day == 29:
        return date(d.year - 1, 2, 28)
    return d.replace(year=d.year - 1)


def month(y: int, m: int) -> Period:
    last = calendar.monthrange(y, m)[1]
    return Period(f"{y:04d}-{m:02d}", date(y, m, 1), date(y, m, last), "month")


def quarter(y: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    last = calendar.monthrange(y, first + 2)[1]
    return Period(f"{y:04d}-Q{q}", date(y, first, 1), date(y, first + 2, last), "quarter")


def year(y: int) -> Period:
    return Period(f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year")


def last_twelve_months(today: date) -> Period:
    start = _minus_year(today) + timedelta(days=1)
    return Period(f"{start}..{today}", start, today, "rolling")


def parse(text: str | None, *, today: date | None = None) -> Period:
    """A period from its text; None means the twelve months up to ``today``."""
    if not text:
        return last_twelve_months(today or date.today())
    text = text.strip()
    try:
        if m := _QUARTER.fullmatch(text):
            return quarter(int(m[1]), int(m[2]))
        if m := _MONTH.fullmatch(text):
            return month(int(m[1]), int(m[2]))
        if m := _YEAR.fullmatch(text):
            return year(int(m[1]))
    except ValueError:
        pass
    raise UserError(MSG_BAD_PERIOD, text=text)
