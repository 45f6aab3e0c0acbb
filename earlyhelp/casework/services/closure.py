"""Closing an episode, and re-opening one.

Closing is two steps (``domain/closure.py``): the lead practitioner asks for closure with a coded
reason, what happened to each identified need and the final star reading (or why there is none),
and can ask the family for feedback; a team manager then signs it off, or refuses with a reason,
which sends the episode back to its plan. A manager can re-open a closed episode with a reason; it
goes back to the same lead practitioner.

A refused or re-opened closure is removed (an episode has one closure at a time); the chronology
and the audit trail keep what it said.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.assessments.models import AssessmentNeed, AssessmentStatus
from earlyhelp.audit.services import record_create, record_delete, record_update, snapshot
from earlyhelp.casework.models import (
    Allocation,
    CaseEvent,
    Closure,
    ClosureNeedOutcome,
    ClosureReason,
    Episode,
    NeedOutcome,
)
from earlyhelp.casework.services.lifecycle import chronology_add, episode_move
from earlyhelp.casework.services.step_up import FieldProblem, FieldProblems, step_up_pending
from earlyhelp.core.errors import ApplicationError
from earlyhelp.domain.closure import closure_problems, sign_off_problems
from earlyhelp.domain.episode_lifecycle import EpisodeFacts, EpisodeStatus
from earlyhelp.outcomes.selectors import closure_star_facts


@dataclass(frozen=True)
class NeedResult:
    """What happened to one identified need by the end of the episode."""

    need_id: int
    outcome: str
    comment: str = ""


@dataclass
class ClosureRequested:
    closure: Closure
    feedback_token: str | None = None  # shown once, to give to the family
    repeated: bool = False  # the same request sent twice
    problems: list[str] = field(default_factory=list)


def _require(actor, capability: Capability) -> None:
    if not has_capability(actor, capability):
        raise ApplicationError("You cannot do this")


def identified_needs(episode: Episode) -> list[AssessmentNeed]:
    """Every need identified in the episode's assessments, in the order they were recorded."""
    return list(
        AssessmentNeed.objects.filter(assessment__episode=episode)
        .select_related("assessment", "person")
        .order_by("assessment__started_on", "assessment_id", "id")
    )


def closure_facts(episode: Episode, *, reason: str, no_star_reason: str, needs_without_outcome: int) -> EpisodeFacts:
    stars = closure_star_facts(episode)
    return EpisodeFacts(
        closure_reason=reason,
        needs_without_outcome=needs_without_outcome,
        has_final_star_reading=stars.has_final_reading,
        no_star_reason=no_star_reason,
        star_falls_without_reason=stars.falls_without_reason,
    )


def _entry_problems(reason: str, reason_detail: str, results: dict[int, NeedResult], needs) -> list[FieldProblem]:
    problems = []
    if reason not in ClosureReason.values:
        problems.append(FieldProblem("reason", "Select a closure reason"))
    elif reason == ClosureReason.OTHER and not reason_detail:
        problems.append(FieldProblem("reason_detail", "Enter the reason for closing"))
    for need in needs:
        result = results.get(need.pk)
        if result is not None and result.outcome and result.outcome not in NeedOutcome.values:
            problems.append(FieldProblem(f"need_{need.pk}", f"Select what happened to the need: {need}"))
    return problems


@transaction.atomic
def closure_request(
    *, episode: Episode, actor, reason: str, reason_detail: str = "", summary: str = "",
    need_results: list[NeedResult] | tuple[NeedResult, ...] = (), no_final_star_reason: str = "",
    feedback_requested: bool = False, request=None, on: date | None = None,
) -> ClosureRequested:
    """The lead practitioner asks for the episode to be closed; it waits for a manager's sign-off.

    Every problem is reported at once. Sending the same request twice records it once.
    """
    _require(actor, Capability.WORK_CASES)
    from earlyhelp.outcomes.services import feedback_request_create

    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    reason, reason_detail = (reason or "").strip(), (reason_detail or "").strip()
    summary, no_final_star_reason = (summary or "").strip(), (no_final_star_reason or "").strip()
    existing = Closure.objects.filter(episode=locked).first()
    if existing is not None:
        if locked.status == EpisodeStatus.CLOSING and existing.requested_by_id == actor.pk and existing.reason == reason:
            return ClosureRequested(existing, repeated=True)
        raise ApplicationError("This episode's closure has already been asked for")
    if step_up_pending(locked) is not None:
        raise ApplicationError(
            "A step-up to children's social care is waiting: record social care's decision before closing"
        )
    needs = identified_needs(locked)
    results = {r.need_id: r for r in need_results}
    problems = _entry_problems(reason, reason_detail, results, needs)
    missing = sum(1 for need in needs if not (results.get(need.pk) and results[need.pk].outcome))
    facts = closure_facts(locked, reason=reason, no_star_reason=no_final_star_reason, needs_without_outcome=missing)
    domain = [p for p in closure_problems(locked.status_enum, facts) if p != "Select a closure reason"]
    if problems or domain:
        raise FieldProblems(problems + [FieldProblem("", message) for message in domain])

    today = on or timezone.localdate()
    closure = Closure.objects.create(
        episode=locked, reason=reason, reason_detail=reason_detail, summary=summary, requested_by=actor,
        requested_on=today, no_final_star_reason="" if facts.has_final_star_reading else no_final_star_reason,
        feedback_requested=feedback_requested,
    )
    record_create(actor=actor, instance=closure, request=request)
    for need in needs:
        result = results[need.pk]
        outcome = ClosureNeedOutcome.objects.create(
            closure=closure, need=need, outcome=result.outcome, comment=(result.comment or "").strip()
        )
        record_create(actor=actor, instance=outcome, request=request)
    episode_move(
        episode=locked, target=EpisodeStatus.CLOSING, actor=actor, facts=facts, request=request,
        summary=f"Closure asked for ({closure.get_reason_display().lower()}): waiting for a manager's sign-off",
    )
    token = None
    if feedback_requested:
        _, token = feedback_request_create(episode=locked, actor=actor, stage="closure", request=request)
        chronology_add(episode=locked, kind="feedback_requested", actor=actor,
                       summary="The family was asked for their feedback on the help they had")
    return ClosureRequested(closure, feedback_token=token)


def _locked_closing(episode: Episode) -> tuple[Episode, Closure | None]:
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    return locked, Closure.objects.select_for_update().filter(episode=locked).first()


@transaction.atomic
def closure_sign_off(*, episode: Episode, actor, request=None, on: date | None = None) -> Closure:
    """A team manager signs off the closure and the episode closes. Signing off twice records once."""
    _require(actor, Capability.APPROVE_CLOSURE)
    locked, closure = _locked_closing(episode)
    if closure is not None and closure.signed_off_by_id is not None and locked.status == EpisodeStatus.CLOSED:
        return closure
    if closure is None or locked.status != EpisodeStatus.CLOSING:
        problems = sign_off_problems(locked.status_enum, EpisodeFacts(manager_signed_off=True))
        raise ApplicationError(problems[0] if problems else "This episode is not waiting for closure sign-off")
    if closure.requested_by_id == actor.pk:
        raise ApplicationError("You asked for this closure, so another team manager must sign it off")
    today = on or timezone.localdate()
    before = snapshot(closure, ["signed_off_by_id", "signed_off_on"])
    closure.signed_off_by, closure.signed_off_on = actor, max(today, closure.requested_on)
    closure.save()
    record_update(actor=actor, instance=closure, before=before, request=request)
    episode_move(
        episode=locked, target=EpisodeStatus.CLOSED, actor=actor, request=request, on=today,
        facts=EpisodeFacts(manager_signed_off=True),
        summary=f"Closure signed off: {closure.get_reason_display().lower()}",
    )
    for allocation in Allocation.objects.filter(episode=locked, ended_on__isnull=True):
        before = snapshot(allocation, ["ended_on"])
        allocation.ended_on = max(today, allocation.started_on)
        allocation.save(update_fields=["ended_on", "updated_at"])
        record_update(actor=actor, instance=allocation, before=before, request=request)
    return closure


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _closure_record(closure: Closure) -> dict:
    return {
        "reason": closure.reason,
        "reason_detail": closure.reason_detail,
        "summary": closure.summary,
        "requested_by": closure.requested_by_id,
        "requested_on": closure.requested_on.isoformat(),
        "no_final_star_reason": closure.no_final_star_reason,
        "signed_off_by": closure.signed_off_by_id,
        "signed_off_on": closure.signed_off_on.isoformat() if closure.signed_off_on else None,
        "need_outcomes": [
            {"need": o.need_id, "outcome": o.outcome, "comment": o.comment} for o in closure.need_outcomes.all()
        ],
    }


def _remove_closure(closure: Closure, *, actor, request) -> dict:
    kept = _closure_record(closure)
    for outcome in closure.need_outcomes.all():
        record_delete(actor=actor, instance=outcome, request=request)
    record_delete(actor=actor, instance=closure, request=request)
    closure.delete()
    return kept


@transaction.atomic
def closure_refuse(*, episode: Episode, actor, reason: str, request=None) -> Episode:
    """A team manager does not sign off the closure: the episode goes back to where it was, with the reason."""
    _require(actor, Capability.APPROVE_CLOSURE)
    locked, closure = _locked_closing(episode)
    if closure is None or locked.status != EpisodeStatus.CLOSING:
        raise ApplicationError("This episode is not waiting for closure sign-off")
    reason = (reason or "").strip()
    if not reason:
        raise FieldProblems([FieldProblem("refusal_reason", "Enter why you are not signing off the closure")])
    authorised = locked.assessments.filter(status=AssessmentStatus.AUTHORISED).exists()
    asked = CaseEvent.objects.filter(episode=locked, kind=f"episode_{EpisodeStatus.CLOSING.value}").first()
    back_to = EpisodeStatus((asked.data.get("from") if asked else None) or EpisodeStatus.PLAN)
    kept = _remove_closure(closure, actor=actor, request=request)
    episode_move(
        episode=locked, target=back_to, actor=actor, request=request,
        facts=EpisodeFacts(assessment_authorised=authorised, has_lead_practitioner=locked.lead_practitioner_id is not None,
                           has_team=locked.team_id is not None, consent_recorded=True),
        summary=f"Episode back to “{back_to.label}”, where it was when closure was asked for",
    )
    chronology_add(episode=locked, kind="closure_refused", actor=actor,
                   summary=f"Closure not signed off by a manager: {reason}",
                   data={"reason": reason, "closure": kept})
    return locked


@transaction.atomic
def episode_reopen(*, episode: Episode, actor, reason: str, request=None, on: date | None = None) -> Episode:
    """A team manager re-opens a closed episode, with a reason, to the same lead practitioner."""
    _require(actor, Capability.APPROVE_CLOSURE)
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    reason = (reason or "").strip()
    if locked.status != EpisodeStatus.CLOSED:
        raise ApplicationError("Only a closed episode can be re-opened")
    if not reason:
        raise FieldProblems([FieldProblem("reason", "Enter why the episode is being re-opened")])
    lead = locked.lead_practitioner
    if lead is None or not lead.is_active or locked.team_id is None:
        raise ApplicationError(
            "The lead practitioner for this episode no longer works here: ask the front door to refer the family again"
        )
    today = on or timezone.localdate()
    closure = Closure.objects.select_for_update().filter(episode=locked).first()
    kept = _remove_closure(closure, actor=actor, request=request) if closure else None
    episode_move(
        episode=locked, target=EpisodeStatus.ALLOCATED, actor=actor, request=request, on=today,
        facts=EpisodeFacts(has_lead_practitioner=True, has_team=True),
        summary=f"Episode re-opened to {lead.get_full_name() or lead.username}: {reason}",
    )
    if not Allocation.objects.filter(episode=locked, ended_on__isnull=True).exists():
        allocation = Allocation.objects.create(
            episode=locked, team_id=locked.team_id, lead_practitioner=lead, allocated_by=actor, started_on=today,
            reason=f"Re-opened: {reason}",
        )
        record_create(actor=actor, instance=allocation, request=request)
    if kept is not None:
        chronology_add(episode=locked, kind="closure_set_aside", actor=actor,
                       summary=f"The closure signed off on {_day(closure.signed_off_on or closure.requested_on)} was set aside",
                       data={"reason": reason, "closure": kept})
    locked.refresh_from_db()
    return locked
