"""Who may change a family's plan and its Team Around the Family meetings (used by both apps).

Reading goes through the episode's door (``casework.selectors.episode_get_for``). Changing needs
more: the user works cases (``Capability.WORK_CASES``) and is the episode's lead practitioner, a
member of its team, or its team's manager. A partner invited to a meeting reads; they never edit.
"""

from __future__ import annotations

from django.http import Http404

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.casework.selectors import episode_get_for_work
from earlyhelp.domain.episode_lifecycle import OPEN_STATUSES, EpisodeStatus


def can_edit(user, episode) -> bool:
    """May this user change the episode's plan, reviews and meetings?"""
    if not has_capability(user, Capability.WORK_CASES):
        return False
    if episode.lead_practitioner_id == user.pk:
        return True
    if episode.team_id is not None and episode.team_id == user.team_id:
        return True
    return episode.team is not None and episode.team.manager_id == user.pk


def is_open_for_changes(episode) -> bool:
    """A closed or stepped-up episode's plan and meetings are a record: they no longer change."""
    return EpisodeStatus(episode.status) in OPEN_STATUSES


def episode_get_for_editing(user, pk: int, *, request=None):
    """The door for every change to a plan or meeting: 404 unless ``can_edit``."""
    episode = episode_get_for_work(user, pk, request=request)
    if not can_edit(user, episode):
        raise Http404("No episode found")
    return episode
