"""Identifiers for synthetic people: NHS numbers, unique pupil numbers, LA ids and postcodes.

All are well-formed and unique, none is real: NHS numbers begin with 9 (like the NHS's own test
numbers), UPNs use the made-up LA number 999 and postcodes the made-up area NM.
"""

from __future__ import annotations

import re

POSTCODE_RE = re.compile(r"^NM[1-9] [0-9][ABD-HJLNP-UW-Z]{2}$")
# The letters the inward code may use (Royal Mail leaves out C, I, K, M, O and V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
UPN_RE = re.compile(r"^[A-HJ-NP-RT-Z][0-9]{12}$")
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
# Multipliers coprime with 10**8 and 10**9 spread consecutive numbers across the range, one to one.
_NHS_SPREAD = 48_271_253
_UPN_SPREAD = 387_420_489


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit of an NHS number's first nine digits, or None if none is valid (10)."""
    total = sum(int(d) * w for d, w in zip(first_nine, _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(value: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine."""
    if len(value) != 10 or not value.isdigit():
        return False
    return nhs_check_digit(value[:9]) == int(value[9])


def nhs_number(index: int) -> str:
    """A valid NHS number beginning with 9, different for every index below ten million.

    The index is spread one to one over the 10**8 possible bodies; about one body in eleven has no
    valid check digit, and then the next block of ten million is tried, which no other index uses.
    """
    for block in range(20):
        body = f"9{((index + block * 10**7) * _NHS_SPREAD + 1_234_567) % 10**8:08d}"
        check = nhs_check_digit(body)
        if check is not None:
            return f"{body}{check}"
    raise ValueError(f"No valid NHS number for index {index}")  # pragma: no cover (odds 11**-20)


def upn_check_letter(twelve_digits: str) -> str:
    """The DfE check letter: digits weighted by their position (2 to 13), total modulo 23."""
    total = sum(int(d) * weight for d, weight in zip(twelve_digits, range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23]


def upn(index: int, year_allocated: int) -> str:
    """A unique pupil number for LA 999 (made up): check letter, LA, school, year, serial."""
    spread = (index * _UPN_SPREAD + 7_654_321) % 10**7  # four digits of school, three of serial
    digits = f"999{spread // 1000:04d}{year_allocated % 100:02d}{spread % 1000:03d}"
    return upn_check_letter(digits) + digits


def la_id(index: int) -> str:
    """The LA's own person id: NM and a zero-padded number (at most 20 letters and digits)."""
    return f"NM{index:08d}"
