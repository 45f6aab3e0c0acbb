"""Test builders, named by lifecycle state (style.md convention 11). Used by every app's tests."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.utils import timezone

from earlyhelp.accounts.models import Agency, AgencyType, Locality, Role, Team, TeamKind, User
from earlyhelp.casework.models import Allocation, Episode
from earlyhelp.people.models import Household, HouseholdAddress, HouseholdMember, MemberRole, Person

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (test users only)
_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_locality(**kw) -> Locality:
    n = _n()
    return Locality.objects.create(code=kw.pop("code", f"LOC{n}"), label=kw.pop("label", f"Locality {n}"), **kw)


def make_team(*, kind=TeamKind.EARLY_HELP, locality=None, **kw) -> Team:
    n = _n()
    return Team.objects.create(
        code=kw.pop("code", f"TEAM{n}"), label=kw.pop("label", f"Team {n}"), kind=kind,
        locality=locality or make_locality(), **kw,
    )


def make_agency(*, agency_type=AgencyType.SCHOOL, **kw) -> Agency:
    n = _n()
    return Agency.objects.create(
        code=kw.pop("code", f"AG{n}"), label=kw.pop("label", f"Agency {n}"), agency_type=agency_type, **kw
    )


def make_user(role: str = Role.LEAD_PRACTITIONER, *, team=None, agency=None, **kw) -> User:
    n = _n()
    username = kw.pop("username", f"{role}-{n}")
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, team=team, agency=agency,
        first_name=kw.pop("first_name", "Sam"), last_name=kw.pop("last_name", f"Worker{n}"), **kw,
    )
    return user


def make_person(**kw) -> Person:
    n = _n()
    return Person.objects.create(
        la_id=kw.pop("la_id", f"T{n:07d}"), first_name=kw.pop("first_name", "Alex"),
        last_name=kw.pop("last_name", f"Testperson{n}"), date_of_birth=kw.pop("date_of_birth", date(2015, 5, 17)), **kw,
    )


def make_household(*, children: int = 2, adults: int = 1, name: str | None = None, **kw) -> Household:
    """A family at one address with parents and children as current members."""
    n = _n()
    surname = kw.pop("surname", f"Family{n}")
    household = Household.objects.create(name=name or f"The {surname} family", **kw)
    HouseholdAddress.objects.create(
        household=household, line_1=f"{n} Mill Lane", town="Northmoor", postcode="NM1 4AB",
        moved_in_on=date(2018, 1, 1),
    )
    for i in range(adults):
        adult = make_person(first_name=["Jo", "Chris"][i % 2], last_name=surname, date_of_birth=date(1988, 3, 2 + i))
        HouseholdMember.objects.create(household=household, person=adult, role=MemberRole.PARENT, joined_on=date(2018, 1, 1))
    for i in range(children):
        child = make_person(first_name=["Mia", "Leo", "Ava"][i % 3], last_name=surname, date_of_birth=date(2014 + i, 6, 1))
        HouseholdMember.objects.create(household=household, person=child, role=MemberRole.CHILD, joined_on=date(2018, 1, 1))
    return household


def make_awaiting_allocation_episode(*, household=None, team=None, opened_on=None, **kw) -> Episode:
    return Episode.objects.create(
        household=household or make_household(), team=team,
        opened_on=opened_on or timezone.localdate() - timedelta(days=3), **kw,
    )


def make_allocated_episode(*, lead_practitioner: User, household=None, team=None, opened_on=None, **kw) -> Episode:
    team = team or lead_practitioner.team
    opened_on = opened_on or timezone.localdate() - timedelta(days=30)
    episode = Episode.objects.create(
        household=household or make_household(), team=team, lead_practitioner=lead_practitioner,
        status="allocated", opened_on=opened_on, allocated_on=opened_on, **kw,
    )
    Allocation.objects.create(
        episode=episode, team=team, lead_practitioner=lead_practitioner, allocated_by=lead_practitioner,
        started_on=opened_on,
    )
    return episode


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real form in a Playwright page."""
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
