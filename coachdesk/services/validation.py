"""Field validation for everything a user types. Errors are translated sentences keyed by field name.

Personnummer and organisationsnummer use python-stdnum; samordningsnummer (day + 60) reuses stdnum's Luhn
check, since stdnum has no module of its own for it.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import phonenumbers
from babel import Locale, UnknownLocaleError
from email_validator import EmailNotValidError, validate_email
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr
from stdnum.se import personnummer as stdnum_pnr

from coachdesk.errors import ValidationError
from coachdesk.i18n import _


class FieldError(ValueError):
    """One field's problem; the message is already translated."""


@dataclass(frozen=True)
class PersonalNumber:
    """A validated personnummer or samordningsnummer in the 12-digit form YYYYMMDD-NNNN."""

    text: str
    birth_date: dt.date
    coordination: bool


def parse_personal_number(raw: str, *, today: dt.date | None = None) -> PersonalNumber:
    """Accept YYYYMMDD-NNNN, YYMMDD-NNNN (``+`` for people 100 or older), with or without separator."""
    today = today or dt.date.today()
    text = raw.strip().replace(" ", "")
    match = re.fullmatch(r"(\d{2})?(\d{6})([-+]?)(\d{4})", text)
    if not match:
        raise FieldError(_("Write the personal identity number as YYYYMMDD-NNNN."))
    century, yymmdd, separator, tail = match.groups()
    ten = yymmdd + tail
    if not luhn.is_valid(ten):
        raise FieldError(_("The personal identity number's check digit is wrong."))
    year2, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    coordination = day > 60
    if coordination:
        day -= 60
    # Without a century: the latest year not in the future, a century earlier when marked with "+".
    centuries = (int(century),) if century is not None else (20, 19, 18)
    years = [c * 100 + year2 for c in centuries]
    for year in years:
        try:
            born = dt.date(year, month, day)
        except ValueError:
            raise FieldError(_("The personal identity number does not start with a valid date.")) from None
        if born > today:
            continue
        if century is None and separator == "+" and today.year - year < 100:
            continue
        break
    else:
        raise FieldError(_("The personal identity number's date is in the future."))
    if not coordination:
        try:
            stdnum_pnr.validate(f"{born:%Y%m%d}{tail}")
        except StdnumError:
            raise FieldError(_("The personal identity number is not valid.")) from None
    stored_day = born.day + 60 if coordination else born.day
    return PersonalNumber(f"{born:%Y%m}{stored_day:02d}-{tail}", born, coordination)


def clean_personnummer(raw: str) -> str:
    return parse_personal_number(raw).text


def clean_org_number(raw: str) -> str:
    try:
        return str(orgnr.format(orgnr.validate(raw.strip())))
    except StdnumError:
        raise FieldError(_("The organisation number is not valid (NNNNNN-NNNN).")) from None


def clean_phone(raw: str) -> str:
    """Store phone numbers as E.164; Swedish numbers may be written nationally (070-…)."""
    try:
        number = phonenumbers.parse(raw, "SE")
    except phonenumbers.NumberParseException:
        raise FieldError(_("The phone number is not valid.")) from None
    if not phonenumbers.is_valid_number(number):
        raise FieldError(_("The phone number is not valid."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_email(raw: str) -> str:
    try:
        return str(validate_email(raw.strip(), check_deliverability=False).normalized)
    except EmailNotValidError:
        raise FieldError(_("The e-mail address is not valid.")) from None


def clean_postal_code(raw: str) -> str:
    digits = re.sub(r"\s", "", raw)
    if not re.fullmatch(r"[1-9]\d{4}", digits):
        raise FieldError(_("Write the postal code as five digits (NNN NN)."))
    return f"{digits[:3]} {digits[3:]}"


def clean_date(raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        value = dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise FieldError(_("Write the date as YYYY-MM-DD.")) from None
    if not dt.date(1900, 1, 1) <= value <= dt.date(2100, 12, 31):
        raise FieldError(_("The date is out of range."))
    return value


def clean_past_date(raw: object) -> dt.date:
    value = clean_date(raw)
    if value > dt.date.today():
        raise FieldError(_("The date cannot be in the future."))
    return value


def clean_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"1", "true", "yes", "ja"}:
        return True
    if text in {"0", "false", "no", "nej"}:
        return False
    raise FieldError(_("Choose yes or no."))


def clean_language(raw: str) -> str:
    code = raw.strip().replace("-", "_")
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        raise FieldError(_("Unknown language code.")) from None
    return code


def clean_languages(raw: str) -> str:
    return " ".join(clean_language(part) for part in re.split(r"[\s,;]+", raw.strip()) if part)


def clean_country(raw: str) -> str:
    code = raw.strip().upper()
    if code not in Locale("en").territories or not re.fullmatch(r"[A-Z]{2}", code):
        raise FieldError(_("Unknown country code (use two letters, such as SE or SO)."))
    return code


def text(max_length: int, *, required: bool = False) -> Callable[[object], str]:
    def clean(raw: object) -> str:
        value = str(raw).strip()
        if required and not value:
            raise FieldError(_("This field is required."))
        if len(value) > max_length:
            raise FieldError(_("This text is too long (at most {limit} characters).").format(
                limit=max_length))
        return value

    return clean


def integer(low: int, high: int) -> Callable[[object], int]:
    def clean(raw: object) -> int:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise FieldError(_("Write a whole number.")) from None
        if not low <= value <= high:
            raise FieldError(_("Write a number from {low} to {high}.").format(low=low, high=high))
        return value

    return clean


_E = TypeVar("_E", bound=enum.Enum)


def choice(enum_cls: type[_E]) -> Callable[[object], _E]:
    def clean(raw: object) -> _E:
        if isinstance(raw, enum_cls):
            return raw
        try:
            return enum_cls(str(raw).strip())
        except ValueError:
            raise FieldError(_("Choose one of the listed options.")) from None

    return clean


Cleaner = Callable[[Any], Any]
_T = TypeVar("_T")


def clean_fields(
    raw: Mapping[str, object],
    spec: Mapping[str, Cleaner],
    *,
    required: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Clean every field in ``raw`` by ``spec``; collect all errors at once, so a form can show them all.

    Empty strings and ``None`` clear an optional field.
    """
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, value in raw.items():
        cleaner = spec.get(name)
        if cleaner is None:
            errors[name] = _("Unknown field.")
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            if name in required:
                errors[name] = _("This field is required.")
            else:
                cleaned[name] = None
            continue
        try:
            cleaned[name] = cleaner(value)
        except FieldError as exc:
            errors[name] = str(exc)
    for name in required:
        if name not in raw:
            errors[name] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_one(name: str, cleaner: Callable[[Any], _T], value: object) -> _T:
    """Clean one value outside a form, reporting a problem under the field's name as a form would."""
    try:
        return cleaner(value)
    except FieldError as exc:
        raise ValidationError({name: str(exc)}) from None
