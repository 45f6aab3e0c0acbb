"""Reading assessments. An assessment is reached only through its episode's door
(``casework.selectors.episode_get_for``), so the same people see it, and the same 404 hides it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from earlyhelp.assessments import rules
from earlyhelp.assessments.models import Assessment, AssessmentKind, AssessmentMember, AssessmentNeed
from earlyhelp.casework.selectors import episode_get_for, episode_get_for_work
from earlyhelp.domain.timescales import england_and_wales_bank_holidays
from earlyhelp.domain.transitions import age_on
from earlyhelp.people.models import HouseholdMember


def latest_assessment(episode) -> Assessment | None:
    """The episode's current Early Help Assessment (the newest), or None before one is started.

    For other apps (plans, closure, reporting): it takes an episode already fetched through its door."""
    return (
        Assessment.objects.filter(episode=episode, kind=AssessmentKind.EARLY_HELP)
        .order_by("-started_on", "-id")
        .first()
    )


def assessment_needs(episode) -> QuerySet[AssessmentNeed]:
    """The needs the episode's current assessment found (empty before one is started), people preloaded."""
    assessment = latest_assessment(episode)
    if assessment is None:
        return AssessmentNeed.objects.none()
    return AssessmentNeed.objects.filter(assessment=assessment).select_related("person").order_by("id")


def _episode_id_of(pk: int) -> int:
    episode_id = Assessment.objects.filter(pk=pk).values_list("episode_id", flat=True).first()
    if episode_id is None:
        raise Http404("No assessment found")
    return episode_id


def assessment_get_for(user, pk: int, *, request=None) -> Assessment:
    """Fetch and authorise one assessment through its episode's door (the view is audited there)."""
    episode = episode_get_for(user, _episode_id_of(pk), request=request)
    assessment = Assessment.objects.select_related("episode").get(pk=pk)
    assessment.episode = episode
    return assessment


def assessment_get_for_work(user, pk: int, *, request=None) -> Assessment:
    """An assessment the user may change: they can see its episode and their role works cases."""
    episode = episode_get_for_work(user, _episode_id_of(pk), request=request)
    assessment = Assessment.objects.get(pk=pk)
    assessment.episode = episode
    return assessment


@dataclass(frozen=True)
class MemberView:
    member: AssessmentMember
    name: str
    date_of_birth: date | None
    age: int | None
    role: str


def members_for(assessment: Assessment, *, today: date | None = None) -> list[MemberView]:
    """Each member as the register holds them (names, dates of birth, role in the household): never re-typed."""
    today = today or timezone.localdate()
    roles = {
        m.person_id: m.get_role_display()
        for m in HouseholdMember.objects.filter(household_id=assessment.episode.household_id).order_by("-joined_on")
    }
    found = []
    for member in AssessmentMember.objects.filter(assessment=assessment).select_related("person"):
        person = member.person
        dob = person.date_of_birth
        found.append(MemberView(
            member=member, name=person.full_name, date_of_birth=dob,
            age=age_on(dob, today) if dob and dob <= today else None, role=roles.get(person.pk, ""),
        ))
    found.sort(key=lambda v: (v.date_of_birth or date.min))
    return found


def consents_for(episode):
    """The consent the front door recorded for this family (the contact's and the household's)."""
    from earlyhelp.referrals.models import Consent

    where = Q(household_id=episode.household_id)
    if episode.contact_id:
        where |= Q(contact_id=episode.contact_id)
    return Consent.objects.filter(where).select_related("given_by_person").order_by("-recorded_on", "-id")


def step_down_for(episode):
    from earlyhelp.casework.models import StepDown

    return StepDown.objects.filter(episode=episode).first()


def timeliness_for(assessment: Assessment, *, today: date | None = None) -> rules.Timeliness:
    finished = assessment.authorised_on or (assessment.submitted_on if assessment.status == "submitted" else None)
    return rules.timeliness(
        due_on=assessment.due_on, today=today or timezone.localdate(), finished_on=finished,
        holidays=england_and_wales_bank_holidays(),
    )
