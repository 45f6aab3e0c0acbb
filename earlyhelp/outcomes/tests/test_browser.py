"""Browser journeys: a practitioner records two readings and sees the star; the family gives feedback on a
phone through a one-time link; a manager sees the 12-week evaluation. axe checks each page."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user, sign_in
from earlyhelp.outcomes.models import FamilyFeedback, StarReading
from earlyhelp.outcomes.tests.factories import record_reading, template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
TODAY = timezone.localdate()


def assert_no_violations(page):
    results = Axe().run(page, options=WCAG)
    assert results.response["violations"] == [], results.generate_report()


def fill_reading(page, *, day, stage, scores, reasons=None):
    page.fill("#id_taken_on", str(day.day))
    page.fill("#id_taken_on-month", str(day.month))
    page.fill("#id_taken_on-year", str(day.year))
    page.check(f'input[name="stage"][value="{stage}"]')
    page.check('input[name="scored_by"][value="agreed"]')
    for code, score in scores.items():
        page.check(f'input[name="score_{code}"][value="{score}"]')
    for code, reason in (reasons or {}).items():
        page.fill(f"#id_reason_{code}", reason)
    page.get_by_role("button", name="Save the reading").click()
    page.wait_for_load_state()


@pytest.fixture
def practitioner():
    return make_user(Role.LEAD_PRACTITIONER, team=make_team())


@pytest.fixture
def episode(practitioner):
    return make_allocated_episode(lead_practitioner=practitioner, opened_on=TODAY - timedelta(days=120))


def test_a_practitioner_records_readings_and_sees_the_familys_star(page, practitioner, episode, tmp_path):
    codes = list(template().areas.order_by("order").values_list("code", flat=True))
    sign_in(page, practitioner.username)
    page.goto(f"/outcomes/episodes/{episode.pk}/readings/new/")
    assert_no_violations(page)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert_no_violations(page)
    fill_reading(page, day=TODAY - timedelta(days=90), stage="baseline", scores=dict.fromkeys(codes, 4))
    expect(page.locator("body")).to_contain_text("Star reading recorded")

    page.goto(f"/outcomes/episodes/{episode.pk}/readings/new/?star=happy_healthy_safe")
    later = {**dict.fromkeys(codes, 7), "safe_home": 3}
    fill_reading(page, day=TODAY, stage="review", scores=later)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "fell from 4 to 3: say why" in page.locator(".govuk-error-summary").inner_text()
    assert page.locator('input[name="score_feeling_good"][value="7"]').is_checked()  # what was typed is kept
    assert_no_violations(page)
    page.fill("#id_reason_safe_home", "Her ex-partner came back to the area")
    page.get_by_role("button", name="Save the reading").click()
    page.wait_for_load_state()
    assert StarReading.objects.filter(episode=episode).count() == 2

    chart = page.locator("svg.app-star__svg").first
    baseline = page.locator('[data-series="baseline"] polygon').first.get_attribute("points")
    latest = page.locator('[data-series="latest"] polygon').first.get_attribute("points")
    assert baseline
    assert latest
    assert baseline != latest
    assert chart.get_attribute("role") == "img"
    shot = tmp_path / "star.png"
    chart.screenshot(path=str(shot))
    page.screenshot(path=str(tmp_path / "progress.png"), full_page=True)
    assert shot.stat().st_size > 1000
    table = page.get_by_role("table", name="Scores at the baseline and the latest reading")
    expect(page.locator("body")).to_contain_text("Her ex-partner came back to the area")
    assert table.get_by_role("row", name="Feeling safe at home").inner_text().split()[-1] == "-1"
    assert_no_violations(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the scores (CSV)").click()
    text = download.value.path().read_text()
    assert text.splitlines()[0].startswith("episode,star,person,reading_date")
    assert len(text.strip().splitlines()) == 1 + 2 * len(codes)

    page.get_by_role("link", name="The family's picture (to show or print)").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("What has got better")
    page.emulate_media(media="print")
    page.screenshot(path=str(tmp_path / "family-print.png"), full_page=True)
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    page.emulate_media(media="screen")
    assert_no_violations(page)


def test_a_family_gives_feedback_on_a_phone_and_the_link_refuses_reuse(page, chromium_browser, live_server, practitioner, episode):
    sign_in(page, practitioner.username)
    page.goto(f"/outcomes/episodes/{episode.pk}/feedback-link/")
    assert_no_violations(page)
    page.get_by_role("button", name="Make the link").click()
    page.wait_for_load_state()
    link = page.locator("#feedback-link").input_value()
    assert "/outcomes/feedback/" in link

    phone = chromium_browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True,
                                          locale="en-GB")
    try:
        family = phone.new_page()
        family.goto(link)
        expect(family.get_by_role("heading", name="Tell us how it went")).to_be_visible()
        assert family.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
        assert_no_violations(family)
        family.get_by_role("group", name="We felt listened to").get_by_label("Strongly agree").check()
        family.get_by_role("group", name="Things are better for our family").get_by_label("Agree", exact=True).check()
        family.get_by_label("What helped most?").fill("Someone who came back every week")
        family.get_by_role("button", name="Send feedback").click()
        family.wait_for_load_state()
        expect(family.get_by_role("heading", name="Thank you")).to_be_visible()
        assert_no_violations(family)
        response = family.goto(link)
        assert response.status == 410
        expect(family.get_by_role("heading", name="This link has expired or has already been used")).to_be_visible()
    finally:
        phone.close()
    feedback = FamilyFeedback.objects.get(episode=episode)
    assert (feedback.felt_listened_to, feedback.things_better) == (5, 4)


def test_a_manager_sees_the_12_week_evaluation_and_the_feedback(page, practitioner, episode):
    team = practitioner.team
    manager = make_user(Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save()
    record_reading(episode, practitioner, taken_on=TODAY - timedelta(days=100), stage="baseline", score=5)
    record_reading(episode, practitioner, taken_on=TODAY - timedelta(days=16), scores={"safe_home": 3},
                   reasons={"safe_home": "The family lost their tenancy"})
    sign_in(page, manager.username)
    page.get_by_role("link", name="12-week evaluation").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("The family lost their tenancy")
    assert_no_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the evaluation (CSV, no names)").click()
    assert f"E{episode.pk}" in download.value.path().read_text()
    page.get_by_role("link", name="Family feedback").click()
    page.wait_for_load_state()
    assert_no_violations(page)
