"""The screen reader's view of the running app, read through the real accessibility bus (AT-SPI).

Run by Debian's ``/usr/bin/python3`` (python3-pyatspi is built for it, not for the project's venv), inside
the D-Bus session the test starts, while the app runs under Xvfb with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON``.
It drives the app the way a screen-reader user would, through AT-SPI alone: types the passphrase into the
unlock dialog's field (EditableText) and presses its button (Action), opens every view from the View menu,
a participant's record window (every tab), the shortcuts overview from the Help menu and the
new-participant dialog from the File menu. For each
screen it prints, as one JSON document on stdout, every interactive node with its role and name and every
table's column headers. The test judges; this script only looks.

Usage: reader.py APP_NAME PASSPHRASE UNLOCK_BUTTON_NAME
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pyatspi  # type: ignore[import-not-found, unused-ignore]

# Roles a user operates (or reads cell by cell): each must have a name.
INTERACTIVE = frozenset({
    "push button", "toggle button", "check box", "radio button", "combo box", "text", "password text",
    "entry", "spin button", "slider", "page tab", "menu item", "check menu item", "radio menu item",
    "table", "tree table", "tree", "list", "list box", "link",
})
# Item views: their headers are read through the Table interface, their cells are not walked (thousands).
ITEM_VIEWS = frozenset({"table", "tree table", "tree", "list", "list box"})
TIMEOUT_S = 15.0

Node = Any  # an Atspi.Accessible seen through pyatspi


def wait_for(what: str, probe: Callable[[], Node | None], timeout_s: float = TIMEOUT_S) -> Node:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            found = probe()
        except Exception:  # a node can vanish between two D-Bus calls; look again
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.1)


def children(node: Node) -> Iterator[Node]:
    for index in range(node.childCount):
        child = node.getChildAtIndex(index)
        if child is not None:
            yield child


def states(node: Node) -> Any:
    return node.getState()


def is_visible(node: Node) -> bool:
    return bool(states(node).contains(pyatspi.STATE_VISIBLE))


def path_of(trail: list[str]) -> str:
    return " > ".join(trail)


def survey(root: Node) -> dict[str, Any]:
    """Every interactive node under ``root`` that a user can reach, and every item view's headers."""
    nodes: list[dict[str, Any]] = []
    tables: list[dict[str, Any]] = []

    def visit(node: Node, trail: list[str], in_menu_bar: bool) -> None:
        role, name = node.getRoleName(), node.name or ""
        here = [*trail, f"{role} '{name}'"]
        in_menu_bar = in_menu_bar or role == "menu bar"
        # A closed menu's items are not visible but are one key press away; hidden widgets are unreachable.
        if not (is_visible(node) or in_menu_bar):
            return
        if role in INTERACTIVE:
            nodes.append({"role": role, "name": name, "labelled_by": labelled_by(node),
                          "path": path_of(here[1:])})
        if role in ITEM_VIEWS:
            tables.append(read_headers(node, role, name, path_of(here[1:])))
            return
        for child in children(node):
            visit(child, here, in_menu_bar)

    visit(root, [], False)
    return {"nodes": nodes, "tables": tables}


def labelled_by(node: Node) -> str:
    """The text of the labels that name ``node`` by relation (how Qt names a combo box's purpose on Linux:
    its AT-SPI name is its current value)."""
    texts = []
    for relation in node.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            for index in range(relation.getNTargets()):
                target = relation.getTarget(index)
                if target is not None and target.name:
                    texts.append(target.name)
    return " ".join(texts)


def read_headers(node: Node, role: str, name: str, path: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"role": role, "name": name, "path": path, "table": False,
                             "columns": 0, "headers": []}
    try:
        table = node.queryTable()
    except NotImplementedError:
        return entry
    entry["table"] = True
    entry["columns"] = table.nColumns
    entry["rows"] = table.nRows
    headers = []
    for column in range(table.nColumns):
        header = table.getColumnHeader(column)
        headers.append(header.name if header is not None else None)
    entry["headers"] = headers
    return entry


def find(root: Node, role: str, name: str | None = None, *, visible: bool = True) -> Node | None:
    """The first node in ``root`` (depth first) with this role (and name), skipping item views' cells."""
    stack = [root]
    while stack:
        node = stack.pop()
        node_role = node.getRoleName()
        if node_role == role and (name is None or node.name == name) and (not visible or is_visible(node)):
            return node
        if node_role not in ITEM_VIEWS:
            stack.extend(reversed(list(children(node))))
    return None


def windows(app: Node, role: str) -> list[Node]:
    return [child for child in children(app) if child.getRoleName() == role and is_visible(child)]


def press(node: Node) -> None:
    """Do a node's first action (a button's press, a menu item's trigger), as a screen reader would."""
    action = node.queryAction()
    if action.nActions < 1 or not action.doAction(0):
        raise SystemExit(f"could not activate {node.getRoleName()} '{node.name}'")


def menu_items(frame: Node, menu: str) -> list[Node]:
    bar = find(frame, "menu bar")
    item = find(bar, "menu item", menu) if bar is not None else None
    if item is None:
        return []
    popup = next(children(item), None)
    return [child for child in children(popup) if child.getRoleName().endswith("menu item")] if popup else []


def settled(read: Callable[[], dict[str, Any]], timeout_s: float = 8.0) -> dict[str, Any]:
    """Read a screen until two readings agree (views load their rows in the background)."""
    deadline = time.monotonic() + timeout_s
    previous = read()
    while True:
        time.sleep(0.4)
        current = read()
        if current == previous or time.monotonic() > deadline:
            return current
        previous = current


def dialog_screen(app: Node, trigger: Node) -> dict[str, Any]:
    """Open a dialog with ``trigger``, read it, close it with its Cancel/Close button or Escape."""
    press(trigger)  # no other dialog is open at this point
    dialog = wait_for(f"the dialog from '{trigger.name}'", lambda: next(iter(windows(app, "dialog")), None))
    screen = {"screen": f"dialog: {dialog.name}", **settled(lambda: survey(dialog))}
    for name in ("Close", "Cancel"):
        button = find(dialog, "push button", name)
        if button is not None:
            press(button)
            break
    title = dialog.name
    wait_for(f"'{title}' to close", lambda: not any(d.name == title for d in windows(app, "dialog")))
    return screen


def record_screen(app: Node, frame: Node, views: list[Node]) -> dict[str, Any]:
    """Open the caseload's first participant and read every tab of their record window."""
    caseload = next(item for item in views if item.name == "Caseload")
    press(caseload)
    def caseload_with_rows() -> Node | None:
        table = find(frame, "table", "Caseload")
        return table if table is not None and table.queryTable().nRows else None

    table = wait_for("the caseload's rows", caseload_with_rows)
    # A double click on the first row (through XTest): Xvfb has no window manager to hand the keyboard to
    # the window, so an Enter sent the same way does not arrive.
    cell = table.queryTable().getAccessibleAt(0, 0)
    x, y, width, height = cell.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(x + width // 2, y + height // 2, "b1d")
    # Qt exposes the record (a QWidget made a window) as a filler, not a frame.
    main_name = frame.name
    record = wait_for("the record window", lambda: next(
        (w for w in children(app) if w.getRoleName() in ("frame", "filler", "window") and is_visible(w)
         and w.name != main_name), None))
    tabs = wait_for("the record's tabs", lambda: _all(record, "page tab"))
    screen: dict[str, Any] = {"screen": f"window: {record.name} ({record.getRoleName()})", "nodes": [],
                              "tables": []}
    for tab in tabs:
        press(tab)
        part = settled(lambda: survey(record))
        seen = {(n["role"], n["name"], n["labelled_by"]) for n in screen["nodes"]}
        screen["nodes"] += [n for n in part["nodes"] if (n["role"], n["name"], n["labelled_by"]) not in seen]
        names = {table["name"] for table in screen["tables"]}
        screen["tables"] += [table for table in part["tables"] if table["name"] not in names]
    return screen


def _all(root: Node, role: str) -> list[Node]:
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        if node.getRoleName() == role and is_visible(node):
            found.append(node)
        if node.getRoleName() not in ITEM_VIEWS:
            stack.extend(reversed(list(children(node))))
    return found


def main(argv: list[str]) -> int:
    app_name, passphrase, unlock_name = argv[1:4]
    desktop = pyatspi.Registry.getDesktop(0)
    app = wait_for(f"the application '{app_name}' on the bus",
                   lambda: next((a for a in children(desktop) if a.name == app_name and a.childCount), None))
    screens: list[dict[str, Any]] = []

    unlock = wait_for("the unlock dialog", lambda: next(iter(windows(app, "dialog")), None))
    screens.append({"screen": f"dialog: {unlock.name}", **settled(lambda: survey(unlock))})
    field = wait_for("the passphrase field", lambda: find(unlock, "password text"))
    field.queryEditableText().setTextContents(passphrase)
    press(wait_for("the unlock button", lambda: find(unlock, "push button", unlock_name)))

    frame = wait_for("the main window", lambda: next(iter(windows(app, "frame")), None))
    def enabled_views() -> list[Node]:
        return [i for i in menu_items(frame, "View") if states(i).contains(pyatspi.STATE_ENABLED)]

    views = wait_for("the View menu enabled after unlocking", enabled_views)
    for item in views:
        name = item.name
        press(item)
        def checked(item: Node = item) -> bool:
            return bool(states(item).contains(pyatspi.STATE_CHECKED))

        try:
            wait_for(f"the view '{name}' to be checked", checked, timeout_s=2.0)
        except SystemExit:
            # A supervisor's views (hidden from a coach's menu): the window shows Today instead.
            screens.append({"screen": f"not shown to this user: {name}", "nodes": [], "tables": []})
            continue
        screens.append({"screen": f"view: {name}", **settled(lambda: survey(frame))})

    screens.append(record_screen(app, frame, views))
    for menu, entry in (("Help", "Keyboard shortcuts"), ("File", "New participant…")):
        trigger = next((i for i in menu_items(frame, menu) if i.name == entry), None)
        if trigger is None:
            screens.append({"screen": f"missing: {menu} > {entry}", "nodes": [], "tables": []})
            continue
        screens.append(dialog_screen(app, trigger))

    json.dump({"screens": screens}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.flush()
    quit_item = next((i for i in menu_items(frame, "File") if i.name == "Quit"), None)
    if quit_item is not None:
        press(quit_item)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
