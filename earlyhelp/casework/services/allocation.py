"""Allocation: a team manager gives an episode to a team (pod) and a lead practitioner, and may
reallocate it later with a reason. The lead practitioner may work for a partner agency (a school,
health): any active user of the team whose role works cases.

One current ``Allocation`` per episode is a database constraint; reallocation ends the current one
and starts the next in the same transaction. Allocation moves the episode to "allocated" through
``lifecycle.episode_move``, so pressing the button twice allocates once: the second press is refused
in plain words ("The episode is already allocated").
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import Agency, Team
from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.services import record_create, record_update, snapshot
from earlyhelp.casework import selectors
from earlyhelp.casework.models import Allocation, Episode
from earlyhelp.casework.services.lifecycle import chronology_add, episode_move
from earlyhelp.core.errors import ApplicationError
from earlyhelp.domain.episode_lifecycle import EpisodeFacts, EpisodeStatus

# Statuses in which an episode has a lead practitioner who can be replaced.
REALLOCATABLE = {EpisodeStatus.ALLOCATED, EpisodeStatus.ASSESSMENT, EpisodeStatus.PLAN, EpisodeStatus.CLOSING}


def _who(user, team: Team) -> str:
    agency = f", {user.agency.label}" if user.agency_id else ""
    return f"{user.display_name}{agency} ({team.label})"


def _check_choice(*, actor, team: Team | None, lead_practitioner, lead_agency: Agency | None) -> None:
    """The manager may allocate into this team, and the lead practitioner works in it."""
    if not has_capability(actor, Capability.ALLOCATE):
        raise ApplicationError("Only a team manager can allocate families")
    if team is None:
        raise ApplicationError("Select a team", field="team")
    if not selectors.teams_for_manager(actor).filter(pk=team.pk).exists():
        raise ApplicationError(f"You cannot allocate to {team.label}: it is not one of your teams", field="team")
    if lead_practitioner is None:
        raise ApplicationError("Select a lead practitioner", field="lead_practitioner")
    if not selectors.allocation_candidates(team).filter(pk=lead_practitioner.pk).exists():
        raise ApplicationError(
            f"{lead_practitioner.display_name} cannot be lead practitioner for {team.label}: "
            "choose someone who works in that team",
            field="lead_practitioner",
        )
    if lead_agency is not None and not lead_agency.is_active:
        raise ApplicationError(f"{lead_agency.label} is no longer in use: choose another agency", field="lead_agency")


@transaction.atomic
def episode_allocate(
    *, episode: Episode, team: Team | None, lead_practitioner, actor, lead_agency: Agency | None = None,
    request=None, on=None,
) -> Allocation:
    """A team manager allocates an episode awaiting allocation (or re-opens a closed one) to a team and a lead practitioner."""
    _check_choice(actor=actor, team=team, lead_practitioner=lead_practitioner, lead_agency=lead_agency)
    on = on or timezone.localdate()
    moved = episode_move(
        episode=episode, target=EpisodeStatus.ALLOCATED, actor=actor, request=request, on=on,
        facts=EpisodeFacts(has_lead_practitioner=True, has_team=True),
        summary=f"Allocated to {_who(lead_practitioner, team)}",
        team=team, lead_practitioner=lead_practitioner, allocated_on=on,
    )
    # A re-opened episode may still hold the allocation it closed with: end it before starting the new one.
    for stale in Allocation.objects.select_for_update().filter(episode=moved, ended_on__isnull=True):
        before = snapshot(stale, ["ended_on"])
        stale.ended_on = max(on, stale.started_on)
        stale.save(update_fields=["ended_on", "updated_at"])
        record_update(actor=actor, instance=stale, before=before, request=request)
    allocation = Allocation.objects.create(
        episode=moved, team=team, lead_practitioner=lead_practitioner, lead_agency=lead_agency,
        allocated_by=actor, started_on=on,
    )
    record_create(actor=actor, instance=allocation, request=request)
    return allocation


@transaction.atomic
def episode_reallocate(
    *, episode: Episode, team: Team | None, lead_practitioner, actor, reason: str,
    expected_allocation_id: int | None, lead_agency: Agency | None = None, request=None, on=None,
) -> Allocation:
    """A team manager moves an allocated episode to another lead practitioner (or team), with a reason.

    ``expected_allocation_id`` is the allocation the manager saw when they opened the form: if someone
    reallocated the family since, nothing changes and they are told who holds it now.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Enter the reason for reallocating", field="reason")
    _check_choice(actor=actor, team=team, lead_practitioner=lead_practitioner, lead_agency=lead_agency)
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    if locked.status_enum not in REALLOCATABLE:
        raise ApplicationError(
            f"An episode that is “{locked.status_enum.label}” cannot be reallocated"
            + (": allocate it instead" if locked.status_enum == EpisodeStatus.AWAITING_ALLOCATION else "")
        )
    current = Allocation.objects.select_for_update().filter(episode=locked, ended_on__isnull=True).first()
    if current is not None and expected_allocation_id is not None and current.pk != expected_allocation_id:
        raise ApplicationError(
            "Someone else reallocated this family while you were choosing: it is now with "
            f"{_who(current.lead_practitioner, current.team)}. Check and choose again."
        )
    if current is not None and current.lead_practitioner_id == lead_practitioner.pk and current.team_id == team.pk:
        raise ApplicationError(
            f"The family is already allocated to {lead_practitioner.display_name} in {team.label}",
            field="lead_practitioner",
        )
    on = on or timezone.localdate()
    previous = _who(current.lead_practitioner, current.team) if current else "nobody"
    if current is not None:
        before = snapshot(current, ["ended_on"])
        current.ended_on = max(on, current.started_on)
        current.save(update_fields=["ended_on", "updated_at"])
        record_update(actor=actor, instance=current, before=before, request=request)
    allocation = Allocation.objects.create(
        episode=locked, team=team, lead_practitioner=lead_practitioner, lead_agency=lead_agency,
        allocated_by=actor, started_on=on, reason=reason,
    )
    record_create(actor=actor, instance=allocation, request=request)
    before = snapshot(locked, ["team_id", "lead_practitioner_id", "version"])
    locked.team = team
    locked.lead_practitioner = lead_practitioner
    locked.version += 1
    locked.save(update_fields=["team", "lead_practitioner", "version", "updated_at"])
    record_update(actor=actor, instance=locked, before=before, request=request)
    chronology_add(
        episode=locked, kind="episode_reallocated", actor=actor,
        summary=f"Reallocated from {previous} to {_who(lead_practitioner, team)}: {reason}",
        data={"from_allocation": current.pk if current else None, "to_allocation": allocation.pk},
    )
    episode.refresh_from_db()
    return allocation
