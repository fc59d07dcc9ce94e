"""One dashboard section: a heading, a chart (QtCharts) and the same numbers in a table.

The chart is for the eye; the table beside it holds every figure the chart shows, with column headers, so
a screen reader (and a keyboard) reaches all of it. The chart view itself takes no focus.
"""

from __future__ import annotations

from PySide6.QtCharts import QAbstractBarSeries, QChart, QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

CHART_LINES = 16  # the chart's height in lines of text, so it grows with the text size


class ChartTable(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.chart_view = QChartView()
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.chart_view.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table is the way in
        self.chart_view.setMinimumHeight(self.fontMetrics().height() * CHART_LINES)
        self.chart_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        body = QHBoxLayout()
        body.addWidget(self.chart_view, 3)
        body.addWidget(self.table, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(body)

    def show_section(self, title: str, headers: list[str], rows: list[list[str]], chart: QChart,
                     description: str = "") -> None:
        """Show ``chart`` and its figures: ``rows`` of display text under ``headers``."""
        self.heading.setText(title)
        self.model.clear()
        self.model.setHorizontalHeaderLabels(headers)
        for cells in rows:
            items = [QStandardItem(text) for text in cells]
            for number in items[1:]:
                number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)
        old = self.chart_view.chart()
        chart.setTitle(title)
        sets = sum(series.count() for series in chart.series() if isinstance(series, QAbstractBarSeries))
        chart.legend().setVisible(sets > 1)  # the series named beside the chart, never by colour alone
        self.chart_view.setChart(chart)  # the view owns the chart from here on
        if old is not None and old is not chart:
            old.deleteLater()
        self.table.setAccessibleName(title)
        self.chart_view.setAccessibleName(title)
        self.chart_view.setAccessibleDescription(description)
