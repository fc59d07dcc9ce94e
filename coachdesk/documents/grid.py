"""A table with a header row and any number of columns, escaped, for Qt's rich-text subset."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape


def grid(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Columns follow the document's direction (right to left in Arabic); values keep their LTR marks."""
    head = "".join(f'<td><b>{escape(text)}</b></td>' for text in headers)  # td: aligned to the text's start
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return (f'<table border="1" cellpadding="3" cellspacing="0" width="100%" '
            f'style="border-collapse: collapse"><thead><tr>{head}</tr></thead>{body}</table>')


def bullets(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"
