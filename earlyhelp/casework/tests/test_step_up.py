"""Step up to children's social care: asked for, agreed, decided; every refusal at its edge."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditEvent
from earlyhelp.casework.models import CaseEvent, Closure, StepUp, StepUpDecision
from earlyhelp.casework.services import step_up as service
from earlyhelp.casework.tests.transitions_builders import agreed_step_up, episode_in_plan, make_people
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.testing import make_user, sign_in_client
from earlyhelp.socialcare.models import StatutoryInvolvement

pytestmark = pytest.mark.django_db


@pytest.fixture
def family():
    practitioner, manager, episode = make_people()
    episode_in_plan(episode, manager=manager)
    return practitioner, manager, episode


def test_request_carries_the_latest_assessment_and_current_plan(family):
    practitioner, _, episode = family
    assessment, plan = service.carried_records(episode)
    step_up = service.step_up_request(
        episode=episode, actor=practitioner, reasons=" Disclosure at school ", assessment=assessment, plan=plan
    )
    assert (step_up.reasons, step_up.assessment, step_up.plan) == ("Disclosure at school", assessment, plan)
    assert step_up.decision == StepUpDecision.PENDING
    assert CaseEvent.objects.filter(episode=episode, kind="step_up_requested").count() == 1
    assert AuditEvent.objects.filter(object_id=step_up.pk, action="create").exists()


def test_request_sent_twice_is_recorded_once(family):
    practitioner, _, episode = family
    first = service.step_up_request(episode=episode, actor=practitioner, reasons="Disclosure")
    second = service.step_up_request(episode=episode, actor=practitioner, reasons="Disclosure")
    assert first.pk == second.pk
    assert StepUp.objects.filter(episode=episode).count() == 1


def test_a_second_different_request_waits_for_the_first(family):
    practitioner, _, episode = family
    service.step_up_request(episode=episode, actor=practitioner, reasons="Disclosure")
    with pytest.raises(ApplicationError, match="already waiting"):
        service.step_up_request(episode=episode, actor=practitioner, reasons="Another reason")


@pytest.mark.parametrize("reasons", ["", "   "])
def test_request_needs_reasons(family, reasons):
    practitioner, _, episode = family
    with pytest.raises(service.FieldProblems) as refused:
        service.step_up_request(episode=episode, actor=practitioner, reasons=reasons)
    assert refused.value.field_problems[0].field == "reasons"
    assert not StepUp.objects.exists()


@pytest.mark.parametrize("status", ["awaiting_allocation", "closing"])
def test_request_refused_when_the_episode_cannot_step_up(family, status):
    practitioner, _, episode = family
    episode.status = status
    episode.save()
    with pytest.raises(ApplicationError, match="cannot be stepped up"):
        service.step_up_request(episode=episode, actor=practitioner, reasons="Disclosure")


def test_request_refused_for_a_role_that_does_not_work_cases(family):
    _, _, episode = family
    with pytest.raises(ApplicationError):
        service.step_up_request(episode=episode, actor=make_user(Role.FRONT_DOOR), reasons="Disclosure")


def test_manager_agrees_once_and_cannot_agree_their_own_request(family):
    practitioner, manager, episode = family
    step_up = service.step_up_request(episode=episode, actor=practitioner, reasons="Disclosure")
    service.step_up_agree(step_up=step_up, actor=manager)
    service.step_up_agree(step_up=step_up, actor=manager)
    assert CaseEvent.objects.filter(kind=service.AGREED_EVENT).count() == 1
    assert service.step_up_agreement(step_up).actor == manager
    with pytest.raises(ApplicationError):
        service.step_up_agree(step_up=step_up, actor=practitioner)  # a practitioner cannot agree


def test_manager_who_asked_cannot_agree_it_themselves(family):
    _, manager, episode = family
    step_up = service.step_up_request(episode=episode, actor=manager, reasons="Disclosure")
    with pytest.raises(ApplicationError, match="another team manager"):
        service.step_up_agree(step_up=step_up, actor=manager)


def test_manager_not_agreeing_needs_a_reason_and_keeps_the_history(family):
    practitioner, manager, episode = family
    step_up = service.step_up_request(episode=episode, actor=practitioner, reasons="Disclosure")
    with pytest.raises(service.FieldProblems):
        service.step_up_withdraw(step_up=step_up, actor=manager, reason=" ")
    service.step_up_withdraw(step_up=step_up, actor=manager, reason="Early help can manage this")
    assert not StepUp.objects.exists()
    event = CaseEvent.objects.get(kind="step_up_not_agreed")
    assert event.data["reasons"] == "Disclosure"
    assert "Early help can manage this" in event.summary
    service.step_up_request(episode=episode, actor=practitioner, reasons="New disclosure")  # a new one can be made


def test_decision_needs_the_managers_agreement_first(family):
    practitioner, manager, episode = family
    step_up = service.step_up_request(episode=episode, actor=practitioner, reasons="Disclosure")
    with pytest.raises(ApplicationError, match="must agree"):
        service.step_up_decide(step_up=step_up, actor=manager, decision="returned", decided_by_name="A Social Worker",
                               decided_on=timezone.localdate(), advice="Carry on")


def test_accepted_as_child_in_need_steps_the_episode_up(family):
    practitioner, manager, episode = family
    step_up = agreed_step_up(episode, practitioner=practitioner, manager=manager)
    today = timezone.localdate()
    service.step_up_decide(step_up=step_up, actor=manager, decision="accepted_cin", decided_by_name="Pat Duty",
                           decided_on=today, primary_need="N1")
    episode.refresh_from_db()
    assert (episode.status, episode.closed_on) == ("stepped_up", today)
    children = service.subject_children(episode)
    involvements = StatutoryInvolvement.objects.filter(from_step_up=step_up)
    assert {i.person_id for i in involvements} == {c.pk for c in children}
    assert len(children) == 2
    assert {(i.kind, i.primary_need, i.referral_source) for i in involvements} == {("cin", "N1", "5D")}
    closure = Closure.objects.get(episode=episode)
    assert (closure.reason, closure.signed_off_by) == ("stepped_up", manager)
    assert not episode.allocations.filter(ended_on__isnull=True).exists()
    assert CaseEvent.objects.filter(episode=episode, kind="episode_stepped_up").exists()


def test_accepted_for_child_protection_needs_a_category(family):
    practitioner, manager, episode = family
    step_up = agreed_step_up(episode, practitioner=practitioner, manager=manager)
    with pytest.raises(service.FieldProblems) as refused:
        service.step_up_decide(step_up=step_up, actor=manager, decision="accepted_cp", decided_by_name="Pat",
                               decided_on=timezone.localdate())
    assert [p.field for p in refused.value.field_problems] == ["cp_category"]
    service.step_up_decide(step_up=step_up, actor=manager, decision="accepted_cp", decided_by_name="Pat",
                           decided_on=timezone.localdate(), cp_category="NEG")
    assert set(StatutoryInvolvement.objects.values_list("kind", "cp_category")) == {("cp", "NEG")}


def test_returned_with_advice_keeps_the_episode_open(family):
    practitioner, manager, episode = family
    step_up = agreed_step_up(episode, practitioner=practitioner, manager=manager)
    service.step_up_decide(step_up=step_up, actor=make_user(Role.FRONT_DOOR), decision="returned",
                           decided_by_name="Pat Duty", decided_on=timezone.localdate(), advice="Offer parenting support")
    episode.refresh_from_db()
    step_up.refresh_from_db()
    assert episode.status == "plan"
    assert (step_up.decision, step_up.advice) == ("returned", "Offer parenting support")
    assert "Offer parenting support" in CaseEvent.objects.get(kind="step_up_returned").summary
    assert not StatutoryInvolvement.objects.exists()


def test_decision_problems_are_all_reported_at_once(family):
    practitioner, manager, episode = family
    step_up = agreed_step_up(episode, practitioner=practitioner, manager=manager)
    with pytest.raises(service.FieldProblems) as refused:
        service.step_up_decide(step_up=step_up, actor=manager, decision="returned", decided_by_name=" ",
                               decided_on=timezone.localdate() + timedelta(days=1), advice="")
    assert [p.field for p in refused.value.field_problems] == ["decided_by_name", "decided_on", "advice"]
    with pytest.raises(service.FieldProblems, match="on or after"):
        service.step_up_decide(step_up=step_up, actor=manager, decision="returned", decided_by_name="Pat",
                               decided_on=step_up.requested_on - timedelta(days=1), advice="x")


def test_the_same_decision_twice_is_recorded_once_and_a_different_one_is_refused(family):
    practitioner, manager, episode = family
    step_up = agreed_step_up(episode, practitioner=practitioner, manager=manager)
    args = {"decided_by_name": "Pat", "decided_on": timezone.localdate()}
    service.step_up_decide(step_up=step_up, actor=manager, decision="accepted_cin", primary_need="N4", **args)
    service.step_up_decide(step_up=step_up, actor=manager, decision="accepted_cin", primary_need="N4", **args)
    assert StatutoryInvolvement.objects.count() == 2  # one per child, not four
    with pytest.raises(ApplicationError, match="already recorded"):
        service.step_up_decide(step_up=step_up, actor=manager, decision="returned", advice="x", **args)


def test_decision_refused_for_a_practitioner(family):
    practitioner, manager, episode = family
    step_up = agreed_step_up(episode, practitioner=practitioner, manager=manager)
    with pytest.raises(ApplicationError):
        service.step_up_decide(step_up=step_up, actor=practitioner, decision="returned", decided_by_name="Pat",
                               decided_on=timezone.localdate(), advice="x")


# --- Pages ------------------------------------------------------------------------------------


def test_request_page_shows_what_is_carried_and_escapes_hostile_text(client, family):
    practitioner, _, episode = family
    episode.assessments.update(analysis="<script>alert(1)</script>")
    sign_in_client(client, practitioner)
    page = client.get(reverse("casework:step_up_request", kwargs={"episode_pk": episode.pk}))
    text = page.content.decode()
    assert "Need number 1" in text
    assert "Leo is missing school" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert(1)" not in text


def test_request_page_keeps_what_was_typed_when_something_is_wrong(client, family):
    practitioner, _, episode = family
    sign_in_client(client, practitioner)
    url = reverse("casework:step_up_request", kwargs={"episode_pk": episode.pk})
    page = client.post(url, {"reasons": "", "plan": str(episode.plans.get().pk)})
    assert page.status_code == 200
    assert "Enter the reasons for the step-up" in page.content.decode()
    answer = client.post(url, {"reasons": "Disclosure", "assessment": str(episode.assessments.get().pk)})
    step_up = StepUp.objects.get()
    assert answer["Location"] == reverse("casework:step_up_detail", kwargs={"episode_pk": episode.pk, "pk": step_up.pk})


def test_journey_through_pages_to_returned_with_advice(client, family):
    practitioner, manager, episode = family
    step_up = service.step_up_request(episode=episode, actor=practitioner, reasons="Disclosure")
    sign_in_client(client, manager)
    agree = reverse("casework:step_up_agree", kwargs={"episode_pk": episode.pk, "pk": step_up.pk})
    assert "Need number 2" in client.get(agree).content.decode()
    assert client.post(agree, {"agreed": "yes"}).status_code == 302
    decide = reverse("casework:step_up_decide", kwargs={"episode_pk": episode.pk, "pk": step_up.pk})
    page = client.post(decide, {"decision": "returned", "decided_by_name": "Pat"})
    assert "Enter the date of the decision" in page.content.decode() or "date of the decision" in page.content.decode()
    today = timezone.localdate()
    answer = client.post(decide, {"decision": "returned", "decided_by_name": "Pat", "advice": "Try a TAF meeting",
                                  "decided_on_day": today.day, "decided_on_month": today.month,
                                  "decided_on_year": today.year})
    assert answer.status_code == 302
    detail = client.get(reverse("casework:episode_detail", kwargs={"episode_pk": episode.pk})).content.decode()
    assert "Try a TAF meeting" in detail
