"""Step up to children's social care: ask (lead practitioner), agree (team manager), record the decision
(team manager or front door). Thin: forms parse, ``casework.services.step_up`` decides."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.casework import selectors
from earlyhelp.casework.forms_transitions import StepUpAgreeForm, StepUpDecisionForm, StepUpRequestForm
from earlyhelp.casework.models import StepUp
from earlyhelp.casework.selectors_transitions import step_up_view
from earlyhelp.casework.services import step_up as service
from earlyhelp.casework.views._transitions import apply_problems, carried, error_items, require_any
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.http import require_capability


def _step_up(episode, pk: int) -> StepUp:
    found = StepUp.objects.filter(episode=episode, pk=pk).select_related("requested_by", "assessment", "plan").first()
    if found is None:
        raise Http404("No step-up found")
    return found


@require_capability(Capability.WORK_CASES)
@require_http_methods(["GET", "POST"])
def step_up_request(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """The lead practitioner asks for a step-up; the latest assessment and current plan are chosen already."""
    episode = selectors.episode_get_for_work(request.user, episode_pk, request=request)
    pending = service.step_up_pending(episode)
    if pending is not None:
        messages.error(request, "A step-up for this family is already waiting for a decision")
        return redirect("casework:step_up_detail", episode_pk=episode.pk, pk=pending.pk)
    assessment, plan = service.carried_records(episode)
    if request.method == "GET":
        form = StepUpRequestForm(
            episode=episode, initial={"assessment": assessment.pk if assessment else None, "plan": plan.pk if plan else None}
        )
    else:
        form = StepUpRequestForm(request.POST, episode=episode)
        if form.is_valid():
            data = form.cleaned_data
            try:
                step_up = service.step_up_request(
                    episode=episode, actor=request.user, reasons=data["reasons"], assessment=data.get("assessment"),
                    plan=data.get("plan"), request=request,
                )
            except ApplicationError as error:
                apply_problems(form, error)
            else:
                messages.success(request, "Step-up asked for. A team manager must agree it before it goes to children's social care.")
                return redirect("casework:step_up_detail", episode_pk=episode.pk, pk=step_up.pk)
        cleaned = getattr(form, "cleaned_data", {})
        assessment, plan = cleaned.get("assessment", assessment), cleaned.get("plan", plan)
    return render(
        request, "casework/step_up_request.html",
        {"episode": episode, "form": form, "error_items": error_items(form), **carried(assessment, plan)},
    )


def _detail_context(request, episode, step_up, **extra) -> dict:
    view = step_up_view(step_up)
    user = request.user
    return {
        "episode": episode, "view": view, "step_up": step_up, **carried(step_up.assessment, step_up.plan),
        "perms_approve": has_capability(user, Capability.APPROVE_CLOSURE),
        "perms_decide": has_capability(user, Capability.APPROVE_CLOSURE) or has_capability(user, Capability.TRIAGE),
        **extra,
    }


@require_GET
def step_up_detail(request: HttpRequest, episode_pk: int, pk: int) -> HttpResponse:
    """What the step-up carries, where it has got to, and social care's decision or advice."""
    episode = selectors.episode_get_for(request.user, episode_pk, request=request)
    step_up = _step_up(episode, pk)
    return render(request, "casework/step_up_detail.html", _detail_context(request, episode, step_up))


@require_capability(Capability.APPROVE_CLOSURE)
@require_http_methods(["GET", "POST"])
def step_up_agree(request: HttpRequest, episode_pk: int, pk: int) -> HttpResponse:
    """A team manager reads what the step-up carries, then agrees and sends it, or does not agree."""
    episode = selectors.episode_get_for_work(request.user, episode_pk, request=request)
    step_up = _step_up(episode, pk)
    form = StepUpAgreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["agreed"]:
                service.step_up_agree(step_up=step_up, actor=request.user, request=request)
            else:
                service.step_up_withdraw(step_up=step_up, actor=request.user, reason=form.cleaned_data["reason"],
                                         request=request)
        except ApplicationError as error:
            apply_problems(form, error)
        else:
            if form.cleaned_data["agreed"]:
                messages.success(request, "Step-up agreed and sent to children's social care")
                return redirect("casework:step_up_detail", episode_pk=episode.pk, pk=step_up.pk)
            messages.success(request, "Step-up not agreed. Early help carries on and the lead practitioner can see why.")
            return redirect("casework:episode_detail", episode_pk=episode.pk)
    return render(
        request, "casework/step_up_agree.html",
        _detail_context(request, episode, step_up, form=form, error_items=error_items(form)),
    )


@require_http_methods(["GET", "POST"])
def step_up_decide(request: HttpRequest, episode_pk: int, pk: int) -> HttpResponse:
    """Record children's social care's decision: accepted (child in need or child protection) or returned with advice."""
    require_any(request.user, Capability.APPROVE_CLOSURE, Capability.TRIAGE)
    episode = selectors.episode_get_for(request.user, episode_pk, request=request)
    step_up = _step_up(episode, pk)
    form = StepUpDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.step_up_decide(
                step_up=step_up, actor=request.user, decision=data["decision"], decided_by_name=data["decided_by_name"],
                decided_on=data["decided_on"], advice=data.get("advice", ""), primary_need=data.get("primary_need", ""),
                cp_category=data.get("cp_category", ""), request=request,
            )
        except ApplicationError as error:
            apply_problems(form, error)
        else:
            step_up.refresh_from_db()
            messages.success(request, f"Social care's decision recorded: {step_up.get_decision_display()}")
            return redirect("casework:episode_detail", episode_pk=episode.pk)
    return render(
        request, "casework/step_up_decision.html",
        _detail_context(request, episode, step_up, form=form, error_items=error_items(form)),
    )
