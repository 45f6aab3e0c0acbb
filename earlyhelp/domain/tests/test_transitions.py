from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earlyhelp.domain.transitions import age_on, birthday, transition_prompts


def test_given_a_birthday_then_the_age_changes_on_the_day():
    dob = date(2009, 5, 3)
    assert age_on(dob, date(2027, 5, 2)) == 17
    assert age_on(dob, date(2027, 5, 3)) == 18
    assert age_on(dob, dob) == 0


def test_given_a_29_february_birthday_then_the_new_age_starts_on_1_march_in_common_years():
    dob = date(2008, 2, 29)
    assert age_on(dob, date(2026, 2, 28)) == 17
    assert age_on(dob, date(2026, 3, 1)) == 18
    assert age_on(dob, date(2028, 2, 28)) == 19
    assert age_on(dob, date(2028, 2, 29)) == 20
    assert birthday(dob, 18) == date(2026, 3, 1)
    assert birthday(dob, 20) == date(2028, 2, 29)


def test_given_a_date_before_birth_then_age_is_refused():
    with pytest.raises(ValueError, match="before the date of birth"):
        age_on(date(2020, 1, 1), date(2019, 12, 31))


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)), st.integers(min_value=0, max_value=30)
)
def test_given_any_birth_date_then_the_age_turns_over_exactly_on_the_birthday(dob, age):
    turns = birthday(dob, age)
    assert age_on(dob, turns) == age
    if turns > dob:
        assert age_on(dob, turns - timedelta(days=1)) == age - 1


def test_given_a_17_year_old_within_6_months_of_18_then_the_move_to_adult_services_is_prompted():
    assert transition_prompts(date(2009, 5, 3), date(2026, 11, 3)) == [
        "Turns 18 on 3 May 2027: plan the move to adult services."
    ]


def test_given_a_17_year_old_more_than_6_months_from_18_then_there_is_no_prompt():
    assert transition_prompts(date(2009, 5, 3), date(2026, 11, 2)) == []


def test_given_an_18_year_old_then_adult_services_lead_and_exploitation_support_can_continue():
    assert transition_prompts(date(2009, 5, 3), date(2027, 5, 3)) == [
        "Turned 18 on 3 May 2027: adult services lead now, and support from exploitation programmes "
        "can continue until 3 May 2031."
    ]


def test_given_a_21_year_old_near_22_then_the_end_of_exploitation_support_is_prompted():
    prompts = transition_prompts(date(2009, 5, 3), date(2031, 1, 1))
    assert (
        prompts[-1]
        == "Turns 22 on 3 May 2031: support from exploitation programmes ends, so plan what follows."
    )


def test_given_a_22_year_old_or_a_child_then_there_are_no_prompts():
    assert transition_prompts(date(2009, 5, 3), date(2031, 5, 3)) == []
    assert transition_prompts(date(2020, 1, 1), date(2025, 1, 1)) == []


def test_given_a_29_february_birthday_then_the_prompt_names_1_march():
    assert transition_prompts(date(2008, 2, 29), date(2026, 1, 1)) == [
        "Turns 18 on 1 March 2026: plan the move to adult services."
    ]


def test_given_other_ages_then_the_prompts_use_them():
    prompts = transition_prompts(
        date(2009, 5, 3), date(2028, 4, 1), adult_services_age=19, prompt_months_before=2
    )
    assert prompts == ["Turns 19 on 3 May 2028: plan the move to adult services."]
