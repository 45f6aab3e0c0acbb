"""A subject access export: everything the service holds about one person, as one JSON document."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from earlyhelp.assessments.models import Assessment, AssessmentMember, AssessmentNeed
from earlyhelp.audit.models import AuditAction
from earlyhelp.audit.selectors import events_about_person
from earlyhelp.audit.services import record, snapshot
from earlyhelp.casework.models import (
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
from earlyhelp.meetings.models import Meeting, MeetingAction, MeetingAttendee
from earlyhelp.outcomes.models import FamilyFeedback, StarReading
from earlyhelp.people.models import Person, PersonMerge
from earlyhelp.plans.models import Plan, PlanAction, PlanReview
from earlyhelp.referrals.models import Consent
from earlyhelp.socialcare.models import StatutoryInvolvement


def _rows(queryset) -> list[dict[str, Any]]:
    return [snapshot(row) for row in queryset]


def subject_access_export(*, person: Person, actor, reason: str) -> dict[str, Any]:
    """Gather the person's record, the families they were in and the work with them; the export is audited."""
    household_ids = list(person.memberships.values_list("household_id", flat=True))
    episodes = Episode.objects.filter(Q(household_id__in=household_ids) | Q(members__person=person)).distinct()
    document = {
        "person": snapshot(person),
        "aliases": _rows(person.aliases.all()),
        "disabilities": [d.code for d in person.disabilities.all()],
        "household_memberships": _rows(person.memberships.all()),
        "relationships": _rows(person.relationships_from.all()) + _rows(person.relationships_to.all()),
        "contacts_naming_them": [
            {**snapshot(mention), "contact": snapshot(mention.contact)}
            for mention in person.contact_mentions.select_related("contact")
        ],
        "consents": _rows(Consent.objects.filter(Q(given_by_person=person) | Q(household_id__in=household_ids))),
        "episodes": _rows(episodes),
        "assessment_needs": _rows(AssessmentNeed.objects.filter(person=person)),
        "assessment_views": _rows(AssessmentMember.objects.filter(person=person)),
        "case_notes": _rows(CaseNote.objects.filter(Q(person=person) | Q(episode__in=episodes))),
        "star_readings": [
            {**snapshot(r), "scores": {s.area.code: s.score for s in r.scores.select_related("area")}}
            for r in StarReading.objects.filter(episode__in=episodes).prefetch_related("scores")
        ],
        "statutory_involvement": _rows(StatutoryInvolvement.objects.filter(person=person)),
        # The work with the family: what was assessed, planned, agreed and decided.
        "assessments": _rows(Assessment.objects.filter(episode__in=episodes)),
        "plans": _rows(Plan.objects.filter(episode__in=episodes)),
        "plan_actions": _rows(PlanAction.objects.filter(plan__episode__in=episodes)),
        "plan_reviews": _rows(PlanReview.objects.filter(episode__in=episodes)),
        "meetings": _rows(Meeting.objects.filter(episode__in=episodes)),
        "meeting_attendees": _rows(MeetingAttendee.objects.filter(meeting__episode__in=episodes)),
        "meeting_actions": _rows(MeetingAction.objects.filter(meeting__episode__in=episodes)),
        "allocations": _rows(Allocation.objects.filter(episode__in=episodes)),
        "extensions": _rows(Extension.objects.filter(episode__in=episodes)),
        "step_ups": _rows(StepUp.objects.filter(episode__in=episodes)),
        "step_downs": _rows(StepDown.objects.filter(episode__in=episodes)),
        "closures": _rows(Closure.objects.filter(episode__in=episodes)),
        "closure_need_outcomes": _rows(ClosureNeedOutcome.objects.filter(closure__episode__in=episodes)),
        "documents": _rows(Document.objects.filter(episode__in=episodes)),  # names and types; files on request
        "family_feedback": _rows(FamilyFeedback.objects.filter(episode__in=episodes)),
        "chronology": _rows(CaseEvent.objects.filter(Q(person=person) | Q(household_id__in=household_ids))),
        "record_merges": _rows(PersonMerge.objects.filter(Q(kept=person) | Q(merged=person))),
        "who_has_seen_or_changed_the_record": [
            {"when": e.occurred_at.isoformat(), "who": e.actor_label, "what": e.action, "record": e.object_repr}
            for e in events_about_person(person)
        ],
    }
    record(actor=actor, action=AuditAction.EXPORT, instance=person, changes={"export": "subject access", "reason": reason})
    return document
