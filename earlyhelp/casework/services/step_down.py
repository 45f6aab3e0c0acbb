"""Step down from children's social care into early help (census closure reason RC9).

Social care's summary, assessment and plan travel with the family, so that the family does not tell
its story again: they are kept on a ``StepDown`` beside the early help episode, shown on the episode
page and read by the Early Help Assessment through ``selectors_transitions.step_down_history``.

Two ways in:

- ``step_down_receive`` opens an episode awaiting allocation (origin "step down") with the history,
  for a step-down that arrives straight from social care.
- ``step_down_record`` adds the history to an episode the front door has already opened from a
  step-down contact (``referrals.services.triage_decide`` opens it with origin "step down").

Either way the statutory involvement that closes is ended with the reason RC9.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import Team, TeamKind
from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.services import record_create, record_update, snapshot
from earlyhelp.casework.models import Episode, EpisodeMember, EpisodeOrigin, StepDown
from earlyhelp.casework.services.lifecycle import chronology_add
from earlyhelp.casework.services.step_up import FieldProblem, FieldProblems
from earlyhelp.core.errors import ApplicationError
from earlyhelp.domain.timescales import add_months
from earlyhelp.socialcare.models import StatutoryInvolvement

STEP_DOWN_CLOSURE_REASON = "RC9"  # closed after assessment, referred to early help
RE_REFERRAL_MONTHS = 12


def _require(actor) -> None:
    if not (has_capability(actor, Capability.WORK_CASES) or has_capability(actor, Capability.TRIAGE)):
        raise ApplicationError("You cannot do this")


def _problems(*, summary: str, received_on: date | None, involvement, children_ids, today: date) -> list[FieldProblem]:
    problems = []
    if not summary:
        problems.append(FieldProblem("social_care_summary", "Enter social care's summary of their work with the family"))
    if received_on is None:
        problems.append(FieldProblem("received_on", "Enter the date the step-down was received"))
    elif received_on > today:
        problems.append(FieldProblem("received_on", "Date received must be today or in the past"))
    if involvement is not None and involvement.person_id not in children_ids:
        problems.append(FieldProblem("statutory_involvement", "Select social care's involvement with a child in this family"))
    return problems


def _close_involvement(involvement: StatutoryInvolvement | None, *, on: date, actor, request) -> None:
    if involvement is None or involvement.ended_on is not None:
        return
    before = snapshot(involvement, ["ended_on", "closure_reason"])
    involvement.ended_on = max(on, involvement.started_on)
    involvement.closure_reason = STEP_DOWN_CLOSURE_REASON
    involvement.save(update_fields=["ended_on", "closure_reason", "updated_at"])
    record_update(actor=actor, instance=involvement, before=before, request=request)


def _create_history(*, episode, actor, request, **values) -> StepDown:
    step_down = StepDown.objects.create(episode=episode, **values)
    record_create(actor=actor, instance=step_down, request=request)
    _close_involvement(values.get("statutory_involvement"), on=values["received_on"], actor=actor, request=request)
    chronology_add(
        episode=episode, kind="step_down_received", actor=actor,
        summary="Stepped down from children's social care: their assessment and plan are with the episode",
        data={"step_down": step_down.pk},
    )
    return step_down


def _early_help_team(household) -> Team | None:
    address = household.current_address()
    if address is None or address.locality_id is None:
        return None
    return (
        Team.objects.active().filter(kind=TeamKind.EARLY_HELP, locality_id=address.locality_id)
        .order_by("order", "label", "pk").first()
    )


def _previous_episode(children_ids, received_on: date) -> Episode | None:
    """The family's last episode, if it ended within 12 months (a step-up coming back, or a re-referral)."""
    since = add_months(received_on, -RE_REFERRAL_MONTHS)
    return (
        Episode.objects.filter(members__person_id__in=children_ids, closed_on__gte=since)
        .order_by("-closed_on", "-id").first()
    )


@transaction.atomic
def step_down_receive(
    *, actor, household, children, social_care_summary: str, received_on: date | None,
    social_care_assessment: str = "", social_care_plan: str = "", social_worker_name: str = "",
    statutory_involvement: StatutoryInvolvement | None = None, contact=None, request=None,
) -> StepDown:
    """Social care steps a family down: an early help episode awaiting allocation, carrying their history."""
    _require(actor)
    children = list(children)
    children_ids = {c.pk for c in children}
    summary = (social_care_summary or "").strip()
    problems = _problems(summary=summary, received_on=received_on, involvement=statutory_involvement,
                         children_ids=children_ids, today=timezone.localdate())
    if not children:
        problems.insert(0, FieldProblem("children", "Select the children social care is stepping down"))
    if problems:
        raise FieldProblems(problems)
    episode = Episode.objects.create(
        household=household, contact=contact, origin=EpisodeOrigin.STEP_DOWN, opened_on=received_on,
        team=_early_help_team(household), previous_episode=_previous_episode(children_ids, received_on),
    )
    record_create(actor=actor, instance=episode, request=request)
    members = dict.fromkeys(children_ids, True)
    for person_id in household.memberships.filter(left_on__isnull=True).values_list("person_id", flat=True):
        members.setdefault(person_id, False)
    for person_id, is_subject in members.items():
        member = EpisodeMember.objects.create(episode=episode, person_id=person_id, is_subject=is_subject)
        record_create(actor=actor, instance=member, request=request)
    chronology_add(
        episode=episode, kind="episode_opened", actor=actor,
        summary="Targeted early help after step down from social care: awaiting allocation"
        + (f" to {episode.team.label}" if episode.team else ""),
    )
    return _create_history(
        episode=episode, actor=actor, request=request, statutory_involvement=statutory_involvement,
        received_on=received_on, social_worker_name=(social_worker_name or "").strip(),
        social_care_summary=summary, social_care_assessment=(social_care_assessment or "").strip(),
        social_care_plan=(social_care_plan or "").strip(),
    )


def step_down_involvements(episode: Episode):
    """Social care's involvements with the family's children that a step-down could close (current first)."""
    children = episode.household.memberships.filter(left_on__isnull=True).values_list("person_id", flat=True)
    return (
        StatutoryInvolvement.objects.filter(person_id__in=list(children))
        .select_related("person").order_by("ended_on", "-started_on", "id")
    )


@transaction.atomic
def step_down_record(
    *, episode: Episode, actor, social_care_summary: str, received_on: date | None,
    social_care_assessment: str = "", social_care_plan: str = "", social_worker_name: str = "",
    statutory_involvement: StatutoryInvolvement | None = None, request=None,
) -> StepDown:
    """Keep social care's history with an episode the front door opened from a step-down contact.

    Recording it twice records it once; a second, different history for the same episode is refused.
    """
    _require(actor)
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    summary = (social_care_summary or "").strip()
    existing = StepDown.objects.filter(episode=locked).first()
    if existing is not None:
        if existing.social_care_summary == summary:
            return existing
        raise ApplicationError("Social care's history is already recorded for this episode")
    if locked.origin != EpisodeOrigin.STEP_DOWN:
        raise ApplicationError("This episode did not start with a step down from children's social care")
    children_ids = set(
        locked.household.memberships.filter(left_on__isnull=True).values_list("person_id", flat=True)
    )
    problems = _problems(summary=summary, received_on=received_on, involvement=statutory_involvement,
                         children_ids=children_ids, today=timezone.localdate())
    if problems:
        raise FieldProblems(problems)
    return _create_history(
        episode=locked, actor=actor, request=request, statutory_involvement=statutory_involvement,
        received_on=received_on, social_worker_name=(social_worker_name or "").strip(),
        social_care_summary=summary, social_care_assessment=(social_care_assessment or "").strip(),
        social_care_plan=(social_care_plan or "").strip(),
    )
