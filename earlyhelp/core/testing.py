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


def current_totp(key_hex_or_b32: str, *, b32: bool = False) -> str:
    """The code an authenticator app would show now for this key."""
    from base64 import b32decode
    from binascii import unhexlify

    from django_otp.oath import totp

    key = b32decode(key_hex_or_b32) if b32 else unhexlify(key_hex_or_b32)
    return f"{totp(key, step=30, t0=0, digits=6):06d}"


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real form in a Playwright page, answering the second-factor step the way a
    manager with an authenticator app would (setting it up on the first sign-in)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/two-factor/" not in page.url:
        return
    secret = page.locator("#totp-secret")
    if secret.count():
        code = current_totp(secret.inner_text().strip(), b32=True)
    else:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        code = current_totp(device.key)
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def verify_second_factor(client, user) -> None:
    """For Django test-client tests: give a signed-in user a confirmed authenticator and mark the session
    as having passed the second factor, as django_otp.login does."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Test app", defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def sign_in_client(client, user) -> None:
    """force_login plus the second factor where the user's role requires one."""
    from django.conf import settings

    client.force_login(user)
    if user.role in settings.EARLYHELP_TWO_FACTOR_ROLES:
        verify_second_factor(client, user)
