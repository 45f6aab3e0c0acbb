"""Meetings' rows in the authorisation matrix (tests/test_authorisation_matrix.py).

The family's team reads and changes its meetings; the front door reads them (it sees every family);
a partner reads only the meetings they are invited to (not so in the matrix's world; see
tests/test_views.py). Adding the actions to the plan is a POST: asked with GET it is 405."""

from django.urls import reverse

from earlyhelp.accounts.models import Role

ROLES = [r.value for r in Role]
READERS = {**dict.fromkeys(ROLES, 404), Role.FRONT_DOOR: 200, Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}
EDITORS = {**dict.fromkeys(ROLES, 404), Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}
EDITORS_POST_ONLY = {**dict.fromkeys(ROLES, 404), Role.LEAD_PRACTITIONER: 405, Role.TEAM_MANAGER: 405}

MATRIX = {
    "meetings:meeting_list": ("get", READERS, 302),
    "meetings:meeting_new": ("get", EDITORS, 302),
    "meetings:meeting_detail": ("get", READERS, 302),
    "meetings:meeting_print": ("get", READERS, 302),
    "meetings:meeting_invite": ("get", EDITORS, 302),
    "meetings:meeting_attendance": ("get", EDITORS, 302),
    "meetings:meeting_minutes": ("get", EDITORS, 302),
    "meetings:meeting_action_new": ("get", EDITORS, 302),
    "meetings:meeting_to_plan": ("get", EDITORS_POST_ONLY, 302),
    "meetings:meeting_action_status": ("get", EDITORS, 302),
}


def extend_world(world) -> dict:
    from django.utils import timezone

    from earlyhelp.meetings.models import Meeting

    episode = world["episode"]
    meeting = Meeting.objects.create(episode=episode, scheduled_for=timezone.now(), chaired_by=episode.lead_practitioner)
    action = meeting.actions.create(what="Book a school meeting", owner_name="School")
    return {"meeting": meeting, "meeting_action": action}


def path(name, world):
    if name == "meetings:meeting_action_status":
        return reverse(name, kwargs={"episode_pk": world["episode"].pk, "meeting_pk": world["meeting"].pk,
                                     "action_pk": world["meeting_action"].pk})
    if name in MATRIX and name not in {"meetings:meeting_list", "meetings:meeting_new"}:
        return reverse(name, kwargs={"episode_pk": world["episode"].pk, "meeting_pk": world["meeting"].pk})
    return None
