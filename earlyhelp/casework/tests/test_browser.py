"""A manager allocates from the queue and the episode page names the lead; a practitioner adds a note and
has an oversized upload refused; axe finds no WCAG 2.2 AA problems on the pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import (
    make_agency,
    make_awaiting_allocation_episode,
    make_team,
    make_user,
    sign_in,
)

pytestmark = [pytest.mark.browser]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def assert_no_violations(page):
    results = Axe().run(page, options=WCAG)
    assert results.response["violations"] == [], results.generate_report()


def test_allocate_then_note_then_oversized_upload(page, settings):
    settings.EARLYHELP_DOCUMENT_MAX_BYTES = 1024
    team = make_team(label="North East pod")
    manager = make_user(Role.TEAM_MANAGER, team=team, first_name="Morgan", last_name="Manager")
    team.manager = manager
    team.save()
    worker = make_user(Role.LEAD_PRACTITIONER, team=team, agency=make_agency(label="Northmoor Primary School"),
                       first_name="Sam", last_name="Teacher")
    episode = make_awaiting_allocation_episode(team=team)

    sign_in(page, manager.username)
    page.goto("/episodes/allocation/")
    assert_no_violations(page)
    page.get_by_role("link", name=f"Allocate {episode.household.name}").click()
    page.get_by_label("Lead practitioner").select_option(str(worker.pk))
    page.get_by_role("button", name="Allocate").click()
    page.wait_for_url(f"**/episodes/{episode.pk}/")
    expect(page.get_by_text("Sam Teacher").first).to_be_visible()
    assert_no_violations(page)
    page.goto("/episodes/caseloads/")
    assert_no_violations(page)
    page.context.clear_cookies()

    sign_in(page, worker.username)
    page.goto("/episodes/caseload/")
    assert_no_violations(page)
    page.get_by_role("link", name=episode.household.name).click()
    page.get_by_role("link", name="Add a note").click()
    page.get_by_label("Telephone call").check()
    page.locator("#id_occurred_on").fill("1")
    page.locator("#id_occurred_on-month").fill("3")
    page.locator("#id_occurred_on-year").fill("2026")
    page.get_by_label("What happened").fill("Spoke to mum about school mornings")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Spoke to mum about school mornings")).to_be_visible()

    page.get_by_role("link", name="Add a document").click()
    page.get_by_label("Letter").check()
    page.get_by_label("Title").fill("Letter from school")
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "big.txt", "mimeType": "text/plain", "buffer": b"x" * 2048}]
    )
    page.get_by_role("button", name="Add document").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.locator("#id_file-error").inner_text().strip().endswith("The selected file must be smaller than 1 KB")
    assert page.get_by_label("Title").input_value() == "Letter from school"
    assert_no_violations(page)
