"""Step up to children's social care: the lead practitioner asks, a team manager agrees and sends it,
and social care's decision is recorded (accepted as child in need or child protection, or returned to
early help with advice).

The request carries the family's latest assessment and current plan (nothing is typed again). The
manager's agreement is an event in the family's chronology (``step_up_agreed``, holding the step-up's
id), read back by ``step_up_agreement``. An accepted step-up moves the episode to "stepped up" through
``episode_move``, records a statutory involvement for each child the work is about (referral source
5D, LA early help), ends the allocation and keeps a closure with the reason "stepped up".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.services import record_create, record_delete, record_update, snapshot
from earlyhelp.casework.models import (
    Allocation,
    CaseEvent,
    Closure,
    ClosureReason,
    Episode,
    StepUp,
    StepUpDecision,
)
from earlyhelp.casework.services.lifecycle import chronology_add, episode_move
from earlyhelp.core.errors import ApplicationError
from earlyhelp.domain import codes
from earlyhelp.domain.episode_lifecycle import EpisodeFacts, EpisodeStatus, transition_refusal
from earlyhelp.socialcare.models import InvolvementKind, StatutoryInvolvement

AGREED_EVENT = "step_up_agreed"
LATEST = object()  # step_up_request's default: carry the latest assessment and the current plan
STEP_UP_SOURCE = "5D"  # Children in Need census referral source: LA early help
PRIMARY_NEED_CODES = {code for code, _ in codes.PRIMARY_NEEDS}
CP_CATEGORY_CODES = {code for code, _ in codes.CP_CATEGORIES}


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


class FieldProblems(ApplicationError):
    """Several things are wrong with what was entered; each names the field it is about."""

    def __init__(self, problems: list[FieldProblem]):
        super().__init__(problems[0].message, problems=[p.message for p in problems], field=problems[0].field)
        self.field_problems = problems


def _require(actor, *capabilities: Capability) -> None:
    if not any(has_capability(actor, capability) for capability in capabilities):
        raise ApplicationError("You cannot do this")


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def step_up_pending(episode: Episode) -> StepUp | None:
    """The step-up waiting for agreement or for social care's decision, if there is one."""
    return episode.step_ups.filter(decision=StepUpDecision.PENDING).order_by("-requested_on", "-id").first()


def step_up_agreement(step_up: StepUp) -> CaseEvent | None:
    """The chronology event in which a team manager agreed the step-up (``None`` while it waits)."""
    return (
        CaseEvent.objects.filter(episode_id=step_up.episode_id, kind=AGREED_EVENT, data__step_up=step_up.pk)
        .select_related("actor")
        .order_by("occurred_at", "id")
        .first()
    )


def carried_records(episode: Episode):
    """What a step-up carries by default: the latest assessment and the current plan (either may be None)."""
    assessment = episode.assessments.order_by("-started_on", "-id").first()
    plan = episode.plans.filter(is_current=True).first()
    return assessment, plan


def subject_children(episode: Episode) -> list:
    """The children the work is about: the episode's subjects, or else the family's current children."""
    from earlyhelp.people.models import MemberRole, Person

    subjects = list(Person.objects.filter(episode_memberships__episode=episode, episode_memberships__is_subject=True))
    if subjects:
        return subjects
    return list(
        Person.objects.filter(
            memberships__household_id=episode.household_id,
            memberships__left_on__isnull=True,
            memberships__role=MemberRole.CHILD,
        ).distinct()
    )


@transaction.atomic
def step_up_request(
    *, episode: Episode, actor, reasons: str, assessment=LATEST, plan=LATEST, request=None, on: date | None = None
) -> StepUp:
    """The lead practitioner asks to step the family up to children's social care.

    It carries the latest assessment and the current plan unless others (or ``None``) are given.
    Sending the same request twice records it once. Only one step-up can wait at a time.
    """
    _require(actor, Capability.WORK_CASES)
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    reasons = (reasons or "").strip()
    pending = step_up_pending(locked)
    if pending is not None:
        if pending.requested_by_id == actor.pk and pending.reasons == reasons:
            return pending  # the same request sent twice
        raise ApplicationError("A step-up for this family is already waiting for a decision")
    refusal = transition_refusal(locked.status_enum, EpisodeStatus.STEPPED_UP)
    if refusal:
        raise ApplicationError(refusal)
    if not reasons:
        raise FieldProblems([FieldProblem("reasons", "Enter the reasons for the step-up")])
    latest_assessment, current_plan = carried_records(locked)
    assessment = latest_assessment if assessment is LATEST else assessment
    plan = current_plan if plan is LATEST else plan
    if assessment is not None and assessment.episode_id != locked.pk:
        raise FieldProblems([FieldProblem("assessment", "Select an assessment of this family")])
    if plan is not None and plan.episode_id != locked.pk:
        raise FieldProblems([FieldProblem("plan", "Select a plan of this family")])
    step_up = StepUp.objects.create(
        episode=locked, requested_by=actor, requested_on=_today(on), reasons=reasons, assessment=assessment, plan=plan
    )
    record_create(actor=actor, instance=step_up, request=request)
    chronology_add(
        episode=locked, kind="step_up_requested", actor=actor,
        summary="Step-up to children's social care requested: waiting for a team manager to agree",
        data={"step_up": step_up.pk},
    )
    return step_up


def _locked_step_up(step_up: StepUp) -> tuple[Episode, StepUp]:
    episode = Episode.objects.select_for_update().get(pk=step_up.episode_id)
    return episode, StepUp.objects.select_for_update().get(pk=step_up.pk)


@transaction.atomic
def step_up_agree(*, step_up: StepUp, actor, request=None) -> StepUp:
    """A team manager agrees the step-up, and it is sent to children's social care. Agreeing twice records once."""
    _require(actor, Capability.APPROVE_CLOSURE)
    episode, step_up = _locked_step_up(step_up)
    if step_up.decision != StepUpDecision.PENDING:
        raise ApplicationError("Children's social care has already decided on this step-up")
    if step_up_agreement(step_up) is not None:
        return step_up
    if step_up.requested_by_id == actor.pk:
        raise ApplicationError("You asked for this step-up, so another team manager must agree it")
    chronology_add(
        episode=episode, kind=AGREED_EVENT, actor=actor,
        summary="Step-up agreed by a team manager and sent to children's social care",
        data={"step_up": step_up.pk},
    )
    return step_up


@transaction.atomic
def step_up_withdraw(*, step_up: StepUp, actor, reason: str, request=None) -> None:
    """A team manager does not agree the step-up: it is withdrawn with a reason, and early help goes on.

    The request itself is removed (the chronology and audit keep it) so that a new one can be made.
    """
    _require(actor, Capability.APPROVE_CLOSURE)
    episode, step_up = _locked_step_up(step_up)
    if step_up.decision != StepUpDecision.PENDING or step_up_agreement(step_up) is not None:
        raise ApplicationError("This step-up has already been sent to children's social care")
    reason = (reason or "").strip()
    if not reason:
        raise FieldProblems([FieldProblem("reason", "Enter why you do not agree the step-up")])
    chronology_add(
        episode=episode, kind="step_up_not_agreed", actor=actor,
        summary=f"Step-up not agreed by a team manager: {reason}",
        data={"step_up": step_up.pk, "reasons": step_up.reasons, "reason": reason},
    )
    record_delete(actor=actor, instance=step_up, request=request)
    step_up.delete()


def _involvements(*, step_up: StepUp, children, kind: str, on: date, primary_need: str, cp_category: str, actor, request):
    made = []
    for child in children:
        involvement = StatutoryInvolvement.objects.create(
            person=child, kind=kind, started_on=on, referral_source=STEP_UP_SOURCE,
            primary_need=primary_need if kind == InvolvementKind.CHILD_IN_NEED else "",
            cp_category=cp_category if kind == InvolvementKind.CHILD_PROTECTION else "",
            from_step_up=step_up,
        )
        record_create(actor=actor, instance=involvement, request=request)
        made.append(involvement)
    return made


def _decision_problems(decision, decided_by_name, decided_on, advice, primary_need, cp_category, today) -> list[FieldProblem]:
    problems = []
    if decision not in (StepUpDecision.ACCEPTED_CIN, StepUpDecision.ACCEPTED_CP, StepUpDecision.RETURNED):
        problems.append(FieldProblem("decision", "Select children's social care's decision"))
    if not decided_by_name:
        problems.append(FieldProblem("decided_by_name", "Enter who made the decision in children's social care"))
    if decided_on is None:
        problems.append(FieldProblem("decided_on", "Enter the date of the decision"))
    elif decided_on > today:
        problems.append(FieldProblem("decided_on", "Date of the decision must be today or in the past"))
    if decision == StepUpDecision.RETURNED and not advice:
        problems.append(FieldProblem("advice", "Enter the advice children's social care gave"))
    if decision == StepUpDecision.ACCEPTED_CIN and primary_need not in PRIMARY_NEED_CODES:
        problems.append(FieldProblem("primary_need", "Select the child in need's primary need"))
    if decision == StepUpDecision.ACCEPTED_CP and cp_category not in CP_CATEGORY_CODES:
        problems.append(FieldProblem("cp_category", "Select the category of child protection"))
    return problems


@transaction.atomic
def step_up_decide(
    *, step_up: StepUp, actor, decision: str, decided_by_name: str, decided_on: date | None, advice: str = "",
    primary_need: str = "", cp_category: str = "", request=None,
) -> StepUp:
    """Record children's social care's decision on an agreed step-up.

    Accepted: the episode is stepped up (closed with the reason "stepped up") and each child gets a
    statutory involvement. Returned: the episode stays open and the advice is kept and shown.
    Recording the same decision twice records it once.
    """
    _require(actor, Capability.APPROVE_CLOSURE, Capability.TRIAGE)
    episode, step_up = _locked_step_up(step_up)
    decided_by_name, advice = (decided_by_name or "").strip(), (advice or "").strip()
    if step_up.decision != StepUpDecision.PENDING:
        if step_up.decision == decision:
            return step_up  # the same decision sent twice
        raise ApplicationError("Children's social care's decision on this step-up is already recorded")
    agreement = step_up_agreement(step_up)
    if agreement is None:
        raise ApplicationError("A team manager must agree the step-up before social care's decision is recorded")
    problems = _decision_problems(
        decision, decided_by_name, decided_on, advice, primary_need, cp_category, timezone.localdate()
    )
    if decided_on is not None and decided_on < step_up.requested_on:
        problems.append(FieldProblem("decided_on", "Date of the decision must be on or after the step-up was asked for"))
    if problems:
        raise FieldProblems(problems)
    before = snapshot(step_up, ["decision", "decided_on", "decided_by_name", "advice"])
    step_up.decision, step_up.decided_on = decision, decided_on
    step_up.decided_by_name, step_up.advice = decided_by_name, advice
    step_up.save()
    record_update(actor=actor, instance=step_up, before=before, request=request)
    if decision == StepUpDecision.RETURNED:
        chronology_add(
            episode=episode, kind="step_up_returned", actor=actor,
            summary=f"Step-up returned to early help by {decided_by_name}. Advice: {advice}",
            data={"step_up": step_up.pk, "advice": advice},
        )
        return step_up
    _accept(episode=episode, step_up=step_up, actor=actor, agreed_by=agreement.actor, decision=decision,
            primary_need=primary_need, cp_category=cp_category, request=request)
    return step_up


def _accept(*, episode, step_up, actor, agreed_by, decision, primary_need, cp_category, request) -> None:
    label = StepUpDecision(decision).label.split(": ", 1)[-1]
    episode_move(
        episode=episode, target=EpisodeStatus.STEPPED_UP, actor=actor, request=request, on=step_up.decided_on,
        facts=EpisodeFacts(step_up_reason=step_up.reasons, step_up_manager_agreed=True),
        summary=f"Stepped up to children's social care: accepted as {label} by {step_up.decided_by_name}",
    )
    kind = InvolvementKind.CHILD_IN_NEED if decision == StepUpDecision.ACCEPTED_CIN else InvolvementKind.CHILD_PROTECTION
    _involvements(step_up=step_up, children=subject_children(episode), kind=kind, on=step_up.decided_on,
                  primary_need=primary_need, cp_category=cp_category, actor=actor, request=request)
    for allocation in Allocation.objects.filter(episode=episode, ended_on__isnull=True):
        before = snapshot(allocation, ["ended_on", "reason"])
        allocation.ended_on = max(step_up.decided_on, allocation.started_on)
        allocation.save(update_fields=["ended_on", "updated_at"])
        record_update(actor=actor, instance=allocation, before=before, request=request)
    closure = Closure.objects.filter(episode=episode).first()
    if closure is None:
        closure = Closure.objects.create(
            episode=episode, reason=ClosureReason.STEPPED_UP, requested_by=step_up.requested_by,
            requested_on=step_up.decided_on, summary=step_up.reasons,
            signed_off_by=agreed_by or actor, signed_off_on=step_up.decided_on,
        )
        record_create(actor=actor, instance=closure, request=request)
