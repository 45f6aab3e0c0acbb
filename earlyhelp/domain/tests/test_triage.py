from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earlyhelp.domain.triage import (
    TRIAGE_OUTCOMES,
    URGENCIES,
    is_overdue,
    is_re_referral,
    needs_manager_oversight,
    queue_sort_key,
    surge,
)

NOON = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def test_given_the_code_lists_then_they_are_the_agreed_codes():
    assert [code for code, _ in TRIAGE_OUTCOMES] == [
        "advice",
        "single_agency",
        "targeted_early_help",
        "social_care",
        "nfa",
    ]
    assert [code for code, _ in URGENCIES] == ["immediate", "urgent", "routine"]


def test_given_a_queue_then_immediate_comes_first_then_least_time_left():
    contacts = [
        ("routine-later", "routine", NOON + timedelta(hours=30), NOON),
        ("immediate", "immediate", NOON + timedelta(hours=40), NOON + timedelta(hours=2)),
        ("urgent-tie", "urgent", NOON + timedelta(hours=5), NOON + timedelta(hours=1)),
        ("routine-soon", "routine", NOON + timedelta(hours=2), NOON),
        ("routine-tie", "routine", NOON + timedelta(hours=5), NOON - timedelta(hours=1)),
    ]
    ordered = sorted(contacts, key=lambda c: queue_sort_key(c[1], c[2], c[3]))
    assert [c[0] for c in ordered] == [
        "immediate",
        "routine-soon",
        "urgent-tie",
        "routine-tie",
        "routine-later",
    ]


def test_given_an_unknown_urgency_then_the_sort_key_refuses_it():
    with pytest.raises(ValueError, match="Unknown urgency"):
        queue_sort_key("whenever", NOON, NOON)


def test_given_the_deadline_then_overdue_starts_just_after_it():
    assert is_overdue(NOON, NOON) is False
    assert is_overdue(NOON, NOON + timedelta(seconds=1)) is True
    assert is_overdue(NOON, NOON - timedelta(hours=1)) is False


@pytest.mark.parametrize(
    ("outcome", "oversight"),
    [
        ("social_care", True),
        ("nfa", True),
        ("advice", False),
        ("single_agency", False),
        ("targeted_early_help", False),
    ],
)
def test_given_an_outcome_then_only_social_care_and_nfa_need_a_manager(outcome, oversight):
    assert needs_manager_oversight(outcome) is oversight


def test_given_fewer_than_7_days_of_history_then_there_is_no_alert():
    assert surge([10] * 6, 500) is None


def test_given_a_steady_history_when_today_is_well_above_then_there_is_an_alert():
    alert = surge([20, 22, 18, 21, 19, 20, 20] * 4, 40)
    assert alert is not None
    assert alert.usual_daily_mean == 20.0
    assert alert.message == "40 contacts today, against a usual 20.0 a day over the last 28 days."


def test_given_a_steady_history_when_today_is_a_little_above_then_there_is_no_alert():
    assert surge([20, 22, 18, 21, 19, 20, 20] * 4, 29) is None


def test_given_a_flat_history_when_today_is_above_but_under_one_and_a_half_times_then_there_is_no_alert():
    assert surge([20] * 28, 29) is None
    assert surge([20] * 28, 30) is not None


def test_given_a_volatile_history_when_today_is_double_but_within_two_sd_then_there_is_no_alert():
    assert surge([0, 40] * 14, 40) is None


def test_given_a_quiet_service_when_a_few_contacts_arrive_then_there_is_no_alert():
    assert surge([0] * 28, 4) is None
    assert surge([0] * 28, 5) is not None


def test_given_more_than_28_days_then_only_the_last_28_count():
    assert surge([100] * 50 + [10] * 28, 30) is not None


def test_given_negative_counts_then_they_are_refused():
    with pytest.raises(ValueError, match="negative"):
        surge([1] * 10, -1)


def test_given_a_referral_within_12_months_then_it_is_a_re_referral():
    assert is_re_referral([date(2024, 6, 1)], date(2025, 5, 31)) is True
    assert is_re_referral([date(2024, 6, 1)], date(2025, 6, 1)) is True  # inclusive
    assert is_re_referral([date(2024, 6, 1)], date(2025, 6, 2)) is False


def test_given_no_earlier_referral_then_it_is_not_a_re_referral():
    assert is_re_referral([], date(2025, 6, 1)) is False
    assert is_re_referral([date(2025, 6, 1)], date(2025, 6, 1)) is False  # the same referral
    assert is_re_referral([date(2025, 7, 1)], date(2025, 6, 1)) is False  # a later one


def test_given_a_referral_on_29_february_then_one_year_earlier_is_28_february():
    assert is_re_referral([date(2027, 2, 28)], date(2028, 2, 29)) is True
    assert is_re_referral([date(2027, 2, 27)], date(2028, 2, 29)) is False


def test_given_a_previous_referral_on_29_february_then_it_counts_until_1_march_next_year():
    assert is_re_referral([date(2024, 2, 29)], date(2025, 2, 28)) is True
    assert is_re_referral([date(2024, 2, 29)], date(2025, 3, 1)) is False


@given(
    st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 1, 1)), st.integers(min_value=1, max_value=800)
)
def test_given_any_gap_then_re_referral_means_within_365_or_366_days(this_date, gap):
    previous = this_date - timedelta(days=gap)
    if gap <= 365:
        assert is_re_referral([previous], this_date)
    if gap > 366:
        assert not is_re_referral([previous], this_date)
