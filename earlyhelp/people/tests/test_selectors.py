"""The person and family doors: who may open what, the same 404 for missing and forbidden, and every
view recorded in the audit trail."""

import pytest
from django.http import Http404

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditAction, AuditEvent
from earlyhelp.core.testing import (
    make_allocated_episode,
    make_team,
    make_user,
)
from earlyhelp.people import selectors
from earlyhelp.people.models import AccessGrant

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def practitioner(team):
    return make_user(Role.LEAD_PRACTITIONER, team=team)


@pytest.fixture
def family_in_my_team(practitioner):
    episode = make_allocated_episode(lead_practitioner=practitioner)
    return episode.household


@pytest.fixture
def family_in_other_team():
    other = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    return make_allocated_episode(lead_practitioner=other).household


def test_practitioner_opens_a_family_in_their_team_and_the_view_is_audited(practitioner, family_in_my_team):
    household = selectors.household_get_for(practitioner, family_in_my_team.pk)

    assert household == family_in_my_team
    event = AuditEvent.objects.get(action=AuditAction.VIEW, household_id=household.pk)
    assert event.actor == practitioner


def test_team_colleague_sees_the_family_too(team, family_in_my_team):
    colleague = make_user(Role.LEAD_PRACTITIONER, team=team)

    assert selectors.household_get_for(colleague, family_in_my_team.pk) == family_in_my_team


def test_practitioner_cannot_open_another_teams_family_and_nothing_is_recorded_as_seen(
    practitioner, family_in_other_team
):
    with pytest.raises(Http404):
        selectors.household_get_for(practitioner, family_in_other_team.pk)
    assert not AuditEvent.objects.filter(household_id=family_in_other_team.pk).exists()


def test_missing_and_forbidden_give_the_same_answer(practitioner, family_in_other_team):
    with pytest.raises(Http404) as forbidden:
        selectors.household_get_for(practitioner, family_in_other_team.pk)
    with pytest.raises(Http404) as missing:
        selectors.household_get_for(practitioner, 10**9)
    assert str(forbidden.value) == str(missing.value)


def test_person_in_a_family_of_my_team_is_visible_and_others_are_not(practitioner, family_in_my_team, family_in_other_team):
    mine = family_in_my_team.memberships.first().person
    theirs = family_in_other_team.memberships.first().person

    assert selectors.person_get_for(practitioner, mine.pk) == mine
    with pytest.raises(Http404):
        selectors.person_get_for(practitioner, theirs.pk)


def test_front_door_reaches_everyone_to_check_who_is_known(family_in_other_team):
    front_door = make_user(Role.FRONT_DOOR)
    person = family_in_other_team.memberships.first().person

    assert selectors.person_get_for(front_door, person.pk) == person


def test_restricted_family_is_hidden_from_the_team_unless_named(practitioner, family_in_my_team):
    family_in_my_team.is_restricted = True
    family_in_my_team.save()
    with pytest.raises(Http404):
        selectors.household_get_for(practitioner, family_in_my_team.pk)

    AccessGrant.objects.create(
        user=practitioner, household=family_in_my_team, reason="Allocated worker", granted_by=make_user(Role.TEAM_MANAGER)
    )
    assert selectors.household_get_for(practitioner, family_in_my_team.pk) == family_in_my_team


def test_restricted_person_is_hidden_even_from_the_front_door(family_in_my_team):
    person = family_in_my_team.memberships.first().person
    person.is_restricted = True
    person.save()

    with pytest.raises(Http404):
        selectors.person_get_for(make_user(Role.FRONT_DOOR), person.pk)


@pytest.mark.parametrize("role", [Role.PERFORMANCE_LEAD, Role.ADMINISTRATOR])
def test_roles_without_case_access_open_no_family(role, family_in_my_team):
    with pytest.raises(Http404):
        selectors.household_get_for(make_user(role), family_in_my_team.pk)


def _partner_in_taf(household, partner):
    from django.utils import timezone

    from earlyhelp.meetings.models import Meeting, MeetingAttendee

    episode = household.episodes.first()
    meeting = Meeting.objects.create(episode=episode, scheduled_for=timezone.now(), chaired_by=episode.lead_practitioner)
    MeetingAttendee.objects.create(meeting=meeting, name=partner.display_name, user=partner)


def test_partner_sees_a_family_only_while_in_its_team_around_the_family(family_in_my_team):
    from django.utils import timezone

    from earlyhelp.referrals.models import Contact

    partner = make_user(Role.PARTNER_REFERRER)
    Contact.objects.create(
        entry_point="partner_form", received_at=timezone.now(), referral_source="2A", referrer_user=partner,
        household=family_in_my_team, reasons="Attendance has dropped",
    )
    with pytest.raises(Http404):  # asking for help does not open the family's record
        selectors.household_get_for(partner, family_in_my_team.pk)

    _partner_in_taf(family_in_my_team, partner)
    assert selectors.household_get_for(partner, family_in_my_team.pk) == family_in_my_team


def test_search_finds_by_alias_and_respects_visibility(practitioner, family_in_my_team, family_in_other_team):
    from earlyhelp.people.models import PersonAlias

    mine = family_in_my_team.memberships.first().person
    PersonAlias.objects.create(person=mine, kind="previous_name", first_name=mine.first_name, last_name="Oldname")

    found = list(selectors.person_search_for(practitioner, name="oldname"))
    assert found == [mine]
    other = family_in_other_team.memberships.first().person
    assert other not in list(selectors.person_search_for(practitioner, name=other.last_name))


def test_household_profile_lists_members_episodes_and_badges(practitioner, family_in_my_team):
    profile = selectors.household_profile(family_in_my_team)

    assert len(profile.current_members) == 3
    assert [b.label for b in profile.badges] == ["Open early help"]
    assert profile.address.postcode == "NM1 4AB"


def test_partner_no_longer_sees_a_family_that_withdrew_consent_to_share(family_in_my_team):
    from datetime import date

    from earlyhelp.referrals.models import Consent

    partner = make_user(Role.PARTNER_REFERRER)
    _partner_in_taf(family_in_my_team, partner)
    assert selectors.household_get_for(partner, family_in_my_team.pk) == family_in_my_team

    Consent.objects.create(household=family_in_my_team, scope="information_sharing", status="withdrawn",
                           recorded_on=date(2026, 1, 5), withdrawn_on=date(2026, 1, 5))

    with pytest.raises(Http404):
        selectors.household_get_for(partner, family_in_my_team.pk)
    front_door = make_user(Role.FRONT_DOOR)
    assert selectors.household_get_for(front_door, family_in_my_team.pk) == family_in_my_team
