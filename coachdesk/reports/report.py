"""The indicator report end to end: compute on a store, lay out, render in the format asked for, audit."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable

from coachdesk.models.enums import AuditAction
from coachdesk.models.store import Store
from coachdesk.reports import csv_table, pdf, xlsx
from coachdesk.reports.indicators import compute
from coachdesk.reports.layout import build
from coachdesk.reports.period import Period
from coachdesk.reports.tables import IndicatorReport
from coachdesk.services import access, audit


class Format(enum.StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"
    CSV = "csv"


RENDERERS: dict[Format, Callable[[IndicatorReport], bytes]] = {
    Format.PDF: pdf.render,
    Format.XLSX: xlsx.render,
    Format.CSV: csv_table.render,
}


def indicator_report(store: Store, period: Period, *, as_of: dt.date | None = None) -> IndicatorReport:
    """The report's figures, as the vault stands on ``as_of`` (today by default)."""
    access.require_records(store)  # an interpreter's device holds no records to report on
    with store.session() as session:
        cubes = compute(session, period, as_of=as_of or dt.date.today())
    return build(cubes)


def record_generated(store: Store, kind: Format) -> None:
    """The audit trail's note that aggregate figures left the vault: what and when, never a value."""
    with store.session() as session, session.begin():
        audit.record(session, actor_id=store.user_id, action=AuditAction.GENERATE,
                     entity=f"indicator_report_{kind.value}", entity_id=None)
