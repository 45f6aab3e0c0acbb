import itertools

import pytest

from earlyhelp.domain.episode_lifecycle import (
    ALLOWED_TRANSITIONS,
    TRANSITION_REQUIREMENTS,
    EpisodeFacts,
    EpisodeStatus,
    TransitionRefused,
    check_transition,
    problems_for,
    transition_problems,
)

ALL_PAIRS = list(itertools.product(EpisodeStatus, EpisodeStatus))

READY_FOR_EVERYTHING = EpisodeFacts(
    has_lead_practitioner=True,
    has_team=True,
    consent_recorded=True,
    assessment_authorised=True,
    closure_reason="needs_met",
    has_final_star_reading=True,
    manager_signed_off=True,
    step_up_reason="Disclosure of abuse at school",
    step_up_manager_agreed=True,
)


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_given_every_pair_then_it_is_either_allowed_or_refused_with_a_message_naming_both(current, target):
    if target in ALLOWED_TRANSITIONS[current]:
        check_transition(current, target)
        return
    with pytest.raises(TransitionRefused) as refused:
        check_transition(current, target)
    message = refused.value.message
    assert (refused.value.current, refused.value.target) == (current, target)
    assert str(refused.value) == message
    assert f"“{current.label}”" in message
    if current != target:
        assert message.startswith("An episode that is ")
        for onward in ALLOWED_TRANSITIONS[current]:
            assert f"“{onward.label}”" in message


def test_given_a_closed_episode_when_stepping_up_then_the_message_says_what_it_can_do():
    with pytest.raises(TransitionRefused) as refused:
        check_transition(EpisodeStatus.CLOSED, EpisodeStatus.STEPPED_UP)
    assert refused.value.message == (
        "An episode that is closed cannot be stepped up to social care. "
        "From “Closed” it can only move to “Allocated”."
    )


def test_given_the_same_status_then_it_is_refused_as_already_there():
    with pytest.raises(TransitionRefused, match="already working to a plan"):
        check_transition(EpisodeStatus.PLAN, EpisodeStatus.PLAN)


def test_given_status_values_as_strings_then_they_are_accepted():
    check_transition("plan", "closing")


def test_given_every_status_then_it_has_a_label_transitions_and_requirements():
    for status in EpisodeStatus:
        assert status.label
        assert status in ALLOWED_TRANSITIONS
        assert status in TRANSITION_REQUIREMENTS


@pytest.mark.parametrize("target", list(EpisodeStatus))
def test_given_everything_recorded_then_no_status_has_problems(target):
    assert problems_for(target, READY_FOR_EVERYTHING) == []


def test_given_nothing_recorded_when_allocating_then_lead_practitioner_and_team_are_asked_for():
    assert problems_for(EpisodeStatus.ALLOCATED, EpisodeFacts()) == [
        "Select a lead practitioner",
        "Select a team",
    ]


def test_given_no_consent_when_assessing_then_consent_or_a_reason_is_needed():
    assert problems_for(EpisodeStatus.ASSESSMENT, EpisodeFacts()) == [
        "Record the family's consent to the assessment, or the reason for going ahead without it"
    ]
    assert problems_for(EpisodeStatus.ASSESSMENT, EpisodeFacts(no_consent_reason="Risk to the child")) == []
    assert problems_for(EpisodeStatus.ASSESSMENT, EpisodeFacts(no_consent_reason="   ")) != []


def test_given_an_unauthorised_assessment_when_starting_the_plan_then_sign_off_is_needed():
    assert problems_for(EpisodeStatus.PLAN, EpisodeFacts()) == [
        "A manager must sign off the Early Help Assessment before the plan starts"
    ]


def test_given_nothing_recorded_when_closing_then_every_closure_requirement_is_listed():
    facts = EpisodeFacts(needs_without_outcome=2, star_falls_without_reason=1)
    assert problems_for(EpisodeStatus.CLOSING, facts) == [
        "Select a closure reason",
        "Record an outcome for every identified need: 2 needs have none",
        "Record a final star reading with the family, or the reason there is none",
        "Record why the score fell in 1 star area",
    ]


def test_given_an_unknown_closure_reason_then_it_is_refused():
    facts = EpisodeFacts(closure_reason="bored", no_star_reason="Family declined")
    assert problems_for(EpisodeStatus.CLOSING, facts) == ["Select a closure reason"]


def test_given_one_need_without_outcome_then_the_message_is_singular():
    facts = EpisodeFacts(closure_reason="needs_met", has_final_star_reading=True, needs_without_outcome=1)
    assert problems_for(EpisodeStatus.CLOSING, facts) == [
        "Record an outcome for every identified need: 1 need has none"
    ]


def test_given_no_sign_off_when_closing_then_a_manager_is_needed():
    assert problems_for(EpisodeStatus.CLOSED, EpisodeFacts()) == ["A manager must sign off the closure"]


def test_given_a_step_up_without_reason_or_manager_then_both_are_needed():
    assert problems_for(EpisodeStatus.STEPPED_UP, EpisodeFacts()) == [
        "Enter the reason for the step-up",
        "A manager must agree the step-up to children's social care",
    ]


def test_given_a_forbidden_move_then_transition_problems_gives_only_the_refusal():
    problems = transition_problems(EpisodeStatus.CLOSED, EpisodeStatus.PLAN, EpisodeFacts())
    assert len(problems) == 1
    assert problems[0].startswith("An episode that is closed cannot be moved to a plan.")


def test_given_an_allowed_move_then_transition_problems_gives_the_requirements():
    problems = transition_problems(EpisodeStatus.AWAITING_ALLOCATION, EpisodeStatus.ALLOCATED, EpisodeFacts())
    assert problems == ["Select a lead practitioner", "Select a team"]
