import pytest

from earlyhelp.referrals.tests.factories import (
    ensure_front_door_reference_data,
    make_front_door,
    make_manager,
    make_partner,
)


@pytest.fixture(autouse=True)
def front_door_reference_data(db):
    """Levels of need and decision clocks, even after a transactional test emptied the tables."""
    ensure_front_door_reference_data()


@pytest.fixture
def partner():
    return make_partner()


@pytest.fixture
def front_door():
    return make_front_door()


@pytest.fixture
def manager():
    return make_manager()
