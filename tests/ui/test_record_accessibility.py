"""The record's controls are named and its source keeps the desktop layer's rules."""

from __future__ import annotations

import re
from pathlib import Path

import coachdesk
from coachdesk.models.enums import Programme
from tests.ui.test_accessibility import _buddy_labels_have_mnemonics, _unnamed_controls
from tests.ui.test_record_support import START, OpenRecord, Services, open_record, participant_id, services

__all__ = ["open_record", "participant_id", "services"]  # fixtures

RECORD_FILES = sorted((Path(coachdesk.__file__).parent / "ui" / "record").glob("*.py"))


def test_every_control_on_every_tab_is_named(
    open_record: OpenRecord, participant_id: str, services: Services
) -> None:
    services.plans.enrol(participant_id, Programme.INTRODUCTION, START)
    record = open_record(participant_id)
    for index in range(record.tabs.count()):
        record.tabs.setCurrentIndex(index)
        assert _unnamed_controls(record) == [], record.tabs.tabText(index)
        assert _buddy_labels_have_mnemonics(record) == [], record.tabs.tabText(index)


def test_no_fixed_pixel_sizes_or_per_widget_fonts_in_the_record() -> None:
    forbidden = re.compile(r"setFixed(Size|Width|Height)|\.setFont\(|setPointSize|setPixelSize|font-size"
                           r"|\.resize\(\s*\d|setMinimum(Size|Width|Height)\(\s*\d|setStyleSheet")
    hits = [f"{path.name}:{n}" for path in RECORD_FILES
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if forbidden.search(line)]
    assert hits == []


def test_record_modules_stay_small() -> None:
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in RECORD_FILES}
    assert {name: n for name, n in sizes.items() if n > 300} == {}
