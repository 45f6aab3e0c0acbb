"""The episode page: the family's early help in one place. Other apps add their panel to it."""

from __future__ import annotations

from importlib import import_module

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from earlyhelp.casework import selectors

# Each module has ``episode_panel(request, episode) -> str`` returning its rendered panel ("" for none).
PANEL_MODULES = (
    "earlyhelp.assessments.panels",
    "earlyhelp.meetings.panels",
    "earlyhelp.plans.panels",
    "earlyhelp.outcomes.panels",
)


def panels_for(request: HttpRequest, episode) -> list[str]:
    found = []
    for name in PANEL_MODULES:
        html = import_module(name).episode_panel(request, episode)
        if html:
            found.append(html)
    return found


def episode_detail(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = selectors.episode_get_for(request.user, episode_pk, request=request)
    return render(
        request, "casework/episode_detail.html", {"episode": episode, "panels": panels_for(request, episode)}
    )
