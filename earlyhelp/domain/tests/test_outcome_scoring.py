from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earlyhelp.domain.outcome_scoring import (
    FamilyReadings,
    Reading,
    classify,
    cohort_summary,
    distance_travelled,
    falls,
    overall_change,
    twelve_week_cohort,
    validate_scores,
)

AREAS = ["health", "wellbeing", "safety", "routine", "money"]
scores = st.dictionaries(st.sampled_from(AREAS), st.integers(min_value=1, max_value=10), min_size=1)
BASELINE_DAY = date(2025, 1, 6)


def test_given_two_readings_then_distance_is_per_shared_area():
    baseline = {"health": 3, "safety": 5, "money": 2}
    later = {"health": 6, "safety": 4, "routine": 7}
    assert distance_travelled(baseline, later) == {"health": 3, "safety": -1}
    assert overall_change(baseline, later) == 1.0
    assert classify(baseline, later) == "improved"
    assert falls(baseline, later) == ["safety"]


def test_given_a_rise_of_one_point_then_the_family_improved():
    assert classify({"health": 4}, {"health": 5}) == "improved"


def test_given_rises_and_falls_that_cancel_then_the_family_is_unchanged():
    assert classify({"health": 4, "money": 6}, {"health": 6, "money": 4}) == "unchanged"
    assert overall_change({"health": 4, "money": 6}, {"health": 6, "money": 4}) == 0.0


def test_given_a_mean_change_then_it_is_rounded_to_one_decimal_place():
    assert overall_change({"a": 1, "b": 1, "c": 1}, {"a": 2, "b": 2, "c": 1}) == 0.7


def test_given_no_shared_area_then_change_cannot_be_measured():
    with pytest.raises(ValueError, match="no area in common"):
        classify({"health": 3}, {"money": 3})
    with pytest.raises(ValueError, match="no area in common"):
        overall_change({}, {})


@pytest.mark.parametrize("bad", [0, 11, -1, 5.5, "5", True, None])
def test_given_a_score_outside_1_to_10_then_it_is_refused(bad):
    with pytest.raises(ValueError, match="whole number from 1 to 10"):
        validate_scores({"health": bad})
    with pytest.raises(ValueError, match="whole number from 1 to 10"):
        distance_travelled({"health": 5}, {"health": bad})


@given(scores, scores)
def test_given_any_readings_then_swapping_them_flips_improved_and_worse(baseline, later):
    if not set(baseline) & set(later):
        return
    flipped = {"improved": "worse", "worse": "improved", "unchanged": "unchanged"}
    assert classify(later, baseline) == flipped[classify(baseline, later)]
    assert overall_change(later, baseline) == -overall_change(baseline, later)


@given(scores)
def test_given_the_same_reading_twice_then_nothing_changed(reading):
    assert classify(reading, reading) == "unchanged"
    assert falls(reading, reading) == []


@given(scores, scores)
def test_given_any_readings_then_classification_agrees_with_the_sign_of_the_mean(baseline, later):
    if not set(baseline) & set(later):
        return
    changes = distance_travelled(baseline, later)
    expected = (
        "improved" if sum(changes.values()) > 0 else "worse" if sum(changes.values()) < 0 else "unchanged"
    )
    assert classify(baseline, later) == expected
    assert set(falls(baseline, later)) == {area for area, change in changes.items() if change < 0}


def reading(days, **area_scores):
    return Reading(BASELINE_DAY + timedelta(days=days), area_scores)


def family(*later, **baseline):
    return FamilyReadings(baseline=Reading(BASELINE_DAY, baseline or {"health": 5}), later=list(later))


@pytest.mark.parametrize(("days", "evaluated"), [(69, False), (70, True), (112, True), (113, False)])
def test_given_a_single_reading_then_the_window_is_10_to_16_weeks_inclusive(days, evaluated):
    cohort = twelve_week_cohort({"f": family(reading(days, health=6))})
    assert cohort["f"].evaluated is evaluated


def test_given_several_readings_then_the_one_nearest_12_weeks_is_used():
    cohort = twelve_week_cohort(
        {
            "f": family(
                reading(72, health=9),
                reading(86, health=3),
                reading(110, health=9),
                reading(84 - 30, health=9),
            )
        }
    )
    assert cohort["f"].reading.taken_on == BASELINE_DAY + timedelta(days=86)
    assert cohort["f"].classification == "worse"


def test_given_two_readings_equally_near_then_the_earlier_is_used():
    cohort = twelve_week_cohort({"f": family(reading(88, health=9), reading(80, health=1))})
    assert cohort["f"].reading.taken_on == BASELINE_DAY + timedelta(days=80)


def test_given_a_reading_with_no_shared_area_then_it_is_ignored():
    cohort = twelve_week_cohort({"f": family(reading(84, money=9), reading(100, health=6))})
    assert cohort["f"].reading.taken_on == BASELINE_DAY + timedelta(days=100)


def test_given_a_custom_window_then_it_is_used():
    cohort = twelve_week_cohort({"f": family(reading(60, health=6))}, window_start_weeks=8, target_weeks=8)
    assert cohort["f"].classification == "improved"
    with pytest.raises(ValueError, match="inside the window"):
        twelve_week_cohort({}, window_start_weeks=13)


def test_given_a_cohort_then_the_summary_counts_and_shares_the_evaluated_families():
    cohort = twelve_week_cohort(
        {
            "a": family(reading(84, health=7, money=3), health=5, money=3),
            "b": family(reading(84, health=6), health=5),
            "c": family(reading(84, health=5), health=5),
            "d": family(reading(84, health=4), health=5),
            "e": family(reading(30, health=9)),
        }
    )
    summary = cohort_summary(cohort)
    assert (summary.families, summary.evaluated, summary.not_evaluated) == (5, 4, 1)
    assert summary.counts == {"improved": 2, "unchanged": 1, "worse": 1}
    assert summary.shares == {"improved": 0.5, "unchanged": 0.25, "worse": 0.25}
    assert summary.area_changes == {"health": {-1: 1, 0: 1, 1: 1, 2: 1}, "money": {0: 1}}
    assert summary.area_mean_change == {"health": 0.5, "money": 0.0}


def test_given_an_empty_cohort_then_the_summary_is_zero():
    summary = cohort_summary({})
    assert summary.evaluated == 0
    assert summary.shares == {"improved": 0.0, "unchanged": 0.0, "worse": 0.0}


# --- Reasons for falls and financial quarters -----------------------------------------------------

from earlyhelp.domain.outcome_scoring import (  # noqa: E402
    falls_without_reason,
    financial_quarter,
    financial_quarter_label,
)


def test_given_a_fall_with_a_blank_reason_then_it_still_needs_one():
    assert falls_without_reason({"health": 5, "money": 5}, {"health": 4, "money": 3}, {"health": "  ", "money": "Lost job"}) == [
        "health"
    ]


def test_given_a_fall_of_one_point_then_it_needs_a_reason():
    assert falls_without_reason({"health": 5}, {"health": 4}, {}) == ["health"]


def test_given_no_fall_then_no_reason_is_needed():
    assert falls_without_reason({"health": 5}, {"health": 5}, {}) == []
    assert falls_without_reason({"health": 5}, {"money": 1}, {}) == []


@given(scores, scores, st.dictionaries(st.sampled_from(AREAS), st.text(max_size=3)))
def test_given_any_readings_then_missing_reasons_are_the_falls_with_blank_reasons(previous, later, reasons):
    missing = falls_without_reason(previous, later, reasons)
    assert set(missing) <= set(falls(previous, later))
    assert all(not reasons.get(area, "").strip() for area in missing)
    assert all(reasons[area].strip() for area in set(falls(previous, later)) - set(missing))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 31), (2025, 4)),
        (date(2026, 4, 1), (2026, 1)),
        (date(2026, 6, 30), (2026, 1)),
        (date(2026, 7, 1), (2026, 2)),
        (date(2026, 12, 31), (2026, 3)),
        (date(2027, 1, 1), (2026, 4)),
    ],
)
def test_given_a_day_then_its_financial_quarter_starts_in_april(day, expected):
    assert financial_quarter(day) == expected


@given(st.dates())
def test_given_any_day_then_the_quarter_label_names_its_month(day):
    year, quarter = financial_quarter(day)
    label = financial_quarter_label(year, quarter)
    first, _, last, label_year = label.split(" ")
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    assert months.index(first) <= day.month - 1 <= months.index(last)
    assert label_year == str(day.year)


def test_given_a_quarter_outside_1_to_4_then_it_is_refused():
    with pytest.raises(ValueError, match="1 to 4"):
        financial_quarter_label(2026, 5)
