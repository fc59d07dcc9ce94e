"""No user-visible literal in UI code outside ``_()``.

Walks coachdesk/ui/**/*.py and flags text given straight to a Qt text setter or constructor: a string
constant with a letter in it, an f-string with a letter in its literal parts, or such a string built with
``+``, ``%``, ``.format`` or ``.join``. Strings of symbols, markup and placeholders only ("", "…",
"{} / {}", f"<b>{name}</b>") are not text.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[3] / "coachdesk" / "ui"

# Methods whose first positional argument is text the user reads.
TEXT_SETTERS = frozenset({
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setAccessibleName",
    "setAccessibleDescription", "setStatusTip", "setWhatsThis", "setTitle", "setLabelText", "addItem",
    "addAction", "addMenu", "setInformativeText", "setDetailedText", "showMessage", "setPrefix", "setSuffix",
    "setSpecialValueText", "setHeaderLabels", "setHorizontalHeaderLabels", "setVerticalHeaderLabels",
})
# Methods whose second positional argument is the text: addTab(widget, label), setTabText(index, text).
SECOND_ARGUMENT = frozenset({"addTab", "setTabText", "insertItem", "setItemText"})
# Widgets and actions whose first positional argument is their text.
CONSTRUCTORS = frozenset({
    "QLabel", "QPushButton", "QAction", "QGroupBox", "QCheckBox", "QRadioButton", "QMenu", "QToolButton",
    "QCommandLinkButton",
})
# QMessageBox.information(parent, title, text, ...): the title and the text.
MESSAGE_BOXES = frozenset({"information", "warning", "critical", "question", "about"})
# The only literals allowed, each with its reason. The product's name goes through APP_NAME (a name, not a
# literal, so it needs no entry here).
ALLOWED: dict[str, str] = {}
MARKUP = re.compile(r"<[^<>]*>|&#?\w+;")


def _has_letter(text: str) -> bool:
    """Whether ``text`` has a letter outside HTML markup ("<h2>{title}</h2>" is format, not text)."""
    return any(ch.isalpha() for ch in MARKUP.sub("", text))


def _literal_text(node: ast.expr) -> str | None:
    """The untranslated text ``node`` carries, or None when it carries none."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if _has_letter(node.value) and node.value not in ALLOWED else None
    if isinstance(node, ast.JoinedStr):
        literal = "".join(part.value for part in node.values
                          if isinstance(part, ast.Constant) and isinstance(part.value, str))
        return f"f-string {literal!r}" if _has_letter(literal) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _literal_text(node.left) or _literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) or _literal_text(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return next((found for item in node.elts if (found := _literal_text(item))), None)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _literal_text(node.func.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join":
        return next((found for part in [node.func.value, *node.args] if (found := _literal_text(part))), None)
    return None


def _text_arguments(call: ast.Call) -> list[ast.expr]:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if isinstance(func, ast.Attribute) and name in MESSAGE_BOXES:
        is_box = isinstance(func.value, ast.Name) and func.value.id == "QMessageBox"
        return call.args[1:3] if is_box else []
    if name in SECOND_ARGUMENT:
        return call.args[1:2]
    if (isinstance(func, ast.Attribute) and name in TEXT_SETTERS) or (
            isinstance(func, ast.Name) and name in CONSTRUCTORS):
        texts = call.args[:1]
        return texts + [kw.value for kw in call.keywords if kw.arg in {"text", "title"}]
    return []


def violations(source: str, filename: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call):
            for argument in _text_arguments(node):
                found = _literal_text(argument)
                if found is not None:
                    yield f"{filename}:{argument.lineno}: {found!r}"


def _ui_files() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def test_the_ui_is_there() -> None:
    assert len(_ui_files()) > 10


@pytest.mark.parametrize("snippet", [
    'label.setText("Save")',
    'self.setWindowTitle(f"Record of {name}")',
    'QLabel("Name:", self)',
    'tabs.addTab(widget, "Journal")',
    'QMessageBox.warning(self, "Oops", _("Failed"))',
    'box.setToolTip("Week " + str(n))',
    'button.setText("Next" if more else _("Done"))',
    'label.setText("Week {n}".format(n=n))',
    'tree.setHeaderLabels([_("Name"), "Phone"])',
    'label.setText(" ".join(["Saved:", name]))',
    'label.setText(f"<b>Name:</b> {name}")',
])
def test_a_literal_is_caught(snippet: str) -> None:
    assert list(violations(snippet, "probe.py")) != []


@pytest.mark.parametrize("snippet", [
    'label.setText(_("Save"))',
    'label.setText("")',
    'label.setText("…")',
    'label.setText(f"{given} {family}")',
    'label.setText("{} / {}".format(a, b))',
    'combo.addItem(_("Yes"), "yes")',
    'logger.warning("could not list the coaches: %s", name)',
    'self.setObjectName("caseload")',
    'app.setApplicationName(APP_NAME)',
    'label.setText("\\n".join([_("Saved"), *others]))',
    'title.setText(f"<h2>{escape(title)}</h2>")',
])
def test_translated_or_textless_strings_pass(snippet: str) -> None:
    assert list(violations(snippet, "probe.py")) == []


def test_no_user_visible_literal_outside_gettext() -> None:
    root = UI.parents[1]
    found = [v for path in _ui_files()
             for v in violations(path.read_text(encoding="utf-8"), str(path.relative_to(root)))]
    assert found == [], "wrap these in _() (or N_() and _() later):\n" + "\n".join(found)
