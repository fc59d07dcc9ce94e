from __future__ import annotations

import pytest

from coachdesk.errors import WrongPassphraseError
from coachdesk.ui import dialogs


def test_pre_answered_confirm_returns_the_answers_in_order_and_records_prompts() -> None:
    with dialogs.answered(True, False) as prompts:
        assert dialogs.confirm(None, "Delete?", "Really delete?") is True
        dialogs.inform(None, "Done", "It is done.")
        assert dialogs.confirm(None, "Lock?", "Lock now?") is False
    assert [(p.kind, p.title) for p in prompts] == [
        (dialogs.PromptKind.CONFIRM, "Delete?"),
        (dialogs.PromptKind.INFORM, "Done"),
        (dialogs.PromptKind.CONFIRM, "Lock?"),
    ]


def test_a_prompt_nobody_answered_fails_instead_of_waiting() -> None:
    with dialogs.answered() as prompts, pytest.raises(dialogs.UnexpectedPromptError):
        dialogs.confirm(None, "Delete?", "Really delete?")
    assert len(prompts) == 1
    with pytest.raises(dialogs.UnexpectedPromptError):
        dialogs.warn(None, "Careful", "No answerer is installed by this test.")


def test_error_text_shows_our_messages_and_hides_everything_else() -> None:
    assert dialogs.error_text(WrongPassphraseError("Wrong passphrase.")) == "Wrong passphrase."
    leaked = dialogs.error_text(RuntimeError("UNIQUE failed: Anna Andersson 19900101-1234"))
    assert "Anna" not in leaked
    assert "1990" not in leaked
    assert leaked.startswith("Something went wrong")
