from datetime import date

from earlyhelp.domain.closure import closure_problems, sign_off_problems, sustained_outcome_check_due
from earlyhelp.domain.episode_lifecycle import EpisodeFacts, EpisodeStatus

COMPLETE = EpisodeFacts(closure_reason="needs_met", has_final_star_reading=True)


def test_given_a_plan_with_everything_recorded_then_it_can_be_sent_for_sign_off():
    assert closure_problems(EpisodeStatus.PLAN, COMPLETE) == []


def test_given_a_plan_with_nothing_recorded_then_the_closure_requirements_are_listed():
    assert closure_problems(EpisodeStatus.PLAN, EpisodeFacts()) == [
        "Select a closure reason",
        "Record a final star reading with the family, or the reason there is none",
    ]


def test_given_a_closed_episode_then_it_cannot_be_sent_for_closure_again():
    problems = closure_problems(EpisodeStatus.CLOSED, COMPLETE)
    assert problems == [
        "An episode that is closed cannot be sent for closure sign-off. From “Closed” it can only move to “Allocated”."
    ]


def test_given_an_episode_awaiting_sign_off_then_only_a_manager_sign_off_is_needed():
    assert sign_off_problems(EpisodeStatus.CLOSING, EpisodeFacts()) == ["A manager must sign off the closure"]
    assert sign_off_problems(EpisodeStatus.CLOSING, EpisodeFacts(manager_signed_off=True)) == []


def test_given_a_plan_then_a_manager_cannot_sign_off_a_closure_never_sent():
    problems = sign_off_problems(EpisodeStatus.PLAN, EpisodeFacts(manager_signed_off=True))
    assert problems[0].startswith("An episode that is working to a plan cannot be closed.")


def test_given_a_closure_date_then_the_sustained_outcome_check_is_six_months_later():
    assert sustained_outcome_check_due(date(2025, 8, 31)) == date(2026, 2, 28)
