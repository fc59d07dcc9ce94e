"""The one way to ask the user something in a modal box, so tests can answer in advance.

Widgets call ``confirm``/``inform``/``warn`` here and never build a ``QMessageBox`` themselves. A test
installs answers with ``answered(...)`` (or ``set_answerer``); while an answerer is installed no box is
shown at all, and an unexpected prompt fails loudly instead of waiting for a click that never comes.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget

from coachdesk.errors import CoachDeskError
from coachdesk.i18n import _

logger = logging.getLogger(__name__)


class PromptKind(enum.StrEnum):
    CONFIRM = "confirm"
    INFORM = "inform"
    WARN = "warn"


@dataclass(frozen=True)
class Prompt:
    kind: PromptKind
    title: str
    text: str


Answerer = Callable[[Prompt], bool]

_answerer: Answerer | None = None


def set_answerer(answerer: Answerer | None) -> Answerer | None:
    """Answer every later prompt with ``answerer`` instead of a message box; returns the previous one."""
    global _answerer
    previous, _answerer = _answerer, answerer
    return previous


class UnexpectedPromptError(AssertionError):
    """A prompt appeared that the test did not pre-answer."""


@contextmanager
def answered(*answers: bool) -> Iterator[list[Prompt]]:
    """Pre-answer the next ``confirm`` prompts in order; yields the list of every prompt shown.

    ``inform`` and ``warn`` take no answer: they are recorded only.
    """
    queue = list(answers)
    seen: list[Prompt] = []

    def answer(prompt: Prompt) -> bool:
        seen.append(prompt)
        if prompt.kind is not PromptKind.CONFIRM:
            return True
        if not queue:
            raise UnexpectedPromptError(f"unexpected prompt: {prompt.title!r}")
        return queue.pop(0)

    previous = set_answerer(answer)
    try:
        yield seen
    finally:
        set_answerer(previous)


def _show(parent: QWidget | None, prompt: Prompt, icon: QMessageBox.Icon,
          buttons: QMessageBox.StandardButton, default: QMessageBox.StandardButton) -> bool:
    if _answerer is not None:
        return _answerer(prompt)
    box = QMessageBox(icon, prompt.title, prompt.text, buttons, parent)
    box.setDefaultButton(default)
    # A user's answer is the one thing worth a local event loop; never used while work is pending.
    return box.exec() == QMessageBox.StandardButton.Yes


def confirm(parent: QWidget | None, title: str, text: str, *, default_yes: bool = False) -> bool:
    """Ask a yes/no question; True means yes. ``title`` and ``text`` are already translated."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
    return _show(parent, Prompt(PromptKind.CONFIRM, title, text), QMessageBox.Icon.Question,
                 buttons, default)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    _show(parent, Prompt(PromptKind.INFORM, title, text), QMessageBox.Icon.Information,
          QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Ok)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    _show(parent, Prompt(PromptKind.WARN, title, text), QMessageBox.Icon.Warning,
          QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Ok)


def error_text(exc: BaseException) -> str:
    """What to tell the user about ``exc``: our own errors speak for themselves, others never leak."""
    if isinstance(exc, CoachDeskError):
        return str(exc)
    # The type name only: a driver's message may quote personal data.
    logger.error("unexpected error in background work: %s", type(exc).__name__)
    return _("Something went wrong. Try again; if it keeps happening, restart CoachDesk.")
