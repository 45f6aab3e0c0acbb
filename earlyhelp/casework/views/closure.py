"""Closing an episode: the lead practitioner asks, a team manager signs off or refuses; a manager can
re-open a closed episode. Thin: forms parse, ``casework.services.closure`` decides."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from earlyhelp.accounts.permissions import Capability
from earlyhelp.casework import selectors
from earlyhelp.casework.forms_transitions import ClosureForm, ReopenForm, SignOffForm
from earlyhelp.casework.selectors_transitions import closure_for
from earlyhelp.casework.services import closure as service
from earlyhelp.casework.views._transitions import apply_problems, error_items
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.http import require_capability
from earlyhelp.domain.episode_lifecycle import EpisodeStatus
from earlyhelp.outcomes.selectors import closure_star_facts

FEEDBACK_SESSION_KEY = "casework_feedback_token_{}"


def feedback_link(token: str) -> str:
    """The link to give the family. The feedback page belongs to outcomes; its path is fixed if it is not there yet."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("outcomes:feedback", kwargs={"token": token})
    except NoReverseMatch:
        return f"/outcomes/feedback/{token}/"


@require_capability(Capability.WORK_CASES)
@require_http_methods(["GET", "POST"])
def closure_request(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """The lead practitioner asks to close: reason, what happened to each need, final star reading, feedback."""
    episode = selectors.episode_get_for_work(request.user, episode_pk, request=request)
    if episode.status == EpisodeStatus.CLOSING and closure_for(episode) is not None:
        messages.error(request, "This episode's closure has already been asked for: it is waiting for a manager's sign-off")
        return redirect("casework:episode_detail", episode_pk=episode.pk)
    needs = service.identified_needs(episode)
    form = ClosureForm(request.POST or None, needs=needs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        results = [
            service.NeedResult(need.pk, data[f"need_{need.pk}"], data.get(f"need_{need.pk}_comment", ""))
            for need in needs
        ]
        try:
            done = service.closure_request(
                episode=episode, actor=request.user, reason=data["reason"], reason_detail=data.get("reason_detail", ""),
                summary=data.get("summary", ""), need_results=results,
                no_final_star_reason=data.get("no_final_star_reason", ""),
                feedback_requested=data["feedback_requested"], request=request,
            )
        except ApplicationError as error:
            apply_problems(form, error)
        else:
            if done.feedback_token:
                request.session[FEEDBACK_SESSION_KEY.format(episode.pk)] = feedback_link(done.feedback_token)
            messages.success(request, "Closure asked for. A team manager must sign it off.")
            return redirect("casework:episode_detail", episode_pk=episode.pk)
    return render(
        request, "casework/closure_request.html",
        {"episode": episode, "form": form, "error_items": error_items(form), "stars": closure_star_facts(episode)},
    )


@require_capability(Capability.APPROVE_CLOSURE)
@require_http_methods(["GET", "POST"])
def closure_sign_off(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """A team manager reads the closure and signs it off, or sends the episode back to its plan with a reason."""
    episode = selectors.episode_get_for_work(request.user, episode_pk, request=request)
    closure = closure_for(episode)
    if episode.status != EpisodeStatus.CLOSING or closure is None:
        messages.error(request, "This episode is not waiting for closure sign-off")
        return redirect("casework:episode_detail", episode_pk=episode.pk)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["signed_off"]:
                service.closure_sign_off(episode=episode, actor=request.user, request=request)
            else:
                service.closure_refuse(
                    episode=episode, actor=request.user, reason=form.cleaned_data["refusal_reason"], request=request
                )
        except ApplicationError as error:
            apply_problems(form, error)
        else:
            if form.cleaned_data["signed_off"]:
                messages.success(request, "Closure signed off. The episode is closed.")
            else:
                messages.success(request, "Closure not signed off. The episode is back to its plan.")
            return redirect("casework:episode_detail", episode_pk=episode.pk)
    return render(
        request, "casework/closure_sign_off.html",
        {"episode": episode, "closure": closure, "form": form, "error_items": error_items(form),
         "stars": closure_star_facts(episode)},
    )


@require_capability(Capability.APPROVE_CLOSURE)
@require_http_methods(["GET", "POST"])
def episode_reopen(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """A team manager re-opens a closed episode to its lead practitioner, with a reason."""
    episode = selectors.episode_get_for_work(request.user, episode_pk, request=request)
    if episode.status != EpisodeStatus.CLOSED:
        messages.error(request, "Only a closed episode can be re-opened")
        return redirect("casework:episode_detail", episode_pk=episode.pk)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.episode_reopen(episode=episode, actor=request.user, reason=form.cleaned_data["reason"], request=request)
        except ApplicationError as error:
            apply_problems(form, error)
        else:
            messages.success(request, "Episode re-opened to its lead practitioner")
            return redirect("casework:episode_detail", episode_pk=episode.pk)
    return render(
        request, "casework/closure_reopen.html",
        {"episode": episode, "closure": closure_for(episode), "form": form, "error_items": error_items(form)},
    )
