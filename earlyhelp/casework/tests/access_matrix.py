"""Casework's rows in the authorisation matrix (tests/test_authorisation_matrix.py)."""

from earlyhelp.accounts.models import Role

ROLES = [r.value for r in Role]
# The world's episode is allocated to the practitioner in the manager's team; the front door sees everyone.
EPISODE_READERS = {**dict.fromkeys(ROLES, 404), Role.FRONT_DOOR: 200, Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}

MATRIX = {
    "casework:episode_detail": ("get", EPISODE_READERS, 302),
}
