"""Identifiers and names, without a database."""

import random

import pytest

from earlyhelp.demo import names
from earlyhelp.demo.identifiers import (
    POSTCODE_RE,
    UPN_RE,
    is_valid_nhs_number,
    la_id,
    nhs_check_digit,
    nhs_number,
    upn,
    upn_check_letter,
)
from earlyhelp.demo.places import Borough


def test_nhs_numbers_are_valid_and_unique():
    numbers = [nhs_number(i) for i in range(50_000)]
    assert all(is_valid_nhs_number(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_nhs_check_digit_matches_a_published_example():
    # 943 476 5919 is the NHS's own worked example of a valid number.
    assert nhs_check_digit("943476591") == 9
    assert is_valid_nhs_number("9434765919")
    assert not is_valid_nhs_number("9434765918")


@pytest.mark.parametrize("value", ["", "123", "abcdefghij", "94347659190"])
def test_malformed_nhs_numbers_are_not_valid(value):
    assert not is_valid_nhs_number(value)


def test_upns_are_well_formed_and_checked():
    for i in range(1000):
        value = upn(i, 2015)
        assert UPN_RE.match(value)
        assert value[0] == upn_check_letter(value[1:])


def test_la_ids_are_short_and_alphanumeric():
    assert la_id(7) == "NM00000007"
    assert la_id(99_999_999).isalnum()
    assert len(la_id(99_999_999)) <= 20


def test_postcodes_use_the_made_up_area_and_a_valid_inward_code():
    borough, rng = Borough(), random.Random(1)
    for _ in range(2000):
        address = borough.address(rng, rng.randrange(4))
        assert POSTCODE_RE.match(address.postcode), address.postcode


def test_typos_change_the_name():
    rng = random.Random(3)
    for name in ("Jayden", "Thomas", "Li", "Mohammed", "Kayleigh"):
        assert names.typo(rng, name) != name
