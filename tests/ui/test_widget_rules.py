"""Source rules for the desktop layer that a reviewer would otherwise have to remember."""

from __future__ import annotations

import re
from pathlib import Path

import coachdesk

PACKAGE = Path(coachdesk.__file__).parent
UI_FILES = [*sorted((PACKAGE / "ui").rglob("*.py")), PACKAGE / "app.py"]


# The one place that sets the app-wide font, and only on the application, in points; and the one window
# read from a distance (the interpreter view), whose font is the app font times a factor.
APP_FONT = PACKAGE / "ui" / "appearance.py"
APP_FONT_CALLS = re.compile(r"^\s*(QApplication\.setFont\(|font\.setPointSizeF\()")
PRESENTATION = PACKAGE / "ui" / "intake_wizard" / "interpreter_view.py"
PRESENTATION_CALL = re.compile(r"^\s*self\.setFont\(presentation_font\(SCALE\)\)$")


def test_no_fixed_pixel_sizes_or_per_widget_fonts() -> None:
    # Text size is one app-wide font; widgets size themselves from it.
    forbidden = re.compile(r"setFixed(Size|Width|Height)|\.setFont\(|setPointSize|setPixelSize"
                           r"|\.resize\(\s*\d|setMinimum(Size|Width|Height)\(\s*\d")
    hits = [f"{path.name}:{n}" for path in UI_FILES
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if forbidden.search(line) and not (path == APP_FONT and APP_FONT_CALLS.match(line))
            and not (path == PRESENTATION and PRESENTATION_CALL.match(line))]
    assert hits == []


def test_the_font_exemption_is_still_needed_and_style_sheets_set_no_fonts() -> None:
    assert any(APP_FONT_CALLS.match(line) for line in APP_FONT.read_text(encoding="utf-8").splitlines())
    hits = [f"{path.name}:{n}" for path in UI_FILES
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if "setStyleSheet" in line and "font" in line.lower()]
    assert hits == []


def test_widget_modules_stay_small() -> None:
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in UI_FILES}
    assert {name: n for name, n in sizes.items() if n > 300} == {}
