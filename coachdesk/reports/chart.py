"""A table drawn as a grouped bar chart: one group per row, one bar per gender, with a legend."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart  # type: ignore[import-untyped]
from reportlab.graphics.charts.legends import Legend  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing, String  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]

from coachdesk.i18n import _
from coachdesk.reports import labels
from coachdesk.reports.tables import GENDERS, Table, number

# Distinguishable in greyscale and for the common colour-vision deficiencies (Okabe-Ito palette).
_COLOURS = (colors.HexColor("#0072B2"), colors.HexColor("#E69F00"), colors.HexColor("#009E73"),
            colors.HexColor("#999999"))
WIDTH, HEIGHT = 480, 230


def _short(label: str, limit: int = 18) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(table: Table, *, font: str) -> Drawing:
    rows = table.body
    drawing = Drawing(WIDTH, HEIGHT)
    drawing.add(String(0, HEIGHT - 12, _(labels.CHART_TITLE).format(title=table.title), fontName=font,
                       fontSize=9))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 50, WIDTH - 150, HEIGHT - 80
    chart.data = [[number(row.by_gender.get(gender, 0), table.unit) for row in rows] for gender in GENDERS]
    chart.categoryAxis.categoryNames = [_short(row.label) for row in rows]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.barSpacing = 1
    chart.groupSpacing = 6
    for index, colour in enumerate(_COLOURS):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = WIDTH - 100, HEIGHT - 40
    legend.fontName, legend.fontSize = font, 8
    legend.alignment = "right"
    legend.columnMaximum = len(GENDERS)
    legend.colorNamePairs = [(colour, _(labels.GENDER[gender])) for colour, gender in zip(
        _COLOURS, GENDERS, strict=True)]
    drawing.add(legend)
    return drawing
