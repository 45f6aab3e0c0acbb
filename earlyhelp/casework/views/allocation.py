"""Allocation pages for team managers: the queue of families waiting, allocating one, reallocating."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from earlyhelp.accounts.permissions import Capability
from earlyhelp.casework import selectors
from earlyhelp.casework.services import allocation as services
from earlyhelp.casework.views.forms import AllocateForm
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.http import require_capability
from earlyhelp.frontend.forms import show_refusal


@require_capability(Capability.ALLOCATE)
@require_GET
def allocation_queue(request: HttpRequest) -> HttpResponse:
    """Families waiting for a lead practitioner in the manager's teams (and from the front door with no team), oldest first."""
    rows = selectors.allocation_queue_for(request.user)
    return render(
        request, "casework/allocation_queue.html",
        {"rows": rows, "teams": selectors.teams_for_manager(request.user)},
    )


@require_capability(Capability.ALLOCATE)
@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Allocate a waiting family to a team and a lead practitioner."""
    episode = selectors.episode_get_for_allocation(request.user, episode_pk, request=request)
    teams = selectors.teams_for_manager(request.user)
    if request.method == "POST":
        form = AllocateForm(request.POST, manager=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                allocation = services.episode_allocate(
                    episode=episode, team=data["team"], lead_practitioner=data["lead_practitioner"],
                    lead_agency=data.get("lead_agency"), actor=request.user, request=request,
                )
            except ApplicationError as error:
                show_refusal(form, error)
            else:
                messages.success(
                    request, f"{episode.household.name} allocated to {allocation.lead_practitioner.display_name}"
                )
                return redirect("casework:episode_detail", episode_pk=episode.pk)
    else:
        initial_team = episode.team if episode.team_id and teams.filter(pk=episode.team_id).exists() else None
        if initial_team is None and teams.count() == 1:
            initial_team = teams.first()
        form = AllocateForm(initial={"team": initial_team}, manager=request.user)
    return render(
        request, "casework/allocate.html",
        {"episode": episode, "form": form, "reallocating": False, "current": None},
    )


@require_capability(Capability.ALLOCATE)
@require_http_methods(["GET", "POST"])
def reallocate(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Give an allocated family to another lead practitioner (or team), with the reason."""
    episode = selectors.episode_get_for_reallocation(request.user, episode_pk, request=request)
    current = selectors.current_allocation(episode)
    if request.method == "POST":
        form = AllocateForm(request.POST, manager=request.user, reallocating=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                allocation = services.episode_reallocate(
                    episode=episode, team=data["team"], lead_practitioner=data["lead_practitioner"],
                    lead_agency=data.get("lead_agency"), reason=data["reason"], actor=request.user,
                    expected_allocation_id=data.get("expected_allocation"), request=request,
                )
            except ApplicationError as error:
                show_refusal(form, error)
            else:
                messages.success(
                    request, f"{episode.household.name} reallocated to {allocation.lead_practitioner.display_name}"
                )
                return redirect("casework:episode_detail", episode_pk=episode.pk)
    else:
        form = AllocateForm(
            initial={"team": episode.team, "expected_allocation": current.pk if current else None},
            manager=request.user, reallocating=True,
        )
    return render(
        request, "casework/allocate.html",
        {"episode": episode, "form": form, "reallocating": True, "current": current},
    )
