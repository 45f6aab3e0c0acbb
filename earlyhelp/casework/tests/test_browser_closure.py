"""Browser journeys: closure with a manager's sign-off, and a step-up accepted by social care; axe on each page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from earlyhelp.casework.models import Episode
from earlyhelp.casework.tests.transitions_builders import episode_in_plan, make_people
from earlyhelp.core.testing import sign_in
from earlyhelp.socialcare.models import StatutoryInvolvement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def assert_no_violations(page):
    results = Axe().run(page, options=WCAG)
    assert results.response["violations"] == [], results.generate_report()


def sign_out(page):
    page.context.clear_cookies()


def test_closure_asked_for_then_signed_off_by_a_manager(page):
    practitioner, manager, episode = make_people()
    episode_in_plan(episode, manager=manager)
    sign_in(page, practitioner.username)
    page.goto(f"/episodes/{episode.pk}/closure/")
    assert_no_violations(page)
    page.get_by_role("button", name="Ask for sign-off").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a closure reason")
    assert_no_violations(page)
    page.get_by_label("Needs met").check()
    for radio in page.get_by_label("Met", exact=True).all():
        radio.check()
    page.get_by_label("Why is there no final star reading?").fill("The family did not want to score again")
    page.get_by_label("Yes, give me a link for the family").check()
    page.get_by_role("button", name="Ask for sign-off").click()
    expect(page.locator("#feedback-link")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Closure awaiting sign-off")
    sign_out(page)

    sign_in(page, manager.username)
    page.goto(f"/episodes/{episode.pk}/closure/sign-off/")
    assert_no_violations(page)
    page.get_by_label("Yes, close the episode").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Closure signed off")
    assert Episode.objects.get(pk=episode.pk).status == "closed"


def test_step_up_agreed_and_accepted_as_child_in_need(page):
    practitioner, manager, episode = make_people()
    episode_in_plan(episode, manager=manager)
    sign_in(page, practitioner.username)
    page.goto(f"/episodes/{episode.pk}/step-up/")
    assert_no_violations(page)
    page.get_by_label("Why does the family need children's social care now?").fill("Leo disclosed being hit at home")
    page.get_by_role("button", name="Ask for the step-up").click()
    expect(page.locator("main")).to_contain_text("Waiting for a team manager to agree")
    step_up_url = page.url
    sign_out(page)

    sign_in(page, manager.username)
    page.goto(step_up_url)
    page.get_by_role("button", name="Agree or do not agree").click()
    expect(page.locator("main")).to_contain_text("Need number 1")
    assert_no_violations(page)
    page.get_by_label("Yes, send it to children's social care").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Record social care's decision").click()
    assert_no_violations(page)
    page.get_by_label("Accepted: child in need").check()
    page.get_by_label("Primary need (child in need)").select_option("N1")
    page.get_by_label("Who decided in children's social care").fill("Pat Duty")
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator("main")).to_contain_text("Stepped up to social care")
    assert Episode.objects.get(pk=episode.pk).status == "stepped_up"
    assert StatutoryInvolvement.objects.filter(kind="cin").count() == 2
