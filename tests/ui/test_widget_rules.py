"""Source rules for the desktop layer that a reviewer would otherwise have to remember."""

from __future__ import annotations

import re
from pathlib import Path

import coachdesk

PACKAGE = Path(coachdesk.__file__).parent
UI_FILES = [*sorted((PACKAGE / "ui").glob("*.py")), PACKAGE / "app.py"]


def test_no_fixed_pixel_sizes_or_per_widget_fonts() -> None:
    # Text size is one app-wide font; widgets size themselves from it.
    forbidden = re.compile(r"setFixed(Size|Width|Height)|\.setFont\(|setPointSize|setPixelSize"
                           r"|\.resize\(\s*\d|setMinimum(Size|Width|Height)\(\s*\d")
    hits = [f"{path.name}:{n}" for path in UI_FILES
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if forbidden.search(line)]
    assert hits == []


def test_widget_modules_stay_small() -> None:
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in UI_FILES}
    assert {name: n for name, n in sizes.items() if n > 300} == {}
