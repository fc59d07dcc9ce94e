"""``coachdesk report indicators`` and ``coachdesk export participants``: the funder's figures and the
monthly participant list for Statistics Sweden, from the command line.

Everything the user typed is checked before the vault is unlocked, and the output is written whole or not
at all, so a mistake leaves nothing behind. Errors are ``CoachDeskError`` sentences that ``cli.main``
prints without a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from coachdesk.i18n import _
from coachdesk.paths import data_dir as resolve_data_dir

_FORMATS = ("pdf", "xlsx", "csv")


def cmd_report_indicators(args: argparse.Namespace) -> int:
    from coachdesk.cli import _passphrase
    from coachdesk.reports.output import check_writable, write_atomically
    from coachdesk.reports.period import Period
    from coachdesk.reports.report import RENDERERS, Format, indicator_report, record_generated
    from coachdesk.unlock import unlock_vault

    period = Period.parse(args.start, args.end)
    out = Path(args.out)
    check_writable(out)
    store, _timings = unlock_vault(resolve_data_dir(args.data_dir), _passphrase(_("Passphrase: ")))
    try:
        kind = Format(args.format)
        data = RENDERERS[kind](indicator_report(store, period))
        record_generated(store, kind)  # first: no file leaves the vault without its trace
        write_atomically(out, data)
    finally:
        store.close()
    print(_("Wrote the indicator report for {start} – {end} to {path}.").format(  # noqa: T201
        start=period.first.isoformat(), end=period.last.isoformat(), path=out))
    return 0


def cmd_export_participants(args: argparse.Namespace) -> int:
    from coachdesk.cli import _passphrase
    from coachdesk.reports import participant_list
    from coachdesk.reports.output import check_writable, write_atomically
    from coachdesk.reports.period import month_period
    from coachdesk.unlock import unlock_vault

    month = month_period(args.month) if args.month else None
    out = Path(args.out)
    check_writable(out)
    store, _timings = unlock_vault(resolve_data_dir(args.data_dir), _passphrase(_("Passphrase: ")))
    try:
        rows = participant_list.participant_list(store, month=month)
        data = participant_list.render(rows, month=args.month.strip() if args.month else None)
        participant_list.record_exported(store)
        write_atomically(out, data)
    finally:
        store.close()
    flagged = sum(1 for row in rows if row.flags)
    print(_("Wrote {count} participants to {path}; {flagged} flagged for a missing or invalid "  # noqa: T201
            "identity number or birth date.").format(count=len(rows), path=out, flagged=flagged))
    return 0


def register(commands: Any) -> Any:
    """Add ``report`` and ``export`` to the ``coachdesk`` parser; returns the ``report`` subcommands so
    other reports can join them."""

    def leaf(group: Any, name: str, func: Any, text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = group.add_parser(name, help=text, description=text)
        sub.add_argument("--data-dir", default=argparse.SUPPRESS, help=_("folder of the vault"))
        sub.add_argument("--out", required=True, metavar="FILE", help=_("the file to write"))
        sub.set_defaults(func=func)
        return sub

    report = commands.add_parser("report", help=_("reports from the vault's records"))
    reports = report.add_subparsers(title=_("reports"), metavar="REPORT", required=True)
    indicators = leaf(reports, "indicators", cmd_report_indicators,
                      _("the funder's indicators for a period, split by gender"))
    indicators.add_argument("--from", dest="start", required=True, metavar="DATE",
                            help=_("first day of the period, YYYY-MM-DD"))
    indicators.add_argument("--to", dest="end", required=True, metavar="DATE",
                            help=_("last day of the period, YYYY-MM-DD (both days are inside it)"))
    indicators.add_argument("--format", choices=_FORMATS, default="pdf", help=_("pdf, xlsx or csv"))

    export = commands.add_parser("export", help=_("lists for other systems"))
    exports = export.add_subparsers(title=_("exports"), metavar="EXPORT", required=True)
    participants = leaf(exports, "participants", cmd_export_participants,
                        _("the participant list for Statistics Sweden and the ESF (see docs/exports.md)"))
    participants.add_argument("--format", choices=("csv",), default="csv", help=_("csv"))
    participants.add_argument("--month", metavar="YYYY-MM",
                              help=_("only participants in a programme during this month"))
    return reports
