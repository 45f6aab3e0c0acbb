"""Recording star readings and the family's feedback: the rules at their edges, audit and chronology."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from earlyhelp.audit.models import AuditEvent
from earlyhelp.casework.models import CaseEvent
from earlyhelp.outcomes import selectors, services
from earlyhelp.outcomes.models import FamilyFeedback, FeedbackRequest, StarReading, StarScore
from earlyhelp.outcomes.tests.factories import record_reading, template

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def test_given_a_baseline_then_it_is_recorded_audited_and_in_the_chronology(episode, practitioner):
    reading = record_reading(episode, practitioner, taken_on=days_ago(90), stage="baseline", score=4)
    assert reading.scores.count() == template().areas.count() == 9
    assert AuditEvent.objects.filter(object_type="outcomes.starreading", object_id=str(reading.pk), action="create").exists()
    event = CaseEvent.objects.get(episode=episode, kind="star_reading")
    assert "Baseline" in event.summary


def test_given_a_fall_without_a_reason_then_the_reading_is_refused_next_to_that_area(episode, practitioner):
    record_reading(episode, practitioner, taken_on=days_ago(90), stage="baseline", score=5)
    with pytest.raises(services.ReadingProblems) as raised:
        record_reading(episode, practitioner, taken_on=days_ago(1), scores={"safe_home": 4}, reasons={"safe_home": "  "})
    assert raised.value.field_problems == [
        ("reason_safe_home", "The score for feeling safe at home fell from 5 to 4: say why")
    ]
    assert StarReading.objects.filter(episode=episode).count() == 1


def test_given_a_fall_with_a_reason_then_only_the_fallen_area_keeps_it(episode, practitioner):
    record_reading(episode, practitioner, taken_on=days_ago(90), stage="baseline", score=5)
    reading = record_reading(
        episode, practitioner, taken_on=days_ago(1), scores={"safe_home": 4, "feeling_good": 7},
        reasons={"safe_home": "Dad moved back in", "feeling_good": "should not be kept"},
    )
    kept = dict(reading.scores.values_list("area__code", "reason_for_fall"))
    assert kept["safe_home"] == "Dad moved back in"
    assert kept["feeling_good"] == ""
    assert selectors.closure_star_facts(episode).falls_without_reason == 0


def test_given_readings_for_a_person_then_falls_are_measured_against_that_person_only(episode, practitioner):
    child = episode.household.memberships.filter(role="child").first().person
    record_reading(episode, practitioner, taken_on=days_ago(90), stage="baseline", score=8)
    reading = record_reading(episode, practitioner, taken_on=days_ago(1), stage="baseline", score=3, person=child, reasons={})
    assert reading.person == child


def test_given_a_disengaged_family_then_the_reading_is_practitioner_only(episode, practitioner):
    reading = record_reading(episode, practitioner, taken_on=days_ago(1), scored_by="family", family_disengaged=True)
    assert reading.scored_by == "practitioner"
    assert reading.family_disengaged is True
    assert "disengaged" in CaseEvent.objects.get(episode=episode, kind="star_reading").summary


@pytest.mark.parametrize(("offset", "problem"), [(-1, "today or in the past"), (201, "on or after the day the episode opened")])
def test_given_a_date_outside_the_episode_then_it_is_refused(episode, practitioner, offset, problem):
    with pytest.raises(services.ReadingProblems, match=problem):
        record_reading(episode, practitioner, taken_on=days_ago(offset))


def test_given_the_day_the_episode_opened_and_today_then_both_are_allowed(episode, practitioner):
    record_reading(episode, practitioner, taken_on=episode.opened_on, stage="baseline")
    record_reading(episode, practitioner, taken_on=timezone.localdate())
    assert StarReading.objects.filter(episode=episode).count() == 2


@pytest.mark.parametrize("bad", [0, 11])
def test_given_a_score_off_the_scale_then_it_is_refused(episode, practitioner, bad):
    with pytest.raises(services.ReadingProblems, match="must be from 1 to 10"):
        record_reading(episode, practitioner, taken_on=days_ago(1), scores={"safe_home": bad})


def test_given_a_missing_area_then_it_is_refused(episode, practitioner):
    chosen = template()
    with pytest.raises(services.ReadingProblems) as raised:
        services.star_reading_record(
            episode=episode, actor=practitioner,
            data=services.ReadingInput(template=chosen, taken_on=days_ago(1), stage="baseline", scored_by="agreed",
                                       scores={"feeling_good": 5}, reasons={}),
        )
    assert len(raised.value.field_problems) == 8
    assert ("score_safe_home", "Select a score for feeling safe at home") in raised.value.field_problems


def test_given_the_same_form_twice_then_one_reading_is_recorded(episode, practitioner):
    first = record_reading(episode, practitioner, taken_on=days_ago(1), key="same-key-123456789")
    second = record_reading(episode, practitioner, taken_on=days_ago(1), key="same-key-123456789")
    assert first.pk == second.pk
    assert StarReading.objects.filter(episode=episode).count() == 1
    assert StarScore.objects.filter(reading__episode=episode).count() == 9


# --- Feedback links -------------------------------------------------------------------------------


def test_given_a_feedback_link_then_only_its_hash_is_stored(episode, practitioner):
    feedback_request, token = services.feedback_request_create(episode=episode, actor=practitioner)
    assert token not in feedback_request.token_hash
    assert feedback_request.token_hash == services.feedback_token_hash(token)
    assert len(token) >= 43  # 32 random bytes
    assert selectors.feedback_request_valid(token) == feedback_request


def test_given_a_used_link_then_it_cannot_be_used_again(episode, practitioner):
    _, token = services.feedback_request_create(episode=episode, actor=practitioner)
    services.feedback_submit(token=token, answers={"felt_listened_to": 5, "what_helped": "Being heard"})
    with pytest.raises(services.FeedbackLinkGone):
        services.feedback_submit(token=token, answers={"felt_listened_to": 1})
    assert FamilyFeedback.objects.filter(episode=episode).count() == 1
    assert selectors.feedback_request_valid(token) is None
    assert CaseEvent.objects.filter(episode=episode, kind="family_feedback").count() == 1


def test_given_an_expired_link_then_it_is_refused_from_the_moment_it_expires(episode, practitioner, settings):
    settings.EARLYHELP_FEEDBACK_LINK_DAYS = 14
    feedback_request, token = services.feedback_request_create(episode=episode, actor=practitioner)
    with time_machine.travel(feedback_request.expires_at - timedelta(seconds=1)):
        assert selectors.feedback_request_valid(token) is not None
    with time_machine.travel(feedback_request.expires_at):
        assert selectors.feedback_request_valid(token) is None
        with pytest.raises(services.FeedbackLinkGone):
            services.feedback_submit(token=token, answers={"things_better": 4})


@pytest.mark.parametrize("guess", ["", "x", "a" * 43, "a" * 500])
def test_given_a_guessed_token_then_nothing_opens(episode, practitioner, guess):
    services.feedback_request_create(episode=episode, actor=practitioner)
    assert selectors.feedback_request_valid(guess) is None
    with pytest.raises(services.FeedbackLinkGone):
        services.feedback_submit(token=guess, answers={"things_better": 4})


def test_given_feedback_with_the_worker_then_it_is_recorded_once(episode, practitioner):
    first = services.feedback_record_with_worker(
        episode=episode, actor=practitioner, stage="midway", answers={"things_better": 4}, idempotency_key="k" * 20
    )
    again = services.feedback_record_with_worker(
        episode=episode, actor=practitioner, stage="midway", answers={"things_better": 4}, idempotency_key="k" * 20
    )
    assert first.pk == again.pk
    assert first.completed_with_worker
    assert first.recorded_by == practitioner
    assert first.stage == "midway"
    assert FeedbackRequest.objects.filter(episode=episode).count() == 1


def test_given_an_answer_off_the_scale_then_it_is_refused(episode, practitioner):
    _, token = services.feedback_request_create(episode=episode, actor=practitioner)
    with pytest.raises(services.ApplicationError, match="from 1 to 5"):
        services.feedback_submit(token=token, answers={"things_better": 6})
