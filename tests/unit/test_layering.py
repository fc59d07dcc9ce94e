"""Imports point downward: ui -> services -> models; only coachdesk/ui touches Qt widgets."""

from __future__ import annotations

import ast
from pathlib import Path

import coachdesk

PACKAGE = Path(coachdesk.__file__).parent

# package -> packages it must never import
FORBIDDEN = {
    "models": ("coachdesk.services", "coachdesk.ui", "coachdesk.sync", "coachdesk.server",
               "coachdesk.reports", "coachdesk.cli", "coachdesk.app", "PySide6"),
    "services": ("coachdesk.ui", "coachdesk.server", "coachdesk.cli", "coachdesk.app", "PySide6"),
    "sync": ("coachdesk.ui", "coachdesk.services", "PySide6.QtWidgets"),
    # Documents render with QtGui's text engine, below the UI: the CLI prints them with no widgets.
    "documents": ("coachdesk.ui", "coachdesk.server", "coachdesk.cli", "coachdesk.app", "PySide6.QtWidgets"),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_ui_package_imports_qt_widgets() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if "ui" not in p.relative_to(PACKAGE).parts[:1]
                 and any(n.startswith("PySide6.QtWidgets") for n in _imports(p))]
    assert offenders == []


def test_layers_point_downward() -> None:
    offenders = []
    for layer, forbidden in FORBIDDEN.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            offenders += [f"{path.relative_to(PACKAGE)} imports {name}" for name in _imports(path)
                          if name.startswith(forbidden)]
    assert offenders == []


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport coachdesk.ui.tasks\n")
    assert {"PySide6.QtWidgets.QWidget", "coachdesk.ui.tasks"} <= _imports(bad)
