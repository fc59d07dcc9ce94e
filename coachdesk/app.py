"""The desktop app's composition root: builds the application, the task runner and the main window.

Nothing here is global: services are built per unlocked vault (``Workspace.open``) and handed to the
widgets as keyword arguments.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from coachdesk import i18n
from coachdesk.services.attachments import sweep_stale_copies
from coachdesk.ui import render_thread
from coachdesk.ui.appearance import Appearance
from coachdesk.ui.application import application, apply_language
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import Preferences
from coachdesk.ui.screen_lock import ScreenLockWatcher
from coachdesk.ui.sync.network import NetworkMonitor
from coachdesk.ui.sync.options import SyncOptions
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace

logger = logging.getLogger(__name__)


def run(data_dir: Path, argv: list[str], *, preferences: Preferences | None = None) -> int:
    """Show the app on ``data_dir`` until the user quits; returns the exit code.

    ``preferences`` defaults to the user's own settings file.
    """
    app = application(argv)
    # Plaintext copies of documents a crash or power cut left behind go before anything is unlocked.
    sweep_stale_copies()
    prefs = preferences or Preferences.for_user()
    # The environment wins (a trainer's demo, a test run); then the coach's choice in Settings.
    apply_language(app, os.environ.get(i18n.ENV_LANGUAGE, "").strip() or prefs.language
                   or i18n.DEFAULT_LANGUAGE)
    appearance = Appearance(app)
    appearance.apply_preferences(prefs)
    runner = TaskRunner()
    window = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                        preferences=prefs, appearance=appearance,
                        screen_lock=ScreenLockWatcher(parent=app),
                        sync=SyncOptions(network=NetworkMonitor(parent=app)))
    window.show()
    window.show_unlock()
    try:
        return app.exec()
    finally:
        # Wait for running database work (and a sync), then close the store on this thread: no worker is left.
        runner.shutdown()
        render_thread.wait_for_all()
        workspace = window.take_workspace()
        if workspace is not None:
            workspace.close()
        window.deleteLater()
        appearance.restore()
        logger.info("CoachDesk closed")
