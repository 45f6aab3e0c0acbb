"""The assessment in a real browser: it saves as you type, two people editing the same field see both
versions, a time-out loses nothing, and axe finds no WCAG 2.2 A/AA problems."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from earlyhelp.accounts.models import Role
from earlyhelp.assessments.tests.factories import make_episode_with_contact, make_team_with_manager, start
from earlyhelp.core.testing import make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
SAVED = re.compile(r"Saved at")


@pytest.fixture
def assessment():
    team, practitioner, _ = make_team_with_manager()
    colleague = make_user(Role.LEAD_PRACTITIONER, team=team)
    episode = make_episode_with_contact(practitioner)
    found = start(episode, practitioner)
    found.practitioner, found.colleague = practitioner, colleague
    return found


def test_typing_saves_and_survives_a_reload(page, assessment):
    sign_in(page, assessment.practitioner.username)
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_label("The family's view").fill("We want calmer mornings")
    expect(page.locator("#autosave-status")).to_have_text(SAVED)
    page.reload()
    expect(page.get_by_label("The family's view")).to_have_value("We want calmer mornings")
    assessment.refresh_from_db()
    assert assessment.family_view == "We want calmer mornings"


def test_signing_out_removes_the_browser_copy_of_unsaved_text(page, assessment):
    sign_in(page, assessment.practitioner.username)
    page.goto(f"/assessments/{assessment.pk}/")
    key = f"earlyhelp-assessment-{assessment.pk}"
    page.evaluate("([key]) => localStorage.setItem(key, JSON.stringify({family_view: 'Not yet saved'}))", [key])
    page.evaluate("() => localStorage.setItem('another-site-key', 'kept')")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name=re.compile("Sign in"))).to_be_visible()
    assert page.evaluate("([key]) => localStorage.getItem(key)", [key]) is None
    assert page.evaluate("() => localStorage.getItem('another-site-key')") == "kept"


def test_two_people_editing_the_same_field_see_both_versions(page, chromium_browser, live_server, assessment):
    other = chromium_browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    other.set_default_timeout(15_000)
    second = other.new_page()
    try:
        sign_in(page, assessment.practitioner.username)
        sign_in(second, assessment.colleague.username)
        page.goto(f"/assessments/{assessment.pk}/")
        second.goto(f"/assessments/{assessment.pk}/")

        page.get_by_label("What is going well: the family's strengths").fill("Grandma helps every day")
        expect(page.locator("#autosave-status")).to_have_text(SAVED)

        second.get_by_label("What is going well: the family's strengths").fill("Dad cooks tea")
        conflicts = second.locator("#autosave-conflicts")
        expect(conflicts).to_contain_text("Grandma helps every day")
        expect(conflicts).to_contain_text("Dad cooks tea")
        assessment.refresh_from_db()
        assert assessment.strengths == "Grandma helps every day"  # nothing overwritten

        second.get_by_role("button", name=re.compile("Keep my version")).click()
        expect(second.locator("#autosave-status")).to_have_text(SAVED)
        assessment.refresh_from_db()
        assert assessment.strengths == "Dad cooks tea"
    finally:
        other.close()


def test_typing_after_the_session_ended_is_kept_and_saved_after_signing_in(page, assessment):
    sign_in(page, assessment.practitioner.username)
    page.goto(f"/assessments/{assessment.pk}/")
    # The session ends (the CSRF cookie outlives it, as it does when a session times out).
    kept = [c for c in page.context.cookies() if c["name"] != "sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies(kept)
    page.get_by_label("Analysis: what the assessment found").fill("Routines need support")
    expect(page.locator("#autosave-notices")).to_contain_text("signed out")
    sign_in(page, assessment.practitioner.username)
    page.goto(f"/assessments/{assessment.pk}/")
    expect(page.get_by_label("Analysis: what the assessment found")).to_have_value("Routines need support")
    expect(page.locator("#autosave-status")).to_have_text(SAVED)
    assessment.refresh_from_db()
    assert assessment.analysis == "Routines need support"


def test_the_assessment_page_has_no_accessibility_violations(page, assessment):
    sign_in(page, assessment.practitioner.username)
    page.goto(f"/assessments/{assessment.pk}/")
    results = Axe().run(page, options=WCAG)
    assert results.response["violations"] == [], results.generate_report()
    page.goto(f"/episodes/{assessment.episode_id}/")
    results = Axe().run(page, options=WCAG)
    assert results.response["violations"] == [], results.generate_report()
    # The start page, with its errors shown.
    other = make_episode_with_contact(assessment.practitioner)
    page.goto(f"/assessments/episodes/{other.pk}/start/")
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    results = Axe().run(page, options=WCAG)
    assert results.response["violations"] == [], results.generate_report()


def test_a_conflict_shown_by_the_page_has_no_accessibility_violations(page, assessment):
    from earlyhelp.assessments import rules, services

    sign_in(page, assessment.practitioner.username)
    page.goto(f"/assessments/{assessment.pk}/")
    services.assessment_save(assessment=assessment, actor=assessment.colleague, version=assessment.version,
                             values={"analysis": "Theirs"}, bases={"analysis": rules.value_hash("")})
    page.get_by_label("Analysis: what the assessment found").fill("Mine")
    expect(page.locator("#autosave-conflicts")).to_contain_text("Theirs")
    results = Axe().run(page, options=WCAG)
    assert results.response["violations"] == [], results.generate_report()
