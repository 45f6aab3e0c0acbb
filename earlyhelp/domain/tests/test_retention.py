from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earlyhelp.domain.retention import RetentionPolicy, is_due, retention_ends

POLICY = RetentionPolicy(years_after_closure=6, until_youngest_child_age=25)


def test_retention_runs_to_the_later_of_closure_plus_years_and_the_youngest_childs_25th_birthday():
    assert retention_ends(last_closed_on=date(2020, 5, 1), youngest_child_born=date(2010, 1, 1), policy=POLICY) == date(2035, 1, 1)
    assert retention_ends(last_closed_on=date(2020, 5, 1), youngest_child_born=date(1990, 1, 1), policy=POLICY) == date(2026, 5, 1)
    assert retention_ends(last_closed_on=date(2020, 5, 1), youngest_child_born=None, policy=POLICY) == date(2026, 5, 1)


def test_due_on_the_day_retention_ends_and_not_the_day_before():
    kwargs = {"last_closed_on": date(2020, 5, 1), "youngest_child_born": None, "policy": POLICY}
    assert not is_due(today=date(2026, 4, 30), **kwargs)
    assert is_due(today=date(2026, 5, 1), **kwargs)


def test_leap_day_closure_ends_on_28_february():
    assert retention_ends(last_closed_on=date(2020, 2, 29), youngest_child_born=None, policy=RetentionPolicy(1, 0)) == date(2021, 2, 28)


def test_negative_periods_are_refused():
    with pytest.raises(ValueError, match="negative"):
        RetentionPolicy(years_after_closure=-1)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 1, 1)), st.dates(min_value=date(1980, 1, 1), max_value=date(2060, 1, 1)))
def test_retention_never_ends_before_closure_plus_years(closed, born):
    assert retention_ends(last_closed_on=closed, youngest_child_born=born, policy=POLICY) >= retention_ends(
        last_closed_on=closed, youngest_child_born=None, policy=POLICY
    )
