"""Duration against target, overdue work, transition prompts, and the caseload pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from earlyhelp.accounts.models import Role
from earlyhelp.assessments.models import Assessment
from earlyhelp.casework import selectors
from earlyhelp.casework.duration import duration
from earlyhelp.casework.models import Episode, Extension
from earlyhelp.core.testing import make_allocated_episode, make_person, make_team, make_user, sign_in_client
from earlyhelp.plans.models import Plan

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1))


@hypothesis_settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(opened=days, target=st.integers(1, 60), extra=st.integers(0, 60), later=st.integers(0, 2000))
def test_past_target_exactly_when_today_is_after_the_target_end(opened, target, extra, later):
    today = opened + timedelta(days=later)
    found = duration(opened_on=opened, target_weeks=target, extra_weeks=extra, today=today)
    assert found.target_end == opened + timedelta(weeks=target + extra)
    assert found.past_target == (later > (target + extra) * 7)
    assert found.weeks_open == later // 7
    assert found.days_left == (target + extra) * 7 - later


@hypothesis_settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(opened=days, target=st.integers(1, 60), extra=st.integers(0, 60), later=st.integers(0, 2000))
def test_an_extension_never_brings_the_target_end_forward(opened, target, extra, later):
    today = opened + timedelta(days=later)
    without = duration(opened_on=opened, target_weeks=target, extra_weeks=0, today=today)
    with_extension = duration(opened_on=opened, target_weeks=target, extra_weeks=extra, today=today)
    assert with_extension.target_end >= without.target_end
    assert not (with_extension.past_target and not without.past_target)


def test_a_closed_episode_is_measured_to_its_closing_day():
    found = duration(opened_on=date(2026, 1, 5), target_weeks=16, extra_weeks=0, today=date(2027, 1, 1),
                     closed_on=date(2026, 3, 2))
    assert found.weeks_open == 8
    assert not found.past_target


@pytest.mark.django_db
def test_new_episodes_take_the_configured_target(settings, pod):
    settings.EARLYHELP_EPISODE_TARGET_WEEKS = 12
    episode = make_allocated_episode(lead_practitioner=pod.practitioner)
    assert Episode.objects.get(pk=episode.pk).target_weeks == 12


@pytest.mark.django_db
def test_caseload_row_shows_overdue_assessment_and_review_and_the_next_thing_due(pod):
    today = timezone.localdate()
    episode = make_allocated_episode(lead_practitioner=pod.practitioner, opened_on=today - timedelta(weeks=17))
    Assessment.objects.create(episode=episode, started_on=today - timedelta(days=60), due_on=today - timedelta(days=5))
    Plan.objects.create(episode=episode, written_by=pod.practitioner, review_due_on=today - timedelta(days=1))
    Extension.objects.create(episode=episode, extra_weeks=2, reason="Crisis", agreed_by=pod.manager)

    [row] = selectors.my_caseload(pod.practitioner, today=today)

    assert [d.label for d in row.overdue] == ["Assessment due", "Plan review due"]
    assert row.next_due.label == "Assessment due"
    assert row.duration.extra_weeks == 2
    assert not row.duration.past_target


@pytest.mark.django_db
def test_transition_prompts_use_the_configured_ages(settings, pod):
    today = timezone.localdate()
    episode = make_allocated_episode(lead_practitioner=pod.practitioner)
    young = make_person(first_name="Kai", date_of_birth=today.replace(year=today.year - 18) + timedelta(days=40))
    episode.members.create(person=young)

    [row] = selectors.my_caseload(pod.practitioner, today=today)
    assert any(name.startswith("Kai") and "adult services" in text for name, text in row.prompts)

    settings.EARLYHELP_TRANSITION_PROMPT_MONTHS = 1
    [row] = selectors.my_caseload(pod.practitioner, today=today)
    assert not any(name.startswith("Kai") for name, _ in row.prompts)


@pytest.mark.django_db
def test_caseloads_count_each_workers_families_and_overdue_items(pod):
    today = timezone.localdate()
    make_allocated_episode(lead_practitioner=pod.practitioner, opened_on=today - timedelta(weeks=2))
    old = make_allocated_episode(lead_practitioner=pod.practitioner, opened_on=today - timedelta(weeks=20))
    Assessment.objects.create(episode=old, started_on=old.opened_on, due_on=today - timedelta(days=1))

    loads = {load.worker: load for load in selectors.caseloads_for(pod.manager, today=today)}

    mine = loads[pod.practitioner]
    assert (mine.open_count, mine.under_12_weeks, mine.past_target, mine.oldest_weeks, mine.overdue_items) == (2, 1, 1, 20, 1)
    assert loads[pod.school_worker].open_count == 0


@pytest.mark.django_db
def test_a_manager_sees_only_their_own_teams_workers(client, pod):
    stranger = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    sign_in_client(client, pod.manager)
    assert client.get(reverse("casework:worker_caseload", kwargs={"user_pk": stranger.pk})).status_code == 404
    response = client.get(reverse("casework:worker_caseload", kwargs={"user_pk": pod.school_worker.pk}))
    assert response.status_code == 200
    assert "Northmoor Primary School" in response.content.decode()


@pytest.mark.django_db
def test_my_caseload_page_lists_the_practitioners_families(client, pod):
    episode = make_allocated_episode(lead_practitioner=pod.practitioner)
    make_allocated_episode(lead_practitioner=pod.school_worker)
    sign_in_client(client, pod.practitioner)
    body = client.get(reverse("casework:my_caseload")).content.decode()
    assert episode.household.name in body
    assert "1 open family" in body
