"""Record children's social care's history on an episode the front door opened from a step-down contact."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from earlyhelp.accounts.permissions import Capability
from earlyhelp.casework import selectors
from earlyhelp.casework.forms_transitions import StepDownForm
from earlyhelp.casework.models import EpisodeOrigin
from earlyhelp.casework.selectors_transitions import step_down_history
from earlyhelp.casework.services import step_down as service
from earlyhelp.casework.views._transitions import apply_problems, error_items, require_any
from earlyhelp.core.errors import ApplicationError


@require_http_methods(["GET", "POST"])
def step_down_record(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Keep social care's summary, assessment and plan with the episode, so the family does not tell its story again."""
    require_any(request.user, Capability.WORK_CASES, Capability.TRIAGE)
    episode = selectors.episode_get_for(request.user, episode_pk, request=request)
    history = step_down_history(episode)
    if episode.origin != EpisodeOrigin.STEP_DOWN or (history is not None and history.recorded):
        messages.error(
            request,
            "Social care's history is already recorded for this episode"
            if history is not None and history.recorded
            else "This episode did not start with a step down from children's social care",
        )
        return redirect("casework:episode_detail", episode_pk=episode.pk)
    involvements = service.step_down_involvements(episode)
    initial = {
        "received_on": history.received_on if history and history.received_on else timezone.localdate(),
        "social_worker_name": history.social_worker_name if history else "",
        "social_care_summary": history.summary if history else "",
        "statutory_involvement": next((i.pk for i in involvements if i.ended_on is None), None),
    }
    form = StepDownForm(request.POST or None, involvements=involvements, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.step_down_record(
                episode=episode, actor=request.user, social_care_summary=data["social_care_summary"],
                received_on=data["received_on"], social_care_assessment=data.get("social_care_assessment", ""),
                social_care_plan=data.get("social_care_plan", ""), social_worker_name=data.get("social_worker_name", ""),
                statutory_involvement=data.get("statutory_involvement"), request=request,
            )
        except ApplicationError as error:
            apply_problems(form, error)
        else:
            messages.success(request, "Social care's history is kept with the episode")
            return redirect("casework:episode_detail", episode_pk=episode.pk)
    return render(
        request, "casework/step_down_record.html", {"episode": episode, "form": form, "error_items": error_items(form)}
    )
