"""The assessment's services at their edges (run on SQLite and PostgreSQL)."""

from datetime import date

import pytest
from django.test import override_settings
from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.assessments import services
from earlyhelp.assessments.models import AssessmentStatus
from earlyhelp.assessments.selectors import assessment_needs, latest_assessment
from earlyhelp.assessments.tests.factories import (
    make_episode_with_contact,
    make_ready,
    make_team_with_manager,
    start,
)
from earlyhelp.audit.models import AuditEvent
from earlyhelp.casework.models import CaseEvent, StepDown
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.testing import make_allocated_episode, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return make_team_with_manager()


def test_start_fills_in_what_the_system_holds_and_moves_the_episode(team):
    _, practitioner, _ = team
    episode = make_episode_with_contact(practitioner)
    assessment = start(episode, practitioner, today=date(2025, 12, 19))
    episode.refresh_from_db()
    assert episode.status == "assessment"
    # 35 working days from Friday 19 December 2025, over Christmas, Boxing Day and New Year's Day.
    assert assessment.due_on == date(2026, 2, 11)
    people = {m.person_id for m in episode.household.memberships.filter(left_on__isnull=True)}
    assert {m.person_id for m in assessment.members.all()} == people
    needs = list(assessment_needs(episode))
    assert [(n.sf_outcome, n.description) for n in needs] == [
        ("SF5", "Detail for SF5"), ("SF8", "Safe from domestic abuse (from the request for help)"),
    ]
    assert latest_assessment(episode) == assessment
    assert CaseEvent.objects.filter(episode=episode, kind="assessment_started").count() == 1
    assert AuditEvent.objects.filter(object_type="assessments.assessment", action="create").count() == 1


@override_settings(EARLYHELP_ASSESSMENT_WORKING_DAYS=10)
def test_the_target_is_configurable(team):
    _, practitioner, _ = team
    episode = make_allocated_episode(lead_practitioner=practitioner)
    assessment = start(episode, practitioner, today=date(2026, 3, 2))
    assert assessment.due_on == date(2026, 3, 16)


def test_without_consent_a_reason_is_needed(team):
    _, practitioner, _ = team
    episode = make_allocated_episode(lead_practitioner=practitioner)
    with pytest.raises(ApplicationError) as refused:
        start(episode, practitioner, consent_confirmed=False, consent_given_by_name="", no_consent_reason="  ")
    assert refused.value.field == "no_consent_reason"
    episode.refresh_from_db()
    assert episode.status == "allocated"
    assessment = start(episode, practitioner, consent_confirmed=False, no_consent_reason="Police concern for Mia")
    assert assessment.no_consent_reason == "Police concern for Mia"


def test_starting_twice_records_one_assessment(team):
    _, practitioner, manager = team
    episode = make_allocated_episode(lead_practitioner=practitioner)
    start(episode, practitioner)
    with pytest.raises(ApplicationError):
        start(episode, manager)
    assert episode.assessments.count() == 1


def test_only_the_lead_or_their_manager_starts(team):
    own_team, practitioner, manager = team
    colleague = make_user(Role.LEAD_PRACTITIONER, team=own_team)
    episode = make_allocated_episode(lead_practitioner=practitioner)
    with pytest.raises(ApplicationError):
        start(episode, colleague)
    assert start(episode, manager).started_by == manager


def test_a_step_down_brings_the_social_care_assessment(team):
    _, practitioner, _ = team
    episode = make_allocated_episode(lead_practitioner=practitioner, origin="step_down")
    StepDown.objects.create(episode=episode, received_on=timezone.localdate(), social_care_summary="Closed RC9",
                            social_care_assessment="Single assessment: mother's health, school attendance.")
    assessment = start(episode, practitioner)
    assert assessment.family_history == "Single assessment: mother's health, school attendance."


def test_a_stale_save_of_the_same_field_is_a_conflict_and_overwrites_nothing(team):
    _, practitioner, manager = team
    episode = make_allocated_episode(lead_practitioner=practitioner)
    assessment = start(episode, practitioner)
    loaded = assessment.version
    base = services.rules.value_hash("")
    first = services.assessment_save(assessment=assessment, actor=manager, version=loaded,
                                     values={"strengths": "Grandma helps"}, bases={"strengths": base})
    assert first.saved == ["strengths"]
    assert first.version == loaded + 1
    second = services.assessment_save(assessment=assessment, actor=practitioner, version=loaded,
                                      values={"strengths": "Dad cooks", "analysis": "New"},
                                      bases={"strengths": base, "analysis": base})
    assert [(c.name, c.mine, c.theirs) for c in second.conflicts] == [("strengths", "Dad cooks", "Grandma helps")]
    assert second.saved == ["analysis"]  # the other field is saved
    assessment.refresh_from_db()
    assert (assessment.strengths, assessment.analysis) == ("Grandma helps", "New")
    # Keeping theirs: save again on their version.
    third = services.assessment_save(assessment=assessment, actor=practitioner, version=assessment.version,
                                     values={"strengths": "Dad cooks"},
                                     bases={"strengths": services.rules.value_hash("Grandma helps")})
    assert third.saved == ["strengths"]
    assert not third.conflicts


def test_member_fields_save_and_each_save_is_audited_with_the_changed_fields(team):
    _, practitioner, _ = team
    episode = make_allocated_episode(lead_practitioner=practitioner)
    assessment = start(episode, practitioner)
    member = assessment.members.first()
    name = services.member_field_name(member.pk, "own_words")
    services.assessment_save(assessment=assessment, actor=practitioner, version=assessment.version,
                             values={name: "I want my own room", "member-999999-own_words": "ignored"})
    member.refresh_from_db()
    assert member.own_words == "I want my own room"
    event = AuditEvent.objects.filter(object_type="assessments.assessment", action="update").latest("id")
    assert event.changes == {name: {"before": "", "after": "I want my own room"}}


def test_submit_says_what_is_missing_then_sends_once(team):
    _, practitioner, _ = team
    episode = make_allocated_episode(lead_practitioner=practitioner)
    assessment = start(episode, practitioner)
    with pytest.raises(ApplicationError) as refused:
        services.assessment_submit(assessment=assessment, actor=practitioner)
    assert "Enter the family's view" in refused.value.problems
    make_ready(assessment, practitioner)
    services.assessment_submit(assessment=assessment, actor=practitioner)
    with pytest.raises(ApplicationError, match="already been sent"):
        services.assessment_submit(assessment=assessment, actor=practitioner)
    assert CaseEvent.objects.filter(episode=episode, kind="assessment_submitted").count() == 1
    with pytest.raises(ApplicationError):  # no changes while a manager looks at it
        services.assessment_save(assessment=assessment, actor=practitioner, version=assessment.version,
                                 values={"analysis": "late change"})


def test_only_a_manager_authorises_and_a_return_makes_it_editable_again(team):
    _, practitioner, manager = team
    episode = make_allocated_episode(lead_practitioner=practitioner)
    assessment = make_ready(start(episode, practitioner), practitioner)
    services.assessment_submit(assessment=assessment, actor=practitioner)
    with pytest.raises(ApplicationError):
        services.assessment_authorise(assessment=assessment, actor=practitioner)
    with pytest.raises(ApplicationError):
        services.assessment_return(assessment=assessment, actor=manager, reason=" ")
    services.assessment_return(assessment=assessment, actor=manager, reason="Add the child's own words")
    assert assessment.status == AssessmentStatus.RETURNED
    services.assessment_save(assessment=assessment, actor=practitioner, version=assessment.version,
                             values={"child_voice": "I like football"})
    services.assessment_submit(assessment=assessment, actor=practitioner)
    services.assessment_authorise(assessment=assessment, actor=manager)
    assert (assessment.status, assessment.authorised_by) == (AssessmentStatus.AUTHORISED, manager)
    with pytest.raises(ApplicationError, match="already been authorised"):
        services.assessment_authorise(assessment=assessment, actor=manager)


def test_a_manager_cannot_authorise_what_they_sent(team):
    _, practitioner, manager = team
    episode = make_allocated_episode(lead_practitioner=practitioner)
    assessment = make_ready(start(episode, manager), manager)
    services.assessment_submit(assessment=assessment, actor=manager)
    with pytest.raises(ApplicationError, match="Another manager"):
        services.assessment_authorise(assessment=assessment, actor=manager)


def test_needs_are_coded_and_a_double_add_records_once(team):
    _, practitioner, _ = team
    episode = make_allocated_episode(lead_practitioner=practitioner)
    assessment = start(episode, practitioner)
    with pytest.raises(ApplicationError):
        services.need_add(assessment=assessment, actor=practitioner, description="Uncoded")
    person = assessment.members.first().person
    first = services.need_add(assessment=assessment, actor=practitioner, factor="4B", description="Low mood",
                              person=person, idempotency_key="k" * 30)
    again = services.need_add(assessment=assessment, actor=practitioner, factor="4B", description="Low mood",
                              person=person, idempotency_key="k" * 30)
    assert first == again
    assert assessment.needs.count() == 1
    services.need_remove(need=first, actor=practitioner)
    assert assessment.needs.count() == 0
