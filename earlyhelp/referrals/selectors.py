"""Reading the front door with visibility applied: the one door to a contact, the queue, the surge
panel and a partner's own requests."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.services import record_view
from earlyhelp.casework.models import Episode
from earlyhelp.domain import codes
from earlyhelp.domain.triage import SurgeAlert, is_overdue, is_re_referral, queue_sort_key, surge
from earlyhelp.people.models import Household, Person
from earlyhelp.referrals import known_people
from earlyhelp.referrals.models import (
    Consent,
    Contact,
    ContactNeed,
    ContactPerson,
    ContactStatus,
    MatchStatus,
    NamedRole,
    TriageDecision,
)

SURGE_WINDOW_DAYS = 28
# Outcomes that are a referral (to targeted early help or to social care): what the re-referral rule counts.
REFERRAL_OUTCOMES = ("targeted_early_help", "social_care")
QUEUE_PAGE_SIZE = 50

# What a partner is told about their request: that it arrived, and in the end what was decided.
# A decision waiting for a manager is not final, so to the partner it is still being decided.
PARTNER_STATUS: dict[str, tuple[str, str]] = {
    ContactStatus.DRAFT: ("Draft: not sent", "grey"),
    ContactStatus.AWAITING_TRIAGE: ("Received", "blue"),
    ContactStatus.AWAITING_OVERSIGHT: ("Received", "blue"),
    ContactStatus.DECIDED: ("Decided", "green"),
    ContactStatus.WITHDRAWN: ("Withdrawn", "grey"),
}

QUEUE_STATUSES: tuple[tuple[str, str], ...] = (
    (ContactStatus.AWAITING_TRIAGE, "Waiting for a decision"),
    (ContactStatus.AWAITING_OVERSIGHT, "Waiting for manager oversight"),
    (ContactStatus.DECIDED, "Decided"),
    ("all", "All"),
)


def _is_front_door(user) -> bool:
    return has_capability(user, Capability.TRIAGE) or has_capability(user, Capability.RECORD_CONTACT)


def contacts_visible_to(user) -> QuerySet[Contact]:
    """The front door sees every contact sent; a team manager those waiting for their oversight; a
    partner only their own (drafts included); anyone else none."""
    if _is_front_door(user):
        return Contact.objects.submitted()
    if has_capability(user, Capability.OVERSEE_DECISIONS):
        return Contact.objects.filter(status=ContactStatus.AWAITING_OVERSIGHT)
    if has_capability(user, Capability.MAKE_REQUEST):
        return Contact.objects.filter(referrer_user=user)
    return Contact.objects.none()


@dataclass(frozen=True)
class PartnerRequest:
    """A request as its partner may see it: what they sent, that it arrived, and what was decided when.

    Never the front door's reasoning, the level of need or who the children turned out to be.
    """

    pk: int
    reference: str
    status: str
    status_label: str
    status_colour: str
    children: list[str]
    sent_at: datetime | None
    decision_due_at: datetime | None
    outcome_label: str = ""
    decided_on: datetime | None = None
    idempotency_key: str = ""
    draft_data: dict[str, Any] = field(default_factory=dict)

    @property
    def is_draft(self) -> bool:
        return self.status == ContactStatus.DRAFT


def _final_decision(contact: Contact) -> TriageDecision | None:
    if contact.status != ContactStatus.DECIDED:
        return None
    return getattr(contact, "decision", None)


def partner_request(contact: Contact) -> PartnerRequest:
    label, colour = PARTNER_STATUS[contact.status]
    decision = _final_decision(contact)
    is_draft = contact.status == ContactStatus.DRAFT
    if is_draft:
        data = contact.draft_data or {}

        def typed(key: str) -> str:
            value = data.get(key, "")
            value = value[0] if isinstance(value, list) and value else value
            return value if isinstance(value, str) else ""

        count = typed("children-TOTAL_FORMS")
        total = int(count) if count.isdigit() else 1
        children = [f"{typed(f'children-{i}-first_name')} {typed(f'children-{i}-last_name')}" for i in range(min(total, 20))]
    else:
        data = {}
        children = [f"{p.first_name} {p.last_name}" for p in contact.named_people.all() if p.role == NamedRole.CHILD]
    return PartnerRequest(
        pk=contact.pk,
        reference=contact.reference,
        status=contact.status,
        status_label=label,
        status_colour=colour,
        children=[name.strip() for name in children if name.strip()],
        sent_at=None if is_draft else contact.received_at,
        decision_due_at=None if is_draft else contact.decision_due_at,
        outcome_label=decision.get_outcome_display() if decision else "",
        decided_on=(decision.oversight_at or decision.decided_at) if decision else None,
        idempotency_key=(contact.idempotency_key or "") if is_draft else "",
        draft_data=data,
    )


def contact_get_for(user, pk: int, *, request=None) -> Contact | PartnerRequest:
    """Fetch and authorise one contact, and record the view. Missing and forbidden give the same 404.

    Staff get the contact; a partner gets their own request as a ``PartnerRequest`` (only what a
    partner may see).
    """
    contact = (
        contacts_visible_to(user)
        .select_related("decision", "decision__level_of_need", "household", "referrer_agency")
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        raise Http404("No contact found")
    record_view(actor=user, instance=contact, request=request)
    if not _is_front_door(user) and not has_capability(user, Capability.OVERSEE_DECISIONS):
        return partner_request(contact)
    return contact


def requests_for_partner(user) -> list[PartnerRequest]:
    """A partner's own requests, newest first, drafts included."""
    if not has_capability(user, Capability.VIEW_OWN_REQUESTS):
        return []
    contacts = (
        Contact.objects.filter(referrer_user=user)
        .select_related("decision")
        .prefetch_related("named_people")
        .order_by("-created_at", "-id")
    )
    return [partner_request(contact) for contact in contacts]


# --- The queue ------------------------------------------------------------------------------------


@dataclass
class QueueRow:
    contact: Contact
    children: list[str]
    overdue: bool
    due_today: bool


@dataclass
class Queue:
    page: Page
    rows: list[QueueRow]
    counts: dict[str, int]
    status: str
    source: str


def _start_of(day: date) -> datetime:
    """Midnight at the start of a day, in the service's time zone."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _row(contact: Contact, now: datetime, today: date) -> QueueRow:
    due = contact.decision_due_at
    waiting = contact.status == ContactStatus.AWAITING_TRIAGE
    overdue = bool(waiting and due and is_overdue(due, now))
    return QueueRow(
        contact=contact,
        children=[f"{p.first_name} {p.last_name}" for p in contact.named_people.all() if p.role == NamedRole.CHILD],
        overdue=overdue,
        due_today=bool(waiting and due and not overdue and timezone.localtime(due).date() == today),
    )


def _sort_key(contact: Contact):
    return queue_sort_key(contact.urgency, contact.decision_due_at or contact.received_at, contact.received_at)


def queue_for(
    user, *, status: str = ContactStatus.AWAITING_TRIAGE, source: str = "", page: int | str = 1, now: datetime | None = None
) -> Queue:
    """The front door's contacts: those waiting in the domain's queue order (immediate first, then the
    least time left), others newest first; with the counts the front door watches."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if not _is_front_door(user):
        contacts = Contact.objects.none()
    else:
        contacts = contacts_visible_to(user)
    waiting = contacts.filter(status=ContactStatus.AWAITING_TRIAGE)
    due_today_end = _start_of(today + timedelta(days=1))
    counts = waiting.aggregate(
        waiting=Count("id"),
        immediate=Count("id", filter=Q(urgency="immediate")),
        overdue=Count("id", filter=Q(decision_due_at__lt=now)),
        due_today=Count("id", filter=Q(decision_due_at__gte=now, decision_due_at__lt=due_today_end)),
    )
    counts["awaiting_oversight"] = contacts.filter(status=ContactStatus.AWAITING_OVERSIGHT).count()

    if status not in {code for code, _ in QUEUE_STATUSES}:
        status = ContactStatus.AWAITING_TRIAGE
    chosen = contacts if status == "all" else contacts.filter(status=status)
    if source in dict(codes.REFERRAL_SOURCES):
        chosen = chosen.filter(referral_source=source)
    else:
        source = ""
    chosen = chosen.prefetch_related("named_people").select_related("decision")
    if status == ContactStatus.AWAITING_TRIAGE:
        ordered: list[Contact] | QuerySet[Contact] = sorted(chosen, key=_sort_key)
    else:
        ordered = chosen.order_by("-received_at", "-id")
    paginator = Paginator(ordered, QUEUE_PAGE_SIZE)
    page_obj = paginator.get_page(page)
    rows = [_row(contact, now, today) for contact in page_obj.object_list]
    return Queue(page=page_obj, rows=rows, counts=counts, status=status, source=source)


# --- Surges ---------------------------------------------------------------------------------------


@dataclass
class SourceVolume:
    code: str
    label: str
    today: int
    last_7_days: int
    last_28_days: int
    daily: list[int]


@dataclass
class Surge:
    """Contacts per day by referral source over the last 28 days, and the domain's surge alert for today."""

    today: date
    days: list[date]
    daily_totals: list[int]
    today_total: int
    by_source: list[SourceVolume]
    alert: SurgeAlert | None


def surge_for(today: date) -> Surge:
    """How many contacts arrived today and on each of the 28 days before, by referral source."""
    first = today - timedelta(days=SURGE_WINDOW_DAYS)
    days = [first + timedelta(days=n) for n in range(SURGE_WINDOW_DAYS)]
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    start, end = _start_of(first), _start_of(today + timedelta(days=1))
    rows = (
        Contact.objects.submitted()
        .filter(received_at__gte=start, received_at__lt=end)
        .annotate(day=TruncDate("received_at"))
        .values("day", "referral_source")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["referral_source"]][row["day"]] = row["n"]
    labels = dict(codes.REFERRAL_SOURCES)
    by_source = []
    for code in sorted(counts, key=lambda c: [k for k, _ in codes.REFERRAL_SOURCES].index(c) if c in labels else 99):
        per_day = counts[code]
        daily = [per_day.get(day, 0) for day in days]
        by_source.append(
            SourceVolume(
                code=code,
                label=labels.get(code, code),
                today=per_day.get(today, 0),
                last_7_days=sum(daily[-7:]),
                last_28_days=sum(daily),
                daily=daily,
            )
        )
    daily_totals = [sum(source.daily[i] for source in by_source) for i in range(len(days))]
    today_total = sum(source.today for source in by_source)
    return Surge(
        today=today,
        days=days,
        daily_totals=daily_totals,
        today_total=today_total,
        by_source=by_source,
        alert=surge(daily_totals, today_total, window_days=SURGE_WINDOW_DAYS),
    )


# --- Oversight ------------------------------------------------------------------------------------


def oversight_queue_for(user) -> list[Contact]:
    """Decisions waiting for a team manager, oldest first."""
    if not has_capability(user, Capability.OVERSEE_DECISIONS):
        return []
    return list(
        Contact.objects.filter(status=ContactStatus.AWAITING_OVERSIGHT)
        .select_related("decision", "decision__decided_by")
        .prefetch_related("named_people")
        .order_by("decision__decided_at", "id")
    )


# --- Re-referrals ---------------------------------------------------------------------------------


def previous_referral_dates(person_ids: Iterable[int], *, exclude_contact_id: int | None = None) -> list[date]:
    """When these people were referred before: decided contacts to targeted early help or social care
    naming them, and early help episodes they were members of."""
    ids = list(person_ids)
    contacts = Contact.objects.filter(
        named_people__person_id__in=ids, status=ContactStatus.DECIDED, decision__outcome__in=REFERRAL_OUTCOMES
    )
    episodes = Episode.objects.filter(members__person_id__in=ids)
    if exclude_contact_id is not None:
        contacts = contacts.exclude(pk=exclude_contact_id)
        episodes = episodes.exclude(contact_id=exclude_contact_id)
    received = contacts.values_list("received_at", flat=True)
    return [timezone.localtime(moment).date() for moment in received] + list(episodes.values_list("opened_on", flat=True))


def is_re_referral_for(person_ids: Iterable[int], on: date, *, exclude_contact_id: int | None = None) -> bool:
    """The domain rule: a referral for any of these people within the 12 months before ``on``."""
    return is_re_referral(previous_referral_dates(person_ids, exclude_contact_id=exclude_contact_id), on)


def unchecked_children_problem(contact: Contact) -> str | None:
    """In plain words, which children must be matched or created before the contact can be decided."""
    waiting = [
        f"{p.first_name} {p.last_name}".strip()
        for p in contact.named_people.all()
        if p.role == NamedRole.CHILD and p.match_status == MatchStatus.UNCHECKED
    ]
    if not waiting:
        return None
    names = " and ".join([", ".join(waiting[:-1]), waiting[-1]]) if len(waiting) > 1 else waiting[0]
    verb = "are" if len(waiting) > 1 else "is"
    return (
        f"Before deciding, check whether {names} {verb} already known: confirm the match "
        "or create a new person for each child named"
    )


# --- One contact, for the front door's page ------------------------------------------------------


@dataclass
class NamedPersonPanel:
    """A person named on a contact and, while they are not yet checked, who they might already be."""

    named: ContactPerson
    candidates: list[known_people.KnownCandidate]
    hidden_matches: int
    household: Household | None


@dataclass
class ContactDetail:
    contact: Contact
    children: list[NamedPersonPanel]
    adults: list[NamedPersonPanel]
    needs: list[ContactNeed]
    consents: list[Consent]
    decision: TriageDecision | None
    decision_needs: list
    episodes: list[Episode]
    matching_available: bool
    unchecked: str | None


def _panel(named: ContactPerson, contact: Contact, *, user, with_candidates: bool) -> NamedPersonPanel:
    if named.person_id is not None:
        return NamedPersonPanel(named, [], 0, known_people.current_household(named.person))
    if not with_candidates or contact.status != ContactStatus.AWAITING_TRIAGE:
        return NamedPersonPanel(named, [], 0, None)
    candidates, hidden = known_people.candidates_for(
        named,
        user=user,
        on=timezone.localtime(contact.received_at).date(),
        is_re_referral=lambda ids, on: is_re_referral_for(ids, on, exclude_contact_id=contact.pk),
    )
    return NamedPersonPanel(named, candidates, hidden, None)


def contact_detail_for(contact: Contact, *, user, with_candidates: bool = True) -> ContactDetail:
    """Everything the contact page shows, for a contact the door has already authorised."""
    named = list(contact.named_people.select_related("person").order_by("role", "id"))
    panels = [_panel(p, contact, user=user, with_candidates=with_candidates) for p in named]
    decision = TriageDecision.objects.filter(contact=contact).select_related(
        "level_of_need", "decided_by", "single_agency", "oversight_by"
    ).first()
    return ContactDetail(
        contact=contact,
        children=[panel for panel in panels if panel.named.role == NamedRole.CHILD],
        adults=[panel for panel in panels if panel.named.role == NamedRole.ADULT],
        needs=list(contact.needs.order_by("id")),
        consents=list(contact.consents.order_by("id")),
        decision=decision,
        decision_needs=list(decision.needs.order_by("id")) if decision else [],
        episodes=list(contact.episodes.select_related("team")),
        matching_available=known_people.is_available(),
        unchecked=unchecked_children_problem(contact) if contact.status == ContactStatus.AWAITING_TRIAGE else None,
    )


def candidate_score(named: ContactPerson, person: Person, *, user) -> float | None:
    """The engine's score for this person as a match, if it offers them (kept with a confirmed match)."""
    candidates, _ = known_people.candidates_for(named, user=user, on=timezone.localdate(), is_re_referral=lambda ids, on: False)
    return next((c.score for c in candidates if c.person.pk == person.pk), None)
