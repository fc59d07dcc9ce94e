"""Documents a participant reads (consent, intake summary, action plan), in their language, as PDF.

Rendered with Qt's text engine (``QTextDocument`` → ``QPdfWriter``), which shapes Arabic and Persian and
lays out Ethiopic correctly; reportlab alone does neither bidi nor shaping (tests/unit/documents prove the
difference with ``pdftotext``). QtGui only: no widgets, so the CLI renders the same documents offscreen.
"""
