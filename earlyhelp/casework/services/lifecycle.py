"""The one way an episode changes status, and the one way an event reaches the family's chronology."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from earlyhelp.audit.services import record_update, snapshot
from earlyhelp.casework.models import CaseEvent, Episode
from earlyhelp.core.errors import ApplicationError
from earlyhelp.domain.episode_lifecycle import EpisodeFacts, EpisodeStatus, transition_problems

CLOSED_STATUSES = {EpisodeStatus.CLOSED, EpisodeStatus.STEPPED_UP}


def chronology_add(
    *, episode: Episode, kind: str, summary: str, actor=None, person=None, data: dict[str, Any] | None = None,
    occurred_at=None,
) -> CaseEvent:
    """Write one significant event to the family's chronology (shown on the family and episode pages)."""
    return family_event_add(
        household_id=episode.household_id, episode=episode, kind=kind, summary=summary, actor=actor,
        person=person, data=data, occurred_at=occurred_at,
    )


def family_event_add(
    *, household_id: int, kind: str, summary: str, actor=None, person=None, episode: Episode | None = None,
    data: dict[str, Any] | None = None, occurred_at=None,
) -> CaseEvent:
    """An event in a family's chronology that may belong to no episode (a merge of two person records)."""
    return CaseEvent.objects.create(
        occurred_at=occurred_at or timezone.now(), household_id=household_id, episode=episode,
        person=person, kind=kind, summary=summary[:300], actor=actor if getattr(actor, "is_authenticated", False) else None,
        data=data or {},
    )


@transaction.atomic
def episode_move(
    *, episode: Episode, target: EpisodeStatus, actor, facts: EpisodeFacts, request=None, on=None,
    summary: str = "", **changes: Any,
) -> Episode:
    """Move an episode to ``target`` if the lifecycle allows it and its requirements are met.

    The row is locked while it moves, so two people pressing the same button move it once; the
    second is told in plain words why it cannot move again. ``changes`` are other fields set in the
    same save (the lead practitioner on allocation, for example). Raises ``ApplicationError``.
    """
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    target = EpisodeStatus(target)
    problems = transition_problems(locked.status_enum, target, facts)
    if problems:
        raise ApplicationError(problems[0], problems=problems)
    before = snapshot(locked, ["status", "closed_on", *changes])
    previous = locked.status_enum
    locked.status = target.value
    on = on or timezone.localdate()
    if target in CLOSED_STATUSES:
        locked.closed_on = max(on, locked.opened_on)
    elif previous in CLOSED_STATUSES:
        locked.closed_on = None
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    record_update(actor=actor, instance=locked, before=before, request=request)
    chronology_add(
        episode=locked, kind=f"episode_{target.value}", actor=actor,
        summary=summary or f"Episode {target.label.lower()}",
        data={"from": previous.value, "to": target.value},
    )
    episode.refresh_from_db()
    return locked
