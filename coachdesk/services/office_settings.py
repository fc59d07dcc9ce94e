"""An office's programme settings: continuous intake or cohorts, and the target time in the programme.

Praktik-integration takes participants in continuously with a target time of about six months; other
offices start groups on set dates. Kept in the encrypted vault's local_meta, never in plain settings files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from coachdesk.errors import ValidationError
from coachdesk.i18n import _
from coachdesk.models import LocalMeta
from coachdesk.models.store import Store
from coachdesk.services.calendar import IsoWeek
from coachdesk.services.validation import FieldError, clean_bool, clean_date, clean_fields, integer

KEY = "office_settings"


@dataclass(frozen=True)
class OfficeSettings:
    continuous_intake: bool = True
    # With cohort intake, groups start every ``intake_every_weeks`` weeks counted from the anchor's week.
    intake_anchor: dt.date = dt.date(2026, 1, 5)
    intake_every_weeks: int = 4
    target_weeks: int = 26  # about six months from the first day to the exit
    ending_soon_weeks: int = 2  # the agenda warns this many weeks before a period ends
    # The project's quantified goals (Navigator's, DOMAIN.md), shown on the supervisor's dashboard.
    goal_participants: int = 135  # participants started during the project
    goal_women_percent: int = 50  # half women, half men
    goal_youth: int = 60  # aged 16-24 at the start
    goal_foreign_born: int = 50
    goal_work_or_studies_percent: int = 70  # to work or studies at exit
    goal_work_day_90_percent: int = 28  # in work 90 days after the exit
    goal_company_contacts: int = 60

    def check_start(self, start: dt.date) -> None:
        """With cohort intake a start must fall in an intake week; the error names the next one."""
        if self.continuous_intake:
            return
        anchor = IsoWeek.of(self.intake_anchor)
        offset = anchor.weeks_until(IsoWeek.of(start)) % self.intake_every_weeks
        if offset:
            following = IsoWeek.of(start).plus(self.intake_every_weeks - offset)
            raise ValidationError(
                {
                    "start_date": _(
                        "This office starts groups every {n} weeks; the next intake is week {week}."
                    ).format(n=self.intake_every_weeks, week=following.week)
                }
            )


_SPEC = {
    "continuous_intake": clean_bool,
    "intake_anchor": clean_date,
    "intake_every_weeks": integer(1, 26),
    "target_weeks": integer(4, 104),
    "ending_soon_weeks": integer(1, 8),
    "goal_participants": integer(0, 100_000),
    "goal_women_percent": integer(0, 100),
    "goal_youth": integer(0, 100_000),
    "goal_foreign_born": integer(0, 100_000),
    "goal_work_or_studies_percent": integer(0, 100),
    "goal_work_day_90_percent": integer(0, 100),
    "goal_company_contacts": integer(0, 100_000),
}


def load(session: Session) -> OfficeSettings:
    row = session.get(LocalMeta, KEY)
    if row is None:
        return OfficeSettings()
    stored = json.loads(row.value)
    try:
        return OfficeSettings(**clean_fields(stored, _SPEC))
    except (ValidationError, FieldError, TypeError):
        return OfficeSettings()  # a value from a newer version: fall back rather than refuse to plan


def read(store: Store) -> OfficeSettings:
    with store.session() as session:
        return load(session)


def update(store: Store, changes: Mapping[str, object]) -> OfficeSettings:
    cleaned = clean_fields(changes, _SPEC)
    with store.session() as session, session.begin():
        current = load(session)
        merged = dataclasses.replace(current, **{k: v for k, v in cleaned.items() if v is not None})
        value = {f.name: getattr(merged, f.name) for f in dataclasses.fields(merged)}
        value["intake_anchor"] = merged.intake_anchor.isoformat()
        session.merge(LocalMeta(key=KEY, value=json.dumps(value)))
    return merged
