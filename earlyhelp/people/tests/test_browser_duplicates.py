"""A front door practitioner finds a person recorded twice, merges the records with a reason, sees the
merge in the person's history and undoes it; axe finds no WCAG 2.2 AA problems on the pages."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_household, make_user, sign_in
from earlyhelp.people.duplicates import duplicates_refresh
from earlyhelp.people.matching import rebuild_match_index
from earlyhelp.people.models import Person, PersonMerge
from earlyhelp.people.tests.factories import duplicate_of

pytestmark = [pytest.mark.browser]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def assert_no_violations(page):
    results = Axe().run(page, options=WCAG)
    assert results.response["violations"] == [], results.generate_report()


def test_find_duplicates_merge_see_history_and_undo(page):
    front_door = make_user(Role.FRONT_DOOR)
    household = make_household(surname="Fairweather")
    child = household.memberships.filter(role="child").first().person
    copy = duplicate_of(child, household, first_name=child.first_name + "h")
    rebuild_match_index()
    duplicates_refresh()

    sign_in(page, front_door.username)
    page.goto("/people/search/")
    page.get_by_role("link", name="Possible duplicate records").click()
    expect(page.get_by_role("heading", name="Possible duplicate records", level=1)).to_be_visible()
    expect(page.get_by_text(copy.la_id)).to_be_visible()
    assert_no_violations(page)

    page.get_by_role("button", name=re.compile(f"Decide.*{copy.first_name}")).click()
    expect(page.get_by_role("heading", name="Are these the same person?")).to_be_visible()
    page.get_by_role("button", name="Merge records").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select which record to keep")
    assert_no_violations(page)
    page.get_by_label(f"{child.full_name} ({child.la_id})").check()
    page.get_by_label("Why are these the same person?").fill("Same child: mother confirmed the spelling")
    page.get_by_role("button", name="Merge records").click()

    page.wait_for_url(f"**/people/{child.pk}/")
    expect(page.get_by_text("Records merged")).to_be_visible()
    expect(page.get_by_text("was merged into this record")).to_be_visible()
    expect(page.get_by_text("mother confirmed the spelling")).to_be_visible()
    assert Person.objects.get(pk=copy.pk).merged_into_id == child.pk
    assert_no_violations(page)

    page.get_by_role("link", name=re.compile("Undo this merge")).click()
    assert_no_violations(page)
    page.get_by_label("Why are you undoing this merge?").fill("Twins: the school confirmed")
    page.get_by_label(re.compile("two different people")).check()
    page.get_by_role("button", name="Undo merge").click()
    page.wait_for_url(f"**/people/{copy.pk}/")
    expect(page.get_by_text("Merge undone")).to_be_visible()
    assert PersonMerge.objects.get().undone_at is not None
    assert Person.objects.get(pk=copy.pk).merged_into_id is None
    assert_no_violations(page)
