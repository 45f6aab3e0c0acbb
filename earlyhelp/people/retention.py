"""Retention: families whose early help ended long enough ago are anonymised, keeping the coded facts
the service's figures and statutory returns need, and removing what identifies anyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Max, Q, Value, When

from earlyhelp.assessments.models import Assessment, AssessmentMember, AssessmentNeed
from earlyhelp.audit.models import AuditAction
from earlyhelp.audit.services import record
from earlyhelp.casework.models import (
    OPEN_STATUS_VALUES,
    Allocation,
    CaseEvent,
    CaseNote,
    Closure,
    ClosureNeedOutcome,
    Document,
    Episode,
    Extension,
    StepDown,
    StepUp,
)
from earlyhelp.domain.retention import RetentionPolicy, is_due
from earlyhelp.meetings.models import Meeting, MeetingAction, MeetingAttendee
from earlyhelp.outcomes.models import FamilyFeedback, StarScore
from earlyhelp.people.models import Household, HouseholdMember, Person
from earlyhelp.plans.models import Plan, PlanAction, PlanReview
from earlyhelp.referrals.models import Contact, ContactPerson
from earlyhelp.socialcare.models import StatutoryInvolvement

ANONYMISED = "Anonymised"


def policy_from_settings() -> RetentionPolicy:
    conf = settings.EARLYHELP.get("RETENTION", {})
    return RetentionPolicy(
        years_after_closure=conf.get("YEARS_AFTER_CLOSURE", 6),
        until_youngest_child_age=conf.get("UNTIL_YOUNGEST_CHILD_AGE", 25),
    )


@dataclass
class RetentionCandidate:
    household_id: int
    name: str
    last_closed_on: date
    people: int


def households_due(*, today: date, policy: RetentionPolicy | None = None) -> list[RetentionCandidate]:
    """Households with no open episode and no current statutory involvement, whose retention has ended."""
    policy = policy or policy_from_settings()
    open_work = Q(episodes__status__in=OPEN_STATUS_VALUES) | Q(
        memberships__person__statutory_involvements__ended_on__isnull=True,
        memberships__person__statutory_involvements__isnull=False,
    )
    ended = (
        Household.objects.exclude(name=ANONYMISED)
        .filter(episodes__isnull=False)
        .exclude(pk__in=Household.objects.filter(open_work).values("pk"))
        .annotate(last_closed=Max("episodes__closed_on"))
        .filter(last_closed__isnull=False)
    )
    youngest = dict(
        HouseholdMember.objects.filter(household__in=ended, role="child")
        .values("household_id")
        .annotate(born=Max("person__date_of_birth"))
        .values_list("household_id", "born")
    )
    due = []
    for household in ended:
        if is_due(last_closed_on=household.last_closed, youngest_child_born=youngest.get(household.pk),
                  policy=policy, today=today):
            due.append(
                RetentionCandidate(household.pk, household.name, household.last_closed, household.memberships.count())
            )
    return due


def _anonymise_person(person: Person) -> None:
    born = person.date_of_birth
    person.first_name = ANONYMISED
    person.middle_names = ""
    person.last_name = ANONYMISED
    person.preferred_name = ""
    person.date_of_birth = date(born.year, 1, 1) if born else None  # the year is kept for age-band figures
    person.nhs_number = ""
    person.upn = ""
    person.la_id = f"ANON{person.pk}"
    person.save()
    person.aliases.all().delete()


@transaction.atomic
def household_anonymise(*, household_id: int, actor=None) -> int:
    """Anonymise one family and everyone only it holds; returns the number of people anonymised."""
    household = Household.objects.select_for_update().get(pk=household_id)
    person_ids = set(household.memberships.values_list("person_id", flat=True))
    # Someone who also belongs to a family still retained keeps their identity.
    kept_elsewhere = set(
        HouseholdMember.objects.filter(person_id__in=person_ids).exclude(household=household)
        .exclude(household__name=ANONYMISED).values_list("person_id", flat=True)
    )
    people = list(Person.objects.filter(pk__in=person_ids - kept_elsewhere))
    for person in people:
        _anonymise_person(person)
    episodes = Episode.objects.filter(household=household)
    household.addresses.update(line_1=ANONYMISED, line_2="", town="")
    for address in household.addresses.all():
        address.postcode = address.postcode.split(" ")[0]  # the district stays for locality figures
        address.save(update_fields=["postcode"])
    household.name = ANONYMISED
    household.save(update_fields=["name", "updated_at"])
    CaseNote.objects.filter(episode__in=episodes).update(text=ANONYMISED)
    Assessment.objects.filter(episode__in=episodes).update(
        family_history="", strengths="", family_view="", child_voice="", analysis=""
    )
    AssessmentMember.objects.filter(assessment__episode__in=episodes).update(strengths="", needs_summary="", own_words="")
    AssessmentNeed.objects.filter(assessment__episode__in=episodes).update(description=ANONYMISED)
    Assessment.objects.filter(episode__in=episodes).update(
        consent_given_by_name="", no_consent_reason="", returned_reason=""
    )
    Plan.objects.filter(episode__in=episodes).update(
        worried_about="", going_well="", needs_to_happen="", family_words="", change_summary=""
    )
    PlanAction.objects.filter(plan__episode__in=episodes).update(what=ANONYMISED, owner_name=ANONYMISED)
    PlanReview.objects.filter(episode__in=episodes).update(summary=ANONYMISED)
    Meeting.objects.filter(episode__in=episodes).update(location="", minutes="", decisions="")
    MeetingAttendee.objects.filter(meeting__episode__in=episodes).update(name=ANONYMISED)
    MeetingAction.objects.filter(meeting__episode__in=episodes).update(what=ANONYMISED, owner_name=ANONYMISED)
    StepUp.objects.filter(episode__in=episodes).update(reasons=ANONYMISED, advice="", decided_by_name="")
    StepDown.objects.filter(episode__in=episodes).update(
        social_worker_name="", social_care_summary=ANONYMISED, social_care_assessment="", social_care_plan=""
    )
    Closure.objects.filter(episode__in=episodes).update(
        summary="", no_final_star_reason="",
        reason_detail=Case(When(reason="other", then=Value(ANONYMISED)), default=Value("")),
    )
    ClosureNeedOutcome.objects.filter(closure__episode__in=episodes).update(comment="")
    Extension.objects.filter(episode__in=episodes).update(reason=ANONYMISED)
    Allocation.objects.filter(episode__in=episodes).update(reason="")
    StarScore.objects.filter(reading__episode__in=episodes).update(reason_for_fall="")
    FamilyFeedback.objects.filter(episode__in=episodes).update(what_helped="", what_could_be_better="")
    CaseEvent.objects.filter(Q(household=household) | Q(episode__in=episodes)).update(summary=ANONYMISED, data={})
    for document in Document.objects.filter(episode__in=episodes):
        document.file.delete(save=False)  # the file itself is removed; the row keeps its type and size
        document.title, document.original_name = ANONYMISED, ""
        document.save(update_fields=["file", "title", "original_name"])
    contacts = Contact.objects.filter(household=household)
    contacts.update(reasons=ANONYMISED, what_family_wants="", free_text="", advice_given="", referrer_name="",
                    referrer_email="", referrer_phone="")
    ContactPerson.objects.filter(Q(contact__in=contacts) | Q(person__in=people)).update(
        first_name=ANONYMISED, last_name=ANONYMISED, address="", postcode="", nhs_number=""
    )
    StatutoryInvolvement.objects.filter(person__in=people).update(external_reference="")
    record(actor=actor, action=AuditAction.UPDATE, object_type="people.household", object_id=str(household_id),
           object_repr=ANONYMISED, household_id=household_id, changes={"retention": "anonymised", "people": len(people)})
    return len(people)
