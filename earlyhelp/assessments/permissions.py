"""Who may do what with an assessment, once the episode's door has let them see it.

Used by services (which refuse), views (which answer 404) and templates (which hide the button).
"""

from __future__ import annotations

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.assessments.models import AssessmentStatus

EDITABLE_STATUSES = frozenset({AssessmentStatus.IN_PROGRESS, AssessmentStatus.RETURNED})


def manages_episode(user, episode) -> bool:
    """The user manages the team that holds the episode."""
    team = episode.team
    return bool(team is not None and team.manager_id is not None and team.manager_id == user.pk)


def can_start(user, episode) -> bool:
    """The lead practitioner or their manager starts the assessment."""
    if not has_capability(user, Capability.WORK_CASES):
        return False
    return episode.lead_practitioner_id == user.pk or manages_episode(user, episode)


def can_work(user) -> bool:
    """Anyone who works cases and can see the episode may write in its assessment (colleagues cover)."""
    return has_capability(user, Capability.WORK_CASES)


def can_edit(user, assessment) -> bool:
    return can_work(user) and assessment.status in EDITABLE_STATUSES


def can_authorise(user, assessment) -> bool:
    """A manager, other than the person who sent it, authorises an assessment sent to them."""
    return (
        has_capability(user, Capability.AUTHORISE_ASSESSMENT)
        and assessment.status == AssessmentStatus.SUBMITTED
        and assessment.submitted_by_id != user.pk
    )
