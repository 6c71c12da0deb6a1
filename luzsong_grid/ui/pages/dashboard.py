"""The Dashboard page (统计): the signed-in scope at a glance.

This month against last as big numbers, visits per week and this month's
disputes by type as charts, and what is overdue now, in red. The numbers
are the monthly report's (:mod:`luzsong_grid.views.dashboard`), worked out
on a reader thread: on a whole district that takes seconds, so the page
shows the last numbers (or "Working out…") meanwhile and recomputes only
when data changed.
"""

from __future__ import annotations

import asyncio
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.pages.base import Page
from luzsong_grid.ui.widgets.charts import BarChart, LineChart
from luzsong_grid.views import dashboard
from luzsong_grid.views.dashboard import Dashboard

OVERDUE_COLOR = "#b3261e"
CARD_STYLE = (
    "QFrame#card { background: white; border: 1px solid #d8dde3; border-radius: 6px; }"
    "QLabel#cardTitle { color: #4a5563; }"
    "QLabel#cardValue { font-size: 20pt; font-weight: 600; color: #1f3a5f; }"
    "QLabel#cardNote { color: #6b7785; }"
    "QLabel#overdueValue { font-size: 20pt; font-weight: 600; color: #b3261e; }"
    "QLabel#overdueZero { font-size: 20pt; font-weight: 600; color: #1b6e3a; }"
)
# Tables whose changes alter the numbers.
WATCHED = frozenset(
    {
        "visit",
        "service_tally",
        "dispute",
        "event",
        "household",
        "person",
        "person_tag",
        "household_tag",
        "visit_rule",
        "catalog_item",
    }
)


class Card(QFrame):
    """A titled big number with a line underneath."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.value = QLabel("–")
        self.value.setObjectName("cardValue")
        self.note = QLabel("")
        self.note.setObjectName("cardNote")
        for label in (self.title, self.value, self.note):
            layout.addWidget(label)


class DashboardPage(Page):
    tables = WATCHED

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.board: Dashboard | None = None
        self.loaded_on: date | None = None
        self.stale = True
        self.lock = asyncio.Lock()
        self.qlocale = QLocale(ctx.lang)
        self.setStyleSheet(CARD_STYLE)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Dashboard"))
        heading.setObjectName("heading")
        self.scope_label = QLabel(ctx.user.scope.label)
        self.scope_label.setObjectName("cardNote")
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.scope_label)
        top.addStretch(1)
        self.status = QLabel(self.tr("Working out the numbers…"))
        self.status.setObjectName("cardNote")
        top.addWidget(self.status)
        self.reload = QPushButton(self.tr("Refresh"))
        self.reload.clicked.connect(self._reload_clicked)
        top.addWidget(self.reload)
        outer.addLayout(top)

        self.period_label = QLabel("")
        outer.addWidget(self.period_label)

        grid = QGridLayout()
        grid.setSpacing(8)
        titles = {
            "visits": self.tr("Visits"),
            "households_visited": self.tr("Households visited"),
            "services": self.tr("Services given"),
            "disputes_accepted": self.tr("Disputes accepted"),
            "disputes_resolved": self.tr("Disputes resolved"),
            "events_reported": self.tr("Events reported"),
            "events_closed": self.tr("Events closed"),
            "events_closed_on_time": self.tr("Events closed on time"),
        }
        self.cards: dict[str, Card] = {}
        for n, key in enumerate(dashboard.FIGURES):
            card = Card(titles[key])
            self.cards[key] = card
            grid.addWidget(card, n // 4, n % 4)
        outer.addLayout(grid)

        overdue_box = QFrame()
        overdue_box.setObjectName("card")
        overdue_row = QHBoxLayout(overdue_box)
        overdue_row.setContentsMargins(12, 6, 12, 6)
        overdue_title = QLabel(self.tr("Overdue now"))
        overdue_title.setStyleSheet(f"color: {OVERDUE_COLOR}; font-weight: 600;")
        overdue_row.addWidget(overdue_title)
        self.overdue: dict[str, QLabel] = {}
        for key, text in (
            ("key_persons", self.tr("key-group visits")),
            ("households", self.tr("household visits")),
            ("disputes", self.tr("disputes past deadline")),
            ("events", self.tr("events past deadline")),
        ):
            value = QLabel("–")
            value.setObjectName("overdueValue")
            caption = QLabel(text)
            caption.setObjectName("cardTitle")
            overdue_row.addSpacing(16)
            overdue_row.addWidget(value)
            overdue_row.addWidget(caption)
            self.overdue[key] = value
        overdue_row.addStretch(1)
        self.key_group = QLabel("")
        self.key_group.setObjectName("cardNote")
        overdue_row.addWidget(self.key_group)
        outer.addWidget(overdue_box)

        charts = QHBoxLayout()
        self.weeks_chart = LineChart(self.tr("Visits per week, last 12 weeks"))
        self.types_chart = BarChart(self.tr("Disputes accepted this month, by type"))
        charts.addWidget(self.weeks_chart, 3)
        charts.addWidget(self.types_chart, 2)
        outer.addLayout(charts, 1)

    def title(self) -> str:
        return self.tr("Dashboard")

    def icon_name(self) -> str:
        return "dashboard"

    # -- loading ---------------------------------------------------------------

    def _on_data_changed(self, table: str) -> None:
        if table in self.tables:
            self.stale = True
            super()._on_data_changed(table)

    def _reload_clicked(self) -> None:
        self.stale = True
        self.ctx.spawn(self.refresh())

    async def refresh(self) -> None:
        # One computation at a time: a second caller waits for the first,
        # then finds the numbers fresh (or stale again, and recomputes).
        async with self.lock:
            today = date.today()
            if self.board is not None and not self.stale and self.loaded_on == today:
                return
            self.stale = False
            self.status.setText(self.tr("Working out the numbers…"))
            self.reload.setEnabled(False)
            scope = self.ctx.user.scope
            try:
                board = await self.ctx.bg.read(
                    lambda conn: dashboard.load(conn, scope=scope, today=today)
                )
            except BaseException:
                self.stale = True
                raise
            finally:
                self.reload.setEnabled(True)
                self.status.setText("")
            self.board, self.loaded_on = board, today
            self.show_board(board)

    # -- showing ---------------------------------------------------------------

    def _day(self, day: date) -> str:
        return self.qlocale.toString(QDate(day.year, day.month, day.day), "M/d")

    def _number(self, value: int) -> str:
        return self.qlocale.toString(value)

    def show_board(self, board: Dashboard) -> None:
        self.period_label.setText(
            self.tr("This month (%1 to %2) compared with last month (%3 to %4)")
            .replace("%1", self._day(board.this_month.start))
            .replace("%2", self._day(board.today))
            .replace("%3", self._day(board.last_month.start))
            .replace("%4", self._day(board.last_month.end))
        )
        for figure in board.figures:
            card = self.cards[figure.key]
            card.value.setText(self._number(figure.this_month))
            change = figure.change
            arrow = "▲" if change > 0 else "▼" if change < 0 else "＝"
            card.note.setText(
                self.tr("Last month %1  %2 %3")
                .replace("%1", self._number(figure.last_month))
                .replace("%2", arrow)
                .replace("%3", self._number(abs(change)))
            )
        for key, label in self.overdue.items():
            count = int(getattr(board.overdue, key))
            label.setText(self._number(count))
            label.setObjectName("overdueValue" if count else "overdueZero")
            label.style().unpolish(label)
            label.style().polish(label)
        if board.key_group_rate is None:
            self.key_group.setText("")
        else:
            self.key_group.setText(
                self.tr("Key groups visited as required this month: %1 of %2 persons")
                .replace("%1", f"{board.key_group_rate:.0%}")
                .replace("%2", self._number(board.key_group_persons))
            )
        week_labels = [self._day(w.monday) for w in board.weeks]
        week_labels[-1] = self.tr("This week")
        self.weeks_chart.set_data(week_labels, [w.count for w in board.weeks])
        self.types_chart.set_data(
            [t.label(self.ctx.lang) for t in board.disputes_by_type],
            [t.count for t in board.disputes_by_type],
        )
        self.weeks_chart.setToolTip(
            self.tr("Each point is one week, labelled with its Monday.")
            + "\n"
            + self.weeks_chart.toolTip()
        )
        self.scope_label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
