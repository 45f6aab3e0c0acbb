"""Reporting's rows in the authorisation matrix (tests/test_authorisation_matrix.py)."""

from earlyhelp.accounts.models import Role

ROLES = [r.value for r in Role]
# Figures and pseudonymised lists: performance leads and team managers, nobody else.
FIGURE_READERS = {**dict.fromkeys(ROLES, 404), Role.PERFORMANCE_LEAD: 200, Role.TEAM_MANAGER: 200}

MATRIX = {
    "reporting:dashboard": ("get", FIGURE_READERS, 302),
}
