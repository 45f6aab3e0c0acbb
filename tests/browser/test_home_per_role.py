"""Every role signs in through the real form in Chromium and lands on its own home page."""

import pytest
from playwright.sync_api import expect

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    Role.PARTNER_REFERRER: "Your requests for support",
    Role.FRONT_DOOR: "Front door",
    Role.LEAD_PRACTITIONER: "Your caseload",
    Role.TEAM_MANAGER: "Your team",
    Role.PERFORMANCE_LEAD: "Service figures",
    Role.ADMINISTRATOR: "Administration",
}


@pytest.mark.parametrize("role", list(HEADINGS))
def test_each_role_signs_in_and_sees_its_home_page(page, role):
    user = make_user(role, team=make_team(), first_name="Robin", last_name="Ashworth")

    sign_in(page, user.username)

    assert page.get_by_role("heading", level=1).inner_text().startswith(HEADINGS[role])
    assert "Robin Ashworth" in page.locator("header").inner_text()


def test_wrong_password_is_refused_with_a_message_next_to_the_form(page):
    user = make_user(Role.LEAD_PRACTITIONER)

    sign_in(page, user.username, "not-the-password")

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "Enter a correct username and password" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Username").input_value() == user.username


def test_practitioner_opens_a_family_from_the_caseload_and_sees_members_and_history(page):
    from earlyhelp.casework.models import EpisodeMember

    practitioner = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    episode = make_allocated_episode(lead_practitioner=practitioner)
    for membership in episode.household.memberships.all():  # as the front door's decision records them
        EpisodeMember.objects.create(episode=episode, person=membership.person, is_subject=membership.role == "child")
    child = episode.household.memberships.filter(role="child").first().person

    sign_in(page, practitioner.username)
    page.get_by_role("link", name=episode.household.name).click()

    assert page.get_by_role("heading", level=1).inner_text() == episode.household.name
    expect(page.get_by_role("link", name=child.full_name)).to_be_visible()
    identity = page.locator(".moj-identity-bar").text_content()
    assert "Allocated" in identity
    assert f"Lead practitioner {practitioner.get_full_name()}" in identity
    page.get_by_role("link", name=child.full_name).click()
    assert page.get_by_role("heading", level=1).inner_text() == child.full_name


def test_signing_out_ends_the_session(page):
    user = make_user(Role.FRONT_DOOR)
    sign_in(page, user.username)

    page.get_by_role("button", name="Sign out").click()
    page.goto("/")

    assert "/accounts/sign-in/" in page.url
