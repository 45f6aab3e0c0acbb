"""Step down from children's social care: the history travels with the family."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.casework.models import CaseEvent, Episode, EpisodeOrigin, StepDown
from earlyhelp.casework.selectors_transitions import step_down_history
from earlyhelp.casework.services import step_down as service
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.testing import make_household, make_team, make_user, sign_in_client
from earlyhelp.people.models import MemberRole
from earlyhelp.socialcare.models import StatutoryInvolvement

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    return make_household(children=2)


def children_of(household):
    return [m.person for m in household.memberships.filter(role=MemberRole.CHILD)]


def cin(person, started_on=date(2025, 1, 6)):
    return StatutoryInvolvement.objects.create(person=person, kind="cin", started_on=started_on, primary_need="N4")


def test_receive_opens_an_episode_with_the_history_and_closes_the_involvement(household):
    front_door = make_user(Role.FRONT_DOOR)
    children = children_of(household)
    involvement = cin(children[0])
    today = timezone.localdate()
    step_down = service.step_down_receive(
        actor=front_door, household=household, children=children[:1], received_on=today,
        social_care_summary="Child in need plan completed", social_care_assessment="Single assessment analysis",
        social_care_plan="Keep the routines", social_worker_name="Pat Duty", statutory_involvement=involvement,
    )
    episode = step_down.episode
    assert (episode.origin, episode.status, episode.opened_on) == (EpisodeOrigin.STEP_DOWN, "awaiting_allocation", today)
    assert set(episode.members.filter(is_subject=True).values_list("person_id", flat=True)) == {children[0].pk}
    assert episode.members.count() == 3
    involvement.refresh_from_db()
    assert (involvement.ended_on, involvement.closure_reason) == (today, "RC9")
    history = step_down_history(episode)
    assert (history.summary, history.assessment, history.plan, history.recorded) == (
        "Child in need plan completed", "Single assessment analysis", "Keep the routines", True)
    assert CaseEvent.objects.filter(episode=episode, kind="step_down_received").exists()


def test_receive_links_the_family_s_episode_that_ended_within_12_months(household):
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    child = children_of(household)[0]
    earlier = Episode.objects.create(household=household, opened_on=date(2024, 1, 1), status="stepped_up",
                                     closed_on=timezone.localdate() - timedelta(days=60))
    earlier.members.create(person=child, is_subject=True)
    step_down = service.step_down_receive(actor=practitioner, household=household, children=[child],
                                          received_on=timezone.localdate(), social_care_summary="Done")
    assert step_down.episode.previous_episode == earlier


def test_receive_reports_every_problem(household):
    other = make_household()
    with pytest.raises(service.FieldProblems) as refused:
        service.step_down_receive(
            actor=make_user(Role.FRONT_DOOR), household=household, children=[], social_care_summary=" ",
            received_on=timezone.localdate() + timedelta(days=1), statutory_involvement=cin(children_of(other)[0]),
        )
    assert [p.field for p in refused.value.field_problems] == [
        "children", "social_care_summary", "received_on", "statutory_involvement"]
    assert not Episode.objects.exists()


def test_receive_refused_for_roles_without_casework_or_triage(household):
    with pytest.raises(ApplicationError):
        service.step_down_receive(actor=make_user(Role.PARTNER_REFERRER), household=household,
                                  children=children_of(household), received_on=timezone.localdate(),
                                  social_care_summary="x")


def front_door_step_down(household):
    return Episode.objects.create(household=household, origin=EpisodeOrigin.STEP_DOWN, opened_on=timezone.localdate())


def test_record_adds_history_to_the_front_door_s_episode_once(household):
    episode = front_door_step_down(household)
    actor = make_user(Role.FRONT_DOOR)
    args = {"episode": episode, "actor": actor, "received_on": timezone.localdate(), "social_care_summary": "Done"}
    first = service.step_down_record(**args)
    assert service.step_down_record(**args).pk == first.pk
    with pytest.raises(ApplicationError, match="already recorded"):
        service.step_down_record(**{**args, "social_care_summary": "Something else"})
    assert StepDown.objects.count() == 1


def test_record_refused_for_an_episode_that_did_not_start_with_a_step_down(household):
    episode = Episode.objects.create(household=household, opened_on=timezone.localdate())
    with pytest.raises(ApplicationError, match="did not start with a step down"):
        service.step_down_record(episode=episode, actor=make_user(Role.FRONT_DOOR), received_on=timezone.localdate(),
                                 social_care_summary="x")


def test_history_before_it_is_recorded_comes_from_the_contact(household):
    episode = front_door_step_down(household)
    assert step_down_history(episode).recorded is False
    assert step_down_history(Episode.objects.create(household=household, opened_on=timezone.localdate())) is None


def test_record_page_and_the_episode_panel(client, household):
    team = make_team()
    manager = make_user(Role.TEAM_MANAGER, team=team)
    episode = front_door_step_down(household)
    episode.team = team
    episode.save()
    sign_in_client(client, manager)
    detail = reverse("casework:episode_detail", kwargs={"episode_pk": episode.pk})
    assert "Record social care's history" in client.get(detail).content.decode()
    url = reverse("casework:step_down_record", kwargs={"episode_pk": episode.pk})
    page = client.post(url, {"social_care_summary": ""})
    assert "Enter social care" in page.content.decode()
    today = timezone.localdate()
    answer = client.post(url, {"social_care_summary": "CIN plan ended <i>well</i>", "social_care_plan": "Routines",
                               "received_on_day": today.day, "received_on_month": today.month,
                               "received_on_year": today.year})
    assert answer.status_code == 302
    text = client.get(detail).content.decode()
    assert "History from children" in text
    assert "CIN plan ended &lt;i&gt;well&lt;/i&gt;" in text
    assert "Routines" in text
