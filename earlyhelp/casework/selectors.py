"""Reading episodes with visibility applied. ``episode_get_for`` is the only door to one episode,
for pages and the API alike: missing and forbidden give the same 404, and every view is audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from earlyhelp.accounts.models import Team, User
from earlyhelp.accounts.permissions import ROLE_CAPABILITIES, Capability, has_capability
from earlyhelp.assessments.models import Assessment, AssessmentStatus
from earlyhelp.audit.services import record_view
from earlyhelp.casework.duration import Duration, duration
from earlyhelp.casework.models import (
    OPEN_STATUS_VALUES,
    Allocation,
    Document,
    Episode,
    EpisodeMember,
    Extension,
)
from earlyhelp.domain.bank_holidays import england_and_wales_bank_holidays
from earlyhelp.domain.episode_lifecycle import EpisodeStatus
from earlyhelp.domain.timescales import working_days_between
from earlyhelp.domain.transitions import age_on, transition_prompts
from earlyhelp.people.models import AccessGrant
from earlyhelp.people.selectors import households_visible_to
from earlyhelp.plans.models import Plan


def episodes_visible_to(user) -> QuerySet[Episode]:
    """Episodes of the families the user may open (team, own work, TAF seat, restriction by name)."""
    granted = AccessGrant.objects.filter(user=user, household_id=OuterRef("household_id"))
    return Episode.objects.filter(household__in=households_visible_to(user)).filter(
        Q(is_restricted=False) | Exists(granted)
    )


def episode_get_for(user, pk: int, *, request=None, audit: bool = True) -> Episode:
    """Fetch and authorise one episode, and record the view. Missing and forbidden give the same 404."""
    episode = (
        episodes_visible_to(user)
        .select_related("household", "team", "lead_practitioner", "contact", "previous_episode")
        .filter(pk=pk)
        .first()
    )
    if episode is None:
        raise Http404("No episode found")
    if audit:
        record_view(actor=user, instance=episode, request=request)
    return episode


def episode_get_for_work(user, pk: int, *, request=None) -> Episode:
    """An episode the user may change: they can see it and their role works cases (partners cannot)."""
    if not has_capability(user, Capability.WORK_CASES):
        raise Http404("No episode found")
    return episode_get_for(user, pk, request=request, audit=False)


# --- Allocation: the manager's teams, the queue, who can lead -------------------------------------


def teams_for_manager(user) -> QuerySet[Team]:
    """The teams (pods) a team manager allocates into: those they manage and the one they belong to."""
    if not has_capability(user, Capability.ALLOCATE):
        return Team.objects.none()
    return Team.objects.active().filter(Q(manager=user) | Q(pk=user.team_id)).distinct().order_by("order", "label")


WORKING_ROLES = [role for role, capabilities in ROLE_CAPABILITIES.items() if Capability.WORK_CASES in capabilities]


def allocation_candidates(team: Team | QuerySet[Team]) -> QuerySet[User]:
    """Who may be lead practitioner in a team (or any of several): its active members whose role works
    cases, partner-agency workers (a school's or a health service's practitioner) included."""
    in_team = Q(team__in=team) if isinstance(team, QuerySet) else Q(team=team)
    return (
        User.objects.filter(in_team, is_active=True, role__in=WORKING_ROLES)
        .select_related("agency", "team")
        .order_by("last_name", "first_name")
    )


def _unrestricted_or_granted(user) -> Q:
    household_grant = AccessGrant.objects.filter(user=user, household_id=OuterRef("household_id"))
    return (Q(is_restricted=False) | Exists(household_grant)) & (
        Q(household__is_restricted=False) | Exists(household_grant)
    )


def _queue_queryset(user) -> QuerySet[Episode]:
    teams = teams_for_manager(user)
    if not has_capability(user, Capability.ALLOCATE):
        return Episode.objects.none()
    return (
        Episode.objects.filter(status=EpisodeStatus.AWAITING_ALLOCATION.value)
        .filter(Q(team__in=teams) | Q(team__isnull=True))
        .filter(_unrestricted_or_granted(user))
    )


@dataclass
class QueueRow:
    episode: Episode
    working_days_waited: int
    needs: list[str]
    reasons: str
    re_referral: bool


def allocation_queue_for(user, *, today: date | None = None) -> list[QueueRow]:
    """Episodes waiting for the manager's teams, and those the front door sent with no team yet, oldest first."""
    today = today or timezone.localdate()
    holidays = england_and_wales_bank_holidays()
    episodes = (
        _queue_queryset(user)
        .select_related("household", "team", "contact", "contact__decision", "previous_episode")
        .prefetch_related("contact__needs", "contact__decision__needs")
        .order_by("opened_on", "id")
    )
    rows = []
    for episode in episodes:
        contact = episode.contact
        needs: list[str] = []
        if contact is not None:
            decision = getattr(contact, "decision", None)
            coded = list(decision.needs.all()) if decision is not None else []
            needs = [n.get_area_display() for n in (coded or contact.needs.all())]
        rows.append(
            QueueRow(
                episode=episode,
                working_days_waited=max(working_days_between(episode.opened_on, today, holidays), 0),
                needs=needs,
                reasons=contact.reasons if contact is not None else "",
                re_referral=bool(episode.previous_episode_id or (contact is not None and contact.is_re_referral)),
            )
        )
    return rows


def in_allocation_queue(user, episode: Episode) -> bool:
    return _queue_queryset(user).filter(pk=episode.pk).exists()


def episode_get_for_allocation(user, pk: int, *, request=None) -> Episode:
    """The door to an episode for allocating it: one in the manager's queue (their teams' or with no
    team yet). Missing, forbidden and already allocated give the same 404; the view is audited."""
    episode = _queue_queryset(user).select_related("household", "team", "contact").filter(pk=pk).first()
    if episode is None:
        raise Http404("No episode found")
    record_view(actor=user, instance=episode, request=request)
    return episode


def episode_get_for_reallocation(user, pk: int, *, request=None) -> Episode:
    """The door for reallocating: the manager can work the episode and it is in one of their teams."""
    if not has_capability(user, Capability.ALLOCATE):
        raise Http404("No episode found")
    episode = episode_get_for_work(user, pk, request=request)
    if not teams_for_manager(user).filter(pk=episode.team_id).exists():
        raise Http404("No episode found")
    return episode


def current_allocation(episode: Episode) -> Allocation | None:
    return (
        Allocation.objects.filter(episode=episode, ended_on__isnull=True)
        .select_related("team", "lead_practitioner", "lead_practitioner__agency", "lead_agency", "allocated_by")
        .first()
    )


# --- Duration, overdue work and transition prompts, for the episode page and caseloads -------------


def extra_weeks_subquery():
    return Coalesce(
        Subquery(
            Extension.objects.filter(episode=OuterRef("pk"))
            .values("episode")
            .annotate(total=Sum("extra_weeks"))
            .values("total")[:1]
        ),
        0,
    )


def episode_duration(episode: Episode, *, today: date | None = None, extra_weeks: int | None = None) -> Duration:
    if extra_weeks is None:
        extra_weeks = getattr(episode, "extra_weeks", None)
    if extra_weeks is None:
        extra_weeks = Extension.objects.filter(episode=episode).aggregate(total=Sum("extra_weeks"))["total"] or 0
    return duration(
        opened_on=episode.opened_on, target_weeks=episode.target_weeks, extra_weeks=extra_weeks,
        today=today or timezone.localdate(), closed_on=episode.closed_on,
    )


def prompts_for_person(person, today: date) -> list[str]:
    """Transition prompts (adult services at 18, exploitation support to 22) with the service's ages."""
    if person.date_of_birth is None or person.date_of_birth > today:
        return []
    return transition_prompts(
        person.date_of_birth,
        today,
        adult_services_age=settings.EARLYHELP_TRANSITION_ADULT_AGE,
        prompt_months_before=settings.EARLYHELP_TRANSITION_PROMPT_MONTHS,
        exploitation_support_until=settings.EARLYHELP_TRANSITION_EXPLOITATION_UNTIL,
    )


@dataclass
class Due:
    label: str
    on: date
    overdue: bool


@dataclass
class CaseloadRow:
    episode: Episode
    duration: Duration
    overdue: list[Due]
    next_due: Due | None
    prompts: list[tuple[str, str]]  # (person's name, prompt)

    @property
    def overdue_count(self) -> int:
        return len(self.overdue)


_UNFINISHED_ASSESSMENT = [AssessmentStatus.IN_PROGRESS, AssessmentStatus.RETURNED]


def _caseload_queryset(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    return (
        episodes.filter(status__in=OPEN_STATUS_VALUES)
        .select_related("household", "team", "lead_practitioner", "lead_practitioner__agency")
        .annotate(extra_weeks=extra_weeks_subquery())
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.filter(status__in=_UNFINISHED_ASSESSMENT).order_by("due_on"),
                to_attr="unfinished_assessments",
            ),
            Prefetch("plans", queryset=Plan.objects.filter(is_current=True), to_attr="current_plans"),
            Prefetch("members", queryset=EpisodeMember.objects.select_related("person"), to_attr="member_list"),
        )
        .order_by("opened_on", "id")
    )


def caseload_row(episode: Episode, *, today: date) -> CaseloadRow:
    """One open episode with its duration, overdue work, the next thing due and any transition prompts.

    Overdue: an assessment not yet submitted past its due date; the current plan's review past due.
    """
    found = episode_duration(episode, today=today)
    due: list[Due] = []
    assessments = getattr(episode, "unfinished_assessments", None)
    if assessments is None:
        assessments = list(Assessment.objects.filter(episode=episode, status__in=_UNFINISHED_ASSESSMENT))
    for assessment in assessments:
        due.append(Due("Assessment due", assessment.due_on, assessment.due_on < today))
    plans = getattr(episode, "current_plans", None)
    if plans is None:
        plans = list(Plan.objects.filter(episode=episode, is_current=True))
    for plan in plans:
        if plan.review_due_on is not None:
            due.append(Due("Plan review due", plan.review_due_on, plan.review_due_on < today))
    due.append(Due("Target end", found.target_end, found.past_target))
    members = getattr(episode, "member_list", None)
    if members is None:
        members = list(episode.members.select_related("person"))
    prompts = [(m.person.full_name, text) for m in members for text in prompts_for_person(m.person, today)]
    return CaseloadRow(
        episode=episode,
        duration=found,
        overdue=[d for d in due if d.overdue and d.label != "Target end"],
        next_due=min(due, key=lambda d: d.on) if due else None,
        prompts=prompts,
    )


def my_caseload(user, *, today: date | None = None) -> list[CaseloadRow]:
    """The open episodes the user is lead practitioner for, oldest first."""
    today = today or timezone.localdate()
    episodes = episodes_visible_to(user).filter(lead_practitioner=user)
    return [caseload_row(e, today=today) for e in _caseload_queryset(episodes)]


@dataclass
class WorkerLoad:
    worker: User
    rows: list[CaseloadRow] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return len(self.rows)

    @property
    def under_12_weeks(self) -> int:
        return sum(1 for r in self.rows if r.duration.weeks_open < 12)

    @property
    def from_12_to_target(self) -> int:
        return sum(1 for r in self.rows if r.duration.weeks_open >= 12 and not r.duration.past_target)

    @property
    def past_target(self) -> int:
        return sum(1 for r in self.rows if r.duration.past_target)

    @property
    def oldest_weeks(self) -> int:
        return max((r.duration.weeks_open for r in self.rows), default=0)

    @property
    def overdue_items(self) -> int:
        return sum(r.overdue_count for r in self.rows)


def caseloads_for(user, *, today: date | None = None) -> list[WorkerLoad]:
    """Per worker in the manager's teams: open families, their ages against target and overdue work."""
    today = today or timezone.localdate()
    teams = teams_for_manager(user)
    workers = {w.pk: WorkerLoad(w) for w in allocation_candidates(teams)}
    episodes = episodes_visible_to(user).filter(lead_practitioner_id__in=list(workers))
    for episode in _caseload_queryset(episodes):
        workers[episode.lead_practitioner_id].rows.append(caseload_row(episode, today=today))
    return list(workers.values())


def worker_get_for(user, pk: int) -> User:
    """A worker in one of the manager's teams (404 otherwise)."""
    worker = (
        User.objects.filter(pk=pk, team__in=teams_for_manager(user)).select_related("agency", "team").first()
    )
    if worker is None:
        raise Http404("No practitioner found")
    return worker


def worker_caseload_for(user, worker: User, *, today: date | None = None) -> list[CaseloadRow]:
    """A worker's open episodes as their manager sees them."""
    today = today or timezone.localdate()
    episodes = episodes_visible_to(user).filter(lead_practitioner=worker)
    return [caseload_row(e, today=today) for e in _caseload_queryset(episodes)]


# --- The episode page ---------------------------------------------------------------------------


@dataclass
class MemberRow:
    member: EpisodeMember
    age: int | None
    prompts: list[str]


@dataclass
class EpisodePage:
    episode: Episode
    duration: Duration
    allocation: Allocation | None
    allocations: list
    extensions: list
    members: list[MemberRow]
    notes: list
    documents: list
    events: list
    row: CaseloadRow | None


def episode_page(episode: Episode, *, today: date | None = None) -> EpisodePage:
    """Everything the episode page shows about the episode itself (after the door has authorised it)."""
    today = today or timezone.localdate()
    extensions = list(episode.extensions.select_related("agreed_by").order_by("created_at", "id"))
    found = episode_duration(episode, today=today, extra_weeks=sum(e.extra_weeks for e in extensions))
    members = []
    for m in episode.members.select_related("person").order_by("-is_subject", "person__date_of_birth"):
        dob = m.person.date_of_birth
        members.append(
            MemberRow(m, age_on(dob, today) if dob and dob <= today else None, prompts_for_person(m.person, today))
        )
    row = caseload_row(episode, today=today) if episode.is_open else None
    return EpisodePage(
        episode=episode,
        duration=found,
        allocation=current_allocation(episode),
        allocations=list(
            episode.allocations.select_related("team", "lead_practitioner", "lead_practitioner__agency", "allocated_by")
            .order_by("-started_on", "-id")
        ),
        extensions=extensions,
        members=members,
        notes=list(
            episode.notes.select_related("author", "person", "corrects").prefetch_related("corrections")
            .order_by("-occurred_at", "-id")
        ),
        documents=list(episode.documents.select_related("uploaded_by").order_by("-created_at", "-id")),
        events=list(episode.events.select_related("actor", "person").order_by("-occurred_at", "-id")[:100]),
        row=row,
    )


def document_get_for(episode: Episode, pk: int) -> Document:
    """A document on an episode the caller has already fetched through its door (404 otherwise)."""
    document = Document.objects.filter(episode=episode, pk=pk).first()
    if document is None:
        raise Http404("No document found")
    return document
