"""Browser journeys: a Team Around the Family meeting's action into the plan, agreed and reviewed;
two people editing the plan at once; axe on the plan, meeting and print pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_user, sign_in
from earlyhelp.plans import services
from earlyhelp.plans.models import Plan
from earlyhelp.plans.tests.factories import make_assessed_episode

pytestmark = [pytest.mark.browser]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def assert_no_violations(page):
    results = Axe().run(page, options=WCAG)
    assert results.response["violations"] == [], results.generate_report()


def test_meeting_action_into_the_plan_agreed_and_reviewed(page):
    world = make_assessed_episode()
    episode = world["episode"]
    sign_in(page, world["practitioner"].username)

    page.goto(f"/meetings/episode/{episode.pk}/new/")
    page.get_by_label("Initial Team Around the Family meeting").check()
    from django.utils import timezone

    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Time").fill("9am")
    page.get_by_label("Where").fill("Northmoor Primary School")
    page.get_by_role("button", name="Arrange the meeting").click()
    expect(page.get_by_role("heading", name="Initial Team Around the Family meeting")).to_be_visible()
    assert_no_violations(page)

    page.get_by_role("button", name="Invite people").click()
    page.get_by_label("Family member").select_option(index=1)
    page.get_by_role("button", name="Invite the family member").click()
    expect(page.get_by_text("is invited")).to_be_visible()
    assert_no_violations(page)
    page.get_by_role("link", name="Done: back to the meeting").click()

    page.get_by_role("button", name="Record who came").click()
    page.locator("input[value=attended]").first.check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved")).to_be_visible()

    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("What will be done").fill("Walk to school together every Monday")
    page.get_by_label("Who will do it").select_option(index=1)
    page.get_by_role("button", name="Add the action").click()
    page.get_by_role("button", name="Add the meeting's actions to the plan").click()

    expect(page.get_by_text("1 action added to the plan as version 1")).to_be_visible()
    expect(page.get_by_text("Walk to school together every Monday")).to_be_visible()
    expect(page.get_by_text("Mia misses school most Mondays")).to_be_visible()  # from the assessment
    assert_no_violations(page)

    page.get_by_role("button", name="Agree the plan with the family").click()
    assert_no_violations(page)
    page.get_by_role("button", name="Agree the plan", exact=True).click()
    expect(page.get_by_text("is agreed with the family")).to_be_visible()
    assert page.locator("#review-status").inner_text().startswith("Review due by")

    page.get_by_role("button", name="Record a review").click()
    page.get_by_label("How is the plan going?").fill("Mia has been at school every Monday.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Review recorded")).to_be_visible()
    expect(page.get_by_text("Mia has been at school every Monday.")).to_be_visible()
    episode.refresh_from_db()
    assert episode.status == "plan"

    page.get_by_role("link", name="Printable plan on a page").click()
    assert_no_violations(page)
    page.emulate_media(media="print")
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.locator(".govuk-footer")).to_be_hidden()
    page.emulate_media(media="screen")
    page.goto(f"/meetings/episode/{episode.pk}/")
    page.get_by_role("link", name="Initial Team Around the Family meeting").click()
    page.get_by_role("link", name="Printable minutes and action plan").click()
    assert_no_violations(page)


def test_two_people_editing_the_plan_get_the_comparison(page, chromium_browser, live_server):
    world = make_assessed_episode()
    episode = world["episode"]
    colleague = make_user(Role.LEAD_PRACTITIONER, team=world["team"])
    services.plan_save(episode=episode, actor=world["practitioner"], content=services.PlanContent(family_words="First words"), base_version=0)

    other_context = chromium_browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    other = other_context.new_page()
    try:
        sign_in(page, world["practitioner"].username)
        sign_in(other, colleague.username)
        page.goto(f"/plans/episode/{episode.pk}/edit/")
        other.goto(f"/plans/episode/{episode.pk}/edit/")

        other.get_by_label("In the family's own words").fill("The colleague's words")
        other.get_by_role("button", name="Save the plan").click()
        expect(other.get_by_text("saved as a new version")).to_be_visible()

        page.get_by_label("In the family's own words").fill("My words")
        page.get_by_role("button", name="Save the plan").click()
        expect(page.get_by_role("heading", name="Their version (saved)")).to_be_visible()
        expect(page.locator("#conflict").get_by_text("The colleague's words")).to_be_visible()
        expect(page.locator("#conflict").get_by_text("My words")).to_be_visible()
        assert page.get_by_label("In the family's own words").input_value() == "My words"
        assert_no_violations(page)

        page.get_by_role("button", name="Save my version").click()
        expect(page.get_by_text("saved as a new version")).to_be_visible()
        assert Plan.objects.get(episode=episode, is_current=True).family_words == "My words"
        assert Plan.objects.filter(episode=episode).count() == 3
        page.goto(f"/plans/episode/{episode.pk}/versions/")
        assert page.get_by_text("My words").count() >= 1
        assert_no_violations(page)
    finally:
        other_context.close()
