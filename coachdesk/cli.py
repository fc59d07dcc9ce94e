"""The ``coachdesk`` command: the desktop app, and vault tasks for automation and supervisors.

Passphrases come from an interactive prompt, or from ``COACHDESK_PASSPHRASE`` when scripted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence

from sqlalchemy.exc import DatabaseError

from coachdesk import i18n
from coachdesk.errors import CoachDeskError, ValidationError, WrongPassphraseError
from coachdesk.i18n import _
from coachdesk.paths import data_dir as resolve_data_dir
from coachdesk.report_cli import register as register_reports
from coachdesk.unlock import create_vault, unlock_vault
from coachdesk.vault import Vault, check_passphrase

ENV_PASSPHRASE = "COACHDESK_PASSPHRASE"  # noqa: S105 - the name of a variable, not a secret
ENV_NEW_PASSPHRASE = "COACHDESK_NEW_PASSPHRASE"  # noqa: S105
ENV_PASSWORD = "COACHDESK_PASSWORD"  # noqa: S105 - the sync server account's password


def _passphrase(prompt: str, *, env: str = ENV_PASSPHRASE, confirm: bool = False) -> str:
    from_env = os.environ.get(env)
    if from_env is not None:
        return from_env
    if not sys.stdin.isatty():
        raise CoachDeskError(_("No passphrase: type it at the prompt or set {name}.").format(name=env))
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise CoachDeskError(_("The two passphrases differ. Nothing was changed."))
    return first


def cmd_init(args: argparse.Namespace) -> int:
    directory = resolve_data_dir(args.data_dir)
    if Vault(directory).exists():
        raise CoachDeskError(_("A vault already exists in this folder."))
    passphrase = _passphrase(_("New passphrase: "), confirm=True)
    check_passphrase(passphrase)  # before the second prompt's work: nothing is written either way
    store = create_vault(directory, passphrase)
    store.close()
    print(_("Created an encrypted vault in {folder}.").format(folder=directory))
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    vault = Vault(resolve_data_dir(args.data_dir))
    old = _passphrase(_("Current passphrase: "))
    new = _passphrase(_("New passphrase: "), env=ENV_NEW_PASSPHRASE, confirm=True)
    check_passphrase(new)  # before the slow unlock of the old one
    vault.change_passphrase(old, new)
    print(_("The passphrase was changed."))
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    from coachdesk.services.synthetic import generate

    if args.participants < 1:
        raise CoachDeskError(_("Give a number of participants of at least 1."))
    if args.per_coach < 1:
        raise CoachDeskError(_("Give a number of participants per coach of at least 1."))
    store, _timings = unlock_vault(resolve_data_dir(args.data_dir), _passphrase(_("Passphrase: ")))
    try:
        summary = generate(store, participants=args.participants, seed=args.seed,
                           participants_per_coach=args.per_coach)
    finally:
        store.close()
    print(_("Added {participants} participants, {employers} employers and {activities} activities.")
          .format(participants=summary.participants, employers=summary.employers,
                  activities=summary.activities))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from coachdesk.services.integrity import check

    store, _timings = unlock_vault(resolve_data_dir(args.data_dir), _passphrase(_("Passphrase: ")))
    try:
        report = check(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, sort_keys=True))
    else:
        print(_("SQLCipher {version}, schema revision {revision}.").format(
            version=report.cipher_version, revision=report.schema_revision))
        width = max(map(len, report.counts))
        for table, count in report.counts.items():
            print(f"  {table:<{width}}  {count:>9}")
        print(_("The vault is intact.") if report.ok else
              _("The vault is damaged: {count} problems found. Restore it from a backup.").format(
                  count=len(report.problems)))
    return 0 if report.ok else 1


def cmd_agenda(args: argparse.Namespace) -> int:
    from coachdesk.agenda_text import render
    from coachdesk.models import User
    from coachdesk.services.agenda import AgendaService
    from coachdesk.services.calendar import IsoWeek

    week = IsoWeek.parse(args.week) if args.week else IsoWeek.of(dt.date.today())
    store, _timings = unlock_vault(resolve_data_dir(args.data_dir), _passphrase(_("Passphrase: ")))
    try:
        service = AgendaService(store)
        if args.office:
            coach_id, who = None, _("the whole office")
        else:
            with store.session() as session:
                owner = session.get(User, store.user_id)
            coach = service.find_coach(args.coach) if args.coach else owner
            assert coach is not None
            coach_id, who = coach.id, coach.display_name
        agenda = service.week(week, coach_id=coach_id)
    finally:
        store.close()
    print(render(agenda, who=who))
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from coachdesk.services.templates import OFFICE_FOLDER, TemplateLibrary

    directory = resolve_data_dir(args.data_dir)
    library = TemplateLibrary.for_data_dir(directory)  # a broken file raises TemplateError: exit 1
    for template in library.templates():
        length = template.length_weeks
        weeks = str(length.min) if length.min == length.max else f"{length.min}-{length.max}"
        print(_("{id}: {name}, {weeks} weeks, {phases} phases").format(
            id=template.id, name=template.name.text(), weeks=weeks, phases=len(template.phases)))
    print(_("Office templates are read from {folder}.").format(folder=directory / OFFICE_FOLDER))
    return 0


def cmd_office_settings(args: argparse.Namespace) -> int:
    import dataclasses

    from coachdesk.services import office_settings

    names = ("continuous_intake", "intake_anchor", "intake_every_weeks", "target_weeks", "ending_soon_weeks")
    changes = {name: getattr(args, name) for name in names if getattr(args, name) is not None}
    store, _timings = unlock_vault(resolve_data_dir(args.data_dir), _passphrase(_("Passphrase: ")))
    try:
        current = office_settings.update(store, changes) if changes else office_settings.read(store)
    finally:
        store.close()
    for field in dataclasses.fields(current):
        print(f"{field.name}: {getattr(current, field.name)}")
    return 0


def cmd_login(args: argparse.Namespace) -> int:
    from coachdesk.sync.login import login

    password = _passphrase(_("Password for {user} on the sync server: ").format(user=args.user),
                           env=ENV_PASSWORD)
    store, _timings = unlock_vault(resolve_data_dir(args.data_dir), _passphrase(_("Passphrase: ")))
    try:
        result = login(store, args.server, args.user, password, ca_bundle=args.ca_bundle)
    finally:
        store.close()
    print(_("Signed in to {server} as {user} ({role}).").format(server=args.server, user=result.username,
                                                               role=result.role))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from coachdesk.sync.client import SyncClient

    store, _timings = unlock_vault(resolve_data_dir(args.data_dir), _passphrase(_("Passphrase: ")))
    try:
        summary = SyncClient(store).sync()
    finally:
        store.close()
    print(_("Sent {pushed} changes and received {pulled}.").format(pushed=summary.pushed,
                                                                   pulled=summary.pulled))
    print(_("Conflicts to resolve: {conflicts}. Refused by the server: {rejected}. Still to send: "
            "{pending}.").format(conflicts=summary.conflicts, rejected=summary.rejected,
                                 pending=summary.pending))
    return 0


def cmd_sync_status(args: argparse.Namespace) -> int:
    from coachdesk.sync.session_state import status

    store, _timings = unlock_vault(resolve_data_dir(args.data_dir), _passphrase(_("Passphrase: ")))
    try:
        current = status(store)
    finally:
        store.close()
    if current.server_url is None:
        print(_("Not signed in to a sync server."))
    else:
        print(_("Server: {server}, user: {user}, signed in: {signed_in}.").format(
            server=current.server_url, user=current.username,
            signed_in=_("yes") if current.signed_in else _("no")))
    last = current.last_sync_at.isoformat(sep=" ") + " UTC" if current.last_sync_at else _("never")
    print(_("Last sync: {last}. Changes to send: {pending}. Conflicts to resolve: {conflicts}. "
            "Refused changes: {rejected}.").format(last=last, pending=current.pending_changes,
                                                   conflicts=current.conflicts_waiting,
                                                   rejected=current.rejections))
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    from coachdesk.app import run

    status: int = run(resolve_data_dir(args.data_dir), sys.argv[:1])
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coachdesk", description=_("CoachDesk for job coaches."))
    parser.add_argument("--data-dir", help=_("folder of the vault (default: the platform's data "
                                             "folder, or COACHDESK_DATA_DIR)"))
    parser.set_defaults(func=cmd_app)
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("--data-dir", default=argparse.SUPPRESS, help=_("folder of the vault"))
        sub.set_defaults(func=func)
        return sub

    add("init", cmd_init, _("create a new encrypted vault"))
    add("passwd", cmd_passwd, _("change the vault's passphrase"))
    demo = add("demo-data", cmd_demo_data, _("fill the vault with synthetic participants"))
    demo.add_argument("--participants", type=int, required=True, help=_("how many"))
    demo.add_argument("--seed", type=int, default=1, help=_("random seed (same seed, same data)"))
    demo.add_argument("--per-coach", type=int, default=60,
                      help=_("participants per coach; the vault's owner gets the first ones (default 60)"))
    check = add("check", cmd_check, _("verify the vault and count its rows"))
    check.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    agenda = add("agenda", cmd_agenda,
                 _("print a week's agenda: meetings, overdue items, reviews and follow-ups"))
    office = add("office-settings", cmd_office_settings,
                 _("show or change the office's intake and target-time settings"))
    office.add_argument("--continuous-intake", choices=("yes", "no"),
                        help=_("yes: start any week; no: groups start every few weeks"))
    office.add_argument("--intake-anchor", metavar="DATE", help=_("a date in the first intake week"))
    office.add_argument("--intake-every-weeks", metavar="N", help=_("weeks between group starts"))
    office.add_argument("--target-weeks", metavar="N", help=_("target time in the programme, in weeks"))
    office.add_argument("--ending-soon-weeks", metavar="N", help=_("how early the agenda warns of an end"))
    add("templates", cmd_templates, _("check and list the programme templates, the office's own included"))
    sign_in = add("login", cmd_login, _("sign the vault in to a sync server (password from the prompt or "
                                        "COACHDESK_PASSWORD)"))
    sign_in.add_argument("--server", required=True, help=_("the server's address, https://..."))
    sign_in.add_argument("--user", required=True, help=_("your user name on the server"))
    sign_in.add_argument("--ca-bundle", metavar="PEM",
                         help=_("the office's CA certificates, if it has its own"))
    add("sync", cmd_sync, _("send this vault's changes to the sync server and fetch everyone else's"))
    add("sync-status", cmd_sync_status, _("show whether the vault is signed in and what waits to be synced"))
    register_reports(commands)
    agenda.add_argument("--week", help=_("ISO week such as 2026-W48 (default: this week)"))
    whose = agenda.add_mutually_exclusive_group()
    whose.add_argument("--coach", help=_("a coach's user name or name (default: the vault's owner)"))
    whose.add_argument("--office", action="store_true",
                       help=_("the whole office, as the project leader sees it"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    i18n.set_language(i18n.language_from_env())
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except WrongPassphraseError as exc:
        print(str(exc), file=sys.stderr)
        return 3
    except ValidationError as exc:
        for message in exc.errors.values():
            print(message, file=sys.stderr)
        return 1
    except CoachDeskError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except DatabaseError:
        # The driver's message may quote data; say what it means instead.
        print(_("The database is damaged and cannot be read. Restore it from a backup."),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
