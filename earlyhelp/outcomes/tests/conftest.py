from datetime import timedelta

import pytest
from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def practitioner(team):
    return make_user(Role.LEAD_PRACTITIONER, team=team)


@pytest.fixture
def manager(team):
    user = make_user(Role.TEAM_MANAGER, team=team)
    team.manager = user
    team.save()
    return user


@pytest.fixture
def episode(practitioner):
    return make_allocated_episode(lead_practitioner=practitioner, opened_on=timezone.localdate() - timedelta(days=200))
