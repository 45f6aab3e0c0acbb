"""axe-core finds no WCAG 2.2 A/AA violations on the sign-in, home, person and family pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def assert_no_violations(page):
    results = Axe().run(page, options=WCAG)
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


def test_sign_in_page_has_no_violations(page):
    page.goto("/accounts/sign-in/")
    assert_no_violations(page)


def test_sign_in_page_with_errors_has_no_violations(page):
    page.goto("/accounts/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_violations(page)


@pytest.mark.parametrize("role", [Role.LEAD_PRACTITIONER, Role.TEAM_MANAGER, Role.FRONT_DOOR, Role.PARTNER_REFERRER])
def test_home_pages_have_no_violations(page, role):
    user = make_user(role, team=make_team())
    if role == Role.LEAD_PRACTITIONER:
        make_allocated_episode(lead_practitioner=user)
    sign_in(page, user.username)
    assert_no_violations(page)


def test_person_and_family_pages_have_no_violations(page):
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    episode = make_allocated_episode(lead_practitioner=practitioner)
    child = episode.household.memberships.filter(role="child").first().person
    sign_in(page, practitioner.username)

    page.goto(f"/people/families/{episode.household_id}/")
    assert_no_violations(page)
    page.goto(f"/people/{child.pk}/")
    assert_no_violations(page)
