"""Closure: asked for, signed off or refused, re-opened; every refusal at its edge; linked episodes."""

import pytest
from django.urls import reverse

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditEvent
from earlyhelp.casework.models import CaseEvent, Closure, ClosureNeedOutcome, Episode
from earlyhelp.casework.services import closure as service
from earlyhelp.casework.services import step_up as step_up_service
from earlyhelp.casework.tests.transitions_builders import add_final_star_reading, episode_in_plan, make_people
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.testing import make_user, sign_in_client
from earlyhelp.outcomes.models import FeedbackRequest
from earlyhelp.outcomes.services import feedback_token_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def family():
    practitioner, manager, episode = make_people()
    episode_in_plan(episode, manager=manager)
    return practitioner, manager, episode


def results(episode, outcome="met"):
    return [service.NeedResult(n.pk, outcome, "Going well") for n in service.identified_needs(episode)]


def ask(episode, practitioner, **kw):
    args = {"reason": "needs_met", "need_results": results(episode), "no_final_star_reason": "Family moved on quickly"}
    return service.closure_request(episode=episode, actor=practitioner, **{**args, **kw})


def test_request_records_the_closure_and_waits_for_sign_off(family):
    practitioner, _, episode = family
    done = ask(episode, practitioner, summary="Leo back at school")
    episode.refresh_from_db()
    assert episode.status == "closing"
    assert episode.closed_on is None
    assert done.closure.reason == "needs_met"
    assert done.feedback_token is None
    assert ClosureNeedOutcome.objects.filter(closure=done.closure, outcome="met").count() == 2
    assert CaseEvent.objects.filter(episode=episode, kind="episode_closing").exists()
    assert AuditEvent.objects.filter(object_id=done.closure.pk, action="create").exists()


def test_every_problem_is_reported_at_once(family):
    practitioner, _, episode = family
    with pytest.raises(service.FieldProblems) as refused:
        service.closure_request(episode=episode, actor=practitioner, reason="other", need_results=[])
    messages = refused.value.problems
    assert messages[0] == "Enter the reason for closing"
    assert any("2 needs have none" in m for m in messages)
    assert any("final star reading" in m for m in messages)
    assert not Closure.objects.exists()
    episode.refresh_from_db()
    assert episode.status == "plan"


def test_unknown_reason_is_refused(family):
    practitioner, _, episode = family
    with pytest.raises(service.FieldProblems, match="Select a closure reason"):
        ask(episode, practitioner, reason="bored")


def test_a_final_star_reading_means_no_reason_is_needed(family):
    practitioner, _, episode = family
    add_final_star_reading(episode, by=practitioner)
    done = ask(episode, practitioner, no_final_star_reason="")
    assert done.closure.no_final_star_reason == ""


def test_feedback_request_gives_a_one_time_link(family):
    practitioner, _, episode = family
    done = ask(episode, practitioner, feedback_requested=True)
    assert done.feedback_token
    assert FeedbackRequest.objects.get(episode=episode).token_hash == feedback_token_hash(done.feedback_token)


def test_request_sent_twice_is_recorded_once(family):
    practitioner, _, episode = family
    ask(episode, practitioner, feedback_requested=True)
    again = ask(episode, practitioner, feedback_requested=True)
    assert again.repeated
    assert again.feedback_token is None
    assert Closure.objects.count() == 1
    assert FeedbackRequest.objects.count() == 1


def test_closure_waits_for_a_step_up_decision(family):
    practitioner, _, episode = family
    step_up_service.step_up_request(episode=episode, actor=practitioner, reasons="Disclosure")
    with pytest.raises(ApplicationError, match="step-up"):
        ask(episode, practitioner)


def test_sign_off_closes_the_episode_and_ends_the_allocation(family):
    practitioner, manager, episode = family
    ask(episode, practitioner)
    closure = service.closure_sign_off(episode=episode, actor=manager)
    episode.refresh_from_db()
    assert episode.status == "closed"
    assert episode.closed_on is not None
    assert closure.signed_off_by == manager
    assert not episode.allocations.filter(ended_on__isnull=True).exists()
    assert service.closure_sign_off(episode=episode, actor=manager).pk == closure.pk  # twice: once


def test_sign_off_refusals(family):
    practitioner, manager, episode = family
    with pytest.raises(ApplicationError):
        service.closure_sign_off(episode=episode, actor=manager)  # nothing asked for
    ask(episode, practitioner)
    with pytest.raises(ApplicationError):
        service.closure_sign_off(episode=episode, actor=practitioner)  # not a manager
    with pytest.raises(ApplicationError):
        service.closure_sign_off(episode=episode, actor=make_user(Role.FRONT_DOOR))


def test_a_manager_cannot_sign_off_their_own_closure():
    _, manager, episode = make_people()
    episode.lead_practitioner = manager
    episode.save()
    episode_in_plan(episode, manager=manager)
    ask(episode, manager)
    with pytest.raises(ApplicationError, match="another team manager"):
        service.closure_sign_off(episode=episode, actor=manager)


def test_refusal_needs_a_reason_and_sends_the_episode_back_to_its_plan(family):
    practitioner, manager, episode = family
    ask(episode, practitioner, summary="Leo back at school")
    with pytest.raises(service.FieldProblems):
        service.closure_refuse(episode=episode, actor=manager, reason="  ")
    service.closure_refuse(episode=episode, actor=manager, reason="Housing still not settled")
    episode.refresh_from_db()
    assert episode.status == "plan"
    assert not Closure.objects.exists()
    assert not ClosureNeedOutcome.objects.exists()
    event = CaseEvent.objects.get(kind="closure_refused")
    assert event.data["closure"]["summary"] == "Leo back at school"
    assert "Housing still not settled" in event.summary
    assert AuditEvent.objects.filter(action="delete").count() == 3  # the closure and its two outcomes
    ask(episode, practitioner)  # it can be asked for again


def test_reopen_returns_the_episode_to_the_same_lead_practitioner(family):
    practitioner, manager, episode = family
    ask(episode, practitioner)
    service.closure_sign_off(episode=episode, actor=manager)
    with pytest.raises(service.FieldProblems):
        service.episode_reopen(episode=episode, actor=manager, reason="")
    with pytest.raises(ApplicationError):
        service.episode_reopen(episode=episode, actor=practitioner, reason="New worries")
    service.episode_reopen(episode=episode, actor=manager, reason="New worries from school")
    episode.refresh_from_db()
    assert (episode.status, episode.closed_on, episode.lead_practitioner) == ("allocated", None, practitioner)
    current = episode.allocations.get(ended_on__isnull=True)
    assert current.lead_practitioner == practitioner
    assert "New worries" in current.reason
    assert CaseEvent.objects.filter(kind="closure_set_aside").exists()
    assert not Closure.objects.exists()


def test_only_a_closed_episode_can_be_reopened(family):
    _, manager, episode = family
    with pytest.raises(ApplicationError, match="Only a closed episode"):
        service.episode_reopen(episode=episode, actor=manager, reason="x")


def test_reopen_refused_when_the_lead_practitioner_has_left(family):
    practitioner, manager, episode = family
    ask(episode, practitioner)
    service.closure_sign_off(episode=episode, actor=manager)
    practitioner.is_active = False
    practitioner.save()
    with pytest.raises(ApplicationError, match="no longer works here"):
        service.episode_reopen(episode=episode, actor=manager, reason="x")


# --- Pages ------------------------------------------------------------------------------------


def test_closure_page_lists_each_need_and_keeps_what_was_typed(client, family):
    practitioner, _, episode = family
    sign_in_client(client, practitioner)
    url = reverse("casework:closure_request", kwargs={"episode_pk": episode.pk})
    assert "Need number 2" in client.get(url).content.decode()
    page = client.post(url, {"reason": "other", "summary": "<b>bold</b> summary", "feedback_requested": "no"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Enter the reason for closing" in text
    assert "Select what happened to the need" in text
    assert "&lt;b&gt;bold&lt;/b&gt; summary" in text
    assert Episode.objects.get(pk=episode.pk).status == "plan"


def test_closure_page_to_sign_off_with_feedback_link_shown_once(client, family):
    practitioner, manager, episode = family
    sign_in_client(client, practitioner)
    url = reverse("casework:closure_request", kwargs={"episode_pk": episode.pk})
    data = {"reason": "needs_met", "feedback_requested": "yes", "no_final_star_reason": "Family declined"}
    data.update({f"need_{n.pk}": "partly_met" for n in service.identified_needs(episode)})
    answer = client.post(url, data)
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "/feedback/" in page
    assert "shown only once" in page
    assert "shown only once" not in client.get(answer["Location"]).content.decode()
    client.logout()
    sign_in_client(client, manager)
    sign_off = reverse("casework:closure_sign_off", kwargs={"episode_pk": episode.pk})
    assert "Partly met" in client.get(sign_off).content.decode()
    assert "Enter why you are not signing" in client.post(sign_off, {"signed_off": "no"}).content.decode()
    assert client.post(sign_off, {"signed_off": "yes"}).status_code == 302
    assert Episode.objects.get(pk=episode.pk).status == "closed"


def test_episode_page_links_a_re_referral_both_ways(client, family):
    practitioner, manager, episode = family
    later = Episode.objects.create(household=episode.household, opened_on=episode.opened_on, team=episode.team,
                                   previous_episode=episode)
    sign_in_client(client, manager)
    first = client.get(reverse("casework:episode_detail", kwargs={"episode_pk": episode.pk})).content.decode()
    second = client.get(reverse("casework:episode_detail", kwargs={"episode_pk": later.pk})).content.decode()
    assert reverse("casework:episode_detail", kwargs={"episode_pk": later.pk}) in first
    assert reverse("casework:episode_detail", kwargs={"episode_pk": episode.pk}) in second


def test_refusal_sends_an_episode_closed_before_any_plan_back_to_where_it_was():
    """A family withdrew consent while the episode was only allocated: refusing the closure must not
    demand an authorised assessment; the episode goes back to "allocated"."""
    practitioner, manager, episode = make_people()
    service.closure_request(episode=episode, actor=practitioner, reason="consent_withdrawn", need_results=[],
                            no_final_star_reason="The family withdrew before any reading")
    episode.refresh_from_db()
    assert episode.status == "closing"
    service.closure_refuse(episode=episode, actor=manager, reason="Try one more visit first")
    episode.refresh_from_db()
    assert episode.status == "allocated"
    assert episode.lead_practitioner == practitioner
