"""What each role sees first: their own work, read with their visibility applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from earlyhelp.accounts.models import Role, Team, User
from earlyhelp.casework.models import OPEN_STATUS_VALUES, Episode
from earlyhelp.domain.episode_lifecycle import EpisodeStatus
from earlyhelp.meetings.selectors import invitations_for
from earlyhelp.referrals.models import Contact, ContactStatus
from earlyhelp.referrals.selectors import requests_for_partner
from earlyhelp.reporting.figures import headline_figures


@dataclass
class HomePanel:
    template: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class CaseRow:
    episode: Episode
    weeks_open: int
    target_weeks: int
    past_target: bool


def _case_rows(episodes, today: date) -> list[CaseRow]:
    rows = []
    for episode in episodes:
        weeks = (today - episode.opened_on).days // 7
        rows.append(CaseRow(episode, weeks, episode.target_weeks, weeks > episode.target_weeks))
    return rows


def partner_home(user: User) -> HomePanel:
    return HomePanel(
        "partner", "Your requests for support",
        {"requests": requests_for_partner(user)[:25], "meetings": invitations_for(user)[:25]},
    )


def front_door_home(user: User) -> HomePanel:
    now = timezone.now()
    waiting = Contact.objects.filter(status__in=[ContactStatus.AWAITING_TRIAGE, ContactStatus.AWAITING_OVERSIGHT])
    counts = waiting.aggregate(
        total=Count("id"),
        overdue=Count("id", filter=Q(decision_due_at__lt=now)),
        immediate=Count("id", filter=Q(urgency="immediate")),
    )
    queue = waiting.prefetch_related("named_people").order_by("decision_due_at")[:15]
    return HomePanel("front_door", "Front door", {"counts": counts, "queue": queue, "now": now})


def lead_practitioner_home(user: User) -> HomePanel:
    today = timezone.localdate()
    episodes = (
        Episode.objects.filter(lead_practitioner=user, status__in=OPEN_STATUS_VALUES)
        .select_related("household", "team")
        .order_by("opened_on")
    )
    rows = _case_rows(episodes, today)
    return HomePanel(
        "lead_practitioner",
        "Your caseload",
        {"rows": rows, "past_target": sum(r.past_target for r in rows)},
    )


def team_manager_home(user: User) -> HomePanel:
    today = timezone.localdate()
    teams = Team.objects.filter(Q(manager=user) | Q(pk=user.team_id)).distinct()
    awaiting = (
        Episode.objects.filter(team__in=teams, status=EpisodeStatus.AWAITING_ALLOCATION)
        .select_related("household")
        .order_by("opened_on")
    )
    unallocated_front_door = Episode.objects.filter(team__isnull=True, status=EpisodeStatus.AWAITING_ALLOCATION)
    workers = (
        User.objects.filter(team__in=teams, is_active=True, role__in=[Role.LEAD_PRACTITIONER, Role.TEAM_MANAGER])
        .annotate(
            open_cases=Count("lead_episodes", filter=Q(lead_episodes__status__in=OPEN_STATUS_VALUES), distinct=True)
        )
        .order_by("-open_cases", "last_name")
    )
    waiting_rows = [(e, (today - e.opened_on).days) for e in awaiting[:20]]
    return HomePanel(
        "team_manager",
        "Your team",
        {
            "teams": teams,
            "awaiting_count": awaiting.count(),
            "waiting_rows": waiting_rows,
            "unallocated_count": unallocated_front_door.count(),
            "workers": workers,
        },
    )


def performance_lead_home(user: User) -> HomePanel:
    today = timezone.localdate()
    year_ago = today.replace(year=today.year - 1) if not (today.month == 2 and today.day == 29) else today.replace(
        year=today.year - 1, day=28
    )
    contacts = Contact.objects.submitted().filter(received_at__date__gt=year_ago)
    cards = {
        "contacts_last_12_months": contacts.count(),
        "open_episodes": Episode.objects.filter(status__in=OPEN_STATUS_VALUES).count(),
        "awaiting_allocation": Episode.objects.filter(status=EpisodeStatus.AWAITING_ALLOCATION).count(),
        "stepped_up_last_12_months": Episode.objects.filter(
            status=EpisodeStatus.STEPPED_UP, closed_on__gt=year_ago
        ).count(),
    }
    figures = headline_figures(year_ago + timedelta(days=1), today)
    return HomePanel("performance_lead", "Service figures", {"cards": cards, "since": year_ago, "figures": figures})


def administrator_home(user: User) -> HomePanel:
    counts = {
        "users": User.objects.filter(is_active=True).count(),
        "teams": Team.objects.active().count(),
    }
    return HomePanel("administrator", "Administration", {"counts": counts})


HOMES = {
    Role.PARTNER_REFERRER: partner_home,
    Role.FRONT_DOOR: front_door_home,
    Role.LEAD_PRACTITIONER: lead_practitioner_home,
    Role.TEAM_MANAGER: team_manager_home,
    Role.PERFORMANCE_LEAD: performance_lead_home,
    Role.ADMINISTRATOR: administrator_home,
}


def home_for(user: User) -> HomePanel:
    return HOMES[user.role](user)
