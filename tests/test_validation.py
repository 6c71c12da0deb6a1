from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luzsong_grid.domain.validation import (
    ResidentId,
    age_on,
    is_valid_resident_id,
    make_resident_id,
    mask_phone,
    mask_resident_id,
    normalize_phone,
    parse_resident_id,
    resident_id_check_char,
    validate_phone,
)
from luzsong_grid.i18n import UserError

TODAY = date(2025, 6, 1)
VALID_CHARS = "0123456789X"

areas = st.text("0123456789", min_size=6, max_size=6)
births = st.dates(min_value=date(1880, 1, 1), max_value=TODAY)
genders = st.sampled_from(["M", "F"])
seqs = st.integers(0, 99)


def valid_id(area: str, birth: date, seq: int = 1, gender: str = "M") -> str:
    return make_resident_id(area, birth, seq, gender)


def error_of(text: str, today: date = TODAY) -> UserError:
    with pytest.raises(UserError) as info:
        parse_resident_id(text, today=today)
    return info.value


# --- resident ID: valid numbers ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11010519491231002X", ResidentId("11010519491231002X", date(1949, 12, 31), "F", "110105")),
        ("440524188001010014", ResidentId("440524188001010014", date(1880, 1, 1), "M", "440524")),
    ],
)
def test_known_valid_numbers(text: str, expected: ResidentId) -> None:
    assert parse_resident_id(text) == expected
    assert is_valid_resident_id(text)


@pytest.mark.parametrize(
    "text",
    [
        " 11010519491231002X ",
        "110105 19491231 002X",
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width, as typed with some Chinese IMEs
        "110105\t19491231\u3000002x",
    ],
)
def test_input_is_normalised(text: str) -> None:
    assert parse_resident_id(text).number == "11010519491231002X"


def test_born_today_is_accepted() -> None:
    number = valid_id("430203", TODAY)
    assert parse_resident_id(number, today=TODAY).birth_date == TODAY


def test_gender_follows_parity_of_17th_digit() -> None:
    first16 = "4302031990010112"
    for digit in range(10):
        first17 = f"{first16}{digit}"
        parsed = parse_resident_id(first17 + resident_id_check_char(first17))
        assert parsed.gender == ("M" if digit % 2 else "F")


# --- resident ID: each kind of error ------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_empty(text: str) -> None:
    assert error_of(text).message == "Enter the resident ID number."


@pytest.mark.parametrize(
    "text",
    [
        "4.30203195E+17",
        "4.30203195e+17",
        "4.30203199001011E17",
        "430203199001011000.0",
        "430203199001011000",  # what Excel's 15 significant digits leave of an 18-digit number
    ],
)
def test_excel_number(text: str) -> None:
    error = error_of(text)
    assert "Excel" in error.message
    assert "Text" in error.message


def test_trailing_zeros_that_add_up_are_not_mistaken_for_excel() -> None:
    assert parse_resident_id("430209199001011000").gender == "F"


@pytest.mark.parametrize(
    ("text", "chars"),
    [
        ("11010519491231002Y", "Y"),
        ("110105X9491231002X", "X"),
        ("1101051949-1231-002X", "-"),
        ("ab0105194912310021", "AB"),
        ("12X3", "X"),
    ],
)
def test_illegal_characters(text: str, chars: str) -> None:
    error = error_of(text)
    assert error.message.startswith("An ID number may contain only digits")
    assert error.params == {"chars": chars}


@pytest.mark.parametrize("text", ["1101051949123100", "110105194912310021X", "43020319", "X"])
def test_wrong_length(text: str) -> None:
    error = error_of(text)
    assert error.message == "An ID number has 18 characters; this one has {count}."
    assert error.params == {"count": len(text)}


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490001", "19490100", "20230229"])
def test_impossible_birth_date(birth: str) -> None:
    first17 = f"110105{birth}002"
    error = error_of(first17 + resident_id_check_char(first17))
    assert error.message == "The birth date in the ID number ({digits}) is not a real date."
    assert error.params == {"digits": birth}


def test_birth_before_1880() -> None:
    first17 = "11010518791231002"
    error = error_of(first17 + resident_id_check_char(first17))
    assert error.message == "The birth date in the ID number ({date}) is before 1880."
    assert error.params == {"date": "1879-12-31"}


def test_future_birth_date() -> None:
    number = valid_id("430203", date(2025, 6, 2))
    error = error_of(number, today=TODAY)
    assert error.message == "The birth date in the ID number ({date}) is in the future."
    assert error.params == {"date": "2025-06-02"}
    assert parse_resident_id(number, today=date(2025, 6, 2)).birth_date == date(2025, 6, 2)


def test_wrong_check_character_says_what_it_should_be() -> None:
    error = error_of("110105194912310021")
    assert error.message.startswith("The ID number does not add up")
    assert error.params == {"expected": "X", "actual": "1"}
    assert str(error).endswith("should be X, not 1. Check every digit for typos.")


def test_error_messages_are_distinct() -> None:
    first17 = "11010518791231002"
    samples = [
        "",
        "4.30203195E+17",
        "1101051949123100Y",
        "1101051949123100",
        "11010519491331002X",
        first17 + resident_id_check_char(first17),
        valid_id("430203", date(2025, 6, 2)),
        "110105194912310021",
    ]
    messages = {error_of(text).message for text in samples}
    assert len(messages) == len(samples)


def test_messages_never_repeat_the_number() -> None:
    for text in ["110105194912310021", "11010519491231002Y", "1101051949123100"]:
        assert text not in str(error_of(text))


# --- resident ID: building numbers ---------------------------------------------


@pytest.mark.parametrize(
    ("first17", "check"),
    [("11010519491231002", "X"), ("44052418800101001", "4"), ("43020319900101124", "8")],
)
def test_check_char(first17: str, check: str) -> None:
    assert resident_id_check_char(first17) == check


@given(st.text("0123456789", min_size=17, max_size=17))
def test_check_char_matches_iso_7064_mod_11_2(first17: str) -> None:
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    assert resident_id_check_char(first17) == ("X" if value == 10 else str(value))


@pytest.mark.parametrize("bad", ["1101051949123100", "110105194912310021", "1101051949123100X", ""])
def test_check_char_needs_17_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="17 ASCII digits"):
        resident_id_check_char(bad)


def test_make_resident_id_layout() -> None:
    number = make_resident_id("430203", date(1990, 1, 1), 7, "F")
    assert number[:6] == "430203"
    assert number[6:14] == "19900101"
    assert number[14:16] == "07"
    assert int(number[16]) % 2 == 0
    assert is_valid_resident_id(number)


@pytest.mark.parametrize(
    ("area", "birth", "seq", "gender"),
    [
        ("43020", date(1990, 1, 1), 1, "M"),
        ("43020a", date(1990, 1, 1), 1, "M"),
        ("430203", date(1990, 1, 1), 100, "M"),
        ("430203", date(1990, 1, 1), -1, "M"),
        ("430203", date(1990, 1, 1), 1, "X"),
        ("430203", date(1879, 12, 31), 1, "F"),
    ],
)
def test_make_resident_id_rejects_bad_arguments(
    area: str, birth: date, seq: int, gender: str
) -> None:
    with pytest.raises(ValueError, match=r"must be|before"):
        make_resident_id(area, birth, seq, gender)


@given(areas, births, seqs, genders)
def test_made_numbers_parse_back(area: str, birth: date, seq: int, gender: str) -> None:
    number = make_resident_id(area, birth, seq, gender)
    parsed = parse_resident_id(number, today=TODAY)
    assert (parsed.number, parsed.birth_date, parsed.gender, parsed.area_code) == (
        number,
        birth,
        gender,
        area,
    )


@given(areas, births, seqs, genders, st.integers(0, 17), st.sampled_from(VALID_CHARS))
def test_any_single_character_change_is_rejected(
    area: str, birth: date, seq: int, gender: str, pos: int, char: str
) -> None:
    number = make_resident_id(area, birth, seq, gender)
    if number[pos] == char:
        char = VALID_CHARS[(VALID_CHARS.index(char) + 1) % len(VALID_CHARS)]
    changed = number[:pos] + char + number[pos + 1 :]
    with pytest.raises(UserError):
        parse_resident_id(changed, today=TODAY)


@given(st.text(max_size=30))
def test_parse_only_ever_raises_user_error(text: str) -> None:
    try:
        parsed = parse_resident_id(text, today=TODAY)
    except UserError:
        return
    assert resident_id_check_char(parsed.number[:17]) == parsed.number[17]


def test_is_valid_resident_id() -> None:
    assert is_valid_resident_id("11010519491231002X")
    assert not is_valid_resident_id("110105194912310021")
    assert not is_valid_resident_id("")
    assert not is_valid_resident_id("4.30203195E+17")


# --- phones -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("0086 138 1234 5678", "13812345678"),
        ("0731-2888 1234", "073128881234"),
        ("(0731) 2888-1234", "073128881234"),
        ("+86 731 2888 1234", "073128881234"),
        ("86 0731 28881234", "073128881234"),
        ("86123456", "86123456"),  # a local landline, not a country code
        ("１３８１２３４５６７８", "13812345678"),
        ("", ""),
    ],
)
def test_normalize_phone(text: str, normalized: str) -> None:
    assert normalize_phone(text) == normalized


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13812345678", "13812345678"),
        ("19912345678", "19912345678"),
        ("+86 158-0000-1111", "15800001111"),
        ("0731-28881234", "073128881234"),
        ("28881234", "073128881234"),
        ("2888 1234", "073128881234"),
        ("86123456", "073186123456"),
    ],
)
def test_valid_phones(text: str, expected: str) -> None:
    assert validate_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "message", "params"),
    [
        ("", "Enter a phone number.", {}),
        (" - ", "Enter a phone number.", {}),
        ("138123456ab", "A phone number may contain only digits", {"chars": "ab"}),
        ("1381234567", "A mobile number has 11 digits", {"count": 10}),
        ("138123456789", "A mobile number has 11 digits", {"count": 12}),
        ("12812345678", "A mobile number starts with 13 to 19", {"prefix": "12"}),
        ("0731-2888123", "A Zhuzhou landline has 8 digits after 0731", {"count": 7}),
        ("0731-288812345", "A Zhuzhou landline has 8 digits after 0731", {"count": 9}),
        ("010-12345678", "Only Zhuzhou landlines", {}),
        ("0733-2888123", "Only Zhuzhou landlines", {}),
        ("2888123", "This is neither an 11-digit mobile number", {}),
        ("0888123", "This is neither an 11-digit mobile number", {}),
    ],
)
def test_invalid_phones(text: str, message: str, params: dict[str, object]) -> None:
    with pytest.raises(UserError) as info:
        validate_phone(text)
    assert info.value.message.startswith(message)
    assert info.value.params == params


@given(st.text(max_size=20))
def test_validate_phone_only_ever_raises_user_error(text: str) -> None:
    try:
        phone = validate_phone(text)
    except UserError:
        return
    assert phone.isdigit()
    assert len(phone) in (11, 12)


# --- masking ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("430203199001011234", "430203********1234"),
        ("11010519491231002x", "110105********002X"),
        ("", ""),
        ("1", "*"),
        ("12", "**"),
        ("123", "*23"),
        ("430203199001", "**********01"),
    ],
)
def test_mask_resident_id(number: str, masked: str) -> None:
    assert mask_resident_id(number) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("13812341234", "138****1234"),
        ("+86 138 1234 1234", "138****1234"),
        ("073128885678", "0731****5678"),
        ("0731-2888 5678", "0731****5678"),
        ("28885678", "******78"),
        ("", ""),
        ("7", "*"),
        ("110", "*10"),
    ],
)
def test_mask_phone(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


@given(areas, births, seqs, genders)
def test_id_mask_hides_the_middle(area: str, birth: date, seq: int, gender: str) -> None:
    number = make_resident_id(area, birth, seq, gender)
    masked = mask_resident_id(number)
    assert masked == number[:6] + "********" + number[14:]
    assert f"{birth:%Y%m%d}" not in masked


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mobile_mask_hides_the_middle(number: str) -> None:
    masked = mask_phone(number)
    assert masked == number[:3] + "****" + number[7:]


@given(st.from_regex(r"0731[2-9][0-9]{7}", fullmatch=True))
def test_landline_mask_hides_the_middle(number: str) -> None:
    assert mask_phone(number) == "0731****" + number[8:]


@given(st.text(min_size=1, max_size=30))
def test_masks_never_return_the_whole_value(text: str) -> None:
    for masked in (mask_resident_id(text), mask_phone(text)):
        assert masked == "" or "*" in masked
        assert len(masked.replace("*", "")) <= 10


# --- age ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(1990, 6, 15), date(2025, 6, 14), 34),
        (date(1990, 6, 15), date(2025, 6, 15), 35),
        (date(1990, 6, 15), date(1990, 6, 15), 0),
        (date(2000, 2, 29), date(2001, 2, 28), 0),
        (date(2000, 2, 29), date(2001, 3, 1), 1),
        (date(2000, 2, 29), date(2004, 2, 29), 4),
        (date(1880, 1, 1), date(2025, 1, 1), 145),
    ],
)
def test_age_on(birth: date, day: date, age: int) -> None:
    assert age_on(birth, day) == age


def test_age_before_birth_is_a_bug() -> None:
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(date(2000, 1, 2), date(2000, 1, 1))
