import pytest

from earlyhelp.referrals.tests.factories import ensure_front_door_reference_data


@pytest.fixture(autouse=True)
def front_door_reference_data(db):
    """Levels of need and decision clocks, even after a transactional test emptied the tables."""
    ensure_front_door_reference_data()
