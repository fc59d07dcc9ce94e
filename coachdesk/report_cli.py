"""``coachdesk report indicators|plan`` and ``coachdesk export participants|access``: the funder's
figures, a participant's action plan, the monthly participant list for Statistics Sweden and everything
held on a participant (right of access), from the command line.

Everything the user typed is checked before the vault is unlocked, and the output is written whole or not
at all, so a mistake leaves nothing behind. Errors are ``CoachDeskError`` sentences that ``cli.main``
prints without a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def cmd_report_plan(args: argparse.Namespace) -> int:
    from coachdesk.cli import _passphrase
    from coachdesk.documents import plan
    from coachdesk.reports.output import check_writable, write_atomically
    from coachdesk.services.templates import TemplateLibrary
    from coachdesk.unlock import unlock_vault

    language = plan.check_language(args.lang) if args.lang else None
    out = Path(args.out)
    check_writable(out)
    folder = resolve_data_dir(args.data_dir)
    templates = TemplateLibrary.for_data_dir(folder)
    store, _timings = unlock_vault(folder, _passphrase(_("Passphrase: ")))
    try:
        action_plan = plan.gather(store, args.participant, templates=templates)
        language = language or plan.participant_language(action_plan.participant)
        data = plan.plan_pdf(action_plan, language, today=dt.date.today())
        plan.record_exported(store, args.participant)  # first: no file leaves without its trace
        write_atomically(out, data)
    finally:
        store.close()
    print(_("Wrote the action plan ({languages}) to {path}.").format(  # noqa: T201
        languages=" + ".join(plan.languages_of(language)), path=out))
    return 0


def cmd_export_access(args: argparse.Namespace) -> int:
    from coachdesk.cli import _passphrase
    from coachdesk.documents import access_report, plan
    from coachdesk.reports.output import check_writable, write_atomically
    from coachdesk.services import subject_access
    from coachdesk.unlock import unlock_vault

    language = plan.check_language(args.lang) if args.lang else plan.SWEDISH
    out = Path(args.out)
    check_writable(out)
    store, _timings = unlock_vault(resolve_data_dir(args.data_dir), _passphrase(_("Passphrase: ")))
    try:
        held = subject_access.gather(store, args.participant)
        data = (subject_access.to_json(held) if args.format == "json"
                else access_report.access_pdf(held, language))
        subject_access.record_exported(store, args.participant, args.format)
        write_atomically(out, data)
    finally:
        store.close()
    print(_("Wrote everything held on the participant to {path}.").format(path=out))  # noqa: T201
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

    plan = leaf(reports, "plan", cmd_report_plan,
                _("a participant's action plan as PDF, in their language followed by Swedish"))
    plan.add_argument("--participant", required=True, metavar="ID", help=_("the participant's id"))
    plan.add_argument("--lang", metavar="LANG",
                      help=_("the document's language, such as ar or ti (default: the participant's "
                             "interpreter or primary language); any language but Swedish is followed by "
                             "the Swedish version"))

    export = commands.add_parser("export", help=_("lists for other systems"))
    exports = export.add_subparsers(title=_("exports"), metavar="EXPORT", required=True)
    participants = leaf(exports, "participants", cmd_export_participants,
                        _("the participant list for Statistics Sweden and the ESF (see docs/exports.md)"))
    participants.add_argument("--format", choices=("csv",), default="csv", help=_("csv"))
    participants.add_argument("--month", metavar="YYYY-MM",
                              help=_("only participants in a programme during this month"))
    access = leaf(exports, "access", cmd_export_access,
                  _("everything held on a participant (GDPR right of access) as PDF or JSON"))
    access.add_argument("--participant", required=True, metavar="ID", help=_("the participant's id"))
    access.add_argument("--format", choices=("pdf", "json"), default="pdf", help=_("pdf or json"))
    access.add_argument("--lang", metavar="LANG", help=_("the PDF's language (default: Swedish)"))
    return reports
