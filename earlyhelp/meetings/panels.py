"""This app's panel on the episode page (casework.views.episode.PANEL_MODULES)."""

from __future__ import annotations

from django.template.loader import render_to_string

from earlyhelp.meetings import selectors
from earlyhelp.plans.permissions import can_edit, is_open_for_changes


def episode_panel(request, episode) -> str:
    meetings = list(selectors.meetings_for(request.user, episode)[:5])
    return render_to_string(
        "meetings/_panel.html",
        {"episode": episode, "meetings": meetings,
         "can_edit": can_edit(request.user, episode) and is_open_for_changes(episode)},
        request=request,
    )
