"""Meetings and plans through their pages: who may read and change them, conflicts shown with both
versions, double submits recorded once, actions into the plan without duplicates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.casework.models import CaseEvent
from earlyhelp.core.testing import make_agency, make_team, make_user, sign_in_client
from earlyhelp.meetings import services
from earlyhelp.meetings.models import MeetingAction, MeetingAttendee
from earlyhelp.plans.models import Plan
from earlyhelp.plans.tests.factories import make_assessed_episode

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_assessed_episode()
    episode, worker = world["episode"], world["practitioner"]
    meeting = services.meeting_schedule(
        episode=episode, actor=worker, kind="initial", scheduled_for=timezone.now() - timedelta(hours=2),
        location="School", chair=worker,
    )
    partner = make_user(Role.PARTNER_REFERRER, agency=make_agency())
    services.meeting_invite(meeting=meeting, actor=worker, user=partner)
    child = episode.household.memberships.filter(role="child").first().person
    services.meeting_invite(meeting=meeting, actor=worker, person=child)
    return {**world, "meeting": meeting, "partner": partner, "child": child}


def url(name, world, **extra):
    kwargs = {"episode_pk": world["episode"].pk}
    if name.startswith("meetings:") and name not in {"meetings:meeting_list", "meetings:meeting_new"}:
        kwargs["meeting_pk"] = world["meeting"].pk
    return reverse(name, kwargs=kwargs)


def test_a_partner_invited_reads_the_meeting_and_the_plan_but_cannot_change_them(client, world):
    sign_in_client(client, world["partner"])
    for name in ("meetings:meeting_detail", "meetings:meeting_print", "meetings:meeting_list", "plans:plan", "plans:plan_print"):
        assert client.get(url(name, world)).status_code == 200, name
    for name in ("meetings:meeting_minutes", "meetings:meeting_invite", "meetings:meeting_attendance",
                 "meetings:meeting_action_new", "meetings:meeting_new", "plans:plan_edit", "plans:plan_agree",
                 "plans:review_new", "plans:plan_versions"):
        assert client.get(url(name, world)).status_code == 404, name
    response = client.post(url("meetings:meeting_minutes", world), {"minutes": "partner", "version": 1})
    assert response.status_code == 404
    world["meeting"].refresh_from_db()
    assert world["meeting"].minutes == ""


def test_a_partner_sees_only_the_meetings_they_were_invited_to(client, world):
    other = services.meeting_schedule(
        episode=world["episode"], actor=world["practitioner"], kind="review", scheduled_for=timezone.now(),
        location="", chair=world["practitioner"],
    )
    sign_in_client(client, world["partner"])
    page = client.get(url("meetings:meeting_list", world)).content.decode()
    assert "Review Team Around the Family meeting" not in page
    response = client.get(reverse("meetings:meeting_detail", kwargs={"episode_pk": world["episode"].pk, "meeting_pk": other.pk}))
    assert response.status_code == 404


def test_a_partner_finds_the_meetings_they_are_invited_to_on_their_home_page(client, world):
    services.meeting_schedule(
        episode=world["episode"], actor=world["practitioner"], kind="review", scheduled_for=timezone.now(),
        location="", chair=world["practitioner"],
    )  # not invited: not listed
    sign_in_client(client, world["partner"])
    page = client.get(reverse("home")).content.decode()
    assert "meetings you are invited to" in page
    assert url("meetings:meeting_detail", world) in page
    assert page.count("/meetings/episode/") == 1


def test_a_practitioner_in_another_team_gets_404_and_nothing_changes(client, world):
    stranger = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    sign_in_client(client, stranger)
    for name in ("meetings:meeting_detail", "plans:plan", "plans:plan_edit", "meetings:meeting_minutes"):
        assert client.get(url(name, world)).status_code == 404, name
    assert client.post(url("meetings:meeting_to_plan", world)).status_code == 404
    assert not Plan.objects.filter(episode=world["episode"]).exists()


def test_minutes_saved_by_someone_else_first_are_shown_side_by_side(client, world):
    meeting = world["meeting"]
    services.meeting_update_minutes(meeting=meeting, actor=world["manager"], expected_version=1, minutes="Manager's notes", decisions="")
    sign_in_client(client, world["practitioner"])
    response = client.post(url("meetings:meeting_minutes", world), {"minutes": "My notes <script>x</script>", "decisions": "", "version": 1})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Manager&#x27;s notes" in page
    assert "My notes &lt;script&gt;" in page
    assert "Save my version" in page
    meeting.refresh_from_db()
    assert meeting.minutes == "Manager's notes"
    response = client.post(url("meetings:meeting_minutes", world), {"minutes": "My notes", "decisions": "", "version": meeting.version})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "My notes"


def test_attendance_marks_the_meeting_held_in_the_chronology(client, world):
    sign_in_client(client, world["practitioner"])
    attendee = MeetingAttendee.objects.get(meeting=world["meeting"], person=world["child"])
    response = client.post(url("meetings:meeting_attendance", world), {f"attendee-{attendee.pk}": "attended"})
    assert response.status_code == 302
    world["meeting"].refresh_from_db()
    assert world["meeting"].status == "held"
    assert CaseEvent.objects.filter(episode=world["episode"], kind="meeting_held").count() == 1


def test_actions_go_into_the_plan_once(client, world):
    sign_in_client(client, world["practitioner"])
    data = {"what": "Book a GP appointment", "owner": f"person:{world['child'].pk}", "status": "not_started",
            "idempotency_key": "a" * 24, "due_on_day": "", "due_on_month": "", "due_on_year": ""}
    assert client.post(url("meetings:meeting_action_new", world), data).status_code == 302
    assert client.post(url("meetings:meeting_action_new", world), data).status_code == 302  # double click
    assert MeetingAction.objects.filter(meeting=world["meeting"]).count() == 1
    assert client.post(url("meetings:meeting_to_plan", world)).status_code == 302
    assert client.post(url("meetings:meeting_to_plan", world)).status_code == 302
    plan = Plan.objects.get(episode=world["episode"], is_current=True)
    assert plan.version == 1
    assert "Mia misses school" in plan.worried_about  # a first plan starts from the assessment
    assert [a.what for a in plan.actions.all()] == ["Book a GP appointment"]
    assert plan.actions.get().from_meeting_action.meeting == world["meeting"]


def test_the_plan_form_shows_both_versions_when_someone_saved_first(client, world):
    from earlyhelp.plans import services as plan_services

    episode = world["episode"]
    plan_services.plan_save(episode=episode, actor=world["manager"], content=plan_services.PlanContent(family_words="Theirs"), base_version=0)
    sign_in_client(client, world["practitioner"])
    data = {"worried_about": "", "going_well": "", "needs_to_happen": "Mine <b>bold</b>", "family_words": "",
            "change_summary": "", "base_version": "0", "idempotency_key": "p" * 24, "action": "save",
            "actions-TOTAL_FORMS": "0", "actions-INITIAL_FORMS": "0", "actions-MIN_NUM_FORMS": "0", "actions-MAX_NUM_FORMS": "30"}
    response = client.post(url("plans:plan_edit", world), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Their version (saved)" in page
    assert "Theirs" in page
    assert "Mine &lt;b&gt;bold&lt;/b&gt;" in page
    assert 'name="base_version" value="1"' in page
    assert Plan.objects.filter(episode=episode).count() == 1
    data["base_version"] = "1"
    assert client.post(url("plans:plan_edit", world), data).status_code == 302
    assert client.post(url("plans:plan_edit", world), data).status_code == 302  # double submit
    assert Plan.objects.filter(episode=episode).count() == 2


def test_agree_refusal_is_shown_in_plain_words(client):
    from earlyhelp.plans import services as plan_services

    world = make_assessed_episode(authorised=False)
    plan_services.plan_save(episode=world["episode"], actor=world["practitioner"], content=plan_services.PlanContent(family_words="x"), base_version=0)
    sign_in_client(client, world["practitioner"])
    today = timezone.localdate()
    response = client.post(url("plans:plan_agree", world), {"version": 1, "agreed_on_day": today.day, "agreed_on_month": today.month, "agreed_on_year": today.year})
    assert response.status_code == 200
    assert "A manager must sign off the Early Help Assessment before the plan starts" in response.content.decode()


def test_the_episode_page_shows_the_panels(client, world):
    sign_in_client(client, world["practitioner"])
    page = client.get(reverse("casework:episode_detail", kwargs={"episode_pk": world["episode"].pk})).content.decode()
    assert "Team Around the Family meetings" in page
    assert "Plan on a page" in page


def test_invites_refuse_duplicates_and_people_outside_the_family(world):
    from earlyhelp.core.errors import ApplicationError
    from earlyhelp.plans.tests.factories import make_assessed_episode as another

    with pytest.raises(ApplicationError, match="already invited"):
        services.meeting_invite(meeting=world["meeting"], actor=world["practitioner"], person=world["child"])
    stranger = another()["episode"].household.memberships.first().person
    with pytest.raises(ApplicationError, match="member of the family"):
        services.meeting_invite(meeting=world["meeting"], actor=world["practitioner"], person=stranger)
    with pytest.raises(ApplicationError, match="name of the person"):
        services.meeting_invite(meeting=world["meeting"], actor=world["practitioner"], agency=make_agency(), name=" ")
    assert MeetingAttendee.objects.filter(meeting=world["meeting"]).count() == 3  # the chair, the partner, the child


def test_an_action_agreed_at_the_meeting_is_tracked_to_done(client, world):
    action = MeetingAction.objects.create(meeting=world["meeting"], what="Book a school meeting", owner_name="School")
    status_url = reverse("meetings:meeting_action_status", kwargs={
        "episode_pk": world["episode"].pk, "meeting_pk": world["meeting"].pk, "action_pk": action.pk})
    sign_in_client(client, world["partner"])
    assert client.post(status_url, {"status": "done"}).status_code == 404  # partners read, never change
    sign_in_client(client, world["practitioner"])
    assert status_url in client.get(url("meetings:meeting_detail", world)).content.decode()
    refused = client.post(status_url, {"status": "finished-ish"})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert client.post(status_url, {"status": "done"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
