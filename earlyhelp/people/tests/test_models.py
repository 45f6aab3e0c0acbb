"""Row-level invariants the database itself enforces, on SQLite and PostgreSQL alike."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from earlyhelp.core.testing import make_household, make_person
from earlyhelp.people.models import HouseholdMember, Relationship

pytestmark = pytest.mark.django_db


def test_nhs_number_must_be_ten_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_person(nhs_number="12345")
    assert make_person(nhs_number="9434765919").nhs_number == "9434765919"


def test_la_id_is_alphanumeric_and_at_most_20():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_person(la_id="NM-0001")


def test_cannot_die_before_birth():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_person(date_of_birth=date(2010, 1, 1), date_of_death=date(2009, 12, 31))


def test_a_person_is_not_related_to_themselves():
    person = make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(from_person=person, to_person=person, kind="sibling")


def test_one_current_membership_per_household_but_history_allowed():
    household = make_household(children=0, adults=0)
    person = make_person()
    HouseholdMember.objects.create(household=household, person=person, role="child", joined_on=date(2015, 1, 1),
                                   left_on=date(2016, 1, 1))
    HouseholdMember.objects.create(household=household, person=person, role="child", joined_on=date(2018, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdMember.objects.create(household=household, person=person, role="child", joined_on=date(2019, 1, 1))
