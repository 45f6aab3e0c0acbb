"""Step up, step down, closure and re-opening: their rows in the authorisation matrix."""

from django.urls import reverse

from earlyhelp.accounts.models import Role

ROLES = [r.value for r in Role]
NOBODY = dict.fromkeys(ROLES, 404)
READERS = {**NOBODY, Role.FRONT_DOOR: 200, Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}
WORKERS = {**NOBODY, Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}
MANAGERS = {**NOBODY, Role.TEAM_MANAGER: 200}
# Social care's decision reaches the front door (MASH) or the team manager.
DECIDERS = {**NOBODY, Role.FRONT_DOOR: 200, Role.TEAM_MANAGER: 200}

MATRIX = {
    "casework:step_up_request": ("get", WORKERS, 302),
    "casework:step_up_detail": ("get", READERS, 302),
    "casework:step_up_agree": ("get", MANAGERS, 302),
    "casework:step_up_decide": ("get", DECIDERS, 302),
    "casework:step_down_record": ("get", READERS, 302),
    "casework:closure_request": ("get", WORKERS, 302),
    "casework:closure_sign_off": ("get", MANAGERS, 302),
    "casework:episode_reopen": ("get", MANAGERS, 302),
}


def extend_world(world) -> dict:
    """A family with a step-up waiting, one waiting for closure sign-off, a closed one, and a step-down."""
    from django.utils import timezone

    from earlyhelp.casework.models import Closure, Episode, EpisodeOrigin, StepUp
    from earlyhelp.core.testing import make_allocated_episode

    practitioner = world["users"][Role.LEAD_PRACTITIONER]
    today = timezone.localdate()
    stepping_up = make_allocated_episode(lead_practitioner=practitioner)
    step_up = StepUp.objects.create(episode=stepping_up, requested_by=practitioner, requested_on=today, reasons="Risk")
    closing = make_allocated_episode(lead_practitioner=practitioner)
    Episode.objects.filter(pk=closing.pk).update(status="closing")
    Closure.objects.create(episode=closing, reason="needs_met", requested_by=practitioner, requested_on=today)
    closed = make_allocated_episode(lead_practitioner=practitioner)
    Episode.objects.filter(pk=closed.pk).update(status="closed", closed_on=today)
    stepped_down = Episode.objects.create(
        household=world["household"], origin=EpisodeOrigin.STEP_DOWN, opened_on=today, team=practitioner.team
    )
    return {"transitions_step_up": step_up, "transitions_closing": closing, "transitions_closed": closed,
            "transitions_step_down": stepped_down}


def path(name: str, world) -> str | None:
    if name in {"casework:step_up_detail", "casework:step_up_agree", "casework:step_up_decide"}:
        step_up = world["transitions_step_up"]
        return reverse(name, kwargs={"episode_pk": step_up.episode_id, "pk": step_up.pk})
    episode = {
        "casework:closure_sign_off": world.get("transitions_closing"),
        "casework:episode_reopen": world.get("transitions_closed"),
        "casework:step_down_record": world.get("transitions_step_down"),
    }.get(name)
    return reverse(name, kwargs={"episode_pk": episode.pk}) if episode is not None else None
