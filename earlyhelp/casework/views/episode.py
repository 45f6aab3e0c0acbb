"""The episode page: the family's early help in one place. Other apps add their panel to it."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.casework import selectors
from earlyhelp.casework.services.allocation import REALLOCATABLE
from earlyhelp.domain.episode_lifecycle import ALLOWED_TRANSITIONS, EpisodeStatus

# Each module has ``episode_panel(request, episode) -> str`` returning its rendered panel ("" for none).
PANEL_MODULES = (
    "earlyhelp.assessments.panels",
    "earlyhelp.meetings.panels",
    "earlyhelp.plans.panels",
    "earlyhelp.outcomes.panels",
    "earlyhelp.casework.panels_transitions",
)

# The page another part of the casework or another app owns for moving an episode on: target status ->
# (button label, URL names to try in order, capability needed). Each URL takes ``episode_pk``, and those
# pages call ``lifecycle.episode_move`` and explain any refusal in their error summary.
NEXT_STEP_PAGES: dict[EpisodeStatus, tuple[str, tuple[str, ...], Capability]] = {
    EpisodeStatus.ASSESSMENT: ("Start the assessment", ("assessments:start",), Capability.WORK_CASES),
    EpisodeStatus.CLOSING: ("Ask to close", ("casework:closure_request",), Capability.WORK_CASES),
    EpisodeStatus.CLOSED: ("Sign off the closure", ("casework:closure_sign_off",), Capability.APPROVE_CLOSURE),
    EpisodeStatus.STEPPED_UP: ("Step up to social care", ("casework:step_up_request",), Capability.WORK_CASES),
}
REOPEN_PAGE = ("Re-open", ("casework:episode_reopen",), Capability.APPROVE_CLOSURE)


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    secondary: bool = False


def panels_for(request: HttpRequest, episode) -> list[str]:
    found = []
    for name in PANEL_MODULES:
        html = import_module(name).episode_panel(request, episode)
        if html:
            found.append(html)
    return found


def _first_url(names, episode) -> str | None:
    for name in names:
        try:
            return reverse(name, kwargs={"episode_pk": episode.pk})
        except NoReverseMatch:
            continue
    return None


def actions_for(user, episode) -> list[Action]:
    """What this user can do next on this episode, as buttons."""
    actions: list[Action] = []
    status = episode.status_enum
    can_allocate = has_capability(user, Capability.ALLOCATE)
    if status == EpisodeStatus.AWAITING_ALLOCATION and selectors.in_allocation_queue(user, episode):
        actions.append(Action("Allocate", reverse("casework:allocate", kwargs={"episode_pk": episode.pk})))
    if status in REALLOCATABLE and can_allocate and selectors.teams_for_manager(user).filter(pk=episode.team_id).exists():
        actions.append(Action("Reallocate", reverse("casework:reallocate", kwargs={"episode_pk": episode.pk}), True))
    for target in sorted(ALLOWED_TRANSITIONS[status], key=list(EpisodeStatus).index):
        page = NEXT_STEP_PAGES.get(target)
        if target == EpisodeStatus.ALLOCATED and status == EpisodeStatus.CLOSED:
            page = REOPEN_PAGE
        if page is None or not has_capability(user, page[2]):
            continue
        url = _first_url(page[1], episode)
        if url:
            actions.append(Action(page[0], url, True))
    if episode.is_open and has_capability(user, Capability.WORK_CASES):
        actions.append(Action("Extend", reverse("casework:extension_add", kwargs={"episode_pk": episode.pk}), True))
    return actions


@require_GET
def episode_detail(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = selectors.episode_get_for(request.user, episode_pk, request=request)
    page = selectors.episode_page(episode)
    return render(
        request,
        "casework/episode_detail.html",
        {
            "episode": episode,
            "page": page,
            "actions": actions_for(request.user, episode),
            "can_work": has_capability(request.user, Capability.WORK_CASES),
            "panels": panels_for(request, episode),
        },
    )
