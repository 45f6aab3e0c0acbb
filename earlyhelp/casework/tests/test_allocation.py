"""Allocation and reallocation: the services at their edges, the queue, and the pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditEvent
from earlyhelp.casework import selectors
from earlyhelp.casework.models import Allocation, CaseEvent, Episode
from earlyhelp.casework.services.allocation import episode_allocate, episode_reallocate
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.testing import (
    make_allocated_episode,
    make_awaiting_allocation_episode,
    make_team,
    make_user,
    sign_in_client,
)

pytestmark = pytest.mark.django_db


def test_allocating_moves_the_episode_records_the_allocation_chronology_and_audit(pod):
    episode = make_awaiting_allocation_episode(team=pod.team)

    allocation = episode_allocate(episode=episode, team=pod.team, lead_practitioner=pod.practitioner, actor=pod.manager)

    episode.refresh_from_db()
    assert episode.status == "allocated"
    assert episode.lead_practitioner == pod.practitioner
    assert episode.allocated_on == timezone.localdate()
    assert allocation.ended_on is None
    assert allocation.allocated_by == pod.manager
    assert CaseEvent.objects.filter(episode=episode, kind="episode_allocated").exists()
    assert AuditEvent.objects.filter(object_type="casework.allocation", object_id=str(allocation.pk)).exists()


def test_a_partner_agency_worker_can_lead_and_the_chronology_names_their_agency(pod):
    episode = make_awaiting_allocation_episode(team=pod.team)

    episode_allocate(episode=episode, team=pod.team, lead_practitioner=pod.school_worker, actor=pod.manager)

    event = CaseEvent.objects.get(episode=episode, kind="episode_allocated")
    assert "Northmoor Primary School" in event.summary


def test_allocating_twice_is_refused_in_plain_words_and_allocates_once(pod):
    episode = make_awaiting_allocation_episode(team=pod.team)
    episode_allocate(episode=episode, team=pod.team, lead_practitioner=pod.practitioner, actor=pod.manager)

    with pytest.raises(ApplicationError) as refused:
        episode_allocate(episode=episode, team=pod.team, lead_practitioner=pod.school_worker, actor=pod.manager)

    assert "already allocated" in refused.value.message
    assert Allocation.objects.filter(episode=episode).count() == 1


def test_a_front_door_episode_with_no_team_can_be_allocated_into_the_managers_team(pod):
    episode = make_awaiting_allocation_episode(team=None)

    episode_allocate(episode=episode, team=pod.team, lead_practitioner=pod.practitioner, actor=pod.manager)

    episode.refresh_from_db()
    assert episode.team == pod.team


@pytest.mark.parametrize("who", ["other_team_worker", "front_door", "inactive"])
def test_only_a_working_member_of_the_team_can_lead(pod, who):
    episode = make_awaiting_allocation_episode(team=pod.team)
    if who == "other_team_worker":
        lead = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    elif who == "front_door":
        lead = make_user(Role.FRONT_DOOR, team=pod.team)
    else:
        lead = make_user(Role.LEAD_PRACTITIONER, team=pod.team, is_active=False)

    with pytest.raises(ApplicationError) as refused:
        episode_allocate(episode=episode, team=pod.team, lead_practitioner=lead, actor=pod.manager)

    assert refused.value.field == "lead_practitioner"
    assert Episode.objects.get(pk=episode.pk).status == "awaiting_allocation"
    assert not Allocation.objects.filter(episode=episode).exists()


def test_a_manager_cannot_allocate_into_a_team_that_is_not_theirs(pod):
    other = make_team()
    worker = make_user(Role.LEAD_PRACTITIONER, team=other)
    episode = make_awaiting_allocation_episode(team=other)

    with pytest.raises(ApplicationError) as refused:
        episode_allocate(episode=episode, team=other, lead_practitioner=worker, actor=pod.manager)

    assert refused.value.field == "team"


def test_a_practitioner_cannot_allocate(pod):
    episode = make_awaiting_allocation_episode(team=pod.team)
    with pytest.raises(ApplicationError):
        episode_allocate(episode=episode, team=pod.team, lead_practitioner=pod.practitioner, actor=pod.practitioner)


def test_reallocating_ends_the_current_allocation_and_starts_another_with_the_reason(pod):
    episode = make_allocated_episode(lead_practitioner=pod.practitioner)
    current = selectors.current_allocation(episode)

    new = episode_reallocate(
        episode=episode, team=pod.team, lead_practitioner=pod.school_worker, actor=pod.manager,
        reason="Priya is on long-term leave", expected_allocation_id=current.pk,
    )

    current.refresh_from_db()
    episode.refresh_from_db()
    assert current.ended_on == timezone.localdate()
    assert new.reason == "Priya is on long-term leave"
    assert new.ended_on is None
    assert episode.lead_practitioner == pod.school_worker
    assert Allocation.objects.filter(episode=episode, ended_on__isnull=True).count() == 1
    assert CaseEvent.objects.filter(episode=episode, kind="episode_reallocated", summary__contains="long-term leave").exists()


def test_reallocating_needs_a_reason(pod):
    episode = make_allocated_episode(lead_practitioner=pod.practitioner)
    with pytest.raises(ApplicationError) as refused:
        episode_reallocate(episode=episode, team=pod.team, lead_practitioner=pod.school_worker, actor=pod.manager,
                           reason="   ", expected_allocation_id=None)
    assert refused.value.field == "reason"


def test_reallocating_after_someone_else_did_is_refused_and_says_who_holds_it(pod):
    episode = make_allocated_episode(lead_practitioner=pod.practitioner)
    seen = selectors.current_allocation(episode).pk
    episode_reallocate(episode=episode, team=pod.team, lead_practitioner=pod.school_worker, actor=pod.manager,
                       reason="Leave", expected_allocation_id=seen)

    with pytest.raises(ApplicationError) as refused:
        episode_reallocate(episode=episode, team=pod.team, lead_practitioner=pod.practitioner, actor=pod.manager,
                           reason="Back from leave", expected_allocation_id=seen)

    assert "Someone else reallocated" in refused.value.message
    assert "Sam Teacher" in refused.value.message
    assert Allocation.objects.filter(episode=episode).count() == 2


def test_reallocating_to_the_same_person_is_refused(pod):
    episode = make_allocated_episode(lead_practitioner=pod.practitioner)
    with pytest.raises(ApplicationError, match="already allocated"):
        episode_reallocate(episode=episode, team=pod.team, lead_practitioner=pod.practitioner, actor=pod.manager,
                           reason="x", expected_allocation_id=None)


def test_an_episode_awaiting_allocation_cannot_be_reallocated(pod):
    episode = make_awaiting_allocation_episode(team=pod.team)
    with pytest.raises(ApplicationError, match="allocate it instead"):
        episode_reallocate(episode=episode, team=pod.team, lead_practitioner=pod.practitioner, actor=pod.manager,
                           reason="x", expected_allocation_id=None)


def test_the_queue_shows_the_teams_and_unteamed_episodes_oldest_first_with_working_days(pod):
    today = date(2026, 3, 9)  # a Monday
    older = make_awaiting_allocation_episode(team=None, opened_on=date(2026, 3, 2))
    newer = make_awaiting_allocation_episode(team=pod.team, opened_on=date(2026, 3, 6))
    make_awaiting_allocation_episode(team=make_team(), opened_on=date(2026, 3, 1))  # another team's
    make_allocated_episode(lead_practitioner=pod.practitioner)

    rows = selectors.allocation_queue_for(pod.manager, today=today)

    assert [r.episode for r in rows] == [older, newer]
    assert [r.working_days_waited for r in rows] == [5, 1]


def test_the_queue_is_empty_for_a_practitioner(pod):
    make_awaiting_allocation_episode(team=pod.team)
    assert selectors.allocation_queue_for(pod.practitioner) == []


def test_allocating_from_the_page_shows_the_lead_on_the_episode_page(client, pod):
    episode = make_awaiting_allocation_episode(team=pod.team)
    sign_in_client(client, pod.manager)

    queue = client.get(reverse("casework:allocation_queue"))
    assert episode.household.name in queue.content.decode()
    response = client.post(
        reverse("casework:allocate", kwargs={"episode_pk": episode.pk}),
        {"team": pod.team.pk, "lead_practitioner": pod.school_worker.pk},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Sam Teacher" in page
    assert "Northmoor Primary School" in page
    # A second press of the button: the episode has left the queue, so the form is not found.
    again = client.post(
        reverse("casework:allocate", kwargs={"episode_pk": episode.pk}),
        {"team": pod.team.pk, "lead_practitioner": pod.practitioner.pk},
    )
    assert again.status_code == 404
    assert Allocation.objects.filter(episode=episode).count() == 1


def test_the_allocate_page_shows_problems_next_to_the_fields(client, pod):
    episode = make_awaiting_allocation_episode(team=pod.team)
    sign_in_client(client, pod.manager)

    response = client.post(reverse("casework:allocate", kwargs={"episode_pk": episode.pk}), {"team": pod.team.pk})

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Select a lead practitioner" in body


def test_reallocate_page_needs_a_reason_and_keeps_the_choice(client, pod):
    episode = make_allocated_episode(lead_practitioner=pod.practitioner)
    sign_in_client(client, pod.manager)
    url = reverse("casework:reallocate", kwargs={"episode_pk": episode.pk})

    response = client.post(url, {"team": pod.team.pk, "lead_practitioner": pod.school_worker.pk, "reason": ""})

    body = response.content.decode()
    assert "Enter the reason for reallocating" in body
    assert f'value="{pod.school_worker.pk}" selected' in body
    ok = client.post(url, {"team": pod.team.pk, "lead_practitioner": pod.school_worker.pk, "reason": "Leave",
                           "expected_allocation": selectors.current_allocation(episode).pk})
    assert ok.status_code == 302


def test_old_episode_waiting_counts_days(pod):
    episode = make_awaiting_allocation_episode(team=pod.team, opened_on=timezone.localdate() - timedelta(days=14))
    rows = selectors.allocation_queue_for(pod.manager)
    assert rows[0].episode == episode
    assert rows[0].working_days_waited >= 9
