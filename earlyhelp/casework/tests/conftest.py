"""Builders for casework's tests: a team with its manager, a practitioner and a partner-agency worker."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_agency, make_team, make_user


@dataclass
class Pod:
    team: object
    manager: object
    practitioner: object
    school_worker: object


@pytest.fixture
def pod(db) -> Pod:
    team = make_team(label="North East pod")
    manager = make_user(Role.TEAM_MANAGER, team=team, first_name="Morgan", last_name="Manager")
    team.manager = manager
    team.save()
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=team, first_name="Priya", last_name="Practitioner")
    school = make_agency(label="Northmoor Primary School")
    school_worker = make_user(Role.LEAD_PRACTITIONER, team=team, agency=school, first_name="Sam", last_name="Teacher")
    return Pod(team, manager, practitioner, school_worker)
