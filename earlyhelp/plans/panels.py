"""This app's panel on the episode page (casework.views.episode.PANEL_MODULES)."""

from __future__ import annotations

from django.template.loader import render_to_string

from earlyhelp.plans import selectors
from earlyhelp.plans.permissions import can_edit, is_open_for_changes


def episode_panel(request, episode) -> str:
    return render_to_string(
        "plans/_panel.html",
        {
            "episode": episode, "plan": selectors.current_plan(episode), "review": selectors.review_status(episode),
            "can_edit": can_edit(request.user, episode) and is_open_for_changes(episode),
        },
        request=request,
    )
