"""The record's Overview prints the action plan and everything held on the participant, and says so."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from coachdesk.models import AuditEvent
from coachdesk.models.enums import AuditAction
from coachdesk.ui.record.record_exports import RecordExports
from tests.ui.test_record_support import OpenRecord, Services, open_record, participant_id, services

__all__ = ["open_record", "participant_id", "services"]  # fixtures


def _exports(services: Services, pid: str) -> list[str]:
    with services.store.session() as session:
        return list(session.scalars(select(AuditEvent.entity).where(
            AuditEvent.participant_id == pid, AuditEvent.action == AuditAction.EXPORT)))


def test_plan_and_access_files_are_written_and_audited(
    qtbot: QtBot, open_record: OpenRecord, participant_id: str, services: Services, tmp_path: Path
) -> None:
    record = open_record(participant_id)
    overview = record.overview
    assert overview.plan_button.isVisible() and overview.access_button.isVisible()
    assert overview.plan_button.text() and overview.access_button.text()  # their names for screen readers
    plan = tmp_path / "plan.pdf"
    found = record.overview.findChildren(RecordExports)
    assert len(found) == 1
    found[0].save_plan_to(plan)
    qtbot.waitUntil(lambda: overview.export_status.text() == "The file was saved.", timeout=20_000)
    text = subprocess.run(["pdftotext", str(plan), "-"], capture_output=True, text=True, check=True).stdout
    assert "Hodan" in text

    access = tmp_path / "everything.json"
    found[0].save_access_to(access)
    qtbot.waitUntil(lambda: access.exists() and overview.export_status.text() == "The file was saved.",
                    timeout=20_000)
    held = json.loads(access.read_text(encoding="utf-8"))
    assert held["participant"]["given_name"] == "Hodan"
    qtbot.waitUntil(lambda: len(_exports(services, participant_id)) == 2, timeout=10_000)
    assert sorted(_exports(services, participant_id)) == ["action_plan_pdf", "subject_access_json"]

    missing = tmp_path / "no-such-folder" / "plan.pdf"
    found[0].save_plan_to(missing)
    qtbot.waitUntil(lambda: "could not be saved" in overview.export_status.text(), timeout=20_000)
    assert not missing.exists() and len(_exports(services, participant_id)) == 2
