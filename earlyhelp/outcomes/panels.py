"""This app's panel on the episode page (casework.views.episode.PANEL_MODULES): the latest star picture."""

from __future__ import annotations

from django.template.loader import render_to_string

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.outcomes.selectors import star_progress


def episode_panel(request, episode) -> str:
    """The family's star (baseline against latest) and links to their progress and to record a reading.

    The episode page has already fetched the episode through its door, so this only reads its readings.
    """
    return render_to_string(
        "outcomes/_panel.html",
        {"episode": episode, "progress": star_progress(episode), "can_work": has_capability(request.user, Capability.WORK_CASES)},
        request=request,
    )
