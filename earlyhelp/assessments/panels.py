"""This app's panel on the episode page (casework.views.episode.PANEL_MODULES): where the family's
assessment stands, with a link to it, or the button to start it."""

from __future__ import annotations

from django.template.loader import render_to_string

from earlyhelp.assessments import permissions, selectors, services


def episode_panel(request, episode) -> str:
    assessment = selectors.latest_assessment(episode)
    # Allocated with no assessment, or re-opened after an earlier one: a new assessment can be started.
    can_start = episode.status == "allocated" and permissions.can_start(request.user, episode)
    if assessment is None and episode.status in ("awaiting_allocation",):
        return ""
    return render_to_string(
        "assessments/_panel.html",
        {
            "episode": episode,
            "assessment": assessment,
            "timeliness": selectors.timeliness_for(assessment) if assessment else None,
            "can_start": can_start,
            "target_days": services.working_days_target(),
        },
        request=request,
    )
