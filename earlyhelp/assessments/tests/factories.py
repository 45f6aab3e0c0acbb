"""Builders for assessment tests, named by lifecycle state."""

from __future__ import annotations

from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.assessments import services
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user
from earlyhelp.referrals.models import Consent, ConsentScope, ConsentStatus, Contact, ContactNeed


def make_team_with_manager():
    team = make_team()
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=team)
    manager = make_user(Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save()
    return team, practitioner, manager


def make_contact_for(household, *, areas=("SF5", "SF8"), consent_by=None) -> Contact:
    contact = Contact.objects.create(
        entry_point="partner_form", received_at=timezone.now(), referral_source="2A", household=household,
        reasons="Mia is often late to school and says there is shouting at home.",
        what_family_wants="Help with the mornings",
    )
    for area in areas:
        ContactNeed.objects.create(contact=contact, area=area, detail=f"Detail for {area}" if area == "SF5" else "")
    if consent_by is not None:
        Consent.objects.create(contact=contact, given_by_person=consent_by, scope=ConsentScope.REFERRAL,
                               status=ConsentStatus.GIVEN, recorded_on=timezone.localdate())
    return contact


def make_episode_with_contact(practitioner, **kw):
    episode = make_allocated_episode(lead_practitioner=practitioner, **kw)
    episode.contact = make_contact_for(episode.household)
    episode.save()
    return episode


def start(episode, actor, **kw):
    options = {"consent_confirmed": True, "consent_given_by_name": "Jo", **kw}
    return services.assessment_start(episode=episode, actor=actor, **options)


def make_ready(assessment, actor):
    """Fill in everything a manager needs to see."""
    values = {"family_view": "We want the mornings to be calmer", "child_voice": "I like school",
              "analysis": "Routines and relationships need support"}
    services.assessment_save(assessment=assessment, actor=actor, version=assessment.version, values=values)
    assessment.refresh_from_db()
    if not assessment.needs.exists():
        services.need_add(assessment=assessment, actor=actor, sf_outcome="SF5", description="Arguments at home")
    return assessment
