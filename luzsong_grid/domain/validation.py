"""Resident ID numbers, phone numbers and the masks shown on screens and in exports.

Input is cleaned before it is checked: Unicode NFKC folds full-width digits and
letters (１２３, Ｘ) to ASCII, white space is dropped, and ``x`` becomes ``X``.
Every rejection is a :class:`~luzsong_grid.i18n.UserError` with its own
message; messages never repeat a whole ID number back (error lists get copied
into chats and e-mails).

Decisions beyond GB 11643-1999:

* Birth years from 1880 on are accepted (the standard's sample
  440524188001010014 is born in 1880); a birth date may be today.
* The area code (digits 1-6) is not looked up: codes are retired and renamed,
  and people keep the number they were issued.
* A value Excel turned into a number ("4.30203195E+17", "4302...000.0", or 18
  digits ending in "000" whose check character is wrong, which is what Excel's
  15 significant digits leave) gets a message saying so.
* Phones: ``normalize_phone`` also drops parentheses and a leading ``0086``;
  a bare leading ``86`` is dropped only when the number is too long without
  it (13+ digits), so a local landline such as 86123456 survives. After a
  country code the trunk ``0`` is put back on landlines (+86 731 2888 1234 →
  073128881234). Zhuzhou shares 0731 with Changsha and Xiangtan; landlines with
  other area codes are rejected, as the app only records local numbers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from operator import mul
from typing import Literal

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError

__all__ = [
    "ResidentId",
    "age_on",
    "is_valid_resident_id",
    "make_resident_id",
    "mask_phone",
    "mask_resident_id",
    "normalize_phone",
    "parse_resident_id",
    "resident_id_check_char",
    "validate_phone",
]

EARLIEST_BIRTH = date(1880, 1, 1)
ZHUZHOU_AREA_CODE = "0731"

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_WEIGHTED_ZEROS = 48 * sum(_WEIGHTS)
_CHECK_CHARS = "10X98765432"
_DIGITS = frozenset("0123456789")
_TRUNKLESS = frozenset("23456789")  # first digit of a landline written without its 0
_SPACES = re.compile(r"\s+")
_EXCEL_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?E[+-]?[0-9]+|[0-9]+\.[0-9]*")
_PHONE_JUNK = re.compile(r"[\s\-()–—]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0731[0-9]{8}")
_LOCAL_LANDLINE = re.compile(r"[2-9][0-9]{7}")


@dataclass(frozen=True)
class ResidentId:
    """A checked 18-character resident ID number and what it encodes."""

    number: str
    birth_date: date
    gender: Literal["M", "F"]
    area_code: str


def _clean(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def _illegal(text: str, allowed: frozenset[str]) -> str:
    return "".join(sorted(set(text) - allowed))


def resident_id_check_char(first17: str) -> str:
    """The check character (0-9 or X) for the first 17 digits of an ID number."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError(f"need 17 ASCII digits, got {len(first17)} characters")
    # The digits' byte values, weighted in C; each carries 48 (ord "0") too much.
    total = sum(map(mul, first17.encode(), _WEIGHTS)) - _WEIGHTED_ZEROS
    return _CHECK_CHARS[total % 11]


def make_resident_id(area_code: str, birth: date, seq: int, gender: str) -> str:
    """A valid ID number; ``seq`` (0-99) gives digits 15-16, ``gender`` the parity of 17.

    Digit 17 is ``seq % 5 * 2``, plus one for men, so numbers vary a little.
    """
    if len(area_code) != 6 or not (area_code.isascii() and area_code.isdigit()):
        raise ValueError(f"area code must be 6 digits: {area_code!r}")
    if not 0 <= seq <= 99:
        raise ValueError(f"seq must be 0-99: {seq}")
    if gender not in ("M", "F"):
        raise ValueError(f"gender must be 'M' or 'F': {gender!r}")
    if birth < EARLIEST_BIRTH:
        raise ValueError(f"birth date before {EARLIEST_BIRTH}: {birth}")
    first17 = (
        f"{area_code}{birth.year:04d}{birth.month:02d}{birth.day:02d}"
        f"{seq:02d}{seq % 5 * 2 + (gender == 'M')}"
    )
    return first17 + resident_id_check_char(first17)


def _excel_error() -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "core",
            "This ID number was stored by Excel as a number and has lost its last digits. "
            "Format the cell as Text and type the number again.",
        )
    )


def parse_resident_id(text: str, *, today: date | None = None) -> ResidentId:
    """Check an 18-character resident ID number (GB 11643-1999) and decode it."""
    if len(text) == 18 and text.isascii() and text[:17].isdigit() and text[17] in _LAST:
        # The usual case, typed cleanly: nothing to normalise, nothing illegal.
        return _decode(text.upper(), today)
    number = _clean(text).upper()
    if not number:
        raise UserError(QT_TRANSLATE_NOOP("core", "Enter the resident ID number."))
    if _EXCEL_NUMBER.fullmatch(number):
        raise _excel_error()
    if bad := _illegal(number[:-1], _DIGITS) + _illegal(number[-1], _DIGITS | {"X"}):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "core",
                "An ID number may contain only digits, with an X allowed as the last "
                "character; this one contains “{chars}”.",
            ),
            chars="".join(sorted(set(bad))),
        )
    if len(number) != 18:
        raise UserError(
            QT_TRANSLATE_NOOP("core", "An ID number has 18 characters; this one has {count}."),
            count=len(number),
        )
    return _decode(number, today)


_LAST = frozenset("0123456789Xx")


def _decode(number: str, today: date | None) -> ResidentId:
    """The checks and decoding of an 18-character number of digits (and a
    final X)."""
    digits = number[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "core", "The birth date in the ID number ({digits}) is not a real date."
            ),
            digits=digits,
        ) from None
    if birth < EARLIEST_BIRTH:
        raise UserError(
            QT_TRANSLATE_NOOP("core", "The birth date in the ID number ({date}) is before 1880."),
            date=birth.isoformat(),
        )
    if birth > (today or date.today()):
        raise UserError(
            QT_TRANSLATE_NOOP("core", "The birth date in the ID number ({date}) is in the future."),
            date=birth.isoformat(),
        )
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        if number.endswith("000"):
            raise _excel_error()
        raise UserError(
            QT_TRANSLATE_NOOP(
                "core",
                "The ID number does not add up: with these first 17 digits the last "
                "character should be {expected}, not {actual}. Check every digit for typos.",
            ),
            expected=expected,
            actual=number[17],
        )
    return ResidentId(number, birth, "M" if int(number[16]) % 2 else "F", number[:6])


def is_valid_resident_id(text: str) -> bool:
    try:
        parse_resident_id(text)
    except UserError:
        return False
    return True


def normalize_phone(text: str) -> str:
    """``text`` without spaces, dashes, parentheses or a leading +86/0086/86."""
    phone = _PHONE_JUNK.sub("", unicodedata.normalize("NFKC", text))
    for prefix in ("+86", "0086", "86"):
        if phone.startswith(prefix) and (prefix != "86" or len(phone) >= 13):
            phone = phone[len(prefix) :]
            if phone[:1] in _TRUNKLESS:  # landline dialled without its trunk 0
                phone = "0" + phone
            break
    return phone


def validate_phone(text: str) -> str:
    """The normalized mobile or Zhuzhou landline number (8 local digits get 0731)."""
    phone = normalize_phone(text)
    if not phone:
        raise UserError(QT_TRANSLATE_NOOP("core", "Enter a phone number."))
    if bad := _illegal(phone, _DIGITS):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "core",
                "A phone number may contain only digits (spaces, dashes and a leading +86 "
                "are ignored); this one contains “{chars}”.",
            ),
            chars=bad,
        )
    if _MOBILE.fullmatch(phone) or _LANDLINE.fullmatch(phone):
        return phone
    if _LOCAL_LANDLINE.fullmatch(phone):
        return ZHUZHOU_AREA_CODE + phone
    if phone.startswith("1"):
        if len(phone) != 11:
            raise UserError(
                QT_TRANSLATE_NOOP("core", "A mobile number has 11 digits; this one has {count}."),
                count=len(phone),
            )
        raise UserError(
            QT_TRANSLATE_NOOP("core", "A mobile number starts with 13 to 19, not {prefix}."),
            prefix=phone[:2],
        )
    if phone.startswith(ZHUZHOU_AREA_CODE):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "core", "A Zhuzhou landline has 8 digits after 0731; this one has {count}."
            ),
            count=len(phone) - 4,
        )
    if phone.startswith("0") and len(phone) >= 10:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "core",
                "Only Zhuzhou landlines (area code 0731) can be recorded; "
                "this number has another area code.",
            )
        )
    raise UserError(
        QT_TRANSLATE_NOOP(
            "core",
            "This is neither an 11-digit mobile number nor a Zhuzhou landline (0731 + 8 digits).",
        )
    )


def _mask_short(text: str) -> str:
    return "*" * len(text) if len(text) <= 2 else "*" * (len(text) - 2) + text[-2:]


def mask_resident_id(number: str) -> str:
    """430203********1234 for an 18-character number; other lengths keep only 2 characters."""
    if len(number) == 18 and number.isascii() and number.isalnum():
        # A stored number (the usual case): nothing to clean.
        return number[:6].upper() + "********" + number[-4:].upper()
    number = _clean(number).upper()
    if len(number) >= 18:
        return number[:6] + "********" + number[-4:]
    return _mask_short(number)


def mask_phone(number: str) -> str:
    """138****1234 for mobiles, 0731****5678 for landlines; others keep only 2 characters."""
    if number.isascii() and number.isdigit():  # a stored number: the usual case
        if len(number) == 11 and number[0] == "1":
            return number[:3] + "****" + number[-4:]
        if len(number) == 12 and number.startswith(ZHUZHOU_AREA_CODE):
            return number[:4] + "****" + number[-4:]
    phone = normalize_phone(number)
    if len(phone) == 11 and phone.startswith("1"):
        return phone[:3] + "****" + phone[-4:]
    if len(phone) == 12 and phone.startswith(ZHUZHOU_AREA_CODE):
        return phone[:4] + "****" + phone[-4:]
    return _mask_short(phone)


def age_on(birth: date, day: date) -> int:
    """Completed years on ``day``; someone born on 29 February turns a year older on 1 March."""
    if day < birth:
        raise ValueError(f"{day} is before the birth date {birth}")
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
