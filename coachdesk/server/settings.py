"""Server settings: declared once, read from the command line and the environment, never at import time."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_path

ENV_DATABASE_URL = "COACHDESK_DATABASE_URL"
ENV_DATA_DIR = "COACHDESK_SERVER_DATA_DIR"
DB_FILENAME = "coachdesk-server.db"


@dataclass(frozen=True)
class PasswordParams:
    """Argon2id cost for account passwords: RFC 9106's second recommendation (64 MiB, 3 passes)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


@dataclass(frozen=True)
class LoginThrottle:
    """Failed logins per username: slowed after ``slow_after``, locked after ``lock_after``."""

    slow_after: int = 3
    lock_after: int = 10
    lock_for: dt.timedelta = dt.timedelta(minutes=15)
    delay_s: float = 1.0  # doubled per further failure ...
    max_delay_s: float = 8.0  # ... up to this


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path | None = None
    token_ttl: dt.timedelta = dt.timedelta(hours=24)
    refresh_ttl: dt.timedelta = dt.timedelta(days=30)
    #: The request body as sent (compressed or not), and after gzip decompression.
    max_body_bytes: int = 32 * 1024 * 1024
    max_decompressed_bytes: int = 64 * 1024 * 1024
    max_ops: int = 2000
    max_pull_limit: int = 2000
    max_clock_drift: dt.timedelta = dt.timedelta(hours=6)
    #: Accepted client schema versions; None means this package's own version.
    min_schema_version: int | None = None
    max_schema_version: int | None = None
    password: PasswordParams = field(default_factory=PasswordParams)
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    #: Requests handled at once per server process (worker threads); more processes scale further.
    worker_threads: int = 8
    pool_size: int = 10
    max_overflow: int = 10
    #: Seconds a request waits for the database before it is answered 503 ``server_busy``.
    pool_timeout_s: float = 30.0

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def default_data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    from_env = environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser()
    return user_data_path("coachdesk-server", appauthor=False)


def resolve(
    *,
    data_dir: str | Path | None = None,
    database_url: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Settings:
    """Settings from explicit options, else the environment, else a SQLite file in the data folder."""
    folder = Path(data_dir).expanduser() if data_dir else default_data_dir(environ)
    url = database_url or environ.get(ENV_DATABASE_URL) or f"sqlite:///{folder / DB_FILENAME}"
    return Settings(database_url=url, data_dir=folder)
