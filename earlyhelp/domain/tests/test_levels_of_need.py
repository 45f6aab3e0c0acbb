import pytest
from hypothesis import given
from hypothesis import strategies as st

from earlyhelp.domain.levels_of_need import (
    DEFAULT_LEVELS,
    IdentifiedNeed,
    Level,
    Recommendation,
    check_override,
    level_for,
    levels_problems,
    recommend,
)
from earlyhelp.domain.triage import TRIAGE_OUTCOMES


def need(code="N", *, unmet=True, single=True, complex=False):
    return IdentifiedNeed(code=code, label=code, unmet=unmet, single_agency_can_meet=single, complex=complex)


SIMPLE = need("simple")
COMPLEX = need("complex", single=False, complex=True)


def test_given_no_needs_then_advice_and_signposting_at_level_1():
    result = recommend([], statutory_concern=False)
    assert result == Recommendation(
        "advice", 1, "No unmet needs: advice and signposting to universal services."
    )


def test_given_only_met_needs_then_advice_and_signposting():
    result = recommend(
        [need(unmet=False), need(unmet=False, single=False, complex=True)], statutory_concern=False
    )
    assert (result.outcome, result.level) == ("advice", 1)
    assert (
        result.reason == "No unmet needs (2 already being met): advice and signposting to universal services."
    )


@pytest.mark.parametrize("count", [1, 2])
def test_given_one_or_two_simple_needs_then_a_single_agency_response_at_level_2(count):
    result = recommend([SIMPLE] * count, statutory_concern=False)
    assert (result.outcome, result.level) == ("single_agency", 2)
    noun = "need" if count == 1 else "needs"
    assert result.reason == f"{count} unmet {noun} that one agency can meet: a single-agency response."


def test_given_three_complex_needs_then_targeted_early_help_at_level_3():
    result = recommend([COMPLEX] * 3, statutory_concern=False)
    assert result == Recommendation(
        "targeted_early_help",
        3,
        "3 unmet needs that are complex and beyond one agency: an Early Help Assessment with a Team Around the Family.",
    )


def test_given_three_simple_needs_then_targeted_early_help_because_three_is_beyond_single_agency():
    result = recommend([SIMPLE] * 3, statutory_concern=False)
    assert (result.outcome, result.level) == ("targeted_early_help", 3)
    assert result.reason.startswith("3 unmet needs, more than a single agency should meet alone")


def test_given_one_need_beyond_one_agency_then_targeted_early_help():
    result = recommend([need(single=False)], statutory_concern=False)
    assert (result.outcome, result.level) == ("targeted_early_help", 3)
    assert result.reason.startswith("1 unmet need that is complex or beyond one agency:")


def test_given_a_complex_need_that_one_agency_could_meet_then_it_still_counts_as_complex():
    result = recommend([need(complex=True), SIMPLE], statutory_concern=False)
    assert result.outcome == "targeted_early_help"
    assert result.reason.startswith("2 unmet needs, 1 of them complex or beyond one agency:")


def test_given_mixed_needs_when_three_or_more_then_the_reason_counts_the_complex_ones():
    result = recommend([COMPLEX, SIMPLE, SIMPLE, need(unmet=False)], statutory_concern=False)
    assert result.reason == (
        "3 unmet needs, 1 of them complex or beyond one agency: "
        "an Early Help Assessment with a Team Around the Family."
    )


def test_given_a_statutory_concern_then_social_care_at_level_4_whatever_the_needs():
    for needs in ([], [SIMPLE], [COMPLEX] * 5):
        result = recommend(needs, statutory_concern=True)
        assert (result.outcome, result.level) == ("social_care", 4)
        assert "significant harm" in result.reason


needs_lists = st.lists(
    st.builds(need, unmet=st.booleans(), single=st.booleans(), complex=st.booleans()), max_size=8
)


@given(needs_lists)
def test_given_any_needs_then_adding_an_unmet_need_never_lowers_the_level(needs):
    before = recommend(needs, statutory_concern=False)
    for extra in (SIMPLE, COMPLEX):
        assert recommend([*needs, extra], statutory_concern=False).level >= before.level


@given(needs_lists, st.booleans())
def test_given_any_needs_then_the_recommendation_is_a_triage_outcome_with_one_sentence(needs, statutory):
    result = recommend(needs, statutory_concern=statutory)
    assert result.outcome in dict(TRIAGE_OUTCOMES)
    assert level_for(result.level).number == result.level
    assert result.reason.endswith(".")
    assert ". " not in result.reason


def test_given_the_recommended_outcome_then_no_reason_is_needed():
    recommended = recommend([SIMPLE], statutory_concern=False)
    assert check_override(recommended, "single_agency", None) == []


def test_given_a_different_outcome_without_a_reason_then_a_reason_is_asked_for():
    recommended = recommend([SIMPLE], statutory_concern=False)
    assert check_override(recommended, "nfa", "  ") == [
        "Enter a reason for choosing no further action instead of the recommended single-agency response"
    ]
    assert check_override("single_agency", "nfa", "Family already supported by the school") == []


def test_given_an_unknown_outcome_then_it_is_refused():
    assert check_override("advice", "maybe", "because") == ["Select a triage outcome"]


def test_given_the_default_levels_then_they_are_the_four_levels():
    assert [(level.number, level.name) for level in DEFAULT_LEVELS] == [
        (1, "Universal"),
        (2, "Additional"),
        (3, "Complex or multiple"),
        (4, "Acute or statutory"),
    ]
    assert levels_problems(DEFAULT_LEVELS) == []
    assert level_for(3).name == "Complex or multiple"


def test_given_a_broken_framework_then_its_problems_are_listed():
    levels = (Level(1, "One", ""), Level(3, " ", ""))
    assert levels_problems(levels) == [
        "Number the levels 1, 2, 3 and so on, in order, with no gaps",
        "Enter a name for every level",
        "The threshold rule needs levels 2, 4",
    ]
    with pytest.raises(ValueError, match="no level 2"):
        level_for(2, levels)
