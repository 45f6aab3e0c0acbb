"""Writing the family's plan. Every change writes a new version (the old one is kept and stops being
current); nobody's work is overwritten silently: a save based on an older version is refused with
both versions to compare (``PlanConflict``), and nothing is locked while someone is typing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import Agency, User
from earlyhelp.audit.services import record_create, record_update, snapshot
from earlyhelp.casework.models import Episode
from earlyhelp.casework.services.lifecycle import chronology_add, episode_move
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.idempotency import already_recorded
from earlyhelp.domain.episode_lifecycle import EpisodeFacts, EpisodeStatus
from earlyhelp.domain.timescales import add_months, format_date
from earlyhelp.people.models import Person
from earlyhelp.plans import selectors
from earlyhelp.plans.models import ActionStatus, Plan, PlanAction, PlanReview

SECTION_FIELDS = ("worried_about", "going_well", "needs_to_happen", "family_words")
ACTION_FIELDS = ("what", "owner_name", "owner_person_id", "owner_user_id", "owner_agency_id", "due_on", "status",
                 "need_id", "from_meeting_action_id")


@dataclass
class ActionInput:
    """One 'who does what by when' row as typed: ``owner`` is 'person:ID', 'user:ID' or 'agency:ID'."""

    what: str
    owner: str
    due_on: date | None = None
    status: str = ActionStatus.NOT_STARTED
    need_id: int | None = None
    from_meeting_action_id: int | None = None


@dataclass
class PlanContent:
    worried_about: str = ""
    going_well: str = ""
    needs_to_happen: str = ""
    family_words: str = ""
    actions: list[ActionInput] = field(default_factory=list)
    change_summary: str = ""


class PlanConflict(ApplicationError):
    """Someone saved a newer version of the plan after this person opened it."""

    def __init__(self, *, current: Plan, attempted: PlanContent):
        who = current.written_by.display_name
        super().__init__(
            f"{who} saved a new version of the plan (version {current.version}) while you were editing. "
            "Nothing you typed has been lost: compare the two versions below, then save again to keep yours."
        )
        self.current = current
        self.attempted = attempted


def resolve_owner(episode: Episode, key: str) -> dict[str, Any]:
    """The owner fields for an action from the owner chosen on the form, checked against the family."""
    kind, _, raw_id = (key or "").partition(":")
    try:
        pk = int(raw_id)
    except ValueError:
        raise ApplicationError("Select who will do it", field="owner") from None
    if kind == "person":
        person = Person.objects.filter(
            pk=pk, memberships__household_id=episode.household_id, memberships__left_on__isnull=True
        ).first()
        if person is not None:
            return {"owner_name": person.full_name, "owner_person_id": person.pk, "owner_user_id": None, "owner_agency_id": None}
    elif kind == "user":
        user = User.objects.filter(pk=pk, is_active=True).first()
        if user is not None:
            return {"owner_name": user.display_name, "owner_person_id": None, "owner_user_id": user.pk, "owner_agency_id": None}
    elif kind == "agency":
        agency = Agency.objects.active().filter(pk=pk).first()
        if agency is not None:
            return {"owner_name": agency.label, "owner_person_id": None, "owner_user_id": None, "owner_agency_id": agency.pk}
    raise ApplicationError("Select who will do it from the list", field="owner")


def _action_rows(episode: Episode, actions: list[ActionInput]) -> list[dict[str, Any]]:
    needs = {n.pk for n in selectors.unmet_needs(episode)} | set(
        PlanAction.objects.filter(plan__episode=episode, need__isnull=False).values_list("need_id", flat=True)
    )
    rows = []
    for number, action in enumerate(actions, start=1):
        if not action.what.strip():
            raise ApplicationError(f"Enter what will be done in action {number}", field="what")
        if action.status not in ActionStatus.values:
            raise ApplicationError(f"Select the status of action {number}", field="status")
        if action.need_id is not None and action.need_id not in needs:
            raise ApplicationError(f"Select a need from the family's assessment for action {number}", field="need")  # noqa: S608 (a message, not SQL)
        rows.append({
            "what": action.what.strip(), **resolve_owner(episode, action.owner), "due_on": action.due_on,
            "status": action.status, "need_id": action.need_id, "from_meeting_action_id": action.from_meeting_action_id,
        })
    return rows


def _copied_rows(plan: Plan | None) -> list[dict[str, Any]]:
    return [{name: getattr(a, name) for name in ACTION_FIELDS} for a in plan.actions.all()] if plan else []


def _lock(episode: Episode) -> Episode:
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    if EpisodeStatus(locked.status) in (EpisodeStatus.CLOSED, EpisodeStatus.STEPPED_UP):
        raise ApplicationError("This episode has ended, so its plan can no longer be changed.")
    return locked


def _write_version(
    *, episode: Episode, actor, sections: dict[str, str], rows: list[dict[str, Any]], previous: Plan | None,
    change_summary: str = "", idempotency_key: str = "", request=None,
) -> Plan:
    """Keep the previous version and write the next one as current, with its actions."""
    if previous is not None:
        before = snapshot(previous, ["is_current"])
        previous.is_current = False
        previous.save(update_fields=["is_current", "updated_at"])
        record_update(actor=actor, instance=previous, before=before, request=request)
    plan = Plan.objects.create(
        episode=episode, version=(previous.version + 1) if previous else 1, is_current=True,
        written_by=actor, review_due_on=previous.review_due_on if previous else None,
        change_summary=change_summary.strip()[:300], idempotency_key=idempotency_key or None,
        **{name: sections.get(name, "").strip() for name in SECTION_FIELDS},
    )
    record_create(actor=actor, instance=plan, request=request)
    for position, row in enumerate(rows):
        action = PlanAction.objects.create(plan=plan, position=position, **row)
        record_create(actor=actor, instance=action, request=request)
    summary = f"Plan version {plan.version} saved" if previous else "Plan on a page written"
    chronology_add(
        episode=episode, kind="plan_version", actor=actor,
        summary=f"{summary}: {plan.change_summary}" if plan.change_summary else summary,
        data={"plan_id": plan.pk, "version": plan.version, "actions": len(rows)},
    )
    return plan


@transaction.atomic
def plan_save(
    *, episode: Episode, actor, content: PlanContent, base_version: int, idempotency_key: str = "", request=None
) -> Plan:
    """Save the family's plan as typed, as a new version. ``base_version`` is the version the form was
    opened at (0 for a first plan); if someone saved a newer one since, ``PlanConflict`` is raised and
    nothing is written. Sending the same form twice (same ``idempotency_key``) writes one version."""
    _lock(episode)
    already = already_recorded(Plan, idempotency_key, episode_id=episode.pk,
                               message="This form could not be saved. Open the plan again and make your change.")
    if already is not None:
        return already
    current = selectors.current_plan(episode)
    if (current.version if current else 0) != base_version:
        raise PlanConflict(current=current, attempted=content)
    sections = {name: getattr(content, name) for name in SECTION_FIELDS}
    rows = _action_rows(episode, content.actions)
    if not any(text.strip() for text in sections.values()) and not rows:
        raise ApplicationError("Write at least one part of the plan", field="worried_about")
    return _write_version(
        episode=episode, actor=actor, sections=sections, rows=rows, previous=current,
        change_summary=content.change_summary, idempotency_key=idempotency_key, request=request,
    )


@transaction.atomic
def plan_add_meeting_actions(*, episode: Episode, meeting, actor, request=None) -> tuple[Plan | None, int]:
    """Add a Team Around the Family meeting's actions to the plan as a new version. Actions already in
    the current plan are not added again. Returns the current plan and how many were added."""
    _lock(episode)
    if meeting.episode_id != episode.pk:
        raise ApplicationError("This meeting is not about this family.")
    current = selectors.current_plan(episode)
    rows = _copied_rows(current)
    already = {row["from_meeting_action_id"] for row in rows if row["from_meeting_action_id"]}
    new = [a for a in meeting.actions.order_by("id") if a.pk not in already]
    if not new:
        return current, 0
    for action in new:
        rows.append({
            "what": action.what, "owner_name": action.owner_name, "owner_person_id": action.owner_person_id,
            "owner_user_id": action.owner_user_id, "owner_agency_id": action.owner_agency_id, "due_on": action.due_on,
            "status": action.status, "need_id": None, "from_meeting_action_id": action.pk,
        })
    sections = {name: getattr(current, name) for name in SECTION_FIELDS} if current else selectors.plan_prefill(episode)
    when = format_date(timezone.localtime(meeting.scheduled_for).date())
    plan = _write_version(
        episode=episode, actor=actor, sections=sections, rows=rows, previous=current,
        change_summary=f"{len(new)} action{'s' if len(new) != 1 else ''} added from the meeting on {when}",
        request=request,
    )
    return plan, len(new)


@transaction.atomic
def plan_agree(*, episode: Episode, actor, version: int, agreed_on: date, request=None) -> Plan:
    """The family agrees the plan. The first agreement starts the plan: the episode moves to 'plan'
    (which needs a manager to have authorised the assessment) and the first review falls due."""
    locked = _lock(episode)
    current = selectors.current_plan(episode)
    if current is None:
        raise ApplicationError("Write the plan before agreeing it with the family.")
    if current.version != version:
        raise ApplicationError(
            f"The plan has changed since you opened it: {current.written_by.display_name} saved version "
            f"{current.version}. Read it again, then agree it with the family."
        )
    if current.agreed_on is not None:
        return current
    today = timezone.localdate()
    if agreed_on > today:
        raise ApplicationError("The date the plan was agreed must be today or in the past", field="agreed_on")
    if agreed_on < locked.opened_on:
        raise ApplicationError(
            f"The date the plan was agreed must be on or after the episode opened ({format_date(locked.opened_on)})",
            field="agreed_on",
        )
    first = selectors.first_agreed_on(episode)
    if EpisodeStatus(locked.status) not in (EpisodeStatus.PLAN, EpisodeStatus.CLOSING):
        try:
            episode_move(
                episode=locked, target=EpisodeStatus.PLAN, actor=actor, request=request, on=agreed_on,
                facts=EpisodeFacts(assessment_authorised=selectors.assessment_is_authorised(episode)),
                summary="The family agreed the plan: the episode moves to its plan",
            )
        except ApplicationError as refused:
            raise ApplicationError(
                f"The plan cannot be agreed yet. {refused.problems[0]}", problems=refused.problems
            ) from refused
    before = snapshot(current, ["agreed_on", "review_due_on"])
    current.agreed_on = agreed_on
    if first is None:
        current.review_due_on = add_months(agreed_on, selectors.review_months())
    current.save(update_fields=["agreed_on", "review_due_on", "updated_at"])
    record_update(actor=actor, instance=current, before=before, request=request)
    chronology_add(
        episode=episode, kind="plan_agreed", actor=actor,
        summary=f"Plan version {current.version} agreed with the family on {format_date(agreed_on)}",
        data={"plan_id": current.pk, "version": current.version, "agreed_on": agreed_on.isoformat()},
    )
    return current


@transaction.atomic
def plan_review_record(
    *, episode: Episode, actor, reviewed_on: date, summary: str, idempotency_key: str = "", request=None
) -> PlanReview:
    """Record a review of the plan with the family; the next is due ``EARLYHELP_PLAN_REVIEW_MONTHS`` later."""
    _lock(episode)
    already = already_recorded(PlanReview, idempotency_key, episode_id=episode.pk,
                               message="This form could not be saved. Open the plan again and record the review.")
    if already is not None:
        return already
    current = selectors.current_plan(episode)
    agreed = selectors.first_agreed_on(episode)
    if current is None or agreed is None:
        raise ApplicationError("Agree the plan with the family before recording a review of it.")
    if not summary.strip():
        raise ApplicationError("Enter how the plan is going", field="summary")
    if reviewed_on > timezone.localdate():
        raise ApplicationError("The date of the review must be today or in the past", field="reviewed_on")
    if reviewed_on < agreed:
        raise ApplicationError(
            f"The date of the review must be on or after the plan was agreed ({format_date(agreed)})", field="reviewed_on"
        )
    next_due = add_months(reviewed_on, selectors.review_months())
    review = PlanReview.objects.create(
        episode=episode, plan=current, reviewed_on=reviewed_on, reviewed_by=actor, summary=summary.strip(),
        next_review_due_on=next_due, idempotency_key=idempotency_key or None,
    )
    record_create(actor=actor, instance=review, request=request)
    before = snapshot(current, ["review_due_on"])
    current.review_due_on = selectors.review_status(episode).next_due
    current.save(update_fields=["review_due_on", "updated_at"])
    record_update(actor=actor, instance=current, before=before, request=request)
    chronology_add(
        episode=episode, kind="plan_review", actor=actor,
        summary=f"Plan reviewed on {format_date(reviewed_on)}; next review due by {format_date(next_due)}",
        data={"review_id": review.pk, "plan_version": current.version, "next_due": next_due.isoformat()},
    )
    return review
