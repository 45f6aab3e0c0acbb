"""Outcomes' rows in the authorisation matrix (tests/test_authorisation_matrix.py).

A family's progress is read through the episode door (whoever may open the episode); recording a
reading or making a feedback link needs the WORK_CASES capability too. The figures are for managers
(their own team) and performance leads. The family's feedback page needs no account: a valid link
answers 200 to anyone (a manager who has not given the second factor yet is still sent to give it,
like everywhere else); an unknown, used or expired link answers 410 (tested in test_views.py).
"""

from earlyhelp.accounts.models import Role

ROLES = [r.value for r in Role]
EPISODE_READERS = {**dict.fromkeys(ROLES, 404), Role.FRONT_DOOR: 200, Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}
EPISODE_WORKERS = {**dict.fromkeys(ROLES, 404), Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}
FIGURES = {**dict.fromkeys(ROLES, 404), Role.TEAM_MANAGER: 200, Role.PERFORMANCE_LEAD: 200}

MATRIX = {
    "outcomes:progress": ("get", EPISODE_READERS, 302),
    "outcomes:progress_csv": ("get", EPISODE_READERS, 302),
    "outcomes:family_view": ("get", EPISODE_READERS, 302),
    "outcomes:reading_new": ("get", EPISODE_WORKERS, 302),
    "outcomes:feedback_link": ("get", EPISODE_WORKERS, 302),
    "outcomes:feedback_with_worker": ("get", EPISODE_WORKERS, 302),
    "outcomes:feedback": ("get", dict.fromkeys(ROLES, 200), 200),
    "outcomes:evaluation": ("get", FIGURES, 302),
    "outcomes:evaluation_csv": ("get", FIGURES, 302),
    "outcomes:feedback_summary": ("get", FIGURES, 302),
}


def extend_world(world) -> dict:
    """A baseline and a later reading on the world's episode (so the CSV has rows), and a feedback link."""
    from datetime import timedelta

    from django.utils import timezone

    from earlyhelp.outcomes.services import feedback_request_create
    from earlyhelp.outcomes.tests.factories import record_reading

    episode = world["episode"]
    practitioner = world["users"][Role.LEAD_PRACTITIONER]
    today = timezone.localdate()
    record_reading(episode, practitioner, taken_on=today - timedelta(days=20), stage="baseline", score=4)
    record_reading(episode, practitioner, taken_on=today - timedelta(days=1), stage="review", score=6)
    _, token = feedback_request_create(episode=episode, actor=practitioner)
    return {"feedback_token": token}


def path(name, world):
    from django.urls import reverse

    if name == "outcomes:feedback":
        return reverse(name, kwargs={"token": world["feedback_token"]})
    return None
