"""Plans' rows in the authorisation matrix (tests/test_authorisation_matrix.py).

Reading the plan follows the episode's door (the front door, the team); changing it needs the team
(lead practitioner, team members, manager). A partner reads only when invited to the family's Team
Around the Family meeting (not so in the matrix's world; see tests/test_views.py)."""

from earlyhelp.accounts.models import Role

ROLES = [r.value for r in Role]
READERS = {**dict.fromkeys(ROLES, 404), Role.FRONT_DOOR: 200, Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}
EDITORS = {**dict.fromkeys(ROLES, 404), Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}

MATRIX = {
    "plans:plan": ("get", READERS, 302),
    "plans:plan_print": ("get", READERS, 302),
    "plans:plan_versions": ("get", READERS, 302),
    "plans:plan_edit": ("get", EDITORS, 302),
    "plans:plan_agree": ("get", EDITORS, 302),
    "plans:review_new": ("get", EDITORS, 302),
}


def extend_world(world) -> dict:
    """A first plan for the world's episode, so 'agree the plan' has something to agree."""
    from earlyhelp.plans.models import Plan

    episode = world["episode"]
    plan = Plan.objects.create(
        episode=episode, version=1, written_by=episode.lead_practitioner, worried_about="School attendance"
    )
    return {"plan": plan}
