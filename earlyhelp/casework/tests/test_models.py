"""Episode and closure invariants held by database constraints."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from earlyhelp.accounts.models import Role
from earlyhelp.casework.models import Episode
from earlyhelp.core.testing import make_allocated_episode, make_household, make_team, make_user

pytestmark = pytest.mark.django_db


def test_episode_cannot_close_before_it_opened():
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    episode = make_allocated_episode(lead_practitioner=practitioner, opened_on=date(2025, 3, 1))
    episode.status = "closed"
    episode.closed_on = date(2025, 2, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        episode.save()


def test_closed_status_needs_a_closed_date_and_open_status_forbids_one():
    household = make_household()
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(household=household, opened_on=date(2025, 1, 1), status="closed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(household=household, opened_on=date(2025, 1, 1), closed_on=date(2025, 2, 1))


def test_an_allocated_episode_has_a_lead_practitioner():
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(household=make_household(), opened_on=date(2025, 1, 1), status="allocated")


def test_status_outside_the_lifecycle_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(household=make_household(), opened_on=date(2025, 1, 1), status="limbo")
