"""Labels of the right-of-access report: section titles, field names and codes (English sources, ``N_``).

A field without a label here is shown by its column name, so a column added later is never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coachdesk.i18n import N_
from coachdesk.models.enums import AuditAction
from coachdesk.services import labels as code_labels
from coachdesk.services.labels import ENROLLMENT_STATUS, GOAL_STATUS, PAUSE_REASON, PLACEMENT_KIND
from coachdesk.services.plans import DIMENSIONS

SECTION_TITLES: dict[str, str] = {
    "participant": N_("Participant"),
    "enrollments": N_("Enrolments"),
    "pauses": N_("Pauses"),
    "checkpoints": N_("Reviews of the plan"),
    "assessments": N_("Employability assessments and ratings"),
    "goals": N_("Goals and sub-goals"),
    "activities": N_("Activities and attendance"),
    "placements": N_("Placements"),
    "follow_ups": N_("Follow-ups"),
    "journal_entries": N_("Journal entries and corrections"),
    "exits": N_("Exit"),
    "documents": N_("Documents"),
    "interpreter_sessions": N_("Interpreter sessions"),
    "reviews": N_("Supervisor's reviews"),
    "audit_trail": N_("Who viewed or changed the record"),
}
FIELDS: dict[str, str] = {
    "given_name": N_("Given name"), "family_name": N_("Family name"),
    "personnummer": N_("Personal identity number"), "birth_date": N_("Date of birth"),
    "gender": N_("Gender"), "phone": N_("Phone"), "email": N_("E-mail"), "address": N_("Address"),
    "postal_code": N_("Postal code"), "city": N_("City"), "target_group": N_("Target group"),
    "referral_source": N_("Referred by"), "referral_date": N_("Referral date"),
    "receives_financial_assistance": N_("Receives financial assistance"),
    "receives_introduction_benefit": N_("Receives introduction benefit"),
    "foreign_born": N_("Born abroad"), "country_of_birth": N_("Country of birth"),
    "arrival_year": N_("Year of arrival in Sweden"), "primary_language": N_("Primary language"),
    "other_languages": N_("Other languages"), "interpreter_needed": N_("Needs an interpreter"),
    "interpreter_language": N_("Interpreter language"), "education_level": N_("Education"),
    "complete_upper_secondary": N_("Complete upper-secondary grades"),
    "disability_affects_work": N_("Disability that affects work"),
    "accessibility_needs": N_("Accessibility needs"), "communication_needs": N_("Communication needs"),
    "social_situation": N_("Social situation"), "work_experience": N_("Work experience"),
    "informal_competences": N_("Informal competences"), "dreams": N_("Dreams of work and career"),
    "goals_summary": N_("Goals in your own words"), "consent_given_on": N_("Consent given on"),
    "consent_language": N_("Consent read in"), "status": N_("Status"), "coach_id": N_("Coach"),
    "created_at": N_("Registered"), "programme": N_("Programme"), "start_date": N_("Start date"),
    "end_date": N_("End date"), "length_weeks": N_("Length in weeks"),
    "planned_end_date": N_("Planned end"), "ended_on": N_("Ended on"), "end_reason": N_("Reason for ending"),
    "meeting_weekday": N_("Meeting weekday"), "meeting_time": N_("Meeting time"), "weeks": N_("Weeks"),
    "reason": N_("Reason"), "note": N_("Note"), "kind": N_("Kind"), "due_date": N_("Due"),
    "done_on": N_("Done on"), "assessed_on": N_("Assessed on"), "decision": N_("Decision"),
    "intensive_weeks": N_("Weeks of intensive coaching"), "dimension": N_("Dimension"),
    "rating": N_("Rating"), "title": N_("Title"), "description": N_("Description"), "origin": N_("Origin"),
    "target_date": N_("Target date"), "achieved_on": N_("Achieved on"), "iso_year": N_("Year"),
    "iso_week": N_("Week"), "scheduled_at": N_("Scheduled"), "planned_minutes": N_("Planned minutes"),
    "attended_minutes": N_("Attended minutes"), "employer_id": N_("Employer"),
    "supervisor_id": N_("Workplace supervisor"), "hours_per_week": N_("Hours per week"),
    "follow_up_every_weeks": N_("Follow-up every N weeks"), "cancelled": N_("Cancelled"),
    "outcome": N_("Outcome"), "chances_improved": N_("Feels chances of work improved"),
    "author_id": N_("Written by"), "written_at": N_("Written"), "body": N_("Text"),
    "exit_date": N_("Exit date"), "destination": N_("Destination"), "filename": N_("Name"),
    "mime_type": N_("Type"), "size": N_("Size in bytes"), "added_at": N_("Added"),
    "interpreter_id": N_("Interpreter"), "purpose": N_("Purpose"), "language": N_("Language"),
    "starts_at": N_("Start time"), "ends_at": N_("End time"), "reviewer_id": N_("Reviewer"),
    "comment": N_("Comment"), "decided_at": N_("Decided"),
}
ACTION: dict[str, str] = {
    AuditAction.VIEW: N_("viewed"), AuditAction.CREATE: N_("created"), AuditAction.UPDATE: N_("changed"),
    AuditAction.DELETE: N_("removed"), AuditAction.CORRECT: N_("corrected"),
    AuditAction.EXPORT: N_("exported"), AuditAction.GENERATE: N_("generated"),
}


def _by_value(labels: Mapping[Any, str]) -> dict[str, str]:
    return {str(getattr(code, "value", code)): label for code, label in labels.items()}


# Codes whose meaning is the same wherever the field appears; ``status`` differs by table (see STATUS).
CODES: dict[str, dict[str, str]] = {
    "gender": _by_value(code_labels.GENDER), "target_group": _by_value(code_labels.TARGET_GROUP),
    "referral_source": _by_value(code_labels.REFERRAL_SOURCE),
    "education_level": _by_value(code_labels.EDUCATION_LEVEL),
    "programme": _by_value(code_labels.PROGRAMME),
    "destination": _by_value(code_labels.DESTINATION), "outcome": _by_value(code_labels.DESTINATION),
    "reason": _by_value(PAUSE_REASON), "dimension": dict(DIMENSIONS),
}
KIND: dict[str, dict[str, str]] = {
    "activities": _by_value(code_labels.ACTIVITY_KIND),
    "checkpoints": _by_value(code_labels.CHECKPOINT_KIND),
    "placements": _by_value(PLACEMENT_KIND),
    "follow_ups": _by_value(code_labels.FOLLOW_UP_KIND),
}
STATUS: dict[str, dict[str, str]] = {
    "participant": {"referred": N_("Referred"), "introduction": N_("Introduction period"),
                    "intensive": N_("Intensive coaching"), "exited": N_("Exited")},
    "enrollments": _by_value(ENROLLMENT_STATUS),
    "activities": _by_value(code_labels.ACTIVITY_STATUS),
    "goals": _by_value(GOAL_STATUS),
}
