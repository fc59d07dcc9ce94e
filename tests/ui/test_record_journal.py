from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.ui.test_record_support import OpenRecord, Services, open_record, participant_id, services

__all__ = ["open_record", "participant_id", "services"]  # fixtures


def test_journal_entries_are_written_and_a_correction_keeps_the_original_visible(
    qtbot: QtBot, open_record: OpenRecord, participant_id: str, services: Services
) -> None:
    record = open_record(participant_id)
    journal, entries = record.journal, record.journal.entries
    assert entries.topLevelItemCount() == 0
    assert not journal.correct_button.isEnabled()

    journal.editor.setPlainText("Kartläggning med tolk. Vill bli undersköterska.")
    with qtbot.waitSignal(journal.loaded, timeout=10_000):
        journal.write_button.click()
    assert entries.topLevelItemCount() == 1
    assert journal.editor.toPlainText() == ""

    original = entries.topLevelItem(0)
    assert original is not None
    entries.setCurrentItem(original)
    journal.correct_button.click()
    assert journal.editor.toPlainText() == "Kartläggning med tolk. Vill bli undersköterska."
    assert journal.write_button.text() == "&Save correction"
    journal.editor.setPlainText("Kartläggning med tolk (somaliska). Vill bli undersköterska.")
    with qtbot.waitSignal(journal.loaded, timeout=10_000):
        journal.write_button.click()

    assert entries.topLevelItemCount() == 2
    first, second = entries.topLevelItem(0), entries.topLevelItem(1)
    assert first is not None and second is not None
    mark, body = first.text(1).split("\n")
    assert body == "Kartläggning med tolk. Vill bli undersköterska."  # the original stays
    assert mark.startswith("Corrected: see the entry written ")
    mark, body = second.text(1).split("\n")
    assert body == "Kartläggning med tolk (somaliska). Vill bli undersköterska."
    assert mark.startswith("Corrects the entry written ")
    assert journal.write_button.text() == "&Write entry"

    lines = services.journal.entries(participant_id)
    assert lines[0].corrected_by == lines[1].entry.id
    assert lines[1].entry.corrects_id == lines[0].entry.id


def test_an_empty_entry_is_refused_inline(qtbot: QtBot, open_record: OpenRecord, participant_id: str,
                                          services: Services) -> None:
    record = open_record(participant_id)
    record.journal.editor.setPlainText("   ")
    record.journal.write_button.click()
    qtbot.waitUntil(lambda: record.journal.editor.accessibleDescription() != "", timeout=10_000)
    assert record.journal.editor.accessibleDescription() == "This field is required."
    assert services.journal.entries(participant_id) == []
