"""Reading the person register with visibility applied. The only doors to a person or a household."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from earlyhelp.accounts.permissions import CaseloadScope, scope_for
from earlyhelp.audit.services import record_view
from earlyhelp.casework.models import CaseEvent, Episode
from earlyhelp.domain.timescales import format_date
from earlyhelp.domain.transitions import age_on
from earlyhelp.people.models import AccessGrant, Household, HouseholdMember, Person, Relationship
from earlyhelp.referrals.models import Consent, ConsentScope, ConsentStatus
from earlyhelp.socialcare.models import InvolvementKind, StatutoryInvolvement


def _household_scope(user) -> Q | None:
    """The households a user's role reaches, before restriction; None means none at all."""
    scope = scope_for(user)
    if scope is CaseloadScope.ALL:
        return Q()
    if scope is CaseloadScope.TEAM:
        reach = Q(episodes__lead_practitioner=user) | Q(episodes__meetings__attendees__user=user)
        if user.team_id is not None:
            reach |= Q(episodes__team_id=user.team_id)
        reach |= Q(episodes__team__manager=user)
        return reach
    if scope is CaseloadScope.OWN_REQUESTS:
        # A partner sees a family's page only while they sit in its Team Around the Family. What
        # became of their own requests they see through the front door (referrals.selectors),
        # which shows the outcome and nothing else.
        return Q(episodes__meetings__attendees__user=user)
    return None


def households_visible_to(user) -> QuerySet[Household]:
    """Households the user may open: in their scope, and restricted ones only if they are named on them."""
    reach = _household_scope(user)
    if reach is None:
        return Household.objects.none()
    granted = AccessGrant.objects.filter(user=user, household=OuterRef("pk"))
    in_scope = Household.objects.filter(reach).values("pk")
    households = Household.objects.filter(pk__in=in_scope).filter(Q(is_restricted=False) | Exists(granted))
    if scope_for(user) is CaseloadScope.OWN_REQUESTS:
        # A family that has withdrawn consent to share information is no longer shown to partners.
        withdrawn = Consent.objects.filter(household=OuterRef("pk"), scope=ConsentScope.INFORMATION_SHARING).filter(
            Q(status=ConsentStatus.WITHDRAWN) | Q(withdrawn_on__isnull=False)
        )
        households = households.exclude(Exists(withdrawn))
    return households


def people_visible_to(user) -> QuerySet[Person]:
    """People the user may open: members (past or present) of a household they may open, and not
    restricted unless named. The front door reaches everyone, to check who is already known."""
    scope = scope_for(user)
    if scope is CaseloadScope.NONE:
        return Person.objects.none()
    granted = AccessGrant.objects.filter(user=user, person=OuterRef("pk"))
    if scope is CaseloadScope.ALL:
        people = Person.objects.all()
    else:
        member_of = HouseholdMember.objects.filter(household__in=households_visible_to(user)).values("person_id")
        # A record merged into another has no families of its own any more: it is reached through the kept one.
        people = Person.objects.filter(Q(pk__in=member_of) | Q(merged_into__in=member_of))
    return people.filter(Q(is_restricted=False) | Exists(granted))


def person_get_for(user, pk: int, *, request=None) -> Person:
    """Fetch and authorise one person, and record the view. Missing and forbidden give the same 404."""
    person = people_visible_to(user).filter(pk=pk).first()
    if person is None:
        raise Http404("No person found")
    record_view(actor=user, instance=person, request=request)
    return person


def household_get_for(user, pk: int, *, request=None) -> Household:
    """Fetch and authorise one household, and record the view. Missing and forbidden give the same 404."""
    household = households_visible_to(user).filter(pk=pk).first()
    if household is None:
        raise Http404("No family found")
    record_view(actor=user, instance=household, request=request)
    return household


def person_search_for(user, *, name: str = "", date_of_birth=None, limit: int = 50) -> QuerySet[Person]:
    """People whose name (or a recorded alias) contains every word searched for, within the user's reach."""
    people = people_visible_to(user).filter(merged_into__isnull=True)
    for word in name.split():
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(aliases__first_name__icontains=word)
            | Q(aliases__last_name__icontains=word)
        )
    if date_of_birth is not None:
        people = people.filter(date_of_birth=date_of_birth)
    return people.distinct().order_by("last_name", "first_name", "date_of_birth")[:limit]


# --- What a person or family page shows (called after the door above has authorised the record) ---



class Badge(NamedTuple):
    label: str
    colour: str  # an MOJ badge colour


@dataclass
class PersonProfile:
    person: Person
    age: int | None
    badges: list[Badge]
    memberships: list
    relationships: list
    episodes: list
    involvements: list
    contacts: list
    aliases: list
    disabilities: list

    @property
    def identity_lines(self) -> list[str]:
        born = f"Born {format_date(self.person.date_of_birth)} (age {self.age})" if self.person.date_of_birth else "Date of birth not known"
        return [born, f"LA id {self.person.la_id}"]


@dataclass
class HouseholdProfile:
    household: Household
    address: object | None
    badges: list[Badge]
    current_members: list
    past_members: list
    relationships: list
    addresses: list
    episodes: list
    involvements: list
    events: list = field(default_factory=list)

    @property
    def identity_lines(self) -> list[str]:
        return [str(self.address) if self.address else "No current address"]


def _badges(*, episodes, involvements, restricted: bool, re_referral: bool) -> list[Badge]:
    badges: list[Badge] = []
    if any(e.is_open for e in episodes):
        badges.append(Badge("Open early help", "blue"))
    current = {i.kind for i in involvements if i.ended_on is None}
    for kind, colour in (
        (InvolvementKind.CHILD_IN_NEED, "yellow"),
        (InvolvementKind.SECTION_47, "orange"),
        (InvolvementKind.CHILD_PROTECTION, "red"),
        (InvolvementKind.LOOKED_AFTER, "purple"),
    ):
        if kind in current:
            badges.append(Badge(InvolvementKind(kind).label, colour))
    if restricted:
        badges.append(Badge("Restricted", "grey"))
    if re_referral:
        badges.append(Badge("Re-referral", "pink"))
    return badges


def _episodes_for_households(household_ids):
    return list(
        Episode.objects.filter(household_id__in=household_ids)
        .select_related("household", "team", "lead_practitioner", "closure")
        .order_by("-opened_on")
    )


def person_profile(person: Person, *, today: date | None = None) -> PersonProfile:
    today = today or timezone.localdate()
    memberships = list(person.memberships.select_related("household").order_by("-joined_on"))
    relationships = [
        (r.get_kind_display(), r.to_person, r) for r in person.relationships_from.select_related("to_person")
    ] + [(f"{r.get_kind_display()} (reverse)", r.from_person, r) for r in person.relationships_to.select_related("from_person")]
    episodes = _episodes_for_households({m.household_id for m in memberships})
    involvements = list(StatutoryInvolvement.objects.filter(person=person).order_by("-started_on"))
    contacts = list(
        person.contact_mentions.select_related("contact", "contact__decision").order_by("-contact__received_at")[:20]
    )
    re_referral = bool(contacts) and contacts[0].contact.is_re_referral
    return PersonProfile(
        person=person,
        age=age_on(person.date_of_birth, today) if person.date_of_birth else None,
        badges=_badges(episodes=episodes, involvements=involvements, restricted=person.is_restricted, re_referral=re_referral),
        memberships=memberships,
        relationships=relationships,
        episodes=episodes,
        involvements=involvements,
        contacts=contacts,
        aliases=list(person.aliases.all()),
        disabilities=[d.get_code_display() for d in person.disabilities.all()],
    )


def household_profile(household: Household, *, today: date | None = None) -> HouseholdProfile:
    today = today or timezone.localdate()
    members = list(household.memberships.select_related("person").order_by("role", "person__date_of_birth"))
    for m in members:
        m.age = age_on(m.person.date_of_birth, today) if m.person.date_of_birth else None
    person_ids = {m.person_id for m in members}
    episodes = _episodes_for_households([household.pk])
    involvements = list(
        StatutoryInvolvement.objects.filter(person_id__in=person_ids).select_related("person").order_by("-started_on")
    )
    relationships = list(
        Relationship.objects.filter(from_person_id__in=person_ids, to_person_id__in=person_ids).select_related(
            "from_person", "to_person"
        )
    )
    events = list(
        CaseEvent.objects.filter(household=household).select_related("actor").order_by("-occurred_at", "-id")[:50]
    )
    latest_contact = household.contacts.order_by("-received_at").first()
    return HouseholdProfile(
        household=household,
        address=household.current_address(),
        badges=_badges(
            episodes=episodes,
            involvements=involvements,
            restricted=household.is_restricted,
            re_referral=bool(latest_contact and latest_contact.is_re_referral),
        ),
        current_members=[m for m in members if m.left_on is None],
        past_members=[m for m in members if m.left_on is not None],
        relationships=relationships,
        addresses=list(household.addresses.select_related("locality").order_by("-moved_in_on")),
        episodes=episodes,
        involvements=involvements,
        events=events,
    )


# --- Duplicate records: the list to decide, one pair side by side, and a person's merge history ---


def duplicate_candidates_for(user) -> QuerySet:
    """The last scan's likely duplicates the user may see both of, not yet merged or decided, best first."""
    from earlyhelp.people.models import DuplicateCandidate, NotDuplicate

    visible = people_visible_to(user).filter(merged_into__isnull=True).values("pk")
    decided = NotDuplicate.objects.filter(person_a=OuterRef("person_a"), person_b=OuterRef("person_b"))
    return (
        DuplicateCandidate.objects.filter(person_a__in=visible, person_b__in=visible)
        .exclude(Exists(decided))
        .select_related("person_a", "person_b")
        .order_by("-score", "person_a_id", "person_b_id")
    )


def last_duplicate_scan():
    from earlyhelp.people.models import DuplicateScan

    return DuplicateScan.objects.order_by("-started_at").first()


@dataclass
class RecordSummary:
    """One side of a possible duplicate: what a practitioner compares."""

    person: Person
    profile: PersonProfile
    address: object | None

    @property
    def open_episodes(self) -> list:
        return [e for e in self.profile.episodes if e.is_open]

    @property
    def past_episodes(self) -> list:
        return [e for e in self.profile.episodes if not e.is_open]


def record_summary(person: Person) -> RecordSummary:
    profile = person_profile(person)
    current = next((m for m in profile.memberships if m.left_on is None), None)
    address = current.household.current_address() if current else None
    return RecordSummary(person=person, profile=profile, address=address)


@dataclass
class DuplicatePairView:
    first: RecordSummary
    second: RecordSummary
    score: float | None
    reasons: list[str]

    @property
    def percent(self) -> int | None:
        import math

        return None if self.score is None else math.floor(self.score * 100)


def duplicate_pair_for(user, a_pk: int, b_pk: int, *, request=None) -> DuplicatePairView:
    """Both records of a possible duplicate, each through the person door (404 if either is not the
    user's to see), with the matcher's score and reasons (the stored scan's, or worked out now)."""
    from earlyhelp.people.duplicates import score_pair
    from earlyhelp.people.models import DuplicateCandidate

    if a_pk == b_pk:
        raise Http404("No pair found")
    low, high = sorted((a_pk, b_pk))
    first = person_get_for(user, low, request=request)
    second = person_get_for(user, high, request=request)
    stored = DuplicateCandidate.objects.filter(person_a_id=low, person_b_id=high).first()
    if stored is not None:
        score, reasons = stored.score, list(stored.reasons)
    else:
        score, reasons = score_pair(low, high)
    return DuplicatePairView(record_summary(first), record_summary(second), score, reasons)


def merge_history_for(person: Person) -> list:
    """Every merge this record took part in (kept or merged), newest first, undone ones included."""
    from earlyhelp.people.models import PersonMerge

    return list(
        PersonMerge.objects.filter(Q(kept=person) | Q(merged=person))
        .select_related("kept", "merged", "merged_by", "undone_by")
        .order_by("-created_at", "-pk")
    )


def merge_get_for(user, pk: int, *, request=None):
    """One merge, if the user may see both records in it (the same 404 otherwise)."""
    from earlyhelp.people.models import PersonMerge

    merge = PersonMerge.objects.select_related("kept", "merged", "merged_by", "undone_by").filter(pk=pk).first()
    if merge is None:
        raise Http404("No merge found")
    person_get_for(user, merge.kept_id, request=request)
    person_get_for(user, merge.merged_id, request=request)
    return merge
