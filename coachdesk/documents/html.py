"""Small, escaped HTML for Qt's rich-text subset: a document is a title, key–value tables and paragraphs."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from coachdesk.documents.render import is_rtl


def document(language: str, title: str, parts: Iterable[str]) -> str:
    direction = "rtl" if is_rtl(language) else "ltr"
    body = "\n".join(parts)
    return (f'<html lang="{escape(language)}" dir="{direction}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head>"
            f'<body dir="{direction}"><h1 dir="{direction}">{escape(title)}</h1>\n{body}</body></html>')


def heading(text: str) -> str:
    return f"<h2>{escape(text)}</h2>"


def paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def table(rows: Iterable[tuple[str, str]]) -> str:
    """Two columns, label and value; values are escaped here (and keep their LTR isolation marks)."""
    cells = "".join(f'<tr><td width="40%"><b>{escape(label)}</b></td><td>{escape(value)}</td></tr>'
                    for label, value in rows)
    return f'<table border="0" cellpadding="4" cellspacing="0" width="100%">{cells}</table>'


def signature_lines(labels: Iterable[str]) -> str:
    cells = "".join(f"<td><br><br>______________________________<br>{escape(label)}</td>" for label in labels)
    return f'<table width="100%" cellpadding="8"><tr>{cells}</tr></table>'
