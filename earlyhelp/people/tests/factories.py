"""Builders for the duplicate, merge and un-merge tests."""

from __future__ import annotations

from datetime import date

from earlyhelp.core.testing import make_person
from earlyhelp.people.models import HouseholdMember, MemberRole, Person


def add_member(household, person: Person, *, role=MemberRole.CHILD, joined_on=date(2019, 1, 1), left_on=None):
    return HouseholdMember.objects.create(
        household=household, person=person, role=role, joined_on=joined_on, left_on=left_on
    )


def duplicate_of(person: Person, household, **changes) -> Person:
    """A second record of ``person`` in the same household, as a busy worker might have typed it."""
    fields = {
        "first_name": person.first_name, "last_name": person.last_name, "date_of_birth": person.date_of_birth,
        "sex": person.sex, **changes,
    }
    copy = make_person(**fields)
    add_member(household, copy)
    return copy
