"""Everything held on a participant (right of access, GDPR art. 15) as a readable PDF.

Renders what ``services.subject_access.gather`` returns, section by section with headings, in Swedish or
the language asked for. Technical keys (row ids, sync stamps, office scope) are left to the JSON export;
the ids rows point at are shown as the names they stand for. Empty fields of the participant are shown
as empty; empty fields of other rows are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from coachdesk import formatting
from coachdesk.documents import grid, html
from coachdesk.documents.access_labels import ACTION, CODES, FIELDS, KIND, SECTION_TITLES, STATUS
from coachdesk.documents.pages import Part, pdf_parts
from coachdesk.documents.plan import catalog
from coachdesk.i18n import N_
from coachdesk.services.subject_access import SECTIONS

_TITLE = N_("Everything we hold about you")
_INTRO = N_("This is every piece of information CoachDesk holds about you, as of {date}. Documents are "
            "listed here; ask your coach for a copy of any of them.")
_NONE = N_("Nothing is recorded.")
_ROW = N_("Entry {number}")
_RATINGS = N_("Ratings")
_YES = N_("Yes")
_NO = N_("No")
_WHEN = N_("When")
_WHO = N_("Who")
_WHAT = N_("What")
_RECORD = N_("Record")
_FIELDS = N_("Fields")
_REMOVED = N_("Removed")
_HIDDEN = frozenset({"id", "participant_id", "updated_hlc", "office_id", "deleted", "plan_slot", "group_id",
                     "template_id", "assessment_id", "enrollment_id", "goal_id", "placement_id",
                     "activity_id", "parent_id", "agreement_id", "entity_id", "corrects_id"})
_LTR = frozenset({"personnummer", "phone", "email", "postal_code", "country_of_birth", "primary_language",
                  "other_languages", "interpreter_language", "consent_language", "language", "mime_type",
                  "filename", "iso_year", "iso_week", "size", "arrival_year"})
Gettext = Callable[[str], str]


def _codes(section: str, field: str) -> Mapping[str, str]:
    by_section = {"kind": KIND, "status": STATUS}.get(field)
    return by_section.get(section, {}) if by_section is not None else CODES.get(field, {})


_NAMED = {"coach_id": "users", "author_id": "users", "actor_id": "users", "reviewer_id": "users",
          "interpreter_id": "users", "employer_id": "employers", "supervisor_id": "employer_contacts"}


def _value(field: str, value: object, held: Mapping[str, Any], gettext: Gettext, section: str = "") -> str:
    if isinstance(value, bool):
        return gettext(_YES if value else _NO)
    if field in _NAMED:
        names: Mapping[str, str] = held["names"][_NAMED[field]]
        return names.get(str(value), str(value))
    codes = _codes(section, field)
    if str(value) in codes:
        return gettext(codes[str(value)])
    text = str(value)
    if len(text) > 19 and text[10:11] == "T" and text[:4].isdigit():
        text = text[:19].replace("T", " ")  # a timestamp to the second: the JSON keeps the fraction
    if field in _LTR or (len(text) >= 10 and text[:4].isdigit() and text[4] == "-"):
        return formatting.ltr(text)  # codes, numbers and ISO dates read left to right in every script
    return text


def _label(field: str, gettext: Gettext) -> str:
    return gettext(FIELDS[field]) if field in FIELDS else field.replace("_", " ")


def _pairs(row: Mapping[str, Any], held: Mapping[str, Any], gettext: Gettext, section: str, *,
           keep_empty: bool = False) -> list[tuple[str, str]]:
    pairs = [(_label(field, gettext),
              _value(field, value, held, gettext, section) if value not in (None, "") else "")
             for field, value in row.items()
             if field not in _HIDDEN and field != "ratings" and (keep_empty or value not in (None, ""))]
    if row.get("deleted"):
        pairs.append((gettext(_REMOVED), gettext(_YES)))
    return pairs


def _section(key: str, held: Mapping[str, Any], gettext: Gettext) -> list[str]:
    rows = held[key]
    parts = [html.heading(gettext(SECTION_TITLES[key]))]
    if not rows:
        return [*parts, html.paragraph(gettext(_NONE))]
    if key == "audit_trail":
        return [*parts, grid.grid(
            [gettext(_WHEN), gettext(_WHO), gettext(_WHAT), gettext(_RECORD), gettext(_FIELDS)],
            [(formatting.ltr(r["at"]),
              _value("actor_id", r["actor_id"], held, gettext) if r["actor_id"] else "",
              gettext(ACTION[r["action"]]) if r["action"] in ACTION else r["action"],
              r["entity"].replace("_", " "), (r["fields"] or "").replace(",", ", ")) for r in rows])]
    for number, row in enumerate(rows, start=1):
        parts.append(html.paragraph(gettext(_ROW).format(number=number)))
        parts.append(html.table(_pairs(row, held, gettext, key)))
        if row.get("ratings"):
            parts.append(html.paragraph(gettext(_RATINGS)))
        for rating in row.get("ratings", ()):
            parts.append(html.table(_pairs(rating, held, gettext, "ratings")))
    return parts


def access_html(held: Mapping[str, Any], language: str) -> str:
    gettext = catalog(language).gettext
    generated = formatting.ltr(str(held["generated_at"])[:10])
    parts = [html.paragraph(gettext(_INTRO).format(date=generated)),
             html.heading(gettext(SECTION_TITLES["participant"])),
             html.table(_pairs(held["participant"], held, gettext, "participant", keep_empty=True))]
    for section in SECTIONS:
        parts += _section(section.key, held, gettext)
    return html.document(language, gettext(_TITLE), parts)


def access_pdf(held: Mapping[str, Any], language: str) -> bytes:
    return pdf_parts([Part(access_html(held, language), language)], title=catalog(language).gettext(_TITLE))
