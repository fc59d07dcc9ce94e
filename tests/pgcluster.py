"""A throwaway PostgreSQL cluster for tests and benchmarks.

    from tests.pgcluster import throwaway_cluster
    with throwaway_cluster() as url:   # postgresql+psycopg://coachdesk@127.0.0.1:PORT/postgres
        ...

Each cluster lives in a fresh temporary directory (data dir, unix socket and server log), listens on
127.0.0.1 only, trusts local connections (user ``coachdesk``, no password) and is tuned for speed rather
than durability (fsync, synchronous_commit and full_page_writes off). It is stopped with ``-m fast`` and
its directory removed when the ``with`` block ends, whether or not the block raised.

PostgreSQL refuses to run as root: as root the directory is handed to the ``postgres`` system user and
``initdb``/``pg_ctl`` run through ``runuser -u postgres --``; otherwise they run as the current user. The
binaries are taken from ``$COACHDESK_PG_BINDIR``, ``/usr/lib/postgresql/<highest>/bin``, ``pg_config
--bindir`` or ``PATH``. When they are missing, root installs Debian's ``postgresql`` package with apt-get;
anyone else gets :class:`PgUnavailable` saying what to install.

initdb runs once per process into a template directory; each cluster starts from a copy of it.

Parallel runs do not collide (a unique directory and a free port each; a port taken between picking and
binding is retried with another). Clusters left behind by a killed run (its owner process is gone) are
stopped and removed the next time a cluster is started.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "PgCluster",
    "PgStartError",
    "PgUnavailable",
    "create_database",
    "find_pg_bindir",
    "pg_available",
    "running_cluster",
    "throwaway_cluster",
]

USER = "coachdesk"
SYSTEM_USER = "postgres"
DIR_PREFIX = "coachdesk-pg-"
OWNER_FILE = "owner"
#: Fast and disposable; enough connections for 200 simulated devices plus the harness.
SETTINGS: dict[str, str] = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "max_wal_size": "1GB",
    "log_min_messages": "warning",
}
START_TIMEOUT_S = 60
PORT_ATTEMPTS = 5
_INSTALL_HINT = (
    "install the PostgreSQL server (Debian/Ubuntu: `sudo apt-get install postgresql`, or run "
    "`sudo scripts/system-deps.sh`), or set COACHDESK_PG_BINDIR to the directory holding initdb and pg_ctl"
)
# The longest unix socket path the kernel accepts is 107 bytes; the socket is DIR/.s.PGSQL.PORT.
_MAX_SOCKET_DIR = 107 - len("/.s.PGSQL.65535")


class PgUnavailable(RuntimeError):
    """The PostgreSQL server binaries are missing and cannot be installed here."""


class PgStartError(RuntimeError):
    """initdb or the server failed; the message carries the tail of the server log."""


# --- finding (or installing) the binaries ------------------------------------------------------------


def _is_root() -> bool:
    return os.geteuid() == 0


def _has_tools(bindir: Path) -> bool:
    return all(os.access(bindir / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres"))


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.name)) or (0,)


def find_pg_bindir() -> Path | None:
    """The directory holding ``initdb``, ``pg_ctl`` and ``postgres``, or None."""
    override = os.environ.get("COACHDESK_PG_BINDIR")
    if override:
        return Path(override) if _has_tools(Path(override)) else None
    for bindir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True):
        if _has_tools(bindir):
            return bindir
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10,
                                 check=True).stdout.strip()
            if out and _has_tools(Path(out)):
                return Path(out)
    on_path = shutil.which("pg_ctl")
    if on_path and _has_tools(Path(on_path).parent):
        return Path(on_path).parent
    return None


def _can_install() -> bool:
    return _is_root() and shutil.which("apt-get") is not None


def pg_available() -> bool:
    """True when :func:`throwaway_cluster` can be expected to work: the binaries are installed, or we are
    root with apt-get to install them (as on CI). Never installs anything itself."""
    if find_pg_bindir() is None:
        return not os.environ.get("COACHDESK_PG_BINDIR") and _can_install()
    return not _is_root() or _system_user_exists()


def _system_user_exists() -> bool:
    import pwd

    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        return False
    return True


def _apt_install() -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # One installer at a time when two test runs start together (dpkg's own lock would just fail).
    lock_path = Path(tempfile.gettempdir()) / f"{DIR_PREFIX}install.lock"
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if find_pg_bindir() is not None:
            return
        for cmd in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"]):
            done = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  check=False)
            if done.returncode != 0:
                output = (done.stderr or done.stdout).strip()[-2000:]
                raise PgUnavailable(f"`{' '.join(cmd)}` failed ({done.returncode}): {output}\n"
                                    f"Otherwise {_INSTALL_HINT}")


def _require_bindir() -> Path:
    bindir = find_pg_bindir()
    override = os.environ.get("COACHDESK_PG_BINDIR")
    if bindir is None and override:
        raise PgUnavailable(f"COACHDESK_PG_BINDIR={override} does not hold initdb, pg_ctl and postgres")
    if bindir is None:
        if not _can_install():
            raise PgUnavailable(f"PostgreSQL server binaries (initdb, pg_ctl) not found: {_INSTALL_HINT}")
        _apt_install()
        bindir = find_pg_bindir()
        if bindir is None:
            raise PgUnavailable(f"installed `postgresql` but still found no initdb/pg_ctl: {_INSTALL_HINT}")
    if _is_root() and not _system_user_exists():
        raise PgUnavailable(f"running as root but there is no `{SYSTEM_USER}` system user to run the server "
                            f"as (PostgreSQL refuses to run as root): install the `postgresql` package")
    return bindir


# --- running the tools -------------------------------------------------------------------------------


def _clean_env() -> dict[str, str]:
    """No stray PG* variables (PGDATA, PGPORT, PGOPTIONS...) and a predictable locale."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


def _as_server_user(cmd: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    if _is_root():
        cmd = ["runuser", "-u", SYSTEM_USER, "--", *cmd]
    # Output goes to a pipe, never inherited by the server (pg_ctl redirects it to the log file).
    return subprocess.run(cmd, cwd=cwd, env=_clean_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout, check=False)


def _run(bindir: Path, tool: str, args: list[str], cwd: Path,
         timeout: float = START_TIMEOUT_S + 30) -> subprocess.CompletedProcess[str]:
    return _as_server_user([str(bindir / tool), *args], cwd, timeout)


def _log_tail(log: Path, lines: int = 30) -> str:
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"


# --- directories, ports and leftovers ----------------------------------------------------------------


def _traversable_by_others(path: Path) -> bool:
    """Whether the postgres user can reach a directory below ``path`` (every ancestor is o+x)."""
    for part in [path, *path.parents]:
        try:
            if not part.stat().st_mode & 0o001:
                return False
        except OSError:
            return False
    return True


def _base_dir() -> Path:
    base = Path(tempfile.gettempdir()).resolve()
    too_long = len(str(base)) + len(DIR_PREFIX) + 16 > _MAX_SOCKET_DIR
    if too_long or (_is_root() and not _traversable_by_others(base)):
        return Path("/tmp")  # a short path that every user can reach
    return base


def _process_token(pid: int) -> str | None:
    """Identifies a live process across pid reuse (pid + start time), or None when it is gone."""
    if Path("/proc/self/stat").exists():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            return None
        except OSError:
            stat = ""
        if stat:
            return f"{pid} {stat.rsplit(')', 1)[1].split()[19]}"
    try:  # no /proc: a plain liveness check
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return f"{pid} ?"


def _owner_alive(record: str) -> bool:
    pid_text = record.split(" ", 1)[0]
    if not pid_text.isdigit():
        return False
    token = _process_token(int(pid_text))
    return token is not None and (token == record.strip() or record.strip().endswith(" ?"))


def _sweep_leftovers(base: Path, bindir: Path) -> None:
    """Stop and remove clusters whose owning process died without cleaning up (SIGKILL, power cut)."""
    for leftover in base.glob(f"{DIR_PREFIX}*"):
        if not leftover.is_dir():
            continue
        try:
            record = (leftover / OWNER_FILE).read_text()
        except FileNotFoundError:
            # Created but never claimed: only old ones, a parallel run may be between mkdtemp and the write.
            with contextlib.suppress(OSError):
                if time.time() - leftover.stat().st_mtime > 600:
                    shutil.rmtree(leftover, ignore_errors=True)
            continue
        except OSError:
            continue  # another user's cluster
        if _owner_alive(record):
            continue
        if (leftover / "data" / "postmaster.pid").exists():
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                _run(bindir, "pg_ctl", ["-D", str(leftover / "data"), "-m", "immediate", "-w", "stop"],
                     cwd=leftover, timeout=30)
        shutil.rmtree(leftover, ignore_errors=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _make_dir(base: Path, kind: str = "") -> Path:
    workdir = Path(tempfile.mkdtemp(prefix=f"{DIR_PREFIX}{kind}", dir=base))
    token = _process_token(os.getpid()) or f"{os.getpid()} ?"
    (workdir / OWNER_FILE).write_text(token)
    if _is_root():
        shutil.chown(workdir, user=SYSTEM_USER)
    return workdir


# --- the cluster -------------------------------------------------------------------------------------


def _initdb(bindir: Path, workdir: Path) -> None:
    data = workdir / "data"
    done = _run(bindir, "initdb", ["-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-locale",
                                   "--no-sync", "--no-instructions"], cwd=workdir)
    if done.returncode != 0:
        raise PgStartError(f"initdb failed ({done.returncode}) in {data}:\n{done.stdout.strip()[-3000:]}")
    # Appending keeps the file's owner (postgres when we are root).
    with (data / "postgresql.conf").open("a") as conf:
        conf.write("\n# coachdesk throwaway test cluster\n")
        conf.writelines(f"{key} = '{value}'\n" for key, value in SETTINGS.items())


_template_lock = threading.Lock()
_templates: dict[Path, Path] = {}


def _template(bindir: Path, base: Path) -> Path:
    """A data directory made by initdb once per process: each cluster starts from a copy of it (initdb takes
    1-2 s; a copy 0.1 s on a fast disk, up to ~1 s on a slow one). Removed at exit (or, after a kill, by
    the next sweep)."""
    with _template_lock:
        workdir = _templates.get(bindir)
        if workdir is None or not (workdir / "data" / "PG_VERSION").exists():
            workdir = _make_dir(base, "template-")
            try:
                _initdb(bindir, workdir)
            except BaseException:
                shutil.rmtree(workdir, ignore_errors=True)
                raise
            _templates[bindir] = workdir
            atexit.register(shutil.rmtree, workdir, ignore_errors=True)
        return workdir / "data"


def _copy_data(bindir: Path, base: Path, workdir: Path) -> None:
    template = _template(bindir, base)
    done = _as_server_user(["cp", "-a", str(template), str(workdir / "data")], workdir, timeout=120)
    if done.returncode != 0:
        raise PgStartError(f"copying the initdb template failed: {done.stdout.strip()[-2000:]}")


def _start(bindir: Path, workdir: Path, data: Path, port: int) -> subprocess.CompletedProcess[str]:
    # pg_ctl hands these to /bin/sh: quote the path (mkdtemp's names are plain, TMPDIR may not be).
    options = f"-p {port} -k '{workdir}' -c listen_addresses=127.0.0.1"
    return _run(bindir, "pg_ctl", ["-D", str(data), "-l", str(workdir / "server.log"), "-w",
                                   "-t", str(START_TIMEOUT_S), "-o", options, "start"], cwd=workdir)


def _stop(bindir: Path, workdir: Path, data: Path) -> None:
    if not (data / "postmaster.pid").exists():
        return
    for mode in ("fast", "immediate"):
        with contextlib.suppress(subprocess.TimeoutExpired):
            if _run(bindir, "pg_ctl", ["-D", str(data), "-m", mode, "-w", "-t", "30", "stop"],
                    cwd=workdir, timeout=45).returncode == 0:
                return


def _port_taken(log: Path) -> bool:
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return False
    return "Address already in use" in text or "could not create any TCP/IP sockets" in text


@dataclass(frozen=True)
class PgCluster:
    """A running throwaway cluster: its URL, port and the temporary directory holding everything."""

    url: str
    port: int
    directory: Path

    @property
    def log_path(self) -> Path:
        return self.directory / "server.log"


@contextmanager
def running_cluster(*, port: int | None = None) -> Iterator[PgCluster]:
    """Like :func:`throwaway_cluster` but yields a :class:`PgCluster` (URL, port and directory)."""
    bindir = _require_bindir()
    base = _base_dir()
    _sweep_leftovers(base, bindir)
    workdir = _make_dir(base)
    data = workdir / "data"
    log = workdir / "server.log"
    try:
        _copy_data(bindir, base, workdir)
        for attempt in range(1, PORT_ATTEMPTS + 1):
            chosen = port if port is not None else _free_port()
            done = _start(bindir, workdir, data, chosen)
            if done.returncode == 0:
                break
            _stop(bindir, workdir, data)
            if port is None and attempt < PORT_ATTEMPTS and _port_taken(log):
                log.unlink(missing_ok=True)  # someone took the port between picking and binding: retry
                continue
            raise PgStartError(f"PostgreSQL failed to start on 127.0.0.1:{chosen} ({done.stdout.strip()})."
                               f"\nLast lines of the server log:\n{_log_tail(log)}")
        yield PgCluster(url=f"postgresql+psycopg://{USER}@127.0.0.1:{chosen}/postgres", port=chosen,
                        directory=workdir)
    finally:
        try:
            _stop(bindir, workdir, data)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def throwaway_cluster(*, port: int | None = None) -> Iterator[str]:
    """Start a fresh PostgreSQL cluster; yield its SQLAlchemy URL; stop and delete it afterwards.

    ``port``: the TCP port on 127.0.0.1 (a free one when None). Raises :class:`PgUnavailable` when the
    binaries are missing and cannot be installed, :class:`PgStartError` when initdb or the server fails.
    The URL is ``postgresql+psycopg://coachdesk@127.0.0.1:PORT/postgres`` (trust auth, no password).
    """
    with running_cluster(port=port) as cluster:
        yield cluster.url


def create_database(url: str, name: str) -> str:
    """Create database ``name`` in the cluster at ``url`` and return the URL that points at it.

    A fresh database per test module or benchmark costs ~0.1 s with the cluster's settings.
    """
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"not a plain lower-case database name: {name!r}")
    parsed = make_url(url)
    with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username,
                         dbname=parsed.database or "postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return parsed.set(database=name).render_as_string(hide_password=False)
