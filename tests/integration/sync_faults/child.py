"""A fork server for the kill trials: ``python -m tests.integration.sync_faults.child``.

Importing the sync client costs about a second; fifty trials would spend most of their time on it. This
process imports it once (and starts no thread), then for every job line on stdin forks a child that opens
the vault and runs one ``SyncClient.sync()``, exactly as ``coachdesk sync`` does after unlocking. The test
kills that child with SIGKILL whenever it likes. Lines on stdout (JSON, one per ``write``, so they never
interleave): ``{"started": pid}``, then the child's ``{"pid", "request"}`` as each request goes out,
``{"pid", "round_trip"}`` after each stored answer and
``{"pid", "done"}`` or ``{"pid", "error"}``, then ``{"exited": pid, "status": code}`` (-9 when killed).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def _say(message: dict[str, Any]) -> None:
    os.write(1, (json.dumps(message) + "\n").encode())


def _run(job: dict[str, Any]) -> int:
    import httpx

    from coachdesk.models.store import open_store
    from coachdesk.sync.client import SyncClient, SyncProgress
    from coachdesk.vault import Vault

    me = os.getpid()
    vault = Vault(Path(job["folder"]))
    store = open_store(vault.db_path, bytes.fromhex(job["key"]), backup_dir=vault.backup_dir)

    def progress(step: SyncProgress) -> None:
        _say({"pid": me, "round_trip": step.round_trips})

    def sending(_request: httpx.Request) -> None:
        _say({"pid": me, "request": True})

    try:
        SyncClient(store, sleep=lambda _s: None, page_limit=job["page_limit"], max_ops=job["max_ops"],
                   timeout=job["timeout"], event_hooks={"request": [sending]}).sync(progress=progress)
    except Exception as exc:  # reported, not raised: the trial decides what it means
        _say({"pid": me, "error": type(exc).__name__})
        return 1
    finally:
        store.close()
    _say({"pid": me, "done": True})
    return 0


def main() -> None:
    # Everything the child needs, imported before the first fork.
    import coachdesk.models.store
    import coachdesk.sync.client
    import coachdesk.vault  # noqa: F401

    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _run(job)
            finally:
                os._exit(code)
        _say({"started": pid})
        _pid, status = os.waitpid(pid, 0)
        _say({"exited": pid, "status": os.waitstatus_to_exitcode(status)})


if __name__ == "__main__":
    main()
