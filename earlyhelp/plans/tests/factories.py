"""Builders for the plans and meetings tests, named by lifecycle state."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user


def make_team_with_manager():
    team = make_team()
    manager = make_user(Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save()
    return team, manager


def make_assessed_episode(*, authorised: bool = True, opened_days_ago: int = 420):
    """An episode in assessment, with an assessment (authorised or not) that found two unmet needs and strengths."""
    from earlyhelp.assessments.models import Assessment, AssessmentNeed

    team, manager = make_team_with_manager()
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=team)
    opened = timezone.localdate() - timedelta(days=opened_days_ago)
    episode = make_allocated_episode(lead_practitioner=practitioner, opened_on=opened)
    episode.status = "assessment"
    episode.save()
    assessment = Assessment.objects.create(
        episode=episode, status="authorised" if authorised else "submitted", started_on=opened, due_on=opened + timedelta(days=49),
        authorised_by=manager if authorised else None, authorised_on=opened + timedelta(days=20) if authorised else None,
        strengths="Mum is warm and the children are close", family_view="We want mornings to be calmer",
    )
    AssessmentNeed.objects.create(assessment=assessment, sf_outcome="SF1", description="Mia misses school most Mondays")
    AssessmentNeed.objects.create(assessment=assessment, sf_outcome="SF9", description="Rent arrears", unmet=False)
    return {"episode": episode, "practitioner": practitioner, "manager": manager, "team": team, "assessment": assessment}


def a_date(days_ago: int) -> date:
    return timezone.localdate() - timedelta(days=days_ago)
