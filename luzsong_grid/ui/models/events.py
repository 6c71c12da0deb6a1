"""Item models of the Events page: the event list (urgency as a colour chip,
overdue deadlines in red) and one event's step history."""

from __future__ import annotations

from PySide6.QtCore import QObject

from luzsong_grid.domain import workflow
from luzsong_grid.ui.models.disputes import OVERDUE, Column, RecordTableModel, moment
from luzsong_grid.views.events import EventRow, EventStepRow

URGENCY_COLORS = {"red": "#d32f2f", "yellow": "#f9a825", "blue": "#1976d2"}
URGENCY_TEXT = {"red": "#ffffff", "yellow": "#1f1f1f", "blue": "#ffffff"}


def urgency_label(urgency: str, lang: str) -> str:
    hours = workflow.URGENCY_HOURS.get(urgency)
    name = workflow.label(urgency, lang) if urgency in workflow.URGENCY_HOURS else urgency
    return f"{name} {hours}h" if hours else name


class EventListModel(RecordTableModel):
    GRID_COLUMN = 8

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        self.lang = lang
        super().__init__(parent)

    def make_columns(self) -> list[Column]:
        def deadline(row: EventRow) -> str:
            return moment(row.deadline) + (" " + self.tr("overdue") if row.overdue else "")

        return [
            Column(self.tr("Reported"), lambda r: moment(r.reported_at)),
            Column(
                self.tr("Urgency"),
                lambda r: urgency_label(r.urgency, self.lang),
                color=lambda r: URGENCY_TEXT.get(r.urgency),
                background=lambda r: URGENCY_COLORS.get(r.urgency),
                bold=lambda r: True,
            ),
            Column(self.tr("Category"), lambda r: r.category_name),
            Column(self.tr("Item"), lambda r: r.item_name),
            Column(self.tr("Department"), lambda r: r.department_name),
            Column(self.tr("Status"), lambda r: workflow.label(r.status, self.lang)),
            Column(
                self.tr("Deadline"),
                deadline,
                color=lambda r: OVERDUE if r.overdue else None,
                bold=lambda r: r.overdue,
            ),
            Column(
                self.tr("Supervised"),
                lambda r: self.tr("Supervised") if r.supervised else "",
                color=lambda r: OVERDUE if r.supervised else None,
            ),
            Column(self.tr("Grid"), lambda r: r.grid_name),
            Column(self.tr("Event no."), lambda r: r.event_no),
        ]


class EventStepModel(RecordTableModel):
    """Every move and action on one event, oldest first."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        self.lang = lang
        super().__init__(parent)

    def change(self, row: EventStepRow) -> str:
        if row.action:
            return workflow.label(row.action, self.lang)
        to = workflow.label(row.to_status, self.lang)
        if not row.from_status:
            return to
        return f"{workflow.label(row.from_status, self.lang)} → {to}"

    def make_columns(self) -> list[Column]:
        return [
            Column(self.tr("When"), lambda r: moment(r.at)),
            Column(self.tr("By"), lambda r: r.by),
            Column(
                self.tr("Change"),
                self.change,
                color=lambda r: OVERDUE if r.action == "supervise" else None,
                bold=lambda r: bool(r.action),
            ),
            Column(self.tr("Department"), lambda r: r.department_name),
            Column(self.tr("Note"), lambda r: r.note),
        ]
