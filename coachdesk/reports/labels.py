"""Every heading and row label of the indicator report, as English source strings marked with ``N_()``.

Translated with ``_()`` when the report is laid out, so it comes out in the UI language. Where the app
already says the same thing (genders, target groups, destinations) the same source string is used, so the
translation is shared.
"""

from __future__ import annotations

from coachdesk.i18n import N_
from coachdesk.models.enums import Gender, TargetGroup
from coachdesk.reports.cohorts import AgeGroup

GENDER: dict[Gender, str] = {
    Gender.WOMAN: N_("Woman"),
    Gender.MAN: N_("Man"),
    Gender.OTHER: N_("Other"),
    Gender.NOT_STATED: N_("Not stated"),
}
TOTAL = N_("Total")
AGE_GROUP: dict[AgeGroup, str] = {
    AgeGroup.YOUTH: N_("16–24 years"),
    AgeGroup.CORE: N_("25–54 years"),
    AgeGroup.SENIOR: N_("55–64 years"),
    AgeGroup.UNDER_16: N_("Under 16 years"),
    AgeGroup.OVER_64: N_("65 years or older"),
    AgeGroup.UNKNOWN: N_("Age not known (no birth date)"),
}
TARGET_GROUP: dict[TargetGroup, str] = {
    TargetGroup.YOUTH_ASSISTANCE: N_("Youth 16–24 with financial assistance"),
    TargetGroup.ADULT_ASSISTANCE: N_("Adult 25–64 with financial assistance"),
    TargetGroup.FOREIGN_BACKGROUND: N_("Foreign background"),
}
YES = N_("Yes")
NO = N_("No")
NOT_RECORDED = N_("Not recorded")
FOREIGN_BORN = N_("Foreign-born")
BORN_IN_SWEDEN = N_("Born in Sweden")

# The populations the result indicators are reported for, separately.
POPULATION = {
    "all": N_("All participants"),
    "youth": N_("Aged 16–24 at start"),
    "foreign": N_("Foreign-born"),
}

REPORT_TITLE = N_("Indicator report")
PERIOD = N_("Period: {start} – {end}")
AS_OF = N_("Figures as the vault stood on {date}.")
DEFINITIONS = N_("Who each figure counts is described in docs/indicators.md.")
COLUMN_SECTION = N_("Section")
COLUMN_TABLE = N_("Table")
COLUMN_ROW = N_("Row")
COLUMN_PERIOD = N_("Period")
CHART_TITLE = N_("{title}, by gender")
HOURS_UNIT = N_("Hours")
PARTICIPANTS_UNIT = N_("Participants")
