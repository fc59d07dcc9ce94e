"""Seeded synthetic coaches, participants, employers and their programmes (demo vault, tests, bench).

Every person is made up, but shaped like Navigator's and K2's caseloads (DOMAIN.md): the three
target groups, newly arrived people from Syria, Iraq, Somalia, Eritrea, Afghanistan, Iran and
Ukraine, valid personnummer, samordningsnummer or none, Swedish mobile numbers and employers with
valid organisationsnummer. The same seed gives the same people (ids and clock stamps aside).

Programmes are played out up to today the way the services record them: the introduction and the
intensive plan are scheduled by ``build_schedule`` from the programme templates, then the assessment,
pauses, placements, discontinuations, exits and 90-day follow-ups leave the rows that ``PlanService``,
``PlacementService``, ``ExitService`` and ``AttendanceService`` would have left.

Rows go in as raw INSERTs, not through the ORM: a realistic 100,000-person vault holds millions of
scheduled activities (about 34 per participant), and the ORM, or even Core's per-row parameter
processing, would take many minutes for them. So this module stamps the synced columns that the ORM's
``before_flush`` hook would otherwise fill in, and converts values with the column types' own bind
processors. A writer thread inserts one batch while the next is drawn (see ``_Writer.in_bulk``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import math
import os
import random
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import (
    Connection,
    DateTime,
    Dialect,
    Table,
    bindparam,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.elements import ColumnClause
from stdnum import luhn

from coachdesk.models import (
    Activity,
    Assessment,
    AssessmentRating,
    Base,
    Checkpoint,
    Employer,
    EmployerContact,
    Enrollment,
    Exit,
    FollowUp,
    Goal,
    Participant,
    Pause,
    Placement,
    User,
)
from coachdesk.models.enums import (
    ActivityKind,
    ActivityStatus,
    AssessmentDecision,
    AuditAction,
    CheckpointKind,
    CheckpointStatus,
    Destination,
    EducationLevel,
    EnrollmentStatus,
    FollowUpKind,
    Gender,
    GoalOrigin,
    GoalStatus,
    ParticipantStatus,
    PauseReason,
    PlacementKind,
    Programme,
    ReferralSource,
    Role,
    TargetGroup,
)
from coachdesk.models.hlc import HybridLogicalClock, Timestamp
from coachdesk.models.local import LocalMeta
from coachdesk.models.store import HLC_KEY, Store
from coachdesk.models.textfold import fold
from coachdesk.resources import resources_dir
from coachdesk.services import audit
from coachdesk.services.calendar import IsoWeek, last_working_day, next_working_day, working_day_in_week
from coachdesk.services.plans import DIMENSIONS, RATING_HIGH, RATING_LOW
from coachdesk.services.schedule import PauseSpan, Schedule, build_schedule
from coachdesk.services.templates import ProgrammeTemplate, TemplateLibrary

_BATCH = 2_000  # participants per transaction: enough for executemany, little enough for the WAL
# SQLite's page cache while generating. Activities have indexes filled out of order (by week, by status and
# time): once they outgrow the cache every row re-reads and decrypts pages. Only what is used is allocated.
_CACHE_KIB = 512 * 1024

T = TypeVar("T")


@dataclass(frozen=True)
class GenerationSummary:
    participants: int
    employers: int
    enrollments: int
    activities: int
    coaches: int = 0  # coach users added (the vault owner, also a coach, is not counted)
    checkpoints: int = 0
    assessments: int = 0
    placements: int = 0
    follow_ups: int = 0
    exits: int = 0
    goals: int = 0
    pauses: int = 0


class _Weighted(Generic[T]):
    """A weighted choice for one random number and a bisect (rng.choices rebuilds its table)."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self._items = [item for item, _weight in pairs]
        self._cumulative = list(itertools.accumulate(weight for _item, weight in pairs))

    def pick(self, rng: random.Random) -> T:
        point = rng.random() * self._cumulative[-1]
        return self._items[bisect.bisect_right(self._cumulative, point)]


@dataclass(frozen=True)
class _Country:
    code: str  # ISO 3166-1 alpha-2
    origin: str  # key of the name lists
    language: str
    weight: float
    first_arrival: int  # when people from here began arriving in numbers


_COUNTRIES = _Weighted([(c, c.weight) for c in (
    _Country("SY", "ar", "ar", 26, 2012),
    _Country("IQ", "ar", "ar", 10, 2006),
    _Country("SO", "so", "so", 17, 2008),
    _Country("ER", "ti", "ti", 15, 2010),
    _Country("AF", "fa", "fa_AF", 16, 2010),
    _Country("IR", "fa", "fa", 5, 2000),
    # Ukrainians came under temporary protection from 2022; all count as newly arrived.
    _Country("UA", "uk", "uk", 11, 2022),
)])
_LANGUAGE_NAMES_SV = {"ar": "arabiska", "so": "somaliska", "ti": "tigrinja", "fa_AF": "dari",
                      "fa": "persiska", "uk": "ukrainska"}
# Origins of the Sweden-born whose parents came from abroad, and the language spoken at home.
_HERITAGE = _Weighted([("ar", 45), ("so", 25), ("ti", 15), ("fa", 15)])
_HERITAGE_LANGUAGE = {"ar": "ar", "so": "so", "ti": "ti", "fa": "fa"}

_FOREIGN_BORN = 0.45
_NEWCOMER = 0.55  # of the foreign-born: arrived within three years, on introduction benefit
_SECOND_GENERATION = 0.12  # of the Sweden-born: names from their parents' origin
_YOUTH = 0.5  # of those on financial assistance
_JANUARY_FIRST = 0.15  # unknown birth dates are registered as 1 January
_JANUARY_FIRST_COUNTRIES = frozenset({"AF", "SO", "ER"})
_GENDERS = _Weighted([(Gender.WOMAN, 48.5), (Gender.MAN, 48.5), (Gender.OTHER, 1.0),
                      (Gender.NOT_STATED, 2.0)])
# (personnummer, samordningsnummer, neither) by how long ago the person arrived.
_ID_NEWCOMER = _Weighted([("pnr", 58), ("coordination", 22), ("none", 20)])
_ID_SETTLED = _Weighted([("pnr", 93), ("coordination", 2), ("none", 5)])
_MOBILE_PREFIXES = _Weighted([("70", 35), ("72", 20), ("73", 20), ("76", 15), ("79", 10)])
_EMAIL_DOMAINS = ("example.com", "example.net", "example.org")  # reserved: no mail reaches anyone

_EDUCATION_SWEDEN = _Weighted([
    (EducationLevel.PRIMARY_INCOMPLETE, 15), (EducationLevel.PRIMARY, 35),
    (EducationLevel.UPPER_SECONDARY, 38), (EducationLevel.POST_SECONDARY, 4),
    (EducationLevel.UNIVERSITY, 2), (EducationLevel.UNKNOWN, 6),
])
_EDUCATION_ABROAD = _Weighted([
    (EducationLevel.NONE, 14), (EducationLevel.PRIMARY_INCOMPLETE, 20),
    (EducationLevel.PRIMARY, 20), (EducationLevel.UPPER_SECONDARY, 20),
    (EducationLevel.POST_SECONDARY, 6), (EducationLevel.UNIVERSITY, 12),
    (EducationLevel.UNKNOWN, 8),
])
_REFERRAL_NEWCOMER = _Weighted([(ReferralSource.INTEGRATION_UNIT, 60),
                                (ReferralSource.EMPLOYMENT_SERVICE, 35),
                                (ReferralSource.OTHER, 5)])
_REFERRAL_ASSISTANCE = _Weighted([(ReferralSource.SOCIAL_SERVICES, 70),
                                  (ReferralSource.EMPLOYMENT_SERVICE, 25),
                                  (ReferralSource.OTHER, 5)])

# -- programmes -----------------------------------------------------------------------------------
_HISTORY_DAYS = 730  # introductions started within the last two years
_REFERRED_ONLY = 0.02  # referred in the last three weeks, not enrolled yet
_UPCOMING = 0.025  # enrolled, the introduction starts in one to three weeks
_MEETING_WEEKDAYS = _Weighted([(1, 15), (2, 30), (3, 20), (4, 25), (5, 10)])
# Few distinct slots: every start, length and slot is a schedule to build, and building is the costly part.
_MEETING_TIMES = (dt.time(9), dt.time(10), dt.time(13), dt.time(14))
# Held activities. Recent ones are sometimes not recorded yet: the agenda's overdue list.
_PAST = _Weighted([(ActivityStatus.DONE, 84), (ActivityStatus.MISSED, 11.9),
                   (ActivityStatus.CANCELLED, 4), (ActivityStatus.PLANNED, 0.1)])
_RECENT_PAST = _Weighted([(ActivityStatus.DONE, 80), (ActivityStatus.MISSED, 10),
                          (ActivityStatus.CANCELLED, 4), (ActivityStatus.PLANNED, 6)])
_RECENT = dt.timedelta(weeks=3)
_PARTLY_ATTENDED = 0.15  # of the held: came late or left early
# Days between a review or follow-up falling due and its being recorded (then the next working day).
_RECORD_DELAY = _Weighted([(0, 62), (1, 12), (2, 8), (3, 6), (5, 5), (8, 4), (-1, 2), (-2, 1)])
_UNRECORDED = 0.15  # of the items due within the last weeks: not recorded yet (overdue)

_INTRO_DISCONTINUED = 0.05
_DECISIONS = _Weighted([(AssessmentDecision.CONTINUE_INTENSIVE, 45), (AssessmentDecision.EXIT_WORK, 24),
                        (AssessmentDecision.EXIT_STUDIES, 14), (AssessmentDecision.EXIT_OTHER, 17)])
# Mean rating (1-5) the assessment's dimensions centre on, by decision: those who go on need more support.
_RATING_CENTRE = {AssessmentDecision.CONTINUE_INTENSIVE: 2.3, AssessmentDecision.EXIT_WORK: 3.9,
                  AssessmentDecision.EXIT_STUDIES: 3.5, AssessmentDecision.EXIT_OTHER: 2.8}
_EXIT_OF_DECISION = {AssessmentDecision.EXIT_WORK: Destination.WORK,  # as PlanService.record_assessment
                     AssessmentDecision.EXIT_STUDIES: Destination.STUDIES,
                     AssessmentDecision.EXIT_OTHER: Destination.OTHER}
_PAUSED = 0.07  # of the intensive plans under way: sick or parental leave
_PAUSES = _Weighted([((PauseReason.SICK_LEAVE, 1, 4), 60), ((PauseReason.PARENTAL_LEAVE, 4, 12), 25),
                     ((PauseReason.OTHER, 1, 3), 15)])
_PLAN_DISCONTINUED = 0.07
_PLAN_EARLY_EXIT = 0.10  # left for work or studies before the plan ended
_PLACED = 0.6  # of the intensive plans that reach the internship phase
_INTERNSHIP_HOURS = (20, 24, 30, 32, 40)
_LANGUAGE_INTERNSHIP_HOURS = (12, 16, 20, 24)
_EXIT_AFTER_PLAN = _Weighted([(Destination.WORK, 38), (Destination.STUDIES, 14),
                              (Destination.OTHER_PROGRAMME, 18), (Destination.OWN_BUSINESS, 3),
                              (Destination.SICK_LEAVE, 8), (Destination.MOVED, 5), (Destination.OTHER, 14)])
_EXIT_EARLY = _Weighted([(Destination.WORK, 70), (Destination.STUDIES, 30)])
_EXIT_DISCONTINUED = _Weighted([(Destination.MOVED, 35), (Destination.SICK_LEAVE, 35),
                                (Destination.OTHER, 30)])
_NOT_WORK = _Weighted([(Destination.NONE, 60), (Destination.OTHER_PROGRAMME, 20), (Destination.WORK, 12),
                       (Destination.STUDIES, 8)])
# Where people are 90 days after the exit, by destination at exit (the funder's four answers).
_DAY_90 = {
    Destination.WORK: _Weighted([(Destination.WORK, 80), (Destination.STUDIES, 3),
                                 (Destination.OTHER_PROGRAMME, 5), (Destination.NONE, 12)]),
    Destination.OWN_BUSINESS: _Weighted([(Destination.WORK, 80), (Destination.NONE, 20)]),
    Destination.STUDIES: _Weighted([(Destination.STUDIES, 75), (Destination.WORK, 10),
                                    (Destination.NONE, 15)]),
    Destination.OTHER_PROGRAMME: _Weighted([(Destination.OTHER_PROGRAMME, 65), (Destination.WORK, 10),
                                            (Destination.NONE, 25)]),
}
_IMPROVED = {Destination.WORK: 0.85, Destination.OWN_BUSINESS: 0.85, Destination.STUDIES: 0.8,
             Destination.OTHER_PROGRAMME: 0.6, Destination.NONE: 0.4}
_ASKED_AT_EXIT = 0.8  # exits recorded by hand that also asked whether the chances of work grew
_SHARED_EVERY_WEEKS = (5, 10)  # a coach's occasional session for everyone then in a programme
_SHARED_MAX = 14
_SHARED_MINUTES = 120
_SHARED_TIME = dt.time(13)
_SHARED_KINDS = _Weighted([(ActivityKind.GROUP_SESSION, 75), (ActivityKind.STUDY_VISIT, 25)])
_GOAL_LINKED_KINDS = frozenset({ActivityKind.JOB_STYLING, ActivityKind.VALIDATION})


@dataclass(frozen=True)
class _Background:
    country: _Country | None  # None: born in Sweden
    newcomer: bool  # arrived within three years, on introduction benefit
    origin: str  # which name lists
    language: str


@dataclass(frozen=True)
class _Town:
    town: str
    municipality: str
    postal_codes: tuple[str, ...]
    streets: tuple[str, ...]
    landline_prefix: str
    landline_digits: int


@dataclass(frozen=True)
class _Sector:
    label: str
    templates: tuple[tuple[str, str], ...]
    titles: tuple[str, ...]
    competence_needs: tuple[str, ...]


@dataclass(frozen=True)
class _Data:
    given: dict[tuple[str, Gender], tuple[str, ...]]
    family: dict[str, tuple[str, ...]]
    towns: _Weighted[_Town]
    sectors: _Weighted[_Sector]
    legal_forms: dict[str, int]
    activity_titles: dict[ActivityKind, tuple[str, ...]]
    texts: dict[str, tuple[str, ...]]
    text_groups: dict[str, dict[str, tuple[str, ...]]]  # phrases by a code: end reasons by destination...


def _read(name: str) -> Any:
    return json.loads((resources_dir() / "synthetic" / name).read_text(encoding="utf-8"))


@cache
def _data() -> _Data:
    names, places, employers, texts = (_read(f"{n}.json") for n in
                                       ("names", "places", "employers", "texts"))
    given: dict[tuple[str, Gender], tuple[str, ...]] = {}
    family: dict[str, tuple[str, ...]] = {}
    for origin, lists in names["origins"].items():
        given[origin, Gender.WOMAN] = tuple(lists["women"])
        given[origin, Gender.MAN] = tuple(lists["men"])
        family[origin] = tuple(lists["family"])
    towns = [(_Town(t["town"], t["municipality"], tuple(t["postal_codes"]), tuple(t["streets"]),
                    t["landline"]["prefix"], t["landline"]["digits"]),
              region["weight"] * t["weight"] / sum(x["weight"] for x in region["towns"]))
             for region in places["regions"].values() for t in region["towns"]]
    sectors = [(_Sector(s["label"], tuple((n, f) for n, f in s["templates"]), tuple(s["titles"]),
                        tuple(s["competence_needs"])), s["weight"])
               for s in employers["sectors"].values()]
    return _Data(
        given=given, family=family, towns=_Weighted(towns), sectors=_Weighted(sectors),
        legal_forms=dict(employers["legal_forms"]),
        activity_titles={ActivityKind(k): tuple(v) for k, v in texts["activity_titles"].items()},
        texts={k: tuple(v) for k, v in texts.items() if isinstance(v, list)},
        text_groups={k: {code: tuple(v) for code, v in group.items()} for k, group in texts.items()
                     if isinstance(group, dict) and k != "activity_titles"},
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(text))


_HLC_COUNTER_MAX = 99_999  # the stamp's counter has five digits (coachdesk.models.hlc.Timestamp.encode)
_IDS_PER_MS = 0x1000  # UUIDv7's 12-bit rand_a, used as a counter within one millisecond
_VARIANT = {f"{n:x}": f"{(n & 0x3) | 0x8:x}" for n in range(16)}  # RFC 9562 variant bits 10xx


class _Stamps:
    """UUIDv7 ids and HLC stamps for bulk rows.

    Why not ``uuid7()`` and ``clock.now()`` per row: together they cost about 8 µs, which is half a
    minute over the millions of rows of a 100,000-person vault. These are the same formats, made a
    thousand at a time; stamps continue from the store's clock, which is moved past the last one.
    """

    def __init__(self, clock: HybridLogicalClock) -> None:
        self._clock = clock
        self._node = clock.node
        self._ids: list[str] = []
        self._id_ms = 0
        self._wall = self._counter = 0
        self._prefix = self._last = ""

    def new_id(self) -> str:
        if not self._ids:
            self._refill()
        return self._ids.pop()

    def _refill(self) -> None:
        # A fresh millisecond for every refill keeps the ids strictly increasing within a run.
        ms = self._id_ms = max(time.time_ns() // 1_000_000, self._id_ms + 1)
        head = f"{ms >> 16:08x}-{ms & 0xFFFF:04x}-7"
        tails = os.urandom(8 * _IDS_PER_MS).hex()
        ids = [f"{head}{seq:03x}-{_VARIANT[tails[16 * seq]]}{tails[16 * seq + 1:16 * seq + 4]}-"
               f"{tails[16 * seq + 4:16 * seq + 16]}" for seq in range(_IDS_PER_MS)]
        ids.reverse()  # popped from the end
        self._ids = ids

    def resync(self) -> None:
        """Continue from the store's clock (call before each batch)."""
        now = Timestamp.decode(self._clock.now())
        self._set_wall(now.wall_ms)
        self._counter = now.counter

    def _set_wall(self, wall_ms: int) -> None:
        self._wall = wall_ms
        self._prefix = f"{wall_ms:015d}-"

    def stamp(self) -> str:
        self._counter += 1
        if self._counter > _HLC_COUNTER_MAX:  # a burst of stamps: move on a millisecond, as the clock would
            self._set_wall(self._wall + 1)
            self._counter = 0
        self._last = f"{self._prefix}{self._counter:05d}-{self._node}"
        return self._last

    def settle(self) -> None:
        """Move the store's clock past every stamp given out (call after each batch)."""
        if self._last:
            self._clock.observe(self._last)


def _remembering(processor: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``processor`` with its answers kept: codes and dates repeat across millions of rows."""
    known: dict[Any, Any] = {}

    def process(value: Any) -> Any:
        try:
            return known[value]
        except KeyError:
            known[value] = answer = processor(value)
            return answer

    return process


class _Table:
    """One table's INSERT for ``executemany``, with its columns in the order of the statement."""

    def __init__(self, model: type[Base], dialect: Dialect) -> None:
        table = cast(Table, model.__table__)
        self.columns = tuple(column.name for column in table.columns)
        # Every column, in table order, as positional parameters of the dialect's style.
        self.sql = str(insert(table).compile(dialect=dialect))
        # The same rows from one JSON array of arrays: one statement for a whole batch (see _Writer).
        picks: list[ColumnClause[Any]] = [literal_column(f"value ->> {n}") for n in range(len(self.columns))]
        source = select(*picks).select_from(func.json_each(bindparam("rows")))
        self.json_sql = str(insert(table).from_select(list(self.columns), source).compile(dialect=dialect))
        self._get = itemgetter(*self.columns)
        # The dialect's own type (SQLite's DATETIME, not the generic DateTime) knows the stored format.
        self._processors = {
            column.name: processor if isinstance(column.type, DateTime) else _remembering(processor)
            for column in table.columns
            if (processor := column.type.dialect_impl(dialect).bind_processor(dialect)) is not None}
        self._by_position = [(i, self._processors[name]) for i, name in enumerate(self.columns)
                             if name in self._processors]

    def db(self, column: str, value: Any) -> Any:
        """``value`` as the database stores it (an enum's code, a date's text)."""
        processor = self._processors.get(column)
        return value if processor is None or value is None else processor(value)

    def tuples(self, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
        """Rows of Python values (every column present) as parameter tuples."""
        out: list[tuple[Any, ...]] = []
        for row in rows:
            values = list(self._get(row))
            for i, processor in self._by_position:
                if values[i] is not None:
                    values[i] = processor(values[i])
            out.append(tuple(values))
        return out

    def reorder(self, columns: Sequence[str]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
        """A getter putting tuples laid out as ``columns`` (already in database form) into statement order."""
        if sorted(columns) != sorted(self.columns):
            raise RuntimeError(f"the columns to fill are {self.columns}")  # a model changed
        position = {name: i for i, name in enumerate(columns)}
        return itemgetter(*(position[name] for name in self.columns))


class _Generator:
    """Draws people and employers from one seeded random stream; sets keep numbers unique within a run."""

    def __init__(self, rng: random.Random, stamps: _Stamps, office_id: str, today: dt.date) -> None:
        self._rng = rng
        self._data = _data()
        self._today = today
        self._stamps = stamps
        self._office_id = office_id
        self._personal_numbers: set[str] = set()
        self._phones: set[str] = set()
        self._org_numbers: set[str] = set()
        self._employer_names: set[str] = set()
        self._user_names: set[str] = set()

    def _synced(self) -> dict[str, Any]:
        return {"id": self._stamps.new_id(), "updated_hlc": self._stamps.stamp(), "deleted": False,
                "office_id": self._office_id}

    # -- identifiers ---------------------------------------------------------------------------

    def personal_number(self, birth: dt.date, gender: Gender, coordination: bool) -> str:
        """YYYYMMDD-NNNN, Luhn-checked; the third N is odd for men and even for women."""
        rng = self._rng
        day = birth.day + 60 if coordination else birth.day
        date_part = f"{birth:%Y%m}{day:02d}"
        while True:
            serial = rng.randrange(1, 1000)
            if gender is Gender.MAN and serial % 2 == 0:
                serial += 1
            elif gender is Gender.WOMAN and serial % 2 == 1:
                serial = serial + 1 if serial < 999 else 998
            nine = f"{date_part[2:]}{serial:03d}"
            text = f"{date_part}-{serial:03d}{luhn.calc_check_digit(nine)}"
            if text not in self._personal_numbers:
                self._personal_numbers.add(text)
                return text

    def mobile(self) -> str:
        while True:
            number = f"+46{_MOBILE_PREFIXES.pick(self._rng)}{self._rng.randrange(10**7):07d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def landline(self, town: _Town) -> str:
        rng = self._rng
        rest = rng.randrange(10 ** (town.landline_digits - 1))
        return f"{town.landline_prefix}{rng.randint(1, 9)}{rest:0{town.landline_digits - 1}d}"

    def org_number(self, group: int) -> str:
        """NNNNNN-NNNN, Luhn-checked; a third digit of 2+ never reads as a birth month."""
        rng = self._rng
        while True:
            nine = f"{group}{rng.randrange(10)}{rng.randint(2, 9)}{rng.randrange(10**6):06d}"
            text = f"{nine[:6]}-{nine[6:]}{luhn.calc_check_digit(nine)}"
            if text not in self._org_numbers:
                self._org_numbers.add(text)
                return text

    def email(self, given: str, family: str) -> str:
        rng = self._rng
        local = f"{_slug(given)}.{_slug(family)}"
        if rng.random() < 0.5:
            local += str(rng.randint(1, 99))
        return f"{local}@{rng.choice(_EMAIL_DOMAINS)}"

    # -- employers -----------------------------------------------------------------------------

    def _family_name(self) -> str:
        rng = self._rng
        origin = "sv" if rng.random() < 0.7 else rng.choice(sorted(self._data.family))
        return rng.choice(self._data.family[origin])

    def _person_name(self) -> tuple[str, str]:
        rng = self._rng
        origin = "sv" if rng.random() < 0.75 else rng.choice(sorted(self._data.family))
        gender = Gender.WOMAN if rng.random() < 0.5 else Gender.MAN
        return rng.choice(self._data.given[origin, gender]), rng.choice(self._data.family[origin])

    def _employer_name(self, sector: _Sector, town: _Town) -> tuple[str, str]:
        """A name not used before in this run, and the legal form it ends with."""
        rng = self._rng
        attempt = 0
        while True:
            template, form = rng.choice(sector.templates)
            base = template.format(place=town.town, family=self._family_name())
            if attempt >= 10:  # crowded: add a district, as real firms do
                base += f" {rng.choice(('Nord', 'Syd', 'Öst', 'Väst', 'Center', 'Service'))}"
            if attempt >= 30:
                base += f" {attempt}"
            name = f"{base} {form}"
            if name not in self._employer_names:
                self._employer_names.add(name)
                return name, form
            attempt += 1

    def employer(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """An employer and its workplace supervisor (handledare)."""
        rng = self._rng
        sector = self._data.sectors.pick(rng)
        town = self._data.towns.pick(rng)
        name, form = self._employer_name(sector, town)
        domain = f"{_slug(name.removesuffix(form))}.example.com"
        row = {
            **self._synced(),
            "name": name,
            "org_number": self.org_number(self._data.legal_forms[form]),
            "sector": sector.label,
            "municipality": town.municipality,
            "address": f"{rng.choice(town.streets)} {rng.randint(1, 40)}, "
                       f"{rng.choice(town.postal_codes)} {town.town}",
            "phone": self.landline(town),
            "email": f"info@{domain}" if rng.random() < 0.7 else None,
            "competence_needs": rng.choice(sector.competence_needs) if rng.random() < 0.6 else None,
            "notes": None,
        }
        given, family = self._person_name()
        contact = {
            **self._synced(),
            "employer_id": row["id"],
            "name": f"{given} {family}",
            "title": rng.choice(sector.titles),
            "phone": self.mobile(),
            "email": f"{_slug(given)}.{_slug(family)}@{domain}",
            "is_supervisor": True,
        }
        return row, contact

    def coach(self) -> dict[str, Any]:
        """A coach's user row: a made-up name, unique within the run, and a user name from it."""
        while True:
            given, family = self._person_name()
            display = f"{given} {family}"
            if display not in self._user_names:
                self._user_names.add(display)
                break
        return {**self._synced(), "username": f"{_slug(given)}.{_slug(family)}",
                "display_name": display, "role": Role.COACH}

    # -- participants --------------------------------------------------------------------------

    def _birth_date(self, referral: dt.date, low: int, high: int) -> dt.date:
        """A birth date making the person ``low``..``high`` years old at referral, skewed young."""
        rng = self._rng
        age = low + int((high - low + 1) * rng.random() ** 1.4)
        latest = _years_before(referral, age)
        earliest = _years_before(referral, age + 1) + dt.timedelta(days=1)
        return earliest + dt.timedelta(days=rng.randrange((latest - earliest).days + 1))

    def _timeline(self) -> tuple[dt.date, dt.date | None]:
        """Referral date and the Monday the introduction starts: None when not enrolled yet."""
        rng = self._rng
        draw = rng.random()
        if draw < _REFERRED_ONLY + _UPCOMING:
            referral = self._today - dt.timedelta(days=rng.randint(1, 21))
            if draw < _REFERRED_ONLY:
                return referral, None
            return referral, _monday(self._today) + dt.timedelta(weeks=rng.randint(1, 3))
        start = _monday(self._today - dt.timedelta(days=rng.randrange(_HISTORY_DAYS)))
        return start - dt.timedelta(days=rng.randint(7, 42)), start

    def _background(self) -> _Background:
        rng = self._rng
        if rng.random() < _FOREIGN_BORN:
            country = _COUNTRIES.pick(rng)
            newcomer = country.code == "UA" or rng.random() < _NEWCOMER
            return _Background(country, newcomer, country.origin, country.language)
        if rng.random() < _SECOND_GENERATION:
            return _Background(None, False, _HERITAGE.pick(rng), "sv")
        return _Background(None, False, "sv", "sv")

    def _birth(self, background: _Background, referral: dt.date) -> dt.date:
        rng = self._rng
        # Introduction benefit is for newly arrived adults 20-64 (etableringsprogrammet).
        if background.newcomer:
            birth = self._birth_date(referral, 20, 64)
        elif rng.random() < _YOUTH:
            birth = self._birth_date(referral, 16, 24)
        else:
            birth = self._birth_date(referral, 25, 64)
        country = background.country
        if (country is not None and country.code in _JANUARY_FIRST_COUNTRIES
                and rng.random() < _JANUARY_FIRST):
            moved = birth.replace(month=1, day=1)
            before, after = _age(birth, referral), _age(moved, referral)
            if after <= 64 and (after <= 24) == (before <= 24):  # same target group as drawn
                return moved
        return birth

    def _arrival_year(self, background: _Background, birth: dt.date,
                      referral: dt.date) -> int | None:
        country = background.country
        if country is None:
            return None
        if background.newcomer:
            year = max(country.first_arrival, referral.year - self._rng.randrange(3),
                       birth.year + 18)
            return min(year, referral.year)
        latest = referral.year - 3
        return self._rng.randint(min(max(country.first_arrival, birth.year), latest), latest)

    def _other_languages(self, background: _Background) -> str | None:
        rng = self._rng
        if background.country is None:
            return _HERITAGE_LANGUAGE.get(background.origin)
        if not background.newcomer:
            return "sv en" if rng.random() < 0.3 else "sv"
        return "en" if rng.random() < 0.2 else None

    def _education(self, background: _Background) -> tuple[EducationLevel, bool | None]:
        rng = self._rng
        level = (_EDUCATION_SWEDEN if background.country is None else _EDUCATION_ABROAD).pick(rng)
        if level in (EducationLevel.POST_SECONDARY, EducationLevel.UNIVERSITY):
            return level, True
        if level is EducationLevel.UPPER_SECONDARY:
            return level, rng.random() < 0.45
        return level, None if level is EducationLevel.UNKNOWN else False

    def _address(self) -> dict[str, str | None]:
        rng = self._rng
        town = self._data.towns.pick(rng)
        if rng.random() >= 0.93:
            return {"address": None, "postal_code": None, "city": None}
        address = f"{rng.choice(town.streets)} {rng.randint(1, 60)}"
        if town.municipality == "Södertälje" and rng.random() < 0.5:
            address += f" lgh {rng.randint(10, 16)}{rng.randint(1, 4):02d}"
        return {"address": address, "postal_code": rng.choice(town.postal_codes), "city": town.town}

    def participant(self, coach_id: str) -> tuple[dict[str, Any], dt.date | None]:
        """One participant row, and the Monday their introduction starts (None: not enrolled yet)."""
        rng, texts = self._rng, self._data.texts
        referral, start = self._timeline()
        gender = _GENDERS.pick(rng)
        name_gender = gender if gender in (Gender.WOMAN, Gender.MAN) else (
            Gender.WOMAN if rng.random() < 0.5 else Gender.MAN)
        background = self._background()
        country, newcomer, language = background.country, background.newcomer, background.language
        birth = self._birth(background, referral)
        if newcomer:
            target = TargetGroup.FOREIGN_BACKGROUND
        elif _age(birth, referral) <= 24:
            target = TargetGroup.YOUTH_ASSISTANCE
        else:
            target = TargetGroup.ADULT_ASSISTANCE
        id_kind = ("pnr" if country is None
                   else (_ID_NEWCOMER if newcomer else _ID_SETTLED).pick(rng))
        personnummer = None if id_kind == "none" else self.personal_number(
            birth, gender, coordination=id_kind == "coordination")
        interpreter = language != "sv" and rng.random() < (0.75 if newcomer else 0.25)
        education, complete = self._education(background)
        disability = rng.random() < 0.10
        given = rng.choice(self._data.given[background.origin, name_gender])
        family = rng.choice(self._data.family[background.origin])

        participant = {
            **self._synced(),
            "given_name": given,
            "family_name": family,
            "personnummer": personnummer,
            "birth_date": birth,
            "gender": gender,
            "phone": self.mobile() if rng.random() < 0.92 else None,
            "email": self.email(given, family) if rng.random() < 0.45 else None,
            **self._address(),
            "target_group": target,
            "referral_source": (_REFERRAL_NEWCOMER if newcomer else _REFERRAL_ASSISTANCE).pick(rng),
            "referral_date": referral,
            "receives_financial_assistance": not newcomer or rng.random() < 0.15,
            "receives_introduction_benefit": newcomer,
            "foreign_born": country is not None,
            "country_of_birth": country.code if country else None,
            "arrival_year": self._arrival_year(background, birth, referral),
            "primary_language": language,
            "other_languages": self._other_languages(background),
            "interpreter_needed": interpreter,
            "interpreter_language": language if interpreter else None,
            "education_level": education,
            "complete_upper_secondary": complete,
            "disability_affects_work": disability,
            "accessibility_needs": rng.choice(texts["accessibility_needs"])
            if disability and rng.random() < 0.7 else None,
            "communication_needs": f"Tolk på {_LANGUAGE_NAMES_SV[language]} vid alla möten."
            if interpreter else None,
            "social_situation": None,
            "work_experience": rng.choice(texts["work_experience"]) if rng.random() < 0.5 else None,
            "informal_competences": None,
            "dreams": rng.choice(texts["dreams"]) if rng.random() < 0.6 else None,
            "goals_summary": None,
            "consent_given_on": min(referral + dt.timedelta(days=rng.randint(0, 14)), self._today),
            "consent_language": language if interpreter else "sv",
            "status": ParticipantStatus.REFERRED,  # the programme's course sets it
            "coach_id": coach_id,
            # Referral is at least a day ago, so office hours on that day are in the past.
            "created_at": dt.datetime.combine(referral,
                                              dt.time(rng.randint(7, 16), rng.randrange(60))),
        }
        return participant, start

# -- programmes ------------------------------------------------------------------------------------

# An activity row is a per-participant part and a part every participant on the same plan slot shares.
_OWN_COLUMNS = ("id", "updated_hlc", "deleted", "office_id", "participant_id", "enrollment_id", "goal_id",
                "placement_id", "group_id", "status", "attended_minutes")
_SHARED_COLUMNS = ("plan_slot", "kind", "title", "iso_year", "iso_week", "scheduled_at", "planned_minutes")
_PLANNED, _CANCELLED = ActivityStatus.PLANNED.value, ActivityStatus.CANCELLED.value
_INTERNSHIP_START = dt.time(8, 0)  # as PlacementService schedules the internship week
_INTERNSHIP_KIND = {PlacementKind.INTERNSHIP: ActivityKind.INTERNSHIP,
                    PlacementKind.LANGUAGE_INTERNSHIP: ActivityKind.LANGUAGE_INTERNSHIP}

_Span = tuple[str, dt.date, dt.date]  # a participant and the first and last day they were in a programme


@dataclass
class _Batch:
    """One transaction's rows by table; written in field order, so parents always go in first."""

    participants: list[dict[str, Any]] = field(default_factory=list)
    enrollments: list[dict[str, Any]] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)
    placements: list[dict[str, Any]] = field(default_factory=list)
    activities: list[tuple[Any, ...]] = field(default_factory=list)  # _OWN + _SHARED_COLUMNS, database form
    checkpoints: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    ratings: list[dict[str, Any]] = field(default_factory=list)
    pauses: list[dict[str, Any]] = field(default_factory=list)
    follow_ups: list[dict[str, Any]] = field(default_factory=list)
    exits: list[dict[str, Any]] = field(default_factory=list)

    def by_model(self) -> list[tuple[type[Base], list[dict[str, Any]]]]:
        """Every table but activities, in insert order (activities go in after placements)."""
        return [(Participant, self.participants), (Enrollment, self.enrollments), (Goal, self.goals),
                (Placement, self.placements), (Checkpoint, self.checkpoints),
                (Assessment, self.assessments), (AssessmentRating, self.ratings), (Pause, self.pauses),
                (FollowUp, self.follow_ups), (Exit, self.exits)]


@dataclass(frozen=True)
class _Slot:
    day: dt.date
    kind: ActivityKind
    minutes: int
    shared: tuple[Any, ...]  # _SHARED_COLUMNS in database form


@dataclass(frozen=True)
class _Plan:
    """What the generator keeps of a built schedule (the schedules themselves would fill the memory)."""

    start: dt.date
    end: dt.date
    weeks: tuple[IsoWeek, ...]
    slots: tuple[_Slot, ...]
    due: dict[CheckpointKind, dt.date]


@dataclass(frozen=True)
class _Ending:
    day: dt.date
    destination: Destination
    discontinued: bool = False  # else an exit ends the plan, at its final review or earlier


def placement_plan(
    start: dt.date, end: dt.date, every_weeks: int
) -> list[tuple[IsoWeek, dt.date, dt.date | None]]:
    """The weeks ``PlacementService._schedule`` fills for a placement: each week's internship day and, every
    ``every_weeks`` weeks and in the last week, the workplace follow-up visit.

    A mirror, not a call: the service adds ORM objects to a session one by one, which is what bulk
    generation avoids. The tests hold the two to the same answer.
    """
    first, last = IsoWeek.of(start), IsoWeek.of(end)
    span = first.weeks_until(last)
    weeks: list[tuple[IsoWeek, dt.date, dt.date | None]] = []
    for offset in range(span + 1):
        week = first.plus(offset)
        day = working_day_in_week(week, 1, not_before=start)
        if day is None or day > end:
            continue
        visit = None
        if offset % every_weeks == 0 or offset == span:
            candidate = working_day_in_week(week, 4, not_before=start)
            if candidate is not None and candidate <= end:
                visit = candidate
        weeks.append((week, day, visit))
    return weeks


class _Programmes:
    """Plays each participant's programmes out up to today, leaving the rows the services would have left.

    ``PlanService`` enrols (a schedule from the template), records the assessment (completing the
    introduction, cancelling what was planned after it, enrolling in the intensive plan from the next
    Monday or exiting), pauses (re-planning from the pause's week), discontinues; ``PlacementService``
    schedules internship weeks and follow-ups; ``ExitService`` closes open work and books the 90-day
    follow-up. Each of those steps is reproduced here on plain rows.
    """

    def __init__(self, rng: random.Random, stamps: _Stamps, *, office_id: str, today: dt.date,
                 templates: TemplateLibrary, activities: _Table,
                 employers: Sequence[tuple[str, str]]) -> None:
        self._rng = rng
        self._stamps = stamps
        self._office_id = office_id
        self._today = today
        self._recent = today - _RECENT
        data = _data()
        self._texts, self._groups = data.texts, data.text_groups
        self._intro = templates.default_for(Programme.INTRODUCTION)
        self._intensive = templates.default_for(Programme.INTENSIVE)
        # PlacementService.create takes the cadence from the intensive plan's template.
        self._cadence = self._intensive.workplace_follow_up_every_weeks
        self._activity_table = activities
        self._employers = list(employers)  # (employer id, its workplace supervisor's contact id)
        self._plans: dict[tuple[Any, ...], _Plan] = {}
        self._shared: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def _synced(self) -> dict[str, Any]:
        return {"id": self._stamps.new_id(), "updated_hlc": self._stamps.stamp(), "deleted": False,
                "office_id": self._office_id}

    # -- schedules -------------------------------------------------------------------------------------

    def _plan(self, template: ProgrammeTemplate, monday: dt.date, weeks: int, *, weekday: int,
              clock: dt.time, pause: PauseSpan | None = None) -> _Plan:
        """``build_schedule``'s plan, built once per distinct start, length, meeting slot and pause."""
        key = (template.id, monday, weeks, weekday, clock, pause)
        plan = self._plans.get(key)
        if plan is None:
            schedule = build_schedule(template, start=monday, length_weeks=weeks, meeting_weekday=weekday,
                                      meeting_time=clock, pauses=() if pause is None else (pause,))
            plan = _Plan(schedule.start, schedule.end_date, schedule.weeks, self._slots(schedule),
                         {c.kind: c.due for c in schedule.checkpoints})
            self._plans[key] = plan
        return plan

    def _slots(self, schedule: Schedule) -> tuple[_Slot, ...]:
        slots = []
        for planned in schedule.activities:
            week = IsoWeek.of(planned.day)
            # As PlanService.replan fills a new slot's row: the Swedish title, the ISO week of the day.
            shared = (planned.slot, planned.kind.value, planned.title.sv if planned.title else None,
                      week.year, week.week, self._activity_table.db("scheduled_at", planned.starts_at),
                      planned.minutes)
            slots.append(_Slot(planned.day, planned.kind, planned.minutes,
                               self._shared.setdefault(shared, shared)))
        return tuple(slots)

    # -- one participant -------------------------------------------------------------------------------

    def life(
        self, batch: _Batch, person: dict[str, Any], monday: dt.date | None
    ) -> tuple[dt.date, dt.date] | None:
        """Enrol ``person`` in the introduction starting the week of ``monday`` and play it out; returns
        the first and last day in a programme (the last is in the future while it runs), None if never."""
        if monday is None:
            return None  # referred, not enrolled yet
        rng, today = self._rng, self._today
        weekday, clock = _MEETING_WEEKDAYS.pick(rng), rng.choice(_MEETING_TIMES)
        plan = self._plan(self._intro, monday, self._intro.length_weeks.default, weekday=weekday, clock=clock)
        intro = self._enrollment(batch, person, Programme.INTRODUCTION, template=self._intro, plan=plan,
                                 weekday=weekday, clock=clock)
        person["status"] = ParticipantStatus.INTRODUCTION  # as PlanService.enrol, even before the start
        due = plan.due[CheckpointKind.ASSESSMENT]
        discontinued = self._discontinued_day(plan) if rng.random() < _INTRO_DISCONTINUED else None
        assessed = None if discontinued is not None or plan.start > today else self._recorded(due)
        if discontinued is None and assessed is None:  # to start, or the assessment is still to come
            intro["status"] = EnrollmentStatus.PLANNED if plan.start > today else EnrollmentStatus.ACTIVE
            self._activities(batch, person["id"], intro["id"], plan, cut=None, goal_id=None)
            self._checkpoint(batch, intro, CheckpointKind.ASSESSMENT, due=due, status=CheckpointStatus.DUE)
            return plan.start, max(plan.end, today)
        day = cast(dt.date, discontinued or assessed)
        # PlanService.discontinue and record_assessment both cancel what was planned after the day.
        self._activities(batch, person["id"], intro["id"], plan, cut=day, goal_id=None)
        intro["ended_on"] = day
        if discontinued is not None:
            destination = _EXIT_DISCONTINUED.pick(rng)
            intro["status"] = EnrollmentStatus.DISCONTINUED
            intro["end_reason"] = self._end_reason(destination)
            self._checkpoint(batch, intro, CheckpointKind.ASSESSMENT, due=due,
                             status=CheckpointStatus.CANCELLED)
            self._exit(batch, person, day, destination=destination, template=self._intro, asked=True)
            return plan.start, day
        decision = _DECISIONS.pick(rng)
        intro["status"] = EnrollmentStatus.COMPLETED
        self._checkpoint(batch, intro, CheckpointKind.ASSESSMENT, due=due, status=CheckpointStatus.DONE,
                         done_on=day)
        length = self._intensive.length_weeks
        weeks = None
        if decision is AssessmentDecision.CONTINUE_INTENSIVE:
            weeks = rng.randint(length.min, length.max)
        self._assessment(batch, intro, day=day, decision=decision, weeks=weeks,
                         learning_swedish=person["primary_language"] != "sv")
        if weeks is None:
            self._exit(batch, person, day, destination=_EXIT_OF_DECISION[decision], template=self._intro,
                       asked=False)
            return plan.start, day
        # record_assessment's default start: the Monday after the later of the assessment and the period.
        start = IsoWeek.of(max(day, plan.end)).plus(1).monday
        last = self._intensive_plan(batch, person, start, weeks=weeks, weekday=weekday, clock=clock)
        return plan.start, last

    def _intensive_plan(self, batch: _Batch, person: dict[str, Any], monday: dt.date, *, weeks: int,
                        weekday: int, clock: dt.time) -> dt.date:
        """The action plan from ``monday``; returns the last day in it (in the future while it runs)."""
        today = self._today
        person["status"] = ParticipantStatus.INTENSIVE
        unpaused = plan = self._plan(self._intensive, monday, weeks, weekday=weekday, clock=clock)
        pause = self._pause(plan)
        if pause is not None:  # PlanService.pause re-plans: everything from the pause's week moves on
            plan = self._plan(self._intensive, monday, weeks, weekday=weekday, clock=clock, pause=pause[0])
        reviews = {kind: self._recorded(due) for kind, due in plan.due.items()}
        ending = self._ending(plan, reviews.get(CheckpointKind.FINAL_REVIEW))
        if pause is not None and ending is not None and ending.day < pause[0].start:
            # Ended before the leave began, so no leave was registered: the plan as it was.
            pause, plan = None, unpaused
            reviews = {kind: self._recorded(due) for kind, due in plan.due.items()}
        cut = ending.day if ending is not None else None
        enrollment = self._enrollment(batch, person, Programme.INTENSIVE, template=self._intensive, plan=plan,
                                      weekday=weekday, clock=clock)
        if pause is not None:
            batch.pauses.append({**self._synced(), "participant_id": person["id"],
                                 "enrollment_id": enrollment["id"], "start_date": pause[0].start,
                                 "weeks": pause[0].weeks, "reason": pause[1], "note": None})
        goal_id = self._goals(batch, person, enrollment, plan, cut)
        if pause is None:  # no internship across a sick or parental leave
            self._placement(batch, person, plan, cut)
        self._activities(batch, person["id"], enrollment["id"], plan, cut=cut, goal_id=goal_id)
        for kind, due in plan.due.items():
            done = reviews[kind]
            if done is not None and (cut is None or done <= cut):
                self._checkpoint(batch, enrollment, kind, due=due, status=CheckpointStatus.DONE, done_on=done)
            else:  # an exit or a discontinuation cancels the reviews still due
                status = CheckpointStatus.DUE if cut is None else CheckpointStatus.CANCELLED
                self._checkpoint(batch, enrollment, kind, due=due, status=status)
        if ending is None:
            enrollment["status"] = EnrollmentStatus.PLANNED if plan.start > today else EnrollmentStatus.ACTIVE
            return max(plan.end, today)
        enrollment["ended_on"] = ending.day
        if ending.discontinued:
            enrollment["status"] = EnrollmentStatus.DISCONTINUED
            enrollment["end_reason"] = self._end_reason(ending.destination)
        else:
            enrollment["status"] = EnrollmentStatus.COMPLETED  # as exit_in_session leaves a plan under way
        self._exit(batch, person, ending.day, destination=ending.destination, template=self._intensive,
                   asked=True)
        return ending.day

    def _discontinued_day(self, plan: _Plan) -> dt.date | None:
        """A working day within the plan up to today, None when the draw falls after today."""
        latest = max((plan.end - plan.start).days - 7, 2)
        day = next_working_day(plan.start + dt.timedelta(days=self._rng.randint(2, latest)))
        return day if day <= self._today else None

    def _ending(self, plan: _Plan, final_review: dt.date | None) -> _Ending | None:
        """How and when the intensive plan ended, None while it runs (or has not started)."""
        rng, today = self._rng, self._today
        if plan.start > today:
            return None
        draw = rng.random()
        if draw < _PLAN_DISCONTINUED:
            day = self._discontinued_day(plan)
            return None if day is None else _Ending(day, _EXIT_DISCONTINUED.pick(rng), discontinued=True)
        if draw < _PLAN_DISCONTINUED + _PLAN_EARLY_EXIT:
            span = (plan.end - plan.start).days
            day = next_working_day(plan.start + dt.timedelta(days=rng.randint(56, span - 14)))
            return _Ending(day, _EXIT_EARLY.pick(rng)) if day <= today else None
        if final_review is None:
            return None
        # The final review held, the exit is recorded the same day.
        return _Ending(final_review, _EXIT_AFTER_PLAN.pick(rng))

    def _pause(self, plan: _Plan) -> tuple[PauseSpan, PauseReason] | None:
        """Now and then a sick or parental leave, from the Monday of a week well inside the plan."""
        rng = self._rng
        if plan.start > self._today or rng.random() >= _PAUSED:
            return None
        monday = plan.weeks[rng.randint(3, len(plan.weeks) - 3) - 1].monday
        reason, shortest, longest = _PAUSES.pick(rng)
        if monday > self._today:
            return None
        return PauseSpan(monday, rng.randint(shortest, longest)), reason

    def _recorded(self, due: dt.date) -> dt.date | None:
        """The day an item due on ``due`` was recorded; None while it is not (yet): recent ones may lag."""
        rng = self._rng
        day = next_working_day(due + dt.timedelta(days=_RECORD_DELAY.pick(rng)))
        if day > self._today or (due >= self._recent and rng.random() < _UNRECORDED):
            return None
        return day

    def _status(self, day: dt.date, minutes: int, cut: dt.date | None) -> tuple[str, int | None]:
        """An activity's status and attended minutes on ``day``, as of today."""
        if cut is not None and day > cut:
            return _CANCELLED, None  # closing.close_open_work: planned after the last day
        if day >= self._today:
            return _PLANNED, None
        rng = self._rng
        status = (_RECENT_PAST if day >= self._recent else _PAST).pick(rng)
        if status is ActivityStatus.DONE:
            if rng.random() < _PARTLY_ATTENDED:
                return status.value, max(15, minutes - 15 * rng.randint(1, max(1, minutes // 30)))
            return status.value, minutes
        return status.value, 0 if status is ActivityStatus.MISSED else None

    # -- rows ------------------------------------------------------------------------------------------

    def _enrollment(self, batch: _Batch, person: dict[str, Any], programme: Programme, *,
                    template: ProgrammeTemplate, plan: _Plan, weekday: int, clock: dt.time) -> dict[str, Any]:
        row = {**self._synced(), "participant_id": person["id"], "programme": programme,
               "start_date": plan.start, "length_weeks": len(plan.weeks), "planned_end_date": plan.end,
               "status": EnrollmentStatus.ACTIVE, "ended_on": None, "end_reason": None,
               "template_id": template.id, "meeting_weekday": weekday, "meeting_time": clock}
        batch.enrollments.append(row)
        return row

    def _activities(self, batch: _Batch, participant_id: str, enrollment_id: str, plan: _Plan, *,
                    cut: dt.date | None, goal_id: str | None) -> None:
        new_id, stamp, office, add = (self._stamps.new_id, self._stamps.stamp, self._office_id,
                                      batch.activities.append)
        for slot in plan.slots:
            status, attended = self._status(slot.day, slot.minutes, cut)
            goal = goal_id if slot.kind in _GOAL_LINKED_KINDS else None
            add((new_id(), stamp(), False, office, participant_id, enrollment_id, goal, None, None, status,
                 attended, *slot.shared))

    def _checkpoint(self, batch: _Batch, enrollment: dict[str, Any], kind: CheckpointKind, *, due: dt.date,
                    status: CheckpointStatus, done_on: dt.date | None = None) -> None:
        batch.checkpoints.append({**self._synced(), "participant_id": enrollment["participant_id"],
                                  "enrollment_id": enrollment["id"], "kind": kind, "due_date": due,
                                  "status": status, "done_on": done_on, "note": None})

    def _assessment(self, batch: _Batch, intro: dict[str, Any], *, day: dt.date, decision: AssessmentDecision,
                    weeks: int | None, learning_swedish: bool) -> None:
        rng = self._rng
        notes = self._groups["rating_notes"]
        assessment = {**self._synced(), "participant_id": intro["participant_id"],
                      "enrollment_id": intro["id"], "assessed_on": day, "decision": decision,
                      "intensive_weeks": weeks,
                      "note": rng.choice(self._groups["assessment_notes"][decision.value])
                      if rng.random() < 0.4 else None}
        batch.assessments.append(assessment)
        for dimension in DIMENSIONS:
            centre = _RATING_CENTRE[decision]
            if learning_swedish and dimension == "swedish_level":
                centre -= 0.8
            rating = min(RATING_HIGH, max(RATING_LOW, round(rng.gauss(centre, 0.9))))
            batch.ratings.append({**self._synced(), "assessment_id": assessment["id"], "dimension": dimension,
                                  "rating": rating,
                                  "note": rng.choice(notes[dimension]) if rng.random() < 0.3 else None})

    def _end_reason(self, destination: Destination) -> str:
        return self._rng.choice(self._groups["end_reasons"][destination.value])

    def _exit(self, batch: _Batch, person: dict[str, Any], day: dt.date, *, destination: Destination,
              template: ProgrammeTemplate, asked: bool) -> None:
        """closing.exit_in_session: the exit, and the follow-up the template's days later on a working day."""
        rng = self._rng
        improved = (rng.random() < _IMPROVED.get(destination, 0.5)
                    if asked and rng.random() < _ASKED_AT_EXIT else None)
        batch.exits.append({**self._synced(), "participant_id": person["id"], "exit_date": day,
                            "destination": destination, "chances_improved": improved, "note": None})
        due = next_working_day(day + dt.timedelta(days=template.follow_up_after_exit_days))
        done = self._recorded(due)
        outcome = _DAY_90.get(destination, _NOT_WORK).pick(rng) if done is not None else None
        batch.follow_ups.append({
            **self._synced(), "participant_id": person["id"], "placement_id": None,
            "kind": FollowUpKind.DAY_90, "due_date": due, "done_on": done, "cancelled": False,
            "outcome": outcome,
            "chances_improved": None if outcome is None else rng.random() < _IMPROVED[outcome],
            "note": None})
        person["status"] = ParticipantStatus.EXITED

    def _goals(self, batch: _Batch, person: dict[str, Any], enrollment: dict[str, Any], plan: _Plan,
               cut: dt.date | None) -> str | None:
        """Goals and sub-goals of the action plan: one from the participant's own wishes, one or two for
        employability; returns the employability goal that job styling and validation serve."""
        rng = self._rng
        titles = self._groups["goals"]
        wanted = 2 if rng.random() < 0.3 else 1
        goals = [(GoalOrigin.PARTICIPANT_WISH, rng.choice(titles["participant_wish"]))]
        goals += [(GoalOrigin.EMPLOYABILITY, title) for title in rng.sample(titles["employability"], wanted)]
        served = None
        for origin, title in goals:
            description = person["dreams"] if origin is GoalOrigin.PARTICIPANT_WISH else None
            goal = self._goal(batch, enrollment, parent_id=None, origin=origin, title=title,
                              description=description, target=plan.end, start=plan.start, cut=cut)
            if origin is GoalOrigin.EMPLOYABILITY and served is None:
                served = goal["id"]
            count = rng.randint(1, 3)
            for n, sub_title in enumerate(rng.sample(self._texts["sub_goals"], count), start=1):
                week = plan.weeks[n * len(plan.weeks) // (count + 1) - 1]
                target = last_working_day(week) or week.sunday
                self._goal(batch, enrollment, parent_id=goal["id"], origin=origin, title=sub_title,
                           description=None, target=target, start=plan.start, cut=cut)
        return served

    def _goal(self, batch: _Batch, enrollment: dict[str, Any], *, parent_id: str | None, origin: GoalOrigin,
              title: str, description: str | None, target: dt.date, start: dt.date,
              cut: dt.date | None) -> dict[str, Any]:
        rng = self._rng
        settled = cut if cut is not None else self._today  # goals change only while the plan runs
        status, achieved = GoalStatus.OPEN, None
        if cut is not None or target <= settled:
            draw = rng.random()
            if draw < 0.6:
                status = GoalStatus.ACHIEVED
                achieved = max(start, min(target, settled) - dt.timedelta(days=rng.randrange(15)))
            elif draw < 0.75:
                status = GoalStatus.DROPPED
        row = {**self._synced(), "enrollment_id": enrollment["id"],
               "participant_id": enrollment["participant_id"], "parent_id": parent_id, "title": title,
               "description": description, "origin": origin,
               "status": status, "target_date": target, "achieved_on": achieved}
        batch.goals.append(row)
        return row

    def _placement(self, batch: _Batch, person: dict[str, Any], plan: _Plan, cut: dt.date | None) -> None:
        """An internship in the plan's internship phase, with its weeks and workplace follow-ups."""
        rng, today = self._rng, self._today
        if not self._employers or plan.start > today or rng.random() >= _PLACED:
            return
        first = rng.randint(7, 9)
        last = min(first + rng.randint(6, 14) - 1, len(plan.weeks) - 4)
        start = next_working_day(plan.weeks[first - 1].monday)
        end = last_working_day(plan.weeks[last - 1]) or plan.weeks[last - 1].sunday
        if start > today + dt.timedelta(weeks=4) or (cut is not None and start > cut):
            return  # not arranged yet, or the plan ended first
        employer_id, supervisor_id = rng.choice(self._employers)
        language = person["primary_language"] != "sv" and rng.random() < 0.5
        kind = PlacementKind.LANGUAGE_INTERNSHIP if language else PlacementKind.INTERNSHIP
        hours = rng.choice(_LANGUAGE_INTERNSHIP_HOURS if language else _INTERNSHIP_HOURS)
        placement = {**self._synced(), "participant_id": person["id"], "employer_id": employer_id,
                     "agreement_id": None, "supervisor_id": supervisor_id, "kind": kind, "start_date": start,
                     # An exit shortens the placement to the exit day (closing.close_open_work).
                     "end_date": max(cut, start) if cut is not None and end > cut else end,
                     "hours_per_week": hours, "follow_up_every_weeks": self._cadence}
        batch.placements.append(placement)
        activity_kind, minutes = _INTERNSHIP_KIND[kind].value, hours * 60
        for week, day, visit in placement_plan(start, end, self._cadence):
            status, attended = self._status(day, minutes, cut)
            scheduled = self._activity_table.db("scheduled_at", dt.datetime.combine(day, _INTERNSHIP_START))
            batch.activities.append((
                self._stamps.new_id(), self._stamps.stamp(), False, self._office_id, person["id"], None, None,
                placement["id"], None, status, attended, None, activity_kind, None, week.year, week.week,
                scheduled, minutes))
            if visit is None:
                continue
            cancelled = cut is not None and visit > cut
            batch.follow_ups.append({
                **self._synced(), "participant_id": person["id"], "placement_id": placement["id"],
                "kind": FollowUpKind.WORKPLACE_VISIT, "due_date": visit,
                "done_on": None if cancelled else self._recorded(visit), "cancelled": cancelled,
                "outcome": None, "chances_improved": None, "note": None})

    # -- a coach's shared sessions ---------------------------------------------------------------------

    def shared_sessions(self, batch: _Batch, spans: Sequence[_Span]) -> None:
        """Every few weeks a coach gathers everyone then in a programme (an employer meeting, a study
        visit), one row each tied by a group id, as AttendanceService.create_group_session makes them."""
        if len(spans) < 2:
            return
        rng, today = self._rng, self._today
        first = min(span[1] for span in spans)
        last = min(max(span[2] for span in spans), today + dt.timedelta(weeks=4))
        week = IsoWeek.of(first).plus(rng.randint(*_SHARED_EVERY_WEEKS))
        while week.monday <= last:
            day = working_day_in_week(week, 4)
            members = [pid for pid, begun, ended in spans if day is not None and begun <= day <= ended]
            if day is not None and len(members) >= 2:
                self._shared_session(batch, week, day, members[:_SHARED_MAX])
            week = week.plus(rng.randint(*_SHARED_EVERY_WEEKS))

    def _shared_session(self, batch: _Batch, week: IsoWeek, day: dt.date, members: Sequence[str]) -> None:
        rng = self._rng
        kind = _SHARED_KINDS.pick(rng)
        title = rng.choice(self._groups["shared_sessions"][kind.value])
        scheduled = self._activity_table.db("scheduled_at", dt.datetime.combine(day, _SHARED_TIME))
        group_id = self._stamps.new_id()
        # Attendance for a group is taken for everyone at once (record_group), or not yet at all.
        recorded = day < self._today and not (day >= self._recent and rng.random() < _UNRECORDED)
        for participant_id in members:
            status, attended = _PLANNED, None
            if recorded:
                came = rng.random() < 0.85
                status = (ActivityStatus.DONE if came else ActivityStatus.MISSED).value
                attended = _SHARED_MINUTES if came else 0
            batch.activities.append((
                self._stamps.new_id(), self._stamps.stamp(), False, self._office_id, participant_id, None,
                None, None, group_id, status, attended, None, kind.value, title, week.year, week.week,
                scheduled, _SHARED_MINUTES))


# -- writing ---------------------------------------------------------------------------------------

_MODELS: tuple[type[Base], ...] = (User, Employer, EmployerContact, Participant, Enrollment, Goal, Placement,
                                   Activity, Checkpoint, Assessment, AssessmentRating, Pause, FollowUp, Exit)


_Statements = list[tuple[str, list[tuple[Any, ...]]]]


class _Writer:
    def __init__(self, store: Store) -> None:
        dialect = store.engine.dialect
        self.tables = {model: _Table(model, dialect) for model in _MODELS}
        self._activity_order = self.tables[Activity].reorder((*_OWN_COLUMNS, *_SHARED_COLUMNS))

    def statements(self, rows: Sequence[tuple[type[Base], Sequence[dict[str, Any]]]]) -> _Statements:
        """``executemany`` INSERTs: the row-by-row way, for a thread that has the interpreter to itself."""
        return [(self.tables[model].sql, self.tables[model].tuples(some)) for model, some in rows if some]

    def in_bulk(self, batch: _Batch) -> _Statements:
        """The batch but its participants as one INSERT per table over a JSON array, parents first.

        Why JSON: ``executemany`` takes the GIL back for every row, and with the generating thread
        running that costs up to the switch interval each time (400,000 rows: 6 s alone, 2 minutes
        beside a busy thread). One statement runs wholly inside SQLite, beside the generator.
        Participants are not here: their search-index triggers call Python functions (see ``generate``).
        """
        statements: _Statements = []
        for model, some in batch.by_model()[1:]:  # participants go in first, on their own
            if some:
                table = self.tables[model]
                statements.append((table.json_sql, [(json.dumps(table.tuples(some)),)]))
            if model is Placement and batch.activities:  # activities point to placements
                rows = json.dumps(list(map(self._activity_order, batch.activities)))
                statements.append((self.tables[Activity].json_sql, [(rows,)]))
        return statements


def _execute(connection: Connection, statements: _Statements) -> None:
    for sql, parameters in statements:
        connection.exec_driver_sql(sql, parameters)


def _save_clock(connection: Connection, store: Store) -> None:
    """Raw inserts skip the flush hook that saves the clock; save it, or a reopened vault could stamp
    new changes below these rows."""
    stamp = store.clock.now()
    connection.execute(sqlite_insert(LocalMeta).values(key=HLC_KEY, value=stamp)
                       .on_conflict_do_update(index_elements=[LocalMeta.key], set_={"value": stamp}))


def _write(store: Store, connection: Connection, statements: _Statements) -> None:
    with connection.begin():
        _execute(connection, statements)
        _save_clock(connection, store)


@contextmanager
def _bulk_connection(store: Store) -> Iterator[Connection]:
    """One pooled connection for the whole run, with a page cache large enough for the indexes being
    filled (the default 2 MiB makes every insert re-read and decrypt pages); put back as it was."""
    with store.engine.connect() as connection:
        before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
        connection.exec_driver_sql(f"PRAGMA cache_size = {-_CACHE_KIB}")
        connection.commit()  # end the transaction the PRAGMAs began, so each batch can begin its own
        try:
            yield connection
        finally:
            connection.rollback()
            connection.exec_driver_sql(f"PRAGMA cache_size = {before}")
            connection.commit()


def _written(in_flight: tuple[Future[None], int], total: int,
             progress: Callable[[int, int], None] | None) -> None:
    writing, done = in_flight
    writing.result()  # a failed write raises here
    if progress is not None:
        progress(done, total)


def _batches(total: int, size: int) -> Iterator[int]:
    done = 0
    while done < total:
        yield min(size, total - done)
        done += size


def default_employers(participants: int) -> int:
    """About one employer per 20 participants, as Navigator's goal of 60 for 135 suggests."""
    return min(max(participants // 20, 5), 2_000)


def coaches_for(participants: int, participants_per_coach: int) -> int:
    """How many coaches (the vault owner among them) share ``participants`` at most that many each."""
    return max(1, math.ceil(participants / participants_per_coach))


def generate(
    store: Store,
    *,
    participants: int,
    seed: int = 1,
    employers: int | None = None,
    participants_per_coach: int = 60,
    programmes: bool = True,
    templates: TemplateLibrary | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> GenerationSummary:
    """Add made-up coaches, employers and ``participants`` participants with their programmes to ``today``.

    Participants are split between the vault owner and new coach users, ``participants_per_coach`` at
    most each. With ``programmes=False`` they are referred only: no enrolments, no activities.
    """
    if min(participants, employers or 0) < 0:
        raise ValueError("counts must not be negative")
    if participants_per_coach < 1:
        raise ValueError("a coach needs a caseload of at least one")
    employer_count = default_employers(participants) if employers is None else employers
    coach_count = coaches_for(participants, participants_per_coach)
    today = today or dt.date.today()
    rng = random.Random(seed)
    stamps = _Stamps(store.clock)
    writer = _Writer(store)
    people = _Generator(rng, stamps, store.office_id, today)

    with store.session() as session, session.begin():
        # Recorded first, so even an interrupted run leaves its trace in the audit trail.
        audit.record(session, actor_id=store.user_id, action=AuditAction.GENERATE,
                     entity="synthetic_data", entity_id=None)
        stamps.resync()
        coaches = [people.coach() for _ in range(coach_count - 1)]
        pairs = [people.employer() for _ in range(employer_count)]
        _execute(session.connection(), writer.statements([
            (User, coaches), (Employer, [employer for employer, _ in pairs]),
            (EmployerContact, [contact for _, contact in pairs])]))
        stamps.settle()
    coach_ids = [store.user_id, *(coach["id"] for coach in coaches)]
    lives = _Programmes(rng, stamps, office_id=store.office_id, today=today,
                        templates=templates or TemplateLibrary.load(), activities=writer.tables[Activity],
                        employers=[(employer["id"], contact["id"]) for employer, contact in pairs])

    counts: dict[str, int] = dict.fromkeys(_Batch.__dataclass_fields__, 0)
    done, coach, spans = 0, 0, list[_Span]()
    # One thread writes a batch while this one draws the next: each of its INSERTs runs wholly inside
    # SQLite with the GIL released, so the two overlap on a second core (a 100,000 run: about 210 s instead
    # of 260 s). One batch in flight at a time keeps memory flat.
    with (_bulk_connection(store) as connection,
          ThreadPoolExecutor(max_workers=1, thread_name_prefix="synthetic-writer") as pool):
        in_flight: tuple[Future[None], int] | None = None
        for size in _batches(participants, _BATCH):
            batch = _Batch()
            stamps.resync()
            for _ in range(size):
                # Each coach's caseload is a run of participants, so their shared sessions can follow it.
                if (now := done * coach_count // participants) != coach:
                    lives.shared_sessions(batch, spans)
                    coach, spans = now, []
                person, monday = people.participant(coach_ids[coach])
                batch.participants.append(person)
                span = lives.life(batch, person, monday) if programmes else None
                if span is not None:
                    spans.append((person["id"], *span))
                done += 1
            if done == participants:
                lives.shared_sessions(batch, spans)
            stamps.settle()
            for name in counts:
                counts[name] += len(getattr(batch, name))
            bulk = writer.in_bulk(batch)  # converted here: this thread has the time to spare
            if in_flight is not None:
                _written(in_flight, participants, progress)
            # While the writer is idle: the search-index triggers call Python functions, which would
            # otherwise fight the writer thread for the GIL row by row.
            _write(store, connection, writer.statements([(Participant, batch.participants)]))
            in_flight = pool.submit(_write, store, connection, bulk), done
        if in_flight is not None:
            _written(in_flight, participants, progress)
    return GenerationSummary(
        participants=done, employers=employer_count, enrollments=counts["enrollments"],
        activities=counts["activities"], coaches=len(coaches), checkpoints=counts["checkpoints"],
        assessments=counts["assessments"], placements=counts["placements"], follow_ups=counts["follow_ups"],
        exits=counts["exits"], goals=counts["goals"], pauses=counts["pauses"])
