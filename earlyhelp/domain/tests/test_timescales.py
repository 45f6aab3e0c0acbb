from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earlyhelp.domain.timescales import (
    DEFAULT_TIMESCALES,
    LOCAL_TIMEZONE,
    TimescaleSettings,
    add_months,
    add_working_days,
    decision_due,
    england_and_wales_bank_holidays,
    episode_length_band,
    format_date,
    is_working_day,
    plan_review_due,
    weeks_between,
    working_day_on_or_after,
    working_days_between,
)

HOLIDAYS = england_and_wales_bank_holidays()
dates = st.dates(min_value=date(2001, 1, 1), max_value=date(2059, 6, 30))
working_days = st.integers(min_value=0, max_value=60)


def test_given_christmas_2025_when_adding_10_working_days_then_it_is_8_january():
    assert {date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1)} <= HOLIDAYS
    assert add_working_days(date(2025, 12, 22), 10, HOLIDAYS) == date(2026, 1, 8)


def test_given_a_friday_when_adding_one_working_day_then_it_is_monday():
    assert add_working_days(date(2025, 3, 7), 1, HOLIDAYS) == date(2025, 3, 10)


def test_given_a_saturday_when_adding_one_working_day_then_it_is_monday():
    assert add_working_days(date(2025, 3, 8), 1, HOLIDAYS) == date(2025, 3, 10)


def test_given_zero_days_then_a_working_day_is_itself_and_a_weekend_rolls_forward():
    assert add_working_days(date(2025, 3, 7), 0, HOLIDAYS) == date(2025, 3, 7)
    assert add_working_days(date(2025, 3, 8), 0, HOLIDAYS) == date(2025, 3, 10)
    assert add_working_days(date(2025, 4, 18), 0, HOLIDAYS) == date(2025, 4, 22)  # Good Friday


def test_given_negative_days_then_it_counts_back():
    assert add_working_days(date(2025, 3, 10), -1, HOLIDAYS) == date(2025, 3, 7)
    assert add_working_days(date(2026, 1, 2), -1, HOLIDAYS) == date(2025, 12, 31)


def test_given_2030_easter_then_deadlines_skip_the_generated_holidays():
    assert add_working_days(date(2030, 4, 18), 1, HOLIDAYS) == date(2030, 4, 23)


def test_given_dates_when_counting_working_days_then_the_start_is_not_counted():
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 7), HOLIDAYS) == 0
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 10), HOLIDAYS) == 1
    assert working_days_between(date(2025, 12, 22), date(2026, 1, 8), HOLIDAYS) == 10
    assert working_days_between(date(2026, 1, 8), date(2025, 12, 22), HOLIDAYS) == -10


@given(dates, st.integers(min_value=-60, max_value=60))
def test_given_any_start_when_adding_non_zero_working_days_then_it_lands_on_a_working_day(start, n):
    assert is_working_day(add_working_days(start, n, HOLIDAYS), HOLIDAYS)


@given(dates)
def test_given_any_day_when_adding_zero_then_it_lands_on_a_working_day(start):
    result = add_working_days(start, 0, HOLIDAYS)
    assert is_working_day(result, HOLIDAYS)
    assert result == working_day_on_or_after(start, HOLIDAYS)
    assert result >= start


@given(dates, st.integers(min_value=1, max_value=60))
def test_given_any_start_when_adding_then_counting_then_it_round_trips(start, n):
    assert working_days_between(start, add_working_days(start, n, HOLIDAYS), HOLIDAYS) == n


@given(dates, st.integers(min_value=-60, max_value=60))
def test_given_a_working_day_when_adding_then_counting_then_it_round_trips_both_ways(start, n):
    start = working_day_on_or_after(start, HOLIDAYS)
    assert working_days_between(start, add_working_days(start, n, HOLIDAYS), HOLIDAYS) == n


@given(dates, st.integers(min_value=0, max_value=200))
def test_given_any_span_then_the_count_matches_checking_each_day(start, span):
    end = start + timedelta(days=span)
    expected = sum(1 for i in range(1, span + 1) if is_working_day(start + timedelta(days=i), HOLIDAYS))
    assert working_days_between(start, end, HOLIDAYS) == expected


@given(dates, dates, working_days)
def test_given_two_starts_then_the_later_start_is_never_due_earlier(a, b, n):
    first, second = sorted([a, b])
    assert add_working_days(first, n, HOLIDAYS) <= add_working_days(second, n, HOLIDAYS)


def test_given_a_contact_on_friday_afternoon_then_the_decision_is_due_at_the_end_of_monday():
    received = datetime(2025, 3, 7, 16, 30, tzinfo=LOCAL_TIMEZONE)
    assert decision_due(received, 1, HOLIDAYS) == datetime(2025, 3, 10, 23, 59, 59, 999999, tzinfo=LOCAL_TIMEZONE)


def test_given_a_utc_time_late_in_a_summer_evening_then_the_uk_local_day_is_used():
    received = datetime(2025, 6, 5, 23, 30, tzinfo=UTC)  # 00:30 on Friday 6 June in London
    due = decision_due(received, 1, HOLIDAYS)
    assert due == datetime(2025, 6, 9, 23, 59, 59, 999999, tzinfo=LOCAL_TIMEZONE)
    assert due.utcoffset() == timedelta(hours=1)


def test_given_a_naive_time_then_the_due_time_is_naive_local():
    assert decision_due(datetime(2025, 3, 7, 9, 0), 1, HOLIDAYS) == datetime(2025, 3, 10, 23, 59, 59, 999999)


aware_times = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2059, 1, 1), timezones=st.just(UTC)
)


@given(aware_times, aware_times, working_days)
def test_given_two_receipt_times_then_the_due_time_is_monotonic(a, b, n):
    first, second = sorted([a, b])
    assert decision_due(first, n, HOLIDAYS) <= decision_due(second, n, HOLIDAYS)


@given(aware_times, working_days)
def test_given_any_receipt_then_the_due_time_is_end_of_a_working_day_not_before_receipt(received, n):
    due = decision_due(received, n, HOLIDAYS)
    assert due.timetz().replace(tzinfo=None) == time.max
    assert is_working_day(due.date(), HOLIDAYS)
    assert due >= received


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 15), 3, date(2025, 4, 15)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2024, 2, 29), -12, date(2023, 2, 28)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 12, 1), 1, date(2026, 1, 1)),
    ],
)
def test_given_a_date_when_adding_months_then_short_months_clamp_to_their_last_day(start, months, expected):
    assert add_months(start, months) == expected


def test_given_a_review_then_the_next_is_due_three_months_later():
    assert plan_review_due(date(2025, 11, 30)) == date(2026, 2, 28)
    assert plan_review_due(date(2025, 1, 1), TimescaleSettings(plan_review_months=1)) == date(2025, 2, 1)


def test_given_dates_then_weeks_between_counts_whole_weeks():
    assert weeks_between(date(2025, 1, 1), date(2025, 1, 7)) == 0
    assert weeks_between(date(2025, 1, 1), date(2025, 1, 8)) == 1
    assert weeks_between(date(2025, 1, 1), date(2025, 3, 26)) == 12
    assert weeks_between(date(2025, 1, 8), date(2025, 1, 1)) == -1
    assert weeks_between(date(2025, 1, 8), date(2025, 1, 2)) == 0


@pytest.mark.parametrize(
    ("days", "band"), [(83, "shorter"), (84, "within"), (112, "within"), (113, "longer")]
)
def test_given_an_episode_length_then_it_is_banded_against_12_to_16_weeks(days, band):
    opened = date(2025, 1, 6)
    assert episode_length_band(opened, opened + timedelta(days=days)) == band


def test_given_the_defaults_then_they_are_the_domain_timescales():
    assert DEFAULT_TIMESCALES == TimescaleSettings(
        decision_working_days=1,
        engagement_working_days=3,
        eha_working_days=35,
        plan_review_months=3,
        episode_target_min_weeks=12,
        episode_target_max_weeks=16,
        social_care_assessment_working_days=45,
        icpc_working_days=15,
    )


def test_given_bad_settings_then_they_are_refused():
    with pytest.raises(ValueError, match="negative"):
        TimescaleSettings(eha_working_days=-1)
    with pytest.raises(ValueError, match="episode_target_min_weeks"):
        TimescaleSettings(episode_target_min_weeks=20)


def test_given_a_date_then_it_is_formatted_the_gov_uk_way():
    assert format_date(date(2027, 5, 3)) == "3 May 2027"
