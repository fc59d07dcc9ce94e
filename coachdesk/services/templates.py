"""Programme templates (ARCHITECTURE §5): the introduction and the intensive plan described as data.

Bundled templates live in ``resources/programmes/*.yaml``; an office adds or adjusts them by putting YAML
files in its own folder: a file whose ``id`` matches a bundled template replaces it. Every file is validated
on load, and a broken one names the file and the field in the error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from coachdesk.errors import CoachDeskError
from coachdesk.i18n import N_, _, current_language
from coachdesk.models.enums import ActivityKind, CheckpointKind, Programme
from coachdesk.resources import resources_dir

OFFICE_FOLDER = "programmes"  # beside the vault: templates hold no personal data, so they may be plain files
Weekday = Annotated[int, Field(ge=1, le=5)]  # ISO weekday, Monday to Friday: no meetings at weekends
WeekRef = int | Literal["mid"]  # 1-based plan week; negative counts from the end (-1 = last); "mid" = middle


class TemplateError(CoachDeskError):
    """A programme template that cannot be used; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(_Strict):
    """A name in several languages; Swedish and English are required, others fall back to them."""

    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)
    ar: str | None = None
    fa: str | None = None
    fa_AF: str | None = None
    so: str | None = None
    ti: str | None = None

    def text(self, language: str | None = None) -> str:
        lang = language or current_language()
        for code in (lang, lang.split("_")[0]):
            value = getattr(self, code, None) if code in type(self).model_fields else None
            if value:
                return str(value)
        return self.sv if lang.startswith("sv") else self.en


class Length(_Strict):
    min: int = Field(ge=1, le=104)
    max: int = Field(ge=1, le=104)
    default: int = Field(ge=1, le=104)

    @model_validator(mode="after")
    def _ordered(self) -> Length:
        if not self.min <= self.default <= self.max:
            raise ValueError(_("the default length must lie between min and max"))
        return self


class MeetingSlot(_Strict):
    weekday: Weekday = 2
    time: dt.time = dt.time(9, 0)


class TemplateActivity(_Strict):
    kind: ActivityKind
    minutes: int = Field(ge=5, le=600)
    weekdays: tuple[Weekday, ...] | None = None  # None: the enrolment's weekly meeting day
    time: dt.time | None = None  # None: the enrolment's meeting time
    every_weeks: int = Field(default=1, ge=1, le=12)
    title: LocalText | None = None

    @field_validator("weekdays")
    @classmethod
    def _distinct(cls, value: tuple[int, ...] | None) -> tuple[int, ...] | None:
        if value is not None and (not value or len(set(value)) != len(value)):
            raise ValueError(_("weekdays must be different days, at least one"))
        return value


class Phase(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    name: LocalText
    from_week: WeekRef
    to_week: WeekRef
    activities: tuple[TemplateActivity, ...] = ()


class TemplateCheckpoint(_Strict):
    kind: CheckpointKind
    week: WeekRef


class ProgrammeTemplate(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,63}$")
    programme: Programme
    name: LocalText
    length_weeks: Length
    meeting: MeetingSlot = MeetingSlot()
    phases: tuple[Phase, ...] = Field(min_length=1)
    checkpoints: tuple[TemplateCheckpoint, ...] = ()
    workplace_follow_up_every_weeks: int = Field(default=2, ge=1, le=12)
    follow_up_after_exit_days: int = Field(default=90, ge=1, le=730)

    @model_validator(mode="after")
    def _consistent(self) -> ProgrammeTemplate:
        ids = [phase.id for phase in self.phases]
        if len(set(ids)) != len(ids):
            raise ValueError(_("two phases have the same id"))
        for length in {self.length_weeks.min, self.length_weeks.max}:
            for phase in self.phases:
                first, last = resolve_week(phase.from_week, length), resolve_week(phase.to_week, length)
                if not 1 <= first <= last <= length:
                    raise ValueError(
                        _("phase {phase} does not fit a plan of {weeks} weeks").format(
                            phase=phase.id, weeks=length
                        )
                    )
            for checkpoint in self.checkpoints:
                if not 1 <= resolve_week(checkpoint.week, length) <= length:
                    raise ValueError(
                        _("checkpoint {kind} falls outside a plan of {weeks} weeks").format(
                            kind=checkpoint.kind.value, weeks=length
                        )
                    )
        if self.programme is Programme.INTRODUCTION and not any(
            c.kind is CheckpointKind.ASSESSMENT for c in self.checkpoints
        ):
            raise ValueError(_("an introduction needs an assessment checkpoint"))
        return self


def resolve_week(ref: WeekRef, length: int) -> int:
    """A template's week reference as a 1-based plan week for a plan ``length`` weeks long."""
    if ref == "mid":
        return (length + 1) // 2
    assert isinstance(ref, int)
    return ref if ref > 0 else length + 1 + ref


def _field_path(location: Iterable[int | str]) -> str:
    return ".".join(str(part) for part in location) or "-"


# pydantic's error types for the mistakes people make in YAML, as messages in the user's language.
_PROBLEMS: dict[str, str] = {
    "missing": N_("it is required"),
    "extra_forbidden": N_("it is not a field templates have"),
    "int_type": N_("it must be a whole number"),
    "int_parsing": N_("it must be a whole number"),
    "int_from_float": N_("it must be a whole number"),
    "greater_than_equal": N_("the number is out of range"),
    "less_than_equal": N_("the number is out of range"),
    "enum": N_("it must be one of: {expected}"),
    "literal_error": N_("it must be one of: {expected}"),
    "time_parsing": N_("it must be a time such as 09:00"),
    "time_type": N_("it must be a time such as 09:00"),
    "string_pattern_mismatch": N_("it must be a short name in lower-case letters, digits and _"),
    "string_too_short": N_("it must not be empty"),
    "string_type": N_("it must be text"),
}


def _problem(error: Mapping[str, Any]) -> str:
    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    if kind == "value_error":  # our own validators raise translated messages
        return str(ctx.get("error", error.get("msg", "")))
    if kind in _PROBLEMS:
        return _(_PROBLEMS[kind]).format(expected=ctx.get("expected", ""))
    return str(error.get("msg", ""))


def load_template(path: Path) -> ProgrammeTemplate:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problem = _("it cannot be read as YAML ({detail})").format(detail=type(exc).__name__)
        message = _("Programme template {file}: {problem}.").format(file=path.name, problem=problem)
        raise TemplateError(message) from None
    if not isinstance(raw, Mapping):
        message = _("Programme template {file}: it must be a mapping of fields.").format(file=path.name)
        raise TemplateError(message)
    try:
        return ProgrammeTemplate.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise TemplateError(
            _("Programme template {file}, field {field}: {problem}").format(
                file=path.name, field=_field_path(first["loc"]), problem=_problem(first)
            )
        ) from None


class TemplateLibrary:
    """The templates an office uses: the bundled ones, replaced or added to by the office's own folder."""

    def __init__(self, templates: Mapping[str, ProgrammeTemplate]) -> None:
        self._templates = dict(templates)

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> TemplateLibrary:
        """The bundled templates plus the office's own, kept in ``<data dir>/programmes/*.yaml``."""
        return cls.load(data_dir / OFFICE_FOLDER)

    @classmethod
    def load(cls, office_dir: Path | None = None) -> TemplateLibrary:
        found: dict[str, ProgrammeTemplate] = {}
        folders = [resources_dir() / "programmes"]
        if office_dir is not None and office_dir.is_dir():
            folders.append(office_dir)
        for folder in folders:  # later folders win: the office's templates replace bundled ones
            for path in sorted(folder.glob("*.yaml")):
                template = load_template(path)
                found[template.id] = template
        return cls(found)

    def get(self, template_id: str) -> ProgrammeTemplate:
        try:
            return self._templates[template_id]
        except KeyError:
            raise TemplateError(
                _("There is no programme template called {id}.").format(id=template_id)
            ) from None

    def default_for(self, programme: Programme) -> ProgrammeTemplate:
        """The template named after the programme, else the first for it in id order."""
        if programme.value in self._templates:
            return self._templates[programme.value]
        for template_id in sorted(self._templates):
            if self._templates[template_id].programme is programme:
                return self._templates[template_id]
        raise TemplateError(_("No programme template describes this programme."))

    def templates(self) -> list[ProgrammeTemplate]:
        return [self._templates[k] for k in sorted(self._templates)]
