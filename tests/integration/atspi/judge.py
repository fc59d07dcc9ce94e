"""What the screen-reader check asks of the reader's report (``reader.py``), as plain functions.

Kept apart from the session so the rules themselves are tested on small made-up reports
(``test_judge.py``): a check that cannot fail proves nothing.
"""

from __future__ import annotations

from typing import Any

Report = dict[str, Any]

# On Linux, Qt gives a combo box its current value as its AT-SPI name and names its purpose only by the
# "labelled by" relation of its buddy label: that relation is what a screen reader says first.
NAMED_BY_LABEL_ONLY = frozenset({"combo box"})
# Multi-column item views: a screen reader announces each cell with its column's header.
HEADED = frozenset({"table", "tree table", "tree"})


def screens(report: Report) -> list[str]:
    return [screen["screen"] for screen in report["screens"]]


def unnamed(report: Report) -> list[str]:
    """Every interactive node a screen reader would announce without saying what it is for."""
    found = []
    for screen in report["screens"]:
        for node in screen["nodes"]:
            name, label = node["name"].strip(), node.get("labelled_by", "").strip()
            if node["role"] in NAMED_BY_LABEL_ONLY:
                if not label:
                    found.append(f"{screen['screen']}: {node['role']} '{name}' has no label "
                                 f"({node['path']})")
            elif not name and not label:
                found.append(f"{screen['screen']}: unnamed {node['role']} ({node['path']})")
    return found


def headerless(report: Report) -> list[str]:
    """Every multi-column table (with rows: Qt's bridge finds a header through the first row) whose
    columns are not all announced by a named header."""
    found = []
    for screen in report["screens"]:
        for table in screen["tables"]:
            if table["role"] not in HEADED or table["columns"] < 2 or not table.get("rows"):
                continue
            if not table["table"]:
                found.append(f"{screen['screen']}: {table['role']} '{table['name']}' has no Table interface")
            elif not all(header and header.strip() for header in table["headers"]):
                found.append(f"{screen['screen']}: {table['role']} '{table['name']}' headers "
                             f"{table['headers']}")
    return found


def tables_with_headers(report: Report) -> int:
    return sum(1 for screen in report["screens"] for table in screen["tables"]
               if table["role"] in HEADED and table["columns"] >= 2 and table.get("rows")
               and all(table["headers"]))
