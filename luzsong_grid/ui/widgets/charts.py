"""Two small charts drawn with QPainter (QtCharts is not in PySide6-Essentials).

:class:`BarChart` draws horizontal bars (long Chinese labels read well on
the left), :class:`LineChart` a line with a dot and a value per point (a
series over time). Both take plain labels and whole numbers, draw in the
app's palette and say "No data" when there is nothing to draw.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#2f5d94")
LINE = QColor("#2f5d94")
AXIS = QColor("#c4ccd6")
TEXT = QColor("#333333")
MUTED = QColor("#6b7785")


class Chart(QWidget):
    """A titled chart of ``labels`` against whole-number ``values``."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.labels: list[str] = []
        self.values: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(260, 180)

    def set_title(self, title: str) -> None:
        self._title = title
        self.setAccessibleName(title)
        self.update()

    def title(self) -> str:
        return self._title

    def set_data(self, labels: Sequence[str], values: Sequence[int]) -> None:
        if len(labels) != len(values):
            raise ValueError("labels and values differ in length")
        self.labels = list(labels)
        self.values = [int(v) for v in values]
        self.setToolTip("\n".join(f"{lab}: {val}" for lab, val in zip(labels, values, strict=True)))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 240)

    def empty_text(self) -> str:
        return QCoreApplication.translate("Chart", "No data")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        font = painter.font()
        title_font = painter.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(TEXT)
        title_height = QFontMetrics(title_font).height() + 8
        painter.drawText(
            QRectF(8, 4, self.width() - 16, title_height),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self._title,
        )
        painter.setFont(font)
        area = QRectF(8, 4 + title_height, self.width() - 16, self.height() - title_height - 12)
        if not self.values or max(self.values) <= 0:
            painter.setPen(MUTED)
            painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter), self.empty_text())
        else:
            self.draw(painter, area)
        painter.end()

    def draw(self, painter: QPainter, area: QRectF) -> None:
        raise NotImplementedError


class BarChart(Chart):
    """Horizontal bars, one row per label, the value at the end of its bar."""

    def sizeHint(self) -> QSize:
        rows = max(len(self.values), 4)
        return QSize(420, 40 + rows * (QFontMetrics(self.font()).height() + 6))

    def draw(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetrics(painter.font())
        label_width = min(
            max(metrics.horizontalAdvance(label) for label in self.labels) + 12,
            area.width() * 0.45,
        )
        value_width = metrics.horizontalAdvance(str(max(self.values))) + 10
        bar_space = max(area.width() - label_width - value_width, 10.0)
        row_height = min(area.height() / len(self.values), metrics.height() + 14)
        top = max(self.values)
        for n, (label, value) in enumerate(zip(self.labels, self.values, strict=True)):
            y = area.top() + n * row_height
            painter.setPen(TEXT)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_width - 12))
            painter.drawText(
                QRectF(area.left(), y, label_width - 8, row_height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                shown,
            )
            width = bar_space * value / top
            bar = QRectF(area.left() + label_width, y + row_height * 0.2, width, row_height * 0.6)
            painter.fillRect(bar, BAR)
            painter.drawText(
                QRectF(bar.right() + 4, y, value_width, row_height),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                str(value),
            )


class LineChart(Chart):
    """A line through the values, a dot and the value at each point, the
    labels underneath (thinned out when they would overlap)."""

    def draw(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetrics(painter.font())
        label_height = metrics.height() + 4
        plot = QRectF(
            area.left() + 6,
            area.top() + metrics.height() + 2,
            area.width() - 12,
            area.height() - label_height - metrics.height() - 4,
        )
        top = max(self.values)
        count = len(self.values)
        step = plot.width() / max(count - 1, 1)
        points = [
            QPointF(
                plot.left() + (n * step if count > 1 else plot.width() / 2),
                plot.bottom() - plot.height() * value / top,
            )
            for n, value in enumerate(self.values)
        ]
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        painter.setPen(QPen(LINE, 2))
        for a, b in itertools.pairwise(points):
            painter.drawLine(a, b)
        widest = max(metrics.horizontalAdvance(label) for label in self.labels) + 8
        every = max(1, int(widest // step) + 1) if count > 1 else 1
        for n, (point, value) in enumerate(zip(points, self.values, strict=True)):
            painter.setPen(QPen(LINE, 2))
            painter.setBrush(QColor("white"))
            painter.drawEllipse(point, 3.5, 3.5)
            painter.setPen(TEXT)
            text = str(value)
            w = metrics.horizontalAdvance(text)
            painter.drawText(QPointF(point.x() - w / 2, point.y() - 6), text)
            if (count - 1 - n) % every == 0:  # keep the latest label
                painter.setPen(MUTED)
                label = self.labels[n]
                lw = metrics.horizontalAdvance(label)
                x = min(max(point.x() - lw / 2, area.left()), area.right() - lw)
                painter.drawText(QPointF(x, plot.bottom() + metrics.ascent() + 4), label)
