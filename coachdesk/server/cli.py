"""The ``coachdesk-server`` command: set up the database, manage offices, users and devices, serve.

Passwords come from a prompt, or from ``COACHDESK_ADMIN_PASSWORD`` (init) and ``COACHDESK_USER_PASSWORD``
(user add, user password) when scripted. The database is ``--database-url`` (or
``COACHDESK_DATABASE_URL``), else a SQLite file in ``--data-dir`` (or ``COACHDESK_SERVER_DATA_DIR``).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from coachdesk import i18n
from coachdesk.i18n import _, ngettext
from coachdesk.server import accounts, db, logs
from coachdesk.server.context import ServerContext
from coachdesk.server.errors import AdminError
from coachdesk.server.passwords import Passwords
from coachdesk.server.settings import ENV_DATA_DIR, ENV_DATABASE_URL, Settings, resolve

ENV_ADMIN_PASSWORD = "COACHDESK_ADMIN_PASSWORD"  # noqa: S105 - the name of a variable, not a secret
ENV_USER_PASSWORD = "COACHDESK_USER_PASSWORD"  # noqa: S105
INIT_COMMAND = "coachdesk-server init"


def _out(text: str) -> None:
    print(text)  # noqa: T201 - a command-line tool prints


def _err(text: str) -> None:
    print(text, file=sys.stderr)  # noqa: T201


def _password(env: str, prompt: str) -> str:
    from_env = os.environ.get(env)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise AdminError(_("No password: type it at the prompt or set {name}.").format(name=env))
    first = getpass.getpass(prompt)
    if getpass.getpass(_("Repeat the password: ")) != first:
        raise AdminError(_("The two passwords differ. Nothing was changed."))
    return first


def _settings(args: argparse.Namespace) -> Settings:
    settings = resolve(data_dir=args.data_dir, database_url=args.database_url)
    try:
        make_url(settings.database_url)
    except ArgumentError:
        raise AdminError(_("The database URL is not valid: use {postgresql} or {sqlite}.").format(
            postgresql="postgresql+psycopg://USER:PASSWORD@HOST/DB", sqlite="sqlite:///PATH")) from None
    return settings


def _not_set_up() -> AdminError:
    return AdminError(_("The server database is not set up yet: run `{command}` first.").format(
        command=INIT_COMMAND))


def _context(settings: Settings, *, migrated: bool = True) -> ServerContext:
    database = make_url(settings.database_url).database if settings.is_sqlite else None
    if migrated and database and not Path(database).exists():
        # Opening would create an empty file: a mistyped folder should not leave one behind.
        raise _not_set_up()
    engine = db.make_engine(settings)
    if migrated:
        current = db.current_revision(engine)
        if current != db.head_revision():
            engine.dispose()
            if current is None:
                raise _not_set_up()
            raise AdminError(_("The server database is at schema {current}, this version needs {head}: "
                               "run `{command}` to upgrade it.").format(
                current=current, head=db.head_revision(), command=INIT_COMMAND))
    return ServerContext(settings=settings, engine=engine, passwords=Passwords(settings.password))


def _with_context(args: argparse.Namespace, work: Callable[[ServerContext], int]) -> int:
    ctx = _context(_settings(args))
    try:
        return work(ctx)
    finally:
        ctx.engine.dispose()


# --- commands ------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings.data_dir is not None and settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    ctx = _context(settings, migrated=False)
    try:
        before = db.current_revision(ctx.engine)
        db.upgrade(ctx.engine)
        head = db.head_revision()
        if before is None:
            done = _("Server database at schema {revision} (created).")
        elif before != head:
            done = _("Server database at schema {revision} (upgraded).")
        else:
            done = _("Server database at schema {revision}.")
        _out(done.format(revision=head))
        if accounts.has_admin(ctx):
            _out(_("An administrator exists already; nothing else to do."))
            return 0
        password = _password(ENV_ADMIN_PASSWORD, _("Password for the first administrator: "))
        view = accounts.add_user(ctx, username=args.admin, password=password, role="admin", office=None)
        _out(_("Created the administrator {username}.").format(username=repr(view.username)))
        return 0
    finally:
        ctx.engine.dispose()


def cmd_migrate(args: argparse.Namespace) -> int:
    ctx = _context(_settings(args), migrated=False)
    try:
        db.upgrade(ctx.engine)
        _out(_("Server database at schema {revision}.").format(revision=db.head_revision()))
        return 0
    finally:
        ctx.engine.dispose()


def cmd_office_add(args: argparse.Namespace) -> int:
    def work(ctx: ServerContext) -> int:
        office_id = accounts.add_office(ctx, args.name, args.municipality)
        _out(_("Added the office {name} ({id}).").format(name=repr(args.name.strip()), id=office_id))
        return 0
    return _with_context(args, work)


def cmd_office_list(args: argparse.Namespace) -> int:
    def work(ctx: ServerContext) -> int:
        for office in accounts.list_offices(ctx):
            users = ngettext("({count} user)", "({count} users)", office.users).format(count=office.users)
            _out(f"{office.id}  {office.name}  {users}")
        return 0
    return _with_context(args, work)


def cmd_user_add(args: argparse.Namespace) -> int:
    def work(ctx: ServerContext) -> int:
        accounts.parse_role(args.role)  # before the password prompt
        name = accounts.normalise_username(args.username)
        password = _password(ENV_USER_PASSWORD, _("Password for {username}: ").format(username=name))
        view = accounts.add_user(ctx, username=args.username, password=password, role=args.role,
                                 office=args.office, display_name=args.display_name)
        if view.office_name:
            done = _("Added the user {username} with the role {role} to the office {office}.")
        else:
            done = _("Added the user {username} with the role {role}.")
        _out(done.format(username=repr(view.username), role=view.role, office=repr(view.office_name)))
        return 0
    return _with_context(args, work)


def cmd_user_list(args: argparse.Namespace) -> int:
    def work(ctx: ServerContext) -> int:
        for user in accounts.list_users(ctx, args.office):
            state = "  " + _("(disabled)") if user.disabled else ""
            _out(f"{user.username:<24} {user.role:<12} {user.office_name or '-':<24} {user.id}{state}")
        return 0
    return _with_context(args, work)


def cmd_user_role(args: argparse.Namespace) -> int:
    def work(ctx: ServerContext) -> int:
        view = accounts.set_role(ctx, args.username, args.role, args.office)
        if view.office_name:
            done = _("{username} now has the role {role} in the office {office}.")
        else:
            done = _("{username} now has the role {role}.")
        _out(done.format(username=repr(view.username), role=view.role, office=repr(view.office_name)))
        return 0
    return _with_context(args, work)


def cmd_user_disable(args: argparse.Namespace) -> int:
    def work(ctx: ServerContext) -> int:
        view = accounts.set_disabled(ctx, args.username, True)
        _out(_("Disabled {username}: every device of theirs is refused from now on.").format(
            username=repr(view.username)))
        return 0
    return _with_context(args, work)


def cmd_user_enable(args: argparse.Namespace) -> int:
    def work(ctx: ServerContext) -> int:
        view = accounts.set_disabled(ctx, args.username, False)
        _out(_("Enabled {username}.").format(username=repr(view.username)))
        return 0
    return _with_context(args, work)


def cmd_user_password(args: argparse.Namespace) -> int:
    def work(ctx: ServerContext) -> int:
        name = accounts.normalise_username(args.username)
        accounts.set_password(ctx, name, _password(ENV_USER_PASSWORD,
                                                   _("New password for {username}: ").format(username=name)))
        _out(_("Changed the password of {username}.").format(username=repr(name)))
        return 0
    return _with_context(args, work)


def cmd_device_list(args: argparse.Namespace) -> int:
    def work(ctx: ServerContext) -> int:
        found = accounts.list_devices(ctx, args.user)
        states = {device.id: _("revoked") if device.revoked_at else _("active") for device in found}
        width = max((len(state) for state in states.values()), default=0)
        for device in found:
            seen = (device.last_seen_at.isoformat(timespec="minutes") if device.last_seen_at
                    else _("never"))
            last_seen = _("last seen {time}").format(time=seen)
            state = states[device.id]
            _out(f"{device.id}  {device.username:<24} {state:<{width}} {last_seen}  {device.name}")
        return 0
    return _with_context(args, work)


def cmd_device_revoke(args: argparse.Namespace) -> int:
    def work(ctx: ServerContext) -> int:
        device = accounts.revoke_device(ctx, args.device_id)
        _out(_("Revoked the device {device} of {username}: it is refused from now on.").format(
            device=device.id, username=repr(device.username)))
        return 0
    return _with_context(args, work)


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory`` worker processes (``serve --workers N``)."""
    from coachdesk.server.app import create_app

    logs.configure(os.environ.get("COACHDESK_LOG_LEVEL", "info"))
    return create_app(resolve())


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    _context(settings).engine.dispose()  # refuse to start on a database that is not set up
    logs.configure(args.log_level)
    options: dict[str, Any] = {
        "host": args.host, "port": args.port, "log_config": None, "access_log": False,
        "proxy_headers": True, "ssl_certfile": args.ssl_certfile, "ssl_keyfile": args.ssl_keyfile,
        "ws": "none", "server_header": False, "timeout_keep_alive": args.keep_alive,
    }
    if args.workers > 1:
        # Stateless processes over one database: each builds its app from the environment.
        os.environ[ENV_DATABASE_URL] = settings.database_url
        if settings.data_dir is not None:
            os.environ[ENV_DATA_DIR] = str(settings.data_dir)
        os.environ["COACHDESK_LOG_LEVEL"] = args.log_level
        uvicorn.run("coachdesk.server.cli:app_from_env", factory=True, workers=args.workers, **options)
    else:
        from coachdesk.server.app import create_app

        uvicorn.run(create_app(settings), **options)
    return 0


# --- the parser ----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coachdesk-server", description=_("The CoachDesk sync server."))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS,
                        help=_("server data folder (default: {variable} or the platform's data folder)")
                        .format(variable=ENV_DATA_DIR))
    common.add_argument("--database-url", default=argparse.SUPPRESS,
                        help=_("SQLAlchemy URL, e.g. {example} (default: {variable}, else a SQLite file in "
                               "the data folder)").format(example="postgresql+psycopg://USER:PASSWORD@HOST/DB",
                                                          variable=ENV_DATABASE_URL))
    parser.add_argument("--data-dir", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default=None, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND", required=True)

    def add(group: Any, name: str, func: Callable[[argparse.Namespace], int], text: str) -> Any:
        sub = group.add_parser(name, help=text, description=text, parents=[common])
        sub.set_defaults(func=func)
        return sub

    def group(name: str, text: str) -> Any:
        sub = commands.add_parser(name, help=text, description=text)
        return sub.add_subparsers(title=_("commands"), metavar="COMMAND", required=True)

    init = add(commands, "init", cmd_init, _("create or upgrade the database; add the first administrator"))
    init.add_argument("--admin", default="admin",
                      help=_("the first administrator's username (default admin)"))
    add(commands, "migrate", cmd_migrate, _("upgrade the database schema only"))

    office = group("office", _("offices"))
    office_add = add(office, "add", cmd_office_add, _("add an office"))
    office_add.add_argument("name")
    office_add.add_argument("--municipality", default=None)
    add(office, "list", cmd_office_list, _("list the offices"))

    user = group("user", _("user accounts"))
    user_add = add(user, "add", cmd_user_add, _("add a user"))
    user_add.add_argument("username")
    user_add.add_argument("--role", required=True,
                          help=_("one of {roles}").format(roles=", ".join(accounts.ROLES)))
    user_add.add_argument("--office", default=None, help=_("the office's name (every role but admin)"))
    user_add.add_argument("--display-name", default=None)
    user_list = add(user, "list", cmd_user_list, _("list users"))
    user_list.add_argument("--office", default=None)
    user_role = add(user, "role", cmd_user_role, _("change a user's role (and office)"))
    user_role.add_argument("username")
    user_role.add_argument("role")
    user_role.add_argument("--office", default=None)
    add(user, "disable", cmd_user_disable, _("refuse a user at once")).add_argument("username")
    add(user, "enable", cmd_user_enable, _("let a disabled user in again")).add_argument("username")
    add(user, "password", cmd_user_password, _("set a user's password")).add_argument("username")

    device = group("device", _("devices"))
    device_list = add(device, "list", cmd_device_list, _("list devices"))
    device_list.add_argument("--user", default=None)
    add(device, "revoke", cmd_device_revoke, _("sign a device out for good")).add_argument("device_id")

    serve = add(commands, "serve", cmd_serve, _("run the HTTP server"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help=_("server processes (default 1)"))
    serve.add_argument("--ssl-certfile", default=None, help=_("PEM certificate chain, to serve HTTPS"))
    serve.add_argument("--ssl-keyfile", default=None, help=_("its PEM private key"))
    serve.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"))
    serve.add_argument("--keep-alive", type=int, default=30,
                       help=_("seconds an idle connection stays open (default 30; keep it above the "
                              "proxy's or clients' idle timeout)"))
    return parser


def _redacted(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return _("(invalid URL)")


def main(argv: Sequence[str] | None = None) -> int:
    i18n.set_language(i18n.language_from_env())
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except AdminError as exc:
        _err(str(exc))
        return 1
    except SQLAlchemyError as exc:
        # The driver's message can quote SQL and values; name the database and the kind of failure.
        given = args.database_url or os.environ.get(ENV_DATABASE_URL)
        url = _redacted(given) if given else _("the SQLite file")
        _err(_("The database {url} cannot be used ({error}). Check that it is running and that the URL is "
               "right.").format(url=url, error=type(exc).__name__))
        return 1
    except OSError as exc:
        reason = exc.strerror or _("Cannot do that")
        _err(f"{reason}: {exc.filename}" if exc.filename else reason)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

