"""The checks every window of the matrix gets; each ``test_*`` module imports them and provides a
``subject`` fixture (the window, shown, in the module's ``setting``)."""

from __future__ import annotations

import pytest

from tests.ui.a11y_matrix.conftest import Subject
from tests.ui.a11y_matrix.keyboard_checks import (
    first_in_reading_order,
    focus_unseen,
    focusable,
    mnemonic_clashes,
    order_problems,
    samples,
    settle,
    tab_sequence,
)
from tests.ui.a11y_matrix.known_gaps import mark_known
from tests.ui.a11y_matrix.layout_checks import (
    cut_text,
    describe,
    small_targets,
    squeezed,
    too_big_for_the_screen,
)
from tests.ui.test_accessibility import _buddy_labels_have_mnemonics, _unnamed_controls


def _none(problems: list[str]) -> None:
    assert not problems, "\n".join(["", *problems])


def _known(request: pytest.FixtureRequest, check: str, subject: Subject) -> None:
    mark_known(request, check, subject.setting.language, subject.setting.text_size, subject.name)


def test_nothing_is_cut_off(contrast: str, subject: Subject, request: pytest.FixtureRequest) -> None:
    _known(request, "cut", subject)
    settle()
    top = subject.top
    _none(too_big_for_the_screen(top))
    _none(squeezed(top))
    _none(cut_text(top))


def test_every_control_is_named_and_labels_have_mnemonics(subject: Subject,
                                                          request: pytest.FixtureRequest) -> None:
    _known(request, "named", subject)
    _none(_unnamed_controls(subject.top))
    _none(_buddy_labels_have_mnemonics(subject.top))


def test_mnemonics_are_unique(subject: Subject, request: pytest.FixtureRequest) -> None:
    _known(request, "mnemonics", subject)
    _none(mnemonic_clashes(subject.top, per_group=subject.per_group))


def test_targets_are_at_least_24_px(contrast: str, subject: Subject) -> None:
    settle()
    _none(small_targets(subject.top))


def test_tab_reaches_every_control_in_reading_order(subject: Subject) -> None:
    start = subject.start or first_in_reading_order(subject.top)
    if start is None:
        return
    sequence, stuck = tab_sequence(subject.top, start)
    _none(stuck)
    _none([describe(w) for w in focusable(subject.top) if w not in sequence])
    _none(order_problems(sequence))


def test_focus_visibly_changes_pixels(contrast: str, subject: Subject) -> None:
    settle()
    start = subject.start or first_in_reading_order(subject.top)
    if start is None:
        return
    sequence, _stuck = tab_sequence(subject.top, start)
    if len(sequence) < 2:
        return
    _none(focus_unseen(subject.top, sequence, samples(sequence)))
