"""Exit (avslut) with its destination, and the 90-day follow-up after it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.errors import NotFoundError, ValidationError
from coachdesk.i18n import _
from coachdesk.models import Enrollment, Exit, FollowUp
from coachdesk.models.enums import AuditAction, Destination, FollowUpKind, Programme
from coachdesk.models.store import Store
from coachdesk.services import audit, lookup
from coachdesk.services.access import records_only
from coachdesk.services.closing import exit_in_session
from coachdesk.services.templates import TemplateLibrary
from coachdesk.services.validation import choice, clean_bool, clean_date, clean_one, text

# What the funder asks 90 days after exit: in work, in regular education, in another programme, or none.
DAY_90_OUTCOMES = (Destination.WORK, Destination.STUDIES, Destination.OTHER_PROGRAMME, Destination.NONE)
EXIT_DESTINATIONS = (
    Destination.WORK,
    Destination.STUDIES,
    Destination.OTHER_PROGRAMME,
    Destination.OWN_BUSINESS,
    Destination.SICK_LEAVE,
    Destination.MOVED,
    Destination.OTHER,
)


@records_only
class ExitService:
    def __init__(self, store: Store, templates: TemplateLibrary) -> None:
        self._store = store
        self._templates = templates

    def exit(
        self,
        participant_id: str,
        *,
        exit_date: object,
        destination: object,
        note: str | None = None,
        chances_improved: object = None,
    ) -> Exit:
        day = clean_one("exit_date", clean_date, exit_date)
        where = clean_one("destination", choice(Destination), destination)
        if where not in EXIT_DESTINATIONS:
            raise ValidationError(
                {"destination": _("Choose where the participant goes after the programme.")}
            )
        improved = (
            clean_one("chances_improved", clean_bool, chances_improved)
            if chances_improved is not None
            else None
        )
        with self._store.session() as session, session.begin():
            participant = lookup.participant(session, participant_id)
            record = exit_in_session(
                session,
                participant,
                exit_date=day,
                destination=where,
                note=clean_one("note", text(10_000), note) if note else None,
                follow_up_days=self._follow_up_days(session, participant_id),
                chances_improved=improved,
            )
            session.flush()
            audit.record(
                session,
                actor_id=self._store.user_id,
                action=AuditAction.CREATE,
                entity="exit",
                entity_id=record.id,
                participant_id=participant_id,
                fields=("exit_date", "destination"),
            )
            return record

    def _follow_up_days(self, session: Session, participant_id: str) -> int:
        """The follow-up delay of the latest programme's template (90 days in both bundled ones)."""
        latest = session.scalars(
            select(Enrollment)
            .where(Enrollment.participant_id == participant_id, Enrollment.deleted.is_(False))
            .order_by(Enrollment.start_date.desc())
        ).first()
        if latest is not None and latest.template_id:
            return self._templates.get(latest.template_id).follow_up_after_exit_days
        return self._templates.default_for(Programme.INTRODUCTION).follow_up_after_exit_days

    def record_day_90(
        self, follow_up_id: str, *, done_on: object, outcome: object, chances_improved: object
    ) -> FollowUp:
        """The 90-day follow-up's answers: where the participant is now, and whether their chances grew."""
        day = clean_one("done_on", clean_date, done_on)
        result = clean_one("outcome", choice(Destination), outcome)
        improved = clean_one("chances_improved", clean_bool, chances_improved)
        if result not in DAY_90_OUTCOMES:
            raise ValidationError(
                {
                    "outcome": _(
                        "At 90 days, choose Work, Studies, Another labour-market programme or None of these."
                    )
                }
            )
        with self._store.session() as session, session.begin():
            follow_up = session.get(FollowUp, follow_up_id)
            if follow_up is None or follow_up.deleted or follow_up.kind is not FollowUpKind.DAY_90:
                raise NotFoundError(_("The follow-up no longer exists."))
            exit_row = session.scalars(
                select(Exit)
                .where(Exit.participant_id == follow_up.participant_id, Exit.deleted.is_(False))
                .order_by(Exit.exit_date.desc())
            ).first()
            if exit_row is not None and day <= exit_row.exit_date:
                raise ValidationError({"done_on": _("The follow-up must be after the exit date.")})
            follow_up.done_on, follow_up.outcome = day, result
            follow_up.chances_improved = improved
            audit.record(
                session,
                actor_id=self._store.user_id,
                action=AuditAction.UPDATE,
                entity="follow_up",
                entity_id=follow_up.id,
                participant_id=follow_up.participant_id,
                fields=("done_on", "outcome", "chances_improved"),
            )
            return follow_up
