"""Assessments' rows in the authorisation matrix (tests/test_authorisation_matrix.py).

An assessment is reached through its episode's door: whoever may open the episode may read it (the
front door included, read-only); changing it needs a role that works cases; only a manager authorises.
"""

from earlyhelp.accounts.models import Role

ROLES = [r.value for r in Role]
EPISODE_READERS = {**dict.fromkeys(ROLES, 404), Role.FRONT_DOOR: 200, Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}
WORKERS_POST_ONLY = {**dict.fromkeys(ROLES, 404), Role.LEAD_PRACTITIONER: 405, Role.TEAM_MANAGER: 405}
STARTERS = {**dict.fromkeys(ROLES, 404), Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}

MATRIX = {
    "assessments:start": ("get", STARTERS, 302),
    "assessments:detail": ("get", EPISODE_READERS, 302),
    # Signed out, the autosave answers 401 in JSON so the page keeps what was typed and says so.
    "assessments:autosave": ("get", WORKERS_POST_ONLY, 401),
    "assessments:need_add": ("get", WORKERS_POST_ONLY, 302),
    "assessments:need_remove": ("get", WORKERS_POST_ONLY, 302),
    "assessments:submit": ("get", WORKERS_POST_ONLY, 302),
    # The world's assessment is with a manager, so the workers are sent back to it (nothing to change).
    "assessments:consent": ("get", {**dict.fromkeys(ROLES, 404), Role.LEAD_PRACTITIONER: 302, Role.TEAM_MANAGER: 302}, 302),
    "assessments:authorise": ("get", {**dict.fromkeys(ROLES, 404), Role.TEAM_MANAGER: 200}, 302),
}


def extend_world(world) -> dict:
    """An assessment of the world's family sent for authorisation by its practitioner, with one need;
    and a second allocated family of the same practitioner with no assessment yet, to start one."""
    from django.utils import timezone

    from earlyhelp.assessments.models import Assessment, AssessmentNeed, AssessmentStatus
    from earlyhelp.core.testing import make_allocated_episode

    practitioner = world["users"][Role.LEAD_PRACTITIONER]
    today = timezone.localdate()
    assessment = Assessment.objects.create(
        episode=world["episode"], started_on=today, due_on=today, status=AssessmentStatus.SUBMITTED,
        submitted_on=today, submitted_by=practitioner, consent_confirmed=True, consent_given_by_name="Jo",
    )
    need = AssessmentNeed.objects.create(assessment=assessment, sf_outcome="SF5", description="Arguments at home")
    return {"assessment": assessment, "assessment_need": need,
            "unassessed_episode": make_allocated_episode(lead_practitioner=practitioner)}


def path(name, world):
    from django.urls import reverse

    if name == "assessments:start":
        return reverse(name, kwargs={"episode_pk": world["unassessed_episode"].pk})
    if name == "assessments:need_remove":
        return reverse(name, args=[world["assessment"].pk, world["assessment_need"].pk])
    if name in MATRIX:
        return reverse(name, args=[world["assessment"].pk])
    return None
