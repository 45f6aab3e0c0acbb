"""Builders for the step up, step down and closure tests (named by the state they leave the family in)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.assessments.models import Assessment, AssessmentNeed, AssessmentStatus
from earlyhelp.casework.services import step_up as step_up_service
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user
from earlyhelp.outcomes.models import ReadingStage, ScoredBy, StarReading, StarScore, StarTemplate
from earlyhelp.plans.models import Plan


def make_people():
    """A team with a lead practitioner, its manager and a second manager; the practitioner holds one family."""
    team = make_team()
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=team)
    manager = make_user(Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save()
    episode = make_allocated_episode(lead_practitioner=practitioner)
    return practitioner, manager, episode


def add_assessment(episode, *, authorised_by=None, needs=2) -> Assessment:
    today = timezone.localdate()
    assessment = Assessment.objects.create(
        episode=episode, started_on=today - timedelta(days=20), due_on=today + timedelta(days=15),
        family_history="Mum cares for two children alone", analysis="School attendance has fallen",
        status=AssessmentStatus.AUTHORISED if authorised_by else AssessmentStatus.IN_PROGRESS,
        authorised_by=authorised_by, authorised_on=today if authorised_by else None,
    )
    for i, code in enumerate(["SF1", "SF9", "SF10"][:needs]):
        AssessmentNeed.objects.create(assessment=assessment, sf_outcome=code, description=f"Need number {i + 1}")
    return assessment


def add_plan(episode, *, by) -> Plan:
    return Plan.objects.create(
        episode=episode, written_by=by, worried_about="Leo is missing school", needs_to_happen="Morning routine",
        agreed_on=timezone.localdate(),
    )


def add_final_star_reading(episode, *, by) -> StarReading:
    template = StarTemplate.objects.first()
    reading = StarReading.objects.create(
        episode=episode, template=template, taken_on=timezone.localdate(), stage=ReadingStage.CLOSURE,
        scored_by=ScoredBy.AGREED, recorded_by=by,
    )
    for area in template.areas.all()[:2]:
        StarScore.objects.create(reading=reading, area=area, score=7)
    return reading


def episode_in_plan(episode, *, manager):
    """Assessment authorised and plan agreed: the episode's status is moved straight to plan for tests."""
    add_assessment(episode, authorised_by=manager)
    add_plan(episode, by=episode.lead_practitioner)
    episode.status = "plan"
    episode.save()
    return episode


def agreed_step_up(episode, *, practitioner, manager):
    step_up = step_up_service.step_up_request(episode=episode, actor=practitioner, reasons="Disclosure at school")
    step_up_service.step_up_agree(step_up=step_up, actor=manager)
    return step_up
