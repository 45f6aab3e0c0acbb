"""The episode page's panel for step up, step down, closure, re-opening and linked episodes
(registered in ``casework.views.episode.PANEL_MODULES``)."""

from __future__ import annotations

from django.template.loader import render_to_string

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.casework.selectors import episodes_visible_to
from earlyhelp.casework.selectors_transitions import (
    closure_for,
    linked_episodes,
    step_down_history,
    step_ups_for,
)
from earlyhelp.casework.views.closure import FEEDBACK_SESSION_KEY
from earlyhelp.domain.episode_lifecycle import EpisodeStatus


def episode_panel(request, episode) -> str:
    user = request.user
    status = episode.status_enum
    works = has_capability(user, Capability.WORK_CASES)
    manages = has_capability(user, Capability.APPROVE_CLOSURE)
    step_ups = step_ups_for(episode)
    history = step_down_history(episode)
    session = getattr(request, "session", None)
    feedback_link = session.pop(FEEDBACK_SESSION_KEY.format(episode.pk), None) if session is not None else None
    context = {
        "episode": episode,
        "linked": linked_episodes(episode, visible=episodes_visible_to(user)),
        "history": history,
        "can_record_history": history is not None and not history.recorded
        and (works or has_capability(user, Capability.TRIAGE)),
        "step_ups": step_ups,
        "closure": closure_for(episode) if status in (EpisodeStatus.CLOSING, EpisodeStatus.CLOSED, EpisodeStatus.STEPPED_UP) else None,
        "feedback_link": request.build_absolute_uri(feedback_link) if feedback_link else None,
        "can_sign_off": manages and status == EpisodeStatus.CLOSING,
        "can_reopen": manages and status == EpisodeStatus.CLOSED,
    }
    return render_to_string("casework/_transitions_panel.html", context, request=request)
