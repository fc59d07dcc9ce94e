"""The consent text and the intake summary, in the participant's language, as PDF.

Labels come from the gettext catalog of the document's language (``i18n.translations_for``) and questions
from the intake catalog, so a coach working in Swedish prints a Tigrinya consent without switching the UI.
Left-to-right data (personnummer, dates, phone, e-mail) is isolated so it reads the same in Arabic text.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import Any

from coachdesk import formatting
from coachdesk.documents import html
from coachdesk.documents.pages import pdf_bytes
from coachdesk.i18n import N_, translations_for
from coachdesk.models import Participant
from coachdesk.services import intake_catalog
from coachdesk.services import labels as code_labels

# Fields whose value is left-to-right data wherever it is shown.
_LTR_FIELDS = frozenset({"personnummer", "birth_date", "phone", "email", "postal_code", "referral_date",
                         "country_of_birth", "arrival_year", "primary_language", "other_languages",
                         "interpreter_language"})
_CHOICES: dict[str, Mapping[Any, str]] = {
    "gender": code_labels.GENDER, "target_group": code_labels.TARGET_GROUP,
    "referral_source": code_labels.REFERRAL_SOURCE, "education_level": code_labels.EDUCATION_LEVEL,
}
_NAME = N_("Name")
_PERSONNUMMER = N_("Personal identity number")
_DATE = N_("Date")
_YES = N_("Yes")
_NO = N_("No")
_NOT_ANSWERED = N_("Not answered")
_CONSENT_GIVEN_ON = N_("Consent given on {date}")
_NO_CONSENT = N_("No consent is recorded.")
_PARTICIPANT_SIGNATURE = N_("Participant's signature")
_COACH_SIGNATURE = N_("Coach's signature")
_INTAKE_SUMMARY = N_("Intake summary")
_INTAKE_HELD = N_("What you told us at intake, as your coach wrote it down.")


def _value_text(field: str, value: object, gettext: Callable[[str], str]) -> str:
    if isinstance(value, bool):
        return gettext(_YES if value else _NO)
    if field in _CHOICES:
        return gettext(_CHOICES[field][value])
    if isinstance(value, dt.date):
        return formatting.iso_date(value)
    text = str(value.value) if isinstance(value, enum.Enum) else str(value)
    return formatting.ltr(text) if field in _LTR_FIELDS else text


def _answer(participant: Participant, field: str, gettext: Callable[[str], str]) -> str:
    if field == "consent_given":
        given = participant.consent_given_on
        return gettext(_CONSENT_GIVEN_ON).format(date=formatting.iso_date(given)) if given \
            else gettext(_NO_CONSENT)
    value = getattr(participant, field)
    return gettext(_NOT_ANSWERED) if value is None or value == "" else _value_text(field, value, gettext)


def _who(participant: Participant, gettext: Callable[[str], str]) -> str:
    name = f"{participant.given_name} {participant.family_name}".strip()
    return html.table([(gettext(_NAME), name),
                       (gettext(_PERSONNUMMER), formatting.ltr(participant.personnummer) or
                        gettext(_NOT_ANSWERED))])


def consent_html(participant: Participant, language: str, *, today: dt.date) -> str:
    texts = intake_catalog.texts(language)
    gettext = translations_for(language).gettext
    consent = next(s for s in intake_catalog.sections() if s.id == "consent")
    parts = [_who(participant, gettext)]
    parts += [html.paragraph(intake_catalog.text(language, key)) for key in consent.paragraphs]
    for question in consent.questions:
        parts.append(html.heading(texts[f"{question.key}.ask"]))
        parts.append(html.paragraph(_answer(participant, question.field, gettext)))
    parts.append(html.table([(gettext(_DATE), formatting.iso_date(today))]))
    parts.append(html.signature_lines([gettext(_PARTICIPANT_SIGNATURE), gettext(_COACH_SIGNATURE)]))
    return html.document(language, texts["consent.title"], parts)


def intake_summary_html(participant: Participant, language: str, *, today: dt.date) -> str:
    texts = intake_catalog.texts(language)
    gettext = translations_for(language).gettext
    parts = [_who(participant, gettext), html.paragraph(gettext(_INTAKE_HELD))]
    for section in intake_catalog.sections():
        rows = [(texts[f"{q.key}.ask"], _answer(participant, q.field, gettext))
                for q in section.questions if not q.coach_only]
        parts += [html.heading(texts[f"{section.id}.title"]), html.table(rows)]
    parts.append(html.table([(gettext(_DATE), formatting.iso_date(today))]))
    return html.document(language, gettext(_INTAKE_SUMMARY), parts)


def consent_pdf(participant: Participant, language: str, *, today: dt.date) -> bytes:
    return pdf_bytes(consent_html(participant, language, today=today), language=language,
                     title=intake_catalog.texts(language)["consent.title"])


def intake_summary_pdf(participant: Participant, language: str, *, today: dt.date) -> bytes:
    return pdf_bytes(intake_summary_html(participant, language, today=today), language=language,
                     title=translations_for(language).gettext(_INTAKE_SUMMARY))
