"""Where the vault lives: ``--data-dir``, else ``COACHDESK_DATA_DIR``, else the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_DATA_DIR = "COACHDESK_DATA_DIR"


def data_dir(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser()
    return user_data_path("CoachDesk", appauthor=False)
