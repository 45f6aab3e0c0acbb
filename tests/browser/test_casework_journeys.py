"""The whole early help journey in Chromium, across the pieces built by different people (issue 4 item 12).

A. From the front door's "targeted early help" decision: allocation, the assessment with consent, saved as
   it is typed, sent and authorised; a Team Around the Family meeting with the family and an agency, its
   action into the plan on a page (pre-filled from the assessment), agreed and reviewed; a star reading;
   a step-up agreed by the manager and accepted by social care as child in need.
B. To closure: a final star reading, closure asked for with an outcome per need and the family's feedback
   link, the manager's sign-off, and the family's feedback on a phone.
C. A step-down from social care: the front door's step-down contact, social care's history recorded, and
   the assessment that starts with that history already in it.

Every fact the family or the front door already gave (names, the reasons for the request, the needs, the
assessment's words) is checked to appear where it is needed without being typed again. The browser waits
with Playwright's expect(), never with sleeps. The manager works in a browser of their own beside the
practitioner's, as two people at two desks would (and so signs in with their authenticator code once).
axe checks the pages no other browser test covers (authorising, the meeting's forms, the review, the
step-down record, starting an assessment after a step-down, re-opening).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from earlyhelp.accounts.models import AgencyType, Role, TeamKind
from earlyhelp.casework.models import Episode
from earlyhelp.core.testing import make_agency, make_household, make_locality, make_team, make_user, sign_in
from earlyhelp.people.models import MemberRole
from earlyhelp.referrals import services as front_door
from earlyhelp.referrals.tests.factories import (
    a_child,
    decide_targeted,
    ensure_front_door_reference_data,
    submit_request,
)
from earlyhelp.socialcare.models import StatutoryInvolvement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
SAVED = re.compile(r"Saved at")
REASONS = "Mia's attendance has fallen to 62% and she is often hungry. Mum says the rent is behind."
SCHOOL_NEED = "Mia misses school most Mondays"
MONEY_NEED = "Rent arrears since mum's hours were cut"


def assert_no_violations(page):
    results = Axe().run(page, options=WCAG)
    assert results.response["violations"] == [], results.generate_report()


def sign_out(page):
    page.context.clear_cookies()


def select_containing(select, text: str) -> None:
    """Choose the option whose words include ``text`` (options name people with their role or age)."""
    select.select_option(select.locator("option", has_text=text).first.get_attribute("value"))


def fill_date(page, prefix: str, day: date) -> None:
    page.locator(f"#id_{prefix}").fill(str(day.day))
    page.locator(f"#id_{prefix}-month").fill(str(day.month))
    page.locator(f"#id_{prefix}-year").fill(str(day.year))


@pytest.fixture
def manager_page(chromium_browser, live_server):
    """The team manager's own browser, beside the practitioner's (``page``): a manager signs in once, with
    their authenticator code, and stays signed in while the practitioner works."""
    context = chromium_browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def world():
    """A North East pod (manager, lead practitioner), a school, the front door, and the Ashworth family
    (Jo, Mia and Leo) already known to the service and living in the pod's locality."""
    ensure_front_door_reference_data()
    locality = make_locality(label="North East")
    team = make_team(kind=TeamKind.EARLY_HELP, locality=locality, label="North East pod")
    manager = make_user(Role.TEAM_MANAGER, team=team, first_name="Morgan", last_name="Reid")
    team.manager = manager
    team.save()
    school = make_agency(agency_type=AgencyType.SCHOOL, label="Northmoor Primary", default_referral_source="2A")
    household = make_household(children=2, adults=1, surname="Ashworth", name="The Ashworth family")
    household.addresses.update(locality=locality)
    return {
        "team": team,
        "manager": manager,
        "practitioner": make_user(Role.LEAD_PRACTITIONER, team=team, first_name="Sam", last_name="Lead",
                                  job_title="Family support worker"),
        "partner": make_user(Role.PARTNER_REFERRER, agency=school, first_name="Priya", last_name="Shah"),
        "front_door": make_user(Role.FRONT_DOOR, first_name="Ade", last_name="Okafor"),
        "school": school,
        "household": household,
        "mia": household.memberships.get(role=MemberRole.CHILD, person__first_name="Mia").person,
        "leo": household.memberships.get(role=MemberRole.CHILD, person__first_name="Leo").person,
    }


def targeted_early_help(world) -> Episode:
    """The school's request for Mia, matched to the family the service knows, decided targeted early help
    by the front door through its own services (the front door's pages have their own journey)."""
    mia = world["mia"]
    contact = submit_request(
        world["partner"], reasons=REASONS,
        children=[a_child(first_name="Mia", last_name="Ashworth", date_of_birth=mia.date_of_birth)],
        needs=[front_door.PresentingNeed(area="SF1", detail=SCHOOL_NEED),
               front_door.PresentingNeed(area="SF10", detail=MONEY_NEED)],
    )
    named = contact.named_people.get(role="child")
    front_door.contact_match_person(contact_person=named, person=mia, actor=world["front_door"])
    contact.refresh_from_db()
    decide_targeted(contact, world["front_door"])
    episode = Episode.objects.get(contact=contact)
    assert (episode.status, episode.team_id) == ("awaiting_allocation", world["team"].pk)
    return episode


def test_journey_a_from_allocation_to_a_step_up_accepted_as_child_in_need(page, manager_page, world):
    episode = targeted_early_help(world)
    manager, practitioner = world["manager"], world["practitioner"]
    today = timezone.localdate()
    episode_url = f"/episodes/{episode.pk}/"

    # The manager sees why the family asked for help in the queue, and allocates to Sam.
    boss = manager_page
    sign_in(boss, manager.username)
    boss.get_by_role("link", name="See every family awaiting allocation").click()
    expect(boss.get_by_text(REASONS)).to_be_visible()
    boss.get_by_role("link", name="Allocate The Ashworth family").click()
    boss.get_by_label("Lead practitioner").select_option(str(practitioner.pk))
    boss.get_by_role("button", name="Allocate").click()
    expect(boss).to_have_url(re.compile(f"{episode_url}$"))
    expect(boss.locator(".govuk-summary-list").first).to_contain_text("Sam Lead")

    # Sam finds the family on their caseload and starts the assessment with the family's consent.
    sign_in(page, practitioner.username)
    page.goto("/episodes/caseload/")
    page.get_by_role("link", name="The Ashworth family").first.click()
    expect(page.get_by_role("heading", name="The Ashworth family", level=1)).to_be_visible()
    page.get_by_role("link", name="Start the assessment").first.click()
    page.get_by_label("Yes, the family agreed").check()
    select_containing(page.get_by_label("Who agreed?"), "Jo Ashworth")
    page.get_by_role("button", name="Start the assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/$"))
    assessment_url = page.url

    # Names, the reasons and the needs are there from the front door: nothing typed.
    body = page.locator("main")
    for fact in ("Mia Ashworth", "Leo Ashworth", "Jo Ashworth", REASONS, SCHOOL_NEED, MONEY_NEED):
        expect(body).to_contain_text(fact)

    # Typing saves itself.
    page.get_by_label("What is going well: the family's strengths").fill("Grandma walks Mia to school on Fridays")
    expect(page.locator("#autosave-status")).to_have_text(SAVED)
    page.get_by_label("The family's view").fill("We want calmer mornings and the rent sorted")
    expect(page.locator("#autosave-status")).to_have_text(SAVED)
    page.get_by_label("The child's own words").fill("I like school when I get there")
    expect(page.locator("#autosave-status")).to_have_text(SAVED)
    page.get_by_label("Analysis: what the assessment found").fill("Mornings and money drive the absences")
    expect(page.locator("#autosave-status")).to_have_text(SAVED)
    page.reload()
    expect(page.get_by_label("The family's view")).to_have_value("We want calmer mornings and the rent sorted")
    # The front door's needs are kept; Sam adds one the assessment found for Leo.
    page.get_by_text("Add a need", exact=True).click()
    select_containing(page.get_by_label("Whose need is it?"), "Leo Ashworth")
    page.get_by_label("Supporting Families outcome area").select_option("SF5")
    page.get_by_label("Describe the need").fill("Leo worries about mum and stays home to look after her")
    page.get_by_role("button", name="Add the need").click()
    expect(page.get_by_role("row", name=re.compile("Leo worries about mum"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(SCHOOL_NEED))).to_be_visible()
    expect(page.get_by_label("The family's view")).to_have_value("We want calmer mornings and the rent sorted")
    page.get_by_role("button", name="Send for authorisation").click()
    expect(page.locator("main")).to_contain_text("Sent for authorisation")

    # The manager authorises it.
    boss.goto(assessment_url)
    boss.get_by_role("link", name="Authorise or return the assessment").click()
    assert_no_violations(boss)
    boss.get_by_label("Authorise the assessment").check()
    boss.get_by_role("button", name="Confirm your decision").click()
    expect(boss.locator("main")).to_contain_text("Authorised")

    # Sam arranges a Team Around the Family meeting from the episode page.
    page.goto(episode_url)
    page.get_by_role("link", name="Arrange a meeting").click()
    assert_no_violations(page)
    page.get_by_label("Initial Team Around the Family meeting").check()
    fill_date(page, "on", today)
    page.get_by_label("Time").fill("9am")
    page.get_by_label("Where").fill("Northmoor Primary")
    page.get_by_role("button", name="Arrange the meeting").click()
    expect(page.get_by_role("heading", name="Initial Team Around the Family meeting")).to_be_visible()

    page.get_by_role("button", name="Invite people").click()
    select_containing(page.get_by_label("Family member"), "Jo Ashworth")
    page.get_by_role("button", name="Invite the family member").click()
    expect(page.get_by_text("is invited").first).to_be_visible()
    page.get_by_label("Agency").select_option(label="Northmoor Primary")
    page.get_by_label("Name of the person coming").fill("Priya Shah")
    page.get_by_role("button", name="Invite them").click()
    expect(page.locator("main")).to_contain_text("Priya Shah")
    page.get_by_role("link", name="Done: back to the meeting").click()

    page.get_by_role("button", name="Record who came").click()
    assert_no_violations(page)
    for radio in page.locator("input[value=attended]").all():
        radio.check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved")).to_be_visible()

    page.get_by_role("button", name="Write the minutes and decisions").click()
    assert_no_violations(page)
    page.get_by_label("Minutes").fill("Jo described the Monday mornings. School offered breakfast club.")
    page.get_by_label("Decisions").fill("Breakfast club from next week")
    page.get_by_role("button", name="Save minutes").click()
    expect(page.locator("main")).to_contain_text("Breakfast club from next week")

    page.get_by_role("button", name="Add an action").click()
    assert_no_violations(page)
    page.get_by_label("What will be done").fill("Walk to school together every Monday")
    select_containing(page.get_by_label("Who will do it"), "Jo Ashworth")
    page.get_by_role("button", name="Add the action").click()
    page.get_by_role("button", name="Add the meeting's actions to the plan").click()
    expect(page.get_by_text("1 action added to the plan as version 1")).to_be_visible()

    # The plan on a page starts from the assessment: the needs and strengths are already written.
    page.get_by_role("button", name="Change the plan").click()
    expect(page.get_by_label("What we are worried about")).to_have_value(re.compile(SCHOOL_NEED))
    expect(page.get_by_label("What is going well")).to_have_value(re.compile("Grandma walks Mia to school"))
    page.get_by_label("In the family's own words").fill("Mondays are the hardest")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("saved as a new version")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Walk to school together every Monday")

    page.get_by_role("button", name="Agree the plan with the family").click()
    page.get_by_role("button", name="Agree the plan", exact=True).click()
    expect(page.get_by_text("is agreed with the family")).to_be_visible()
    page.get_by_role("button", name="Record a review").click()
    assert_no_violations(page)
    page.get_by_label("How is the plan going?").fill("Mia has been at school every Monday since breakfast club.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Review recorded")).to_be_visible()

    # A star reading with the family.
    page.goto(f"/outcomes/episodes/{episode.pk}/readings/new/")
    page.get_by_role("button", name="Continue").click()
    fill_date(page, "taken_on", today)
    page.check('input[name="stage"][value="baseline"]')
    page.check('input[name="scored_by"][value="agreed"]')
    for group in page.locator("fieldset:has(input[name^=score_])").all():
        group.locator("input[value='4']").check()
    page.get_by_role("button", name="Save the reading").click()
    expect(page.get_by_text("Star reading recorded")).to_be_visible()

    # Things get worse: Sam asks to step up; the request carries the assessment and the plan.
    page.goto(episode_url)
    page.get_by_role("button", name="Step up to social care").click()
    page.get_by_label("Why does the family need children's social care now?").fill("Leo disclosed being hit at home")
    page.get_by_role("button", name="Ask for the step-up").click()
    expect(page.locator("main")).to_contain_text("Waiting for a team manager to agree")
    step_up_url = page.url

    boss.goto(step_up_url)
    expect(boss.locator("main")).to_contain_text(SCHOOL_NEED)  # the assessment travels with it
    boss.get_by_role("button", name="Agree or do not agree").click()
    boss.get_by_label("Yes, send it to children's social care").check()
    boss.get_by_role("button", name="Save").click()
    boss.get_by_role("button", name="Record social care's decision").click()
    boss.get_by_label("Accepted: child in need").check()
    boss.get_by_label("Primary need (child in need)").select_option("N1")
    boss.get_by_label("Who decided in children's social care").fill("Pat Duty")
    fill_date(boss, "decided_on", today)
    boss.get_by_role("button", name="Save the decision").click()
    expect(boss.locator("main")).to_contain_text("Stepped up")

    page.goto(episode_url)
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Stepped up")
    page.goto(f"/people/families/{world['household'].pk}/")
    expect(page.locator("main")).to_contain_text("Child in need")
    assert StatutoryInvolvement.objects.filter(kind="cin", person=world["mia"]).exists()


def test_journey_b_to_closure_with_the_managers_sign_off_and_the_familys_feedback(
    page, manager_page, chromium_browser, world
):
    from earlyhelp.casework.tests.transitions_builders import add_assessment, add_plan
    from earlyhelp.outcomes.tests.factories import record_reading

    manager, practitioner = world["manager"], world["practitioner"]
    today = timezone.localdate()
    episode = targeted_early_help(world)
    from earlyhelp.casework.services.allocation import episode_allocate

    episode_allocate(episode=episode, team=world["team"], lead_practitioner=practitioner, actor=manager)
    add_assessment(episode, authorised_by=manager)  # needs "Need number 1" and "Need number 2"
    add_plan(episode, by=practitioner)
    Episode.objects.filter(pk=episode.pk).update(status="plan")
    record_reading(episode, practitioner, taken_on=today, stage="baseline", score=4)
    episode_url = f"/episodes/{episode.pk}/"

    # The final star reading with the family: every area better than at the start.
    sign_in(page, practitioner.username)
    page.goto(f"/outcomes/episodes/{episode.pk}/readings/new/?star=happy_healthy_safe")
    fill_date(page, "taken_on", today)
    page.check('input[name="stage"][value="closure"]')
    page.check('input[name="scored_by"][value="agreed"]')
    for group in page.locator("fieldset:has(input[name^=score_])").all():
        group.locator("input[value='8']").check()
    page.get_by_role("button", name="Save the reading").click()
    expect(page.get_by_text("Star reading recorded")).to_be_visible()

    # Sam asks to close, with an outcome for every need the assessment found, and a feedback link.
    page.goto(episode_url)
    page.get_by_role("button", name="Ask to close").click()
    expect(page.locator("main")).to_contain_text("Need number 1")  # the needs come from the assessment
    page.get_by_label("Needs met").check()
    for radio in page.get_by_label("Met", exact=True).all():
        radio.check()
    page.get_by_label("Yes, give me a link for the family").check()
    page.get_by_role("button", name="Ask for sign-off").click()
    link = page.locator("#feedback-link")
    expect(link).to_be_visible()
    feedback_url = link.get_attribute("href")
    expect(page.locator("main")).to_contain_text("Closure awaiting sign-off")

    # The manager signs it off from the episode page.
    boss = manager_page
    sign_in(boss, manager.username)
    boss.goto(episode_url)
    boss.get_by_role("button", name="Sign off the closure").first.click()
    boss.get_by_label("Yes, close the episode").check()
    boss.get_by_role("button", name="Save").click()
    expect(boss.locator("main")).to_contain_text("Closure signed off")
    page.goto(episode_url)
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Closed")
    expect(page.locator("#feedback-link")).to_have_count(0)  # the link was shown once
    boss.goto(f"{episode_url}re-open/")
    expect(boss.get_by_label("Why is the episode being re-opened?")).to_be_visible()
    assert_no_violations(boss)

    # The family answers on a phone, without an account.
    phone = chromium_browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True,
                                         locale="en-GB", base_url=page.url.split("/episodes/")[0])
    try:
        family = phone.new_page()
        family.goto(feedback_url)
        expect(family.get_by_role("heading", name="Tell us how it went")).to_be_visible()
        assert family.evaluate("document.documentElement.scrollWidth") <= 375
        family.get_by_role("group", name="We felt listened to").get_by_label("Strongly agree").check()
        family.get_by_role("group", name="Things are better for our family").get_by_label("Agree", exact=True).check()
        family.get_by_label("What helped most?").fill("Breakfast club and someone who listened")
        family.get_by_role("button", name="Send feedback").click()
        expect(family.get_by_role("heading", name="Thank you")).to_be_visible()
    finally:
        phone.close()
    from earlyhelp.outcomes.models import FamilyFeedback

    assert FamilyFeedback.objects.get(episode=episode).felt_listened_to == 5


SOCIAL_CARE_SUMMARY = "Child in need plan ended: home conditions and school attendance improved"
SOCIAL_CARE_ASSESSMENT = "Single assessment: mum's depression affects the mornings; Leo is a young carer"
SOCIAL_CARE_PLAN = "Keep the GP appointments; young carers group on Wednesdays"


def test_journey_c_a_step_down_arrives_with_its_history(page, world):
    from earlyhelp.casework.services.allocation import episode_allocate
    from earlyhelp.referrals.models import EntryPoint

    manager, practitioner, leo = world["manager"], world["practitioner"], world["leo"]
    today = timezone.localdate()
    involvement = StatutoryInvolvement.objects.create(person=leo, kind="cin", started_on=date(2025, 9, 1),
                                                      primary_need="N3")
    # Social care's step-down reaches the front door as a contact, decided targeted early help.
    contact = front_door.contact_submit(
        actor=world["front_door"], entry_point=EntryPoint.STEP_DOWN, reasons=SOCIAL_CARE_SUMMARY,
        children=[a_child(first_name="Leo", last_name="Ashworth", date_of_birth=leo.date_of_birth, sex="M")],
        referrer=front_door.Referrer(name="Pat Duty", role="Social worker"),
        consent=front_door.ConsentRecord(status="given", given_by_name="Jo Ashworth"),
    )
    front_door.contact_match_person(contact_person=contact.named_people.get(role="child"), person=leo,
                                    actor=world["front_door"])
    contact.refresh_from_db()
    decide_targeted(contact, world["front_door"])
    episode = Episode.objects.get(contact=contact)
    episode_url = f"/episodes/{episode.pk}/"

    # The manager records what social care sent, then allocates.
    sign_in(page, manager.username)
    page.goto(episode_url)
    expect(page.locator("main")).to_contain_text(SOCIAL_CARE_SUMMARY)
    page.get_by_role("link", name="Record social care's history").click()
    assert_no_violations(page)
    expect(page.get_by_label("Social care's summary of their work with the family")).to_have_value(SOCIAL_CARE_SUMMARY)
    page.get_by_label("Social worker").fill("Pat Duty")
    page.get_by_label("Social care's assessment").fill(SOCIAL_CARE_ASSESSMENT)
    page.get_by_label("Social care's plan").fill(SOCIAL_CARE_PLAN)
    page.get_by_label("The social care involvement this step-down ends").select_option(str(involvement.pk))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Social care's history is kept with the episode")).to_be_visible()
    sign_out(page)
    episode_allocate(episode=episode, team=world["team"], lead_practitioner=practitioner, actor=manager)

    # Sam opens the episode and starts the assessment: social care's assessment and plan are already there.
    sign_in(page, practitioner.username)
    page.goto(episode_url)
    history = page.locator("main")
    expect(history).to_contain_text(SOCIAL_CARE_ASSESSMENT)
    expect(history).to_contain_text(SOCIAL_CARE_PLAN)
    page.get_by_role("link", name="Start the assessment").first.click()
    expect(page.locator("main")).to_contain_text("stepped down from children's social care")
    assert_no_violations(page)
    page.get_by_label("Yes, the family agreed").check()
    page.get_by_label("Or the name of the person who agreed, if they are not listed").fill("Jo Ashworth")
    page.get_by_role("button", name="Start the assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/$"))
    expect(page.get_by_label("Family history")).to_have_value(re.compile("Leo is a young carer"))
    expect(page.locator("main")).to_contain_text(SOCIAL_CARE_SUMMARY)
    expect(page.locator("main")).to_contain_text(SOCIAL_CARE_PLAN)
    expect(page.locator("main")).to_contain_text("Leo Ashworth")
    assert_no_violations(page)
    involvement.refresh_from_db()
    assert (involvement.ended_on, involvement.closure_reason) == (today, "RC9")
