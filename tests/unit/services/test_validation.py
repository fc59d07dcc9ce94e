from __future__ import annotations

import datetime as dt

import pytest
from stdnum import luhn

from coachdesk import i18n
from coachdesk.errors import ValidationError
from coachdesk.services.validation import (
    FieldError,
    clean_date,
    clean_email,
    clean_fields,
    clean_org_number,
    clean_phone,
    clean_postal_code,
    parse_personal_number,
    text,
)

TODAY = dt.date(2026, 11, 22)


def _with_check(nine: str) -> str:
    return nine + luhn.calc_check_digit(nine)


@pytest.mark.parametrize("raw", ["19850312-1231", "198503121231", "850312-1231", "8503121231"])
def test_personnummer_forms_normalise_to_twelve_digits(raw: str) -> None:
    number = parse_personal_number(raw, today=TODAY)
    assert number.text == "19850312-1231"
    assert number.birth_date == dt.date(1985, 3, 12)
    assert not number.coordination


def test_ten_digit_number_of_a_child_is_this_century() -> None:
    ten = _with_check("100101123")
    assert parse_personal_number(ten, today=TODAY).birth_date == dt.date(2010, 1, 1)


def test_plus_sign_marks_a_centenarian() -> None:
    ten = _with_check("200101123")
    number = parse_personal_number(f"{ten[:6]}+{ten[6:]}", today=TODAY)
    assert number.birth_date == dt.date(1920, 1, 1)


def test_samordningsnummer_adds_sixty_to_the_day() -> None:
    ten = _with_check("900172123")  # born 1990-01-12
    number = parse_personal_number(f"19{ten}", today=TODAY)
    assert number.coordination and number.birth_date == dt.date(1990, 1, 12)
    assert number.text == f"19{ten[:6]}-{ten[6:]}"


@pytest.mark.parametrize("raw, message", [
    ("19850312-1234", "check digit"),
    ("19850312", "YYYYMMDD-NNNN"),
    ("abcdefgh-ijkl", "YYYYMMDD-NNNN"),
    (f"19{_with_check('851332123')}", "valid date"),
    (f"20{_with_check('991231123')}", "future"),
])
def test_invalid_personnummer_says_why(raw: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        parse_personal_number(raw, today=TODAY)


def test_org_number() -> None:
    assert clean_org_number("5560360793") == "556036-0793"
    with pytest.raises(FieldError, match="organisation number"):
        clean_org_number("556036-0794")


def test_phone_is_stored_as_e164_and_must_be_real() -> None:
    assert clean_phone("070-123 45 67") == "+46701234567"
    assert clean_phone("+252 61 5123456").startswith("+252")
    for bad in ("12", "070-12", "phone"):
        with pytest.raises(FieldError, match="phone number"):
            clean_phone(bad)


def test_email() -> None:
    assert clean_email(" Anna@Example.SE ") == "Anna@example.se"
    with pytest.raises(FieldError, match="e-mail"):
        clean_email("anna@")


def test_postal_code_and_dates() -> None:
    assert clean_postal_code("83531") == "835 31"
    with pytest.raises(FieldError):
        clean_postal_code("0123")
    assert clean_date("2025-02-28") == dt.date(2025, 2, 28)
    for bad in ("2025-02-30", "28/02/2025", "1800-01-01"):
        with pytest.raises(FieldError):
            clean_date(bad)


def test_clean_fields_collects_every_error_and_rejects_unknown_fields() -> None:
    spec = {"name": text(5, required=True), "email": clean_email}
    with pytest.raises(ValidationError) as caught:
        clean_fields({"name": "far too long", "email": "x", "colour": "red"}, spec, required=("name",))
    assert set(caught.value.errors) == {"name", "email", "colour"}


def test_errors_follow_the_user_language() -> None:
    i18n.set_language("sv")
    try:
        with pytest.raises(FieldError) as caught:
            clean_email("anna@")
    finally:
        i18n.set_language("en")
    assert str(caught.value) == "E-postadressen är inte giltig."
