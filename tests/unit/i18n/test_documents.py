"""Documents in the participant's language read back right: ``pdftotext`` of a consent and an intake
summary in Arabic, Dari and Tigrinya gives the personnummer and the dates digit for digit, shaped Arabic and
Ethiopic script, from the bundled fonts; and the proof of why Qt renders them, not reportlab alone."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from coachdesk.documents import html
from coachdesk.documents.intake import consent_pdf, intake_summary_pdf
from coachdesk.documents.pages import pdf_bytes
from coachdesk.models import Participant
from coachdesk.resources import resources_dir

PERSONNUMMER = "19900101-1234"
CONSENT_DAY = dt.date(2026, 11, 20)
TODAY = dt.date(2026, 11, 24)
# "We write down your answers today": no lam-alef, whose ligature pdftotext cannot map back to letters.
ARABIC_SENTENCE = "نكتب إجاباتك اليوم"
PRESENTATION_FORMS_B = range(0xFE70, 0xFF00)
ETHIOPIC = range(0x1200, 0x1380)
ARABIC_SCRIPT = {"ar", "fa_AF"}
FONT_FOR = {"ar": "NotoNaskhArabic", "fa_AF": "NotoNaskhArabic", "ti": "NotoSansEthiopic"}
Render = Callable[..., bytes]
DOCUMENTS: dict[str, Render] = {"consent": consent_pdf, "intake_summary": intake_summary_pdf}


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is missing: install poppler-utils (scripts/system-deps.sh)")
    return found


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _pdffonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([_tool("pdffonts"), str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def _visible(text: str) -> str:
    """The text without the direction marks pdftotext adds around runs (LRE, RLE, PDF: category Cf)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _count(text: str, block: range) -> int:
    return sum(1 for ch in text if ord(ch) in block)


@pytest.fixture
def participant() -> Participant:
    return Participant(given_name="Amina", family_name="Ali", personnummer=PERSONNUMMER,
                       consent_given_on=CONSENT_DAY, consent_language="ar", interpreter_needed=True,
                       interpreter_language="ar", primary_language="ar")


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
@pytest.mark.parametrize("language", ["ar", "fa_AF", "ti"])
def test_pdftotext_reads_the_personnummer_and_dates_in_order(
        document: str, language: str, participant: Participant, tmp_path: Path, qapp: QApplication) -> None:
    text = _visible(_pdftotext(DOCUMENTS[document](participant, language, today=TODAY), tmp_path))
    assert PERSONNUMMER in text, text
    assert TODAY.isoformat() in text, text
    assert CONSENT_DAY.isoformat() in text, text


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
@pytest.mark.parametrize("language", ["ar", "fa_AF", "ti"])
def test_the_script_is_shaped_and_set_in_the_bundled_font(
        document: str, language: str, participant: Participant, tmp_path: Path, qapp: QApplication) -> None:
    pdf = DOCUMENTS[document](participant, language, today=TODAY)
    text = _pdftotext(pdf, tmp_path)
    if language in ARABIC_SCRIPT:
        assert _count(text, PRESENTATION_FORMS_B) > 0, "no Arabic Presentation Forms-B: the text is unshaped"
    else:
        assert _count(text, ETHIOPIC) > 0, "no Ethiopic characters"
    fonts = _pdffonts(pdf, tmp_path)
    wanted = [row for row in fonts if row[0].split("+")[-1].startswith(FONT_FOR[language])]
    assert wanted, f"{FONT_FOR[language]} is not in the PDF: {fonts}"
    # Columns: name, type (one or two words), encoding, emb, sub, uni, object, ID.
    assert all(row[-5] == "yes" for row in wanted), f"the font is not embedded: {wanted}"


def _reportlab_pdf(sentence: str) -> bytes:
    font = resources_dir() / "fonts" / "NotoNaskhArabic-Regular.ttf"
    pdfmetrics.registerFont(TTFont("NotoNaskhArabic", str(font)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("NotoNaskhArabic", 14)
    pdf.drawString(72, 720, sentence)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_documents_use_qt_because_reportlab_alone_leaves_arabic_unshaped(
        tmp_path: Path, qapp: QApplication) -> None:
    """Issue 7 asks which renderer shapes Arabic: the same sentence through reportlab comes out as isolated
    letters in reversed order; through QTextDocument → QPdfWriter as joined presentation forms that read
    back (NFKC) as the sentence. That is why coachdesk/documents renders with Qt."""
    reportlab_text = _visible(_pdftotext(_reportlab_pdf(ARABIC_SENTENCE), tmp_path))
    assert _count(reportlab_text, PRESENTATION_FORMS_B) == 0
    assert ARABIC_SENTENCE not in unicodedata.normalize("NFKC", reportlab_text)
    assert ARABIC_SENTENCE[::-1] in reportlab_text, "reportlab wrote the letters, unjoined, in visual order"

    qt_pdf = pdf_bytes(html.document("ar", "test", [html.paragraph(ARABIC_SENTENCE)]), language="ar",
                       title="test")
    qt_text = _visible(_pdftotext(qt_pdf, tmp_path))
    assert _count(qt_text, PRESENTATION_FORMS_B) > 0
    assert ARABIC_SENTENCE in unicodedata.normalize("NFKC", qt_text)
