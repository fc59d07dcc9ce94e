"""The intake and mapping form's fields (kartläggning), grouped as the coach asks them. No Qt here.

Every field of the participant that intake records; status and coach change through enrolment, exit and
reassignment, so the overview shows them instead.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from coachdesk.i18n import N_, _
from coachdesk.models.enums import EducationLevel, Gender, ReferralSource, TargetGroup
from coachdesk.services import labels as service_labels
from coachdesk.ui import labels


class Kind(enum.Enum):
    LINE = "line"  # a short text
    LTR = "ltr"  # left-to-right data: personnummer, phone, e-mail, dates, codes
    TEXT = "text"  # a long, free text
    CHOICE = "choice"  # one of an enum's values
    YES_NO = "yes_no"  # yes, no or not answered
    CHECK = "check"  # yes or no, never unknown


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # N_()-marked, with a mnemonic
    kind: Kind
    options: Callable[[], list[tuple[str, str]]] | None = None  # CHOICE: (code, translated label)
    optional_choice: bool = True  # CHOICE: may be left unanswered
    hint: str | None = None  # N_()-marked placeholder


@dataclass(frozen=True)
class Group:
    title: str
    fields: tuple[Field, ...]


_DATE_HINT = N_("YYYY-MM-DD")
_LANGUAGE_HINT = N_("Language code, such as ar, so, ti or fa_AF")


def _options(codes: Iterable[enum.Enum], label: Callable[[Any], str]) -> Callable[[], list[tuple[str, str]]]:
    members = tuple(codes)
    return lambda: [(str(code.value), label(code)) for code in members]


_GENDER = _options(Gender, labels.gender_label)
_TARGET_GROUP = _options(TargetGroup, labels.target_group_label)
_REFERRAL = _options(ReferralSource, lambda code: _(service_labels.REFERRAL_SOURCE[code]))
_EDUCATION = _options(EducationLevel, lambda code: _(service_labels.EDUCATION_LEVEL[code]))

GROUPS: tuple[Group, ...] = (
    Group(N_("Identity and contact"), (
        Field("given_name", N_("&Given name:"), Kind.LINE),
        Field("family_name", N_("&Family name:"), Kind.LINE),
        # Translators: the Swedish personnummer; keep the Swedish word beside yours if space allows.
        Field("personnummer", N_("&Personal identity number:"), Kind.LTR, hint=N_("YYYYMMDD-NNNN")),
        Field("birth_date", N_("&Birth date:"), Kind.LTR, hint=_DATE_HINT),
        Field("gender", N_("Gen&der:"), Kind.CHOICE, _GENDER, optional_choice=False),
        Field("phone", N_("P&hone:"), Kind.LTR),
        Field("email", N_("&E-mail:"), Kind.LTR),
        Field("address", N_("&Address:"), Kind.LINE),
        Field("postal_code", N_("Postal &code:"), Kind.LTR, hint=N_("NNN NN")),
        Field("city", N_("Cit&y:"), Kind.LINE),
    )),
    Group(N_("Languages and interpreter"), (
        Field("primary_language", N_("&Primary language:"), Kind.LTR, hint=_LANGUAGE_HINT),
        Field("other_languages", N_("&Other languages:"), Kind.LTR, hint=N_("Language codes, such as en sv")),
        Field("interpreter_needed", N_("&Interpreter needed:"), Kind.CHECK),
        Field("interpreter_language", N_("Interpreter &language:"), Kind.LTR, hint=_LANGUAGE_HINT),
    )),
    Group(N_("Target group and referral"), (
        Field("target_group", N_("&Target group:"), Kind.CHOICE, _TARGET_GROUP),
        Field("referral_source", N_("&Referred by:"), Kind.CHOICE, _REFERRAL),
        Field("referral_date", N_("Referral &date:"), Kind.LTR, hint=_DATE_HINT),
        Field("receives_financial_assistance", N_("Receives &financial assistance:"), Kind.YES_NO),
        Field("receives_introduction_benefit", N_("Receives introduction &benefit:"), Kind.YES_NO),
        Field("foreign_born", N_("Born &abroad:"), Kind.YES_NO),
        Field("country_of_birth", N_("&Country of birth:"), Kind.LTR, hint=N_("Two letters, such as SO")),
        Field("arrival_year", N_("&Year of arrival in Sweden:"), Kind.LTR, hint=N_("YYYY")),
    )),
    Group(N_("Education"), (
        Field("education_level", N_("&Highest education:"), Kind.CHOICE, _EDUCATION),
        Field("complete_upper_secondary", N_("&Complete upper-secondary grades:"), Kind.YES_NO),
    )),
    Group(N_("Work experience and informal competences"), (
        Field("work_experience", N_("&Work experience:"), Kind.TEXT),
        Field("informal_competences", N_("&Informal competences:"), Kind.TEXT),
    )),
    Group(N_("Dreams and goals"), (
        Field("dreams", N_("&Dreams of work and career:"), Kind.TEXT),
        Field("goals_summary", N_("&Goals in the participant's words:"), Kind.TEXT),
    )),
    Group(N_("Social situation"), (
        Field("social_situation", N_("&Social situation:"), Kind.TEXT),
    )),
    Group(N_("Accessibility and communication needs"), (
        Field("disability_affects_work", N_("&Disability that reduces capacity to work:"), Kind.YES_NO),
        Field("accessibility_needs", N_("&Accessibility needs:"), Kind.TEXT),
        Field("communication_needs", N_("&Communication needs and aids:"), Kind.TEXT),
    )),
    Group(N_("Consent"), (
        Field("consent_given_on", N_("Consent &given on:"), Kind.LTR, hint=_DATE_HINT),
        Field("consent_language", N_("Consent &language:"), Kind.LTR, hint=_LANGUAGE_HINT),
    )),
)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for g in GROUPS for f in g.fields)

Raw = str | bool


def to_raw(kind: Kind, value: object) -> Raw:
    """A stored value as the form holds it: text (codes for choices), or a bool for a check box."""
    if kind is Kind.CHECK:
        return bool(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
