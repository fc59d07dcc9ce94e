"""Seeded synthetic participants, employers, enrolments and activities (demo vault, tests, bench).

Every person is made up, but shaped like Navigator's and K2's caseloads (DOMAIN.md): the three
target groups, newly arrived people from Syria, Iraq, Somalia, Eritrea, Afghanistan, Iran and
Ukraine, valid personnummer, samordningsnummer or none, Swedish mobile numbers and employers with
valid organisationsnummer. The same seed gives the same people (ids and clock stamps aside).

Rows go in with bulk Core inserts, so this module stamps the synced columns that the ORM's
``before_flush`` hook would otherwise fill in.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Insert, Table, insert
from stdnum import luhn

from coachdesk.models import (
    Activity,
    Base,
    Employer,
    EmployerContact,
    Enrollment,
    Participant,
)
from coachdesk.models.enums import (
    ActivityKind,
    ActivityStatus,
    AuditAction,
    EducationLevel,
    EnrollmentStatus,
    Gender,
    ParticipantStatus,
    Programme,
    ReferralSource,
    TargetGroup,
)
from coachdesk.models.ids import uuid7
from coachdesk.models.local import LocalMeta
from coachdesk.models.store import HLC_KEY, Store
from coachdesk.models.textfold import fold
from coachdesk.resources import resources_dir
from coachdesk.services import audit

_BATCH = 2_000  # participants per transaction: enough for executemany, little enough for the WAL

T = TypeVar("T")


@dataclass(frozen=True)
class GenerationSummary:
    participants: int
    employers: int
    enrollments: int
    activities: int


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

_KINDS_SWEDISH = [(ActivityKind.GROUP_SESSION, 25), (ActivityKind.JOB_STYLING, 20),
                  (ActivityKind.COACHING, 30), (ActivityKind.INTERNSHIP, 10),
                  (ActivityKind.STUDY_VISIT, 8), (ActivityKind.VALIDATION, 3),
                  (ActivityKind.OTHER, 4)]
_KINDS = {False: _Weighted(_KINDS_SWEDISH),
          True: _Weighted([*_KINDS_SWEDISH, (ActivityKind.SFI, 15),
                           (ActivityKind.LANGUAGE_INTERNSHIP, 10)])}
_MINUTES = {ActivityKind.MAPPING: (90, 120), ActivityKind.GROUP_SESSION: (120, 180),
            ActivityKind.JOB_STYLING: (60, 90), ActivityKind.COACHING: (45, 60),
            ActivityKind.INTERNSHIP: (240, 360, 480), ActivityKind.LANGUAGE_INTERNSHIP: (240, 360),
            ActivityKind.SFI: (180,), ActivityKind.VALIDATION: (120,),
            ActivityKind.STUDY_VISIT: (120, 180), ActivityKind.OTHER: (60,)}
_HELD = _Weighted([(ActivityStatus.DONE, 82), (ActivityStatus.MISSED, 12),
                   (ActivityStatus.CANCELLED, 6)])
_START_HOURS = (9, 10, 13, 14)


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


class _Generator:
    """Draws rows from one seeded random stream; sets keep numbers unique within a run."""

    def __init__(self, store: Store, seed: int, activities_per_participant: int) -> None:
        self._rng = random.Random(seed)
        self._data = _data()
        self._today = dt.date.today()
        self._clock = store.clock
        self._office_id = store.office_id
        self._coach_id = store.user_id
        self._activities = activities_per_participant
        self._personal_numbers: set[str] = set()
        self._phones: set[str] = set()
        self._org_numbers: set[str] = set()
        self._employer_names: set[str] = set()

    def _synced(self) -> dict[str, Any]:
        return {"id": uuid7(), "updated_hlc": self._clock.now(), "deleted": False,
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

    # -- participants --------------------------------------------------------------------------

    def _birth_date(self, referral: dt.date, low: int, high: int) -> dt.date:
        """A birth date making the person ``low``..``high`` years old at referral, skewed young."""
        rng = self._rng
        age = low + int((high - low + 1) * rng.random() ** 1.4)
        latest = _years_before(referral, age)
        earliest = _years_before(referral, age + 1) + dt.timedelta(days=1)
        return earliest + dt.timedelta(days=rng.randrange((latest - earliest).days + 1))

    def _timeline(self) -> tuple[dt.date, dt.date, bool]:
        """Referral date, introduction start (a Monday) and whether the start is still to come."""
        rng = self._rng
        if rng.random() < 0.03:
            start = _monday(self._today) + dt.timedelta(weeks=rng.randint(1, 3))
            return self._today - dt.timedelta(days=rng.randint(1, 21)), start, True
        start = _monday(self._today - dt.timedelta(days=rng.randrange(730)))
        referral = start - dt.timedelta(days=rng.randint(7, 42))
        return referral, start, False

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

    def participant(self) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        """One participant row, with their enrolments and activities."""
        rng, texts = self._rng, self._data.texts
        referral, start, upcoming = self._timeline()
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
            "status": ParticipantStatus.REFERRED,  # set from the enrolments below
            "coach_id": self._coach_id,
            # Referral is at least a day ago, so office hours on that day are in the past.
            "created_at": dt.datetime.combine(referral,
                                              dt.time(rng.randint(7, 16), rng.randrange(60))),
        }
        enrollments, activities = self._programme(participant, start, upcoming, language != "sv")
        return participant, enrollments, activities

    def _programme(self, participant: dict[str, Any], start: dt.date, upcoming: bool,
                   learning_swedish: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The 4-week introduction, its activities and, for some, intensive coaching after it."""
        rng, today = self._rng, self._today
        end = start + dt.timedelta(weeks=4)
        ended_on: dt.date | None = None
        end_reason: str | None = None
        if upcoming:
            status, p_status = EnrollmentStatus.PLANNED, ParticipantStatus.REFERRED
        elif end > today:
            status, p_status = EnrollmentStatus.ACTIVE, ParticipantStatus.INTRODUCTION
        elif rng.random() < 0.05:
            status, p_status = EnrollmentStatus.DISCONTINUED, ParticipantStatus.EXITED
            ended_on = start + dt.timedelta(days=rng.randint(3, 25))
            end_reason = rng.choice(self._data.texts["end_reasons"])
        else:
            status, p_status, ended_on = EnrollmentStatus.COMPLETED, ParticipantStatus.EXITED, end
        intro = {**self._synced(), "participant_id": participant["id"],
                 "programme": Programme.INTRODUCTION, "start_date": start, "length_weeks": 4,
                 "planned_end_date": end, "status": status, "ended_on": ended_on,
                 "end_reason": end_reason}
        enrollments = [intro]
        if status is EnrollmentStatus.COMPLETED and rng.random() < 0.45:
            weeks = rng.randint(26, 30)
            intensive_end = end + dt.timedelta(weeks=weeks)
            running = intensive_end > today
            p_status = ParticipantStatus.INTENSIVE if running else ParticipantStatus.EXITED
            enrollments.append({
                **self._synced(), "participant_id": participant["id"],
                "programme": Programme.INTENSIVE, "start_date": end, "length_weeks": weeks,
                "planned_end_date": intensive_end,
                "status": EnrollmentStatus.ACTIVE if running else EnrollmentStatus.COMPLETED,
                "ended_on": None if running else intensive_end, "end_reason": None})
        participant["status"] = p_status
        activities = [self._activity(participant["id"], intro["id"], start, ended_on,
                                     learning_swedish, first=i == 0)
                      for i in range(self._activities)]
        return enrollments, activities

    def _activity(self, participant_id: str, enrollment_id: str, start: dt.date,
                  ended_on: dt.date | None, learning_swedish: bool, *,
                  first: bool) -> dict[str, Any]:
        rng = self._rng
        # Every introduction opens with the mapping (kartläggning).
        kind = ActivityKind.MAPPING if first else _KINDS[learning_swedish].pick(rng)
        day = start + dt.timedelta(days=(0 if first else 7 * rng.randrange(4)) + rng.randrange(5))
        iso = day.isocalendar()
        minutes = rng.choice(_MINUTES[kind])
        if ended_on is not None and day > ended_on:
            status = ActivityStatus.CANCELLED
        elif day < self._today:
            status = _HELD.pick(rng)
        else:
            status = ActivityStatus.PLANNED
        attended = minutes if status is ActivityStatus.DONE else (
            0 if status is ActivityStatus.MISSED else None)
        return {**self._synced(), "participant_id": participant_id, "enrollment_id": enrollment_id,
                "goal_id": None, "kind": kind,
                "title": rng.choice(self._data.activity_titles[kind]),
                "iso_year": iso.year, "iso_week": iso.week,
                "scheduled_at": dt.datetime.combine(day, dt.time(rng.choice(_START_HOURS))),
                "planned_minutes": minutes, "status": status, "attended_minutes": attended}


def _insert(model: type[Base]) -> Insert:
    # The table, not the mapped class: the ORM's bulk path would split the rows by which columns
    # are None into thousands of small statements and convert each row once more.
    return insert(cast(Table, model.__table__))


def _batches(total: int, size: int) -> Iterator[int]:
    done = 0
    while done < total:
        yield min(size, total - done)
        done += size


def default_employers(participants: int) -> int:
    """About one employer per 20 participants, as Navigator's goal of 60 for 135 suggests."""
    return min(max(participants // 20, 5), 2_000)


def generate(
    store: Store,
    *,
    participants: int,
    seed: int = 1,
    employers: int | None = None,
    activities_per_participant: int = 3,
    progress: Callable[[int, int], None] | None = None,
) -> GenerationSummary:
    """Add ``participants`` made-up participants (with enrolments and activities) and employers."""
    if min(participants, activities_per_participant, employers or 0) < 0:
        raise ValueError("counts must not be negative")
    employer_count = default_employers(participants) if employers is None else employers
    generator = _Generator(store, seed, activities_per_participant)

    with store.session() as session, session.begin():
        # Recorded first, so even an interrupted run leaves its trace in the audit trail.
        audit.record(session, actor_id=store.user_id, action=AuditAction.GENERATE,
                     entity="synthetic_data", entity_id=None)
        pairs = [generator.employer() for _ in range(employer_count)]
        if pairs:
            session.execute(_insert(Employer), [employer for employer, _contact in pairs])
            session.execute(_insert(EmployerContact), [contact for _employer, contact in pairs])

    done = enrollment_count = activity_count = 0
    for size in _batches(participants, _BATCH):
        people: list[dict[str, Any]] = []
        enrollments: list[dict[str, Any]] = []
        activities: list[dict[str, Any]] = []
        for _ in range(size):
            person, person_enrollments, person_activities = generator.participant()
            people.append(person)
            enrollments += person_enrollments
            activities += person_activities
        with store.session() as session, session.begin():
            session.execute(_insert(Participant), people)
            session.execute(_insert(Enrollment), enrollments)
            if activities:
                session.execute(_insert(Activity), activities)
            # Core inserts skip the flush hook that saves the clock; save it, or a reopened vault
            # could stamp new changes below these rows.
            session.merge(LocalMeta(key=HLC_KEY, value=store.clock.now()))
        done += size
        enrollment_count += len(enrollments)
        activity_count += len(activities)
        if progress is not None:
            progress(done, participants)
    return GenerationSummary(participants=done, employers=employer_count,
                             enrollments=enrollment_count, activities=activity_count)
