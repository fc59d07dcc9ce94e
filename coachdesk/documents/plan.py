"""The individual action plan (individuell handlingsplan) as PDF, in the participant's language and Swedish.

The participant, the enrolment with its plan weeks and the activities planned in each, goals and sub-goals
with their status, placements and a signature block. Everything is read through the record services
(``gather``); labels come from the document language's catalog, so a coach working in Swedish prints an
Arabic plan without switching the UI. A plan in another language than Swedish carries the Swedish version
after it in the same file: the participant reads theirs, the office files the Swedish one.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as gettext_module
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from babel.dates import format_date

from coachdesk import formatting
from coachdesk.documents import grid, html
from coachdesk.documents.pages import Part, pdf_parts
from coachdesk.errors import CoachDeskError, NotFoundError
from coachdesk.i18n import N_, _, available_languages, translations_for
from coachdesk.models import Goal, Participant
from coachdesk.models.enums import AuditAction, EnrollmentStatus
from coachdesk.models.store import Store
from coachdesk.services import audit
from coachdesk.services import labels as code_labels
from coachdesk.services.calendar import IsoWeek
from coachdesk.services.goals import GoalService
from coachdesk.services.labels import ENROLLMENT_STATUS, GOAL_STATUS, PAUSE_REASON, PLACEMENT_KIND
from coachdesk.services.participants import ParticipantService
from coachdesk.services.placements import PlacementRow, PlacementService
from coachdesk.services.record_snapshot import ActivityRow, EnrollmentRow, PauseRow, read_plan
from coachdesk.services.schedule import PauseSpan, plan_weeks
from coachdesk.services.templates import TemplateLibrary

SWEDISH = "sv"
_OPEN = (EnrollmentStatus.ACTIVE, EnrollmentStatus.PAUSED, EnrollmentStatus.PLANNED)
_TITLE = N_("Individual action plan")
_NAME = N_("Name")
_PERSONNUMMER = N_("Personal identity number")
_COACH = N_("Coach")
_NOT_ANSWERED = N_("Not answered")
_ENROLMENT = N_("Enrolment")
_PROGRAMME = N_("Programme")
_START = N_("Start date")
_END = N_("End date")
_LENGTH = N_("Length")
_WEEKS = N_("{weeks} weeks")
_STATUS = N_("Status")
_NO_ENROLMENT = N_("The participant is not enrolled in a programme.")
_SCHEDULE = N_("Schedule")
_PLAN_WEEK = N_("Plan week")
_CALENDAR_WEEK = N_("Calendar week")
_ACTIVITIES = N_("Planned activities")
_WEEK = N_("Week {week}, {first} – {last}")
_NOTHING_PLANNED = N_("Nothing planned")
_PAUSE = N_("Pause")
_PAUSE_TEXT = N_("{weeks} weeks from {start} ({reason})")
_GOALS = N_("Goals and sub-goals")
_GOAL = N_("Goal")
_SUB_GOAL = N_("Sub-goal: {title}")
_TARGET = N_("Target date")
_NO_GOALS = N_("No goals are recorded yet.")
_PLACEMENTS = N_("Placements")
_KIND = N_("Kind")
_EMPLOYER = N_("Employer")
_PERIOD = N_("Period")
_SUPERVISOR = N_("Workplace supervisor")
_HOURS = N_("Hours per week")
_NO_PLACEMENTS = N_("No placements are recorded.")
_SIGNATURES = N_("Signatures")
_AGREED = N_("We have made this plan together and agree to follow it.")
_PARTICIPANT_SIGNATURE = N_("Participant's signature")
_COACH_SIGNATURE = N_("Coach's signature")
_DATE = N_("Date")
_UNKNOWN_LANGUAGE = N_("There is no translation for the language {language}. Choose one of: {languages}.")


@dataclass(frozen=True)
class PlanWeek:
    number: int  # plan week 1 is the ISO week of the start
    week: IsoWeek
    activities: tuple[ActivityRow, ...]


@dataclass(frozen=True)
class ActionPlan:
    """What the document shows, read in one go: frozen copies and detached rows, never live ones."""

    participant: Participant
    coach_name: str | None
    enrollment: EnrollmentRow | None
    weeks: tuple[PlanWeek, ...]
    pauses: tuple[PauseRow, ...]
    goals: tuple[Goal, ...]
    placements: tuple[PlacementRow, ...]


def _current(enrollments: Sequence[EnrollmentRow]) -> EnrollmentRow | None:
    """The open enrolment that started last (the intensive plan after the introduction), else the last."""
    ongoing = [e for e in enrollments if e.status in _OPEN]
    candidates = ongoing or list(enrollments)
    return max(candidates, key=lambda e: (e.start_date, e.id)) if candidates else None


def gather(store: Store, participant_id: str, *, templates: TemplateLibrary) -> ActionPlan:
    """Read the plan through the record services (each read is audited as a view of the record)."""
    try:
        participant = ParticipantService(store).get(participant_id)
    except NotFoundError:
        raise NotFoundError(_("No participant in this vault has that id.")) from None
    plan = read_plan(store, participant_id)
    enrollment = _current(plan.enrollments)
    weeks: tuple[PlanWeek, ...] = ()
    pauses: tuple[PauseRow, ...] = ()
    if enrollment is not None:
        pauses = tuple(p for p in plan.pauses if p.enrollment_id == enrollment.id)
        calendar = plan_weeks(enrollment.start_date, enrollment.length_weeks,
                              [PauseSpan(p.start_date, p.weeks) for p in pauses])
        by_week: dict[tuple[int, int], list[ActivityRow]] = {}
        for activity in plan.activities:
            by_week.setdefault((activity.iso_year, activity.iso_week), []).append(activity)
        weeks = tuple(PlanWeek(number, week, tuple(by_week.get((week.year, week.week), ())))
                      for number, week in enumerate(calendar, start=1))
    return ActionPlan(participant, plan.coach_name, enrollment, weeks, pauses,
                      tuple(GoalService(store).goals(participant_id)),
                      tuple(PlacementService(store, templates).placements_of(participant_id)))


def participant_language(participant: Participant) -> str:
    """The language the participant reads best that has a catalog: the interpreter's, their own, Swedish."""
    known = set(available_languages())
    for language in (participant.interpreter_language, participant.primary_language):
        if language and language in known:
            return language
    return SWEDISH


def check_language(language: str) -> str:
    """``language`` if CoachDesk has its catalog, else a ``CoachDeskError`` naming the ones it has."""
    known = available_languages()
    if language not in known:
        raise CoachDeskError(_(_UNKNOWN_LANGUAGE).format(language=language, languages=", ".join(known)))
    return language


@functools.lru_cache(maxsize=8)
def catalog(language: str) -> gettext_module.NullTranslations:
    return translations_for(language)  # parsed once per process: the benchmark renders many plans


def _activity_text(activity: ActivityRow, language: str, gettext: Callable[[str], str]) -> str:
    kind = gettext(code_labels.ACTIVITY_KIND[activity.kind])
    if activity.scheduled_at is None:
        return kind
    day = format_date(activity.scheduled_at.date(), "EEE", locale=formatting.babel_locale(language))
    return f"{kind} ({day} {formatting.ltr(activity.scheduled_at.strftime('%H:%M'))})"


def _who(plan: ActionPlan, gettext: Callable[[str], str]) -> str:
    person = plan.participant
    return html.table([
        (gettext(_NAME), f"{person.given_name} {person.family_name}".strip()),
        (gettext(_PERSONNUMMER), formatting.ltr(person.personnummer) or gettext(_NOT_ANSWERED)),
        (gettext(_COACH), plan.coach_name or gettext(_NOT_ANSWERED)),
    ])


def _enrolment(plan: ActionPlan, gettext: Callable[[str], str]) -> list[str]:
    enrollment = plan.enrollment
    if enrollment is None:
        return [html.heading(gettext(_ENROLMENT)), html.paragraph(gettext(_NO_ENROLMENT))]
    parts = [html.heading(gettext(_ENROLMENT)), html.table([
        (gettext(_PROGRAMME), gettext(code_labels.PROGRAMME[enrollment.programme])),
        (gettext(_START), formatting.iso_date(enrollment.start_date)),
        (gettext(_LENGTH), gettext(_WEEKS).format(weeks=enrollment.length_weeks)),
        (gettext(_END), formatting.iso_date(enrollment.planned_end_date)),
        (gettext(_STATUS), gettext(ENROLLMENT_STATUS[enrollment.status])),
    ])]
    for pause in plan.pauses:
        parts.append(html.table([(gettext(_PAUSE), gettext(_PAUSE_TEXT).format(
            weeks=pause.weeks, start=formatting.iso_date(pause.start_date),
            reason=gettext(PAUSE_REASON[pause.reason])))]))
    return parts


def _schedule(plan: ActionPlan, language: str, gettext: Callable[[str], str]) -> list[str]:
    if not plan.weeks:
        return []
    rows = []
    for week in plan.weeks:
        what = "; ".join(_activity_text(a, language, gettext) for a in week.activities)
        rows.append((formatting.ltr(str(week.number)),
                     gettext(_WEEK).format(week=formatting.ltr(str(week.week.week)),
                                           first=formatting.iso_date(week.week.monday),
                                           last=formatting.iso_date(week.week.sunday)),
                     what or gettext(_NOTHING_PLANNED)))
    return [html.heading(gettext(_SCHEDULE)),
            grid.grid([gettext(_PLAN_WEEK), gettext(_CALENDAR_WEEK), gettext(_ACTIVITIES)], rows)]


def _goals(plan: ActionPlan, gettext: Callable[[str], str]) -> list[str]:
    parts = [html.heading(gettext(_GOALS))]
    if not plan.goals:
        return [*parts, html.paragraph(gettext(_NO_GOALS))]
    rows = []
    for goal in plan.goals:  # each goal followed by its sub-goals (GoalService.goals)
        title = goal.title if goal.parent_id is None else gettext(_SUB_GOAL).format(title=goal.title)
        if goal.description:
            title = f"{title}: {goal.description}"
        rows.append((title, gettext(GOAL_STATUS[goal.status]), formatting.iso_date(goal.target_date)))
    return [*parts, grid.grid([gettext(_GOAL), gettext(_STATUS), gettext(_TARGET)], rows)]


def _placements(plan: ActionPlan, gettext: Callable[[str], str]) -> list[str]:
    parts = [html.heading(gettext(_PLACEMENTS))]
    if not plan.placements:
        return [*parts, html.paragraph(gettext(_NO_PLACEMENTS))]
    rows = [(gettext(PLACEMENT_KIND[p.kind]), p.employer_name,
             f"{formatting.iso_date(p.start_date)} – {formatting.iso_date(p.end_date)}",
             p.supervisor_name or gettext(_NOT_ANSWERED),
             formatting.ltr(str(p.hours_per_week)) if p.hours_per_week is not None else "")
            for p in sorted(plan.placements, key=lambda p: (p.start_date, p.id))]
    return [*parts, grid.grid([gettext(_KIND), gettext(_EMPLOYER), gettext(_PERIOD), gettext(_SUPERVISOR),
                               gettext(_HOURS)], rows)]


def plan_html(plan: ActionPlan, language: str, *, today: dt.date) -> str:
    gettext = catalog(language).gettext
    parts = [_who(plan, gettext), *_enrolment(plan, gettext), *_schedule(plan, language, gettext),
             *_goals(plan, gettext), *_placements(plan, gettext),
             html.heading(gettext(_SIGNATURES)), html.paragraph(gettext(_AGREED)),
             html.table([(gettext(_DATE), formatting.iso_date(today))]),
             html.signature_lines([gettext(_PARTICIPANT_SIGNATURE), gettext(_COACH_SIGNATURE),
                                   gettext(_DATE)])]
    return html.document(language, gettext(_TITLE), parts)


def record_exported(store: Store, participant_id: str) -> None:
    """The audit trail's note that the plan left the vault as a file: whose and when, never a value."""
    with store.session() as session, session.begin():
        audit.record(session, actor_id=store.user_id, action=AuditAction.EXPORT, entity="action_plan_pdf",
                     entity_id=None, participant_id=participant_id)


def languages_of(language: str) -> tuple[str, ...]:
    """The document's parts: ``language`` first, then Swedish unless it is Swedish."""
    return (language,) if language == SWEDISH else (language, SWEDISH)


def plan_pdf(plan: ActionPlan, language: str, *, today: dt.date) -> bytes:
    """The plan in ``language`` and, after it in the same file, in Swedish (once, if ``language`` is)."""
    parts = [Part(plan_html(plan, code, today=today), code) for code in languages_of(language)]
    return pdf_parts(parts, title=catalog(language).gettext(_TITLE))
