"""The plan on a page: read it, change it (a new version each time, never a silent overwrite), agree
it with the family, print it, see its history, and review it. Thin: forms parse, services decide."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from earlyhelp.casework.selectors import episode_get_for
from earlyhelp.core.errors import ApplicationError
from earlyhelp.domain.timescales import format_date
from earlyhelp.frontend.forms import show_refusal
from earlyhelp.frontend.templatetags.govuk import govuk_error_summary_items
from earlyhelp.plans import forms, selectors, services
from earlyhelp.plans.permissions import can_edit, episode_get_for_editing, is_open_for_changes


def _is_partner(user) -> bool:
    from earlyhelp.meetings.selectors import is_partner

    return is_partner(user)


def _plan_url(episode) -> str:
    return reverse("plans:plan", kwargs={"episode_pk": episode.pk})



@require_GET
def plan_detail(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = episode_get_for(request.user, episode_pk, request=request)
    plan = selectors.current_plan(episode)
    editable = can_edit(request.user, episode) and is_open_for_changes(episode)
    partner = _is_partner(request.user)
    return render(request, "plans/plan_detail.html", {
        "episode": episode, "plan": plan, "view": selectors.plan_view(plan) if plan else None,
        "can_edit": editable, "partner": partner, "review": selectors.review_status(episode),
        "reviews": [] if partner else selectors.plan_reviews(episode),
        "review_months": selectors.review_months(),
    })


def _content_view(episode, content: services.PlanContent) -> selectors.PlanView:
    owners = {key: label for _, group in selectors.owner_choices(episode) for key, label in group}
    needs = {n.pk: str(n) for n in selectors.unmet_needs(episode)}
    return selectors.PlanView(
        label="Your changes (not saved yet)",
        sections=[(title, getattr(content, name)) for name, title in selectors.SECTIONS],
        actions=[
            selectors.ActionView(
                what=a.what, owner=owners.get(a.owner, "").split(" (")[0], due_on=a.due_on,
                status=dict(services.ActionStatus.choices).get(a.status, a.status), need=needs.get(a.need_id, ""),
            )
            for a in content.actions
        ],
    )


def _add_row(data):
    data = data.copy()
    try:
        total = int(data.get("actions-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    data["actions-TOTAL_FORMS"] = str(min(max(total, 0) + 1, forms.MAX_ACTIONS))
    return data


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = episode_get_for_editing(request.user, episode_pk, request=request)
    plan = selectors.current_plan(episode)
    conflict = None
    base_version = plan.version if plan else 0
    if request.method == "POST":
        adding = request.POST.get("action") == "add_action"
        data = _add_row(request.POST) if adding else request.POST
        form = forms.PlanForm(data)
        formset = forms.ActionFormSet(data, prefix="actions", episode=episode)
        key = data.get("idempotency_key") or forms.new_idempotency_key()
        if adding:
            form.is_valid()
            formset.is_valid()
            form._errors, formset._errors = {}, [{} for _ in formset.forms]
            for f in formset.forms:
                f._errors = {}
            base_version = data.get("base_version", base_version)
        elif form.is_valid() & formset.is_valid():
            content = forms.content_from(form, formset)
            try:
                services.plan_save(
                    episode=episode, actor=request.user, content=content, base_version=form.cleaned_data["base_version"],
                    idempotency_key=form.cleaned_data["idempotency_key"], request=request,
                )
            except services.PlanConflict as clash:
                conflict = {"theirs": selectors.plan_view(clash.current), "yours": _content_view(episode, content)}
                form.add_error(None, clash.message)
                base_version = clash.current.version
            except ApplicationError as refused:
                show_refusal(form, refused)
                base_version = form.cleaned_data["base_version"]
            else:
                messages.success(request, "The plan has been saved as a new version.")
                return redirect(_plan_url(episode))
        else:
            base_version = data.get("base_version", base_version)
    else:
        initial = {name: getattr(plan, name) for name in services.SECTION_FIELDS} if plan else selectors.plan_prefill(episode)
        form = forms.PlanForm(initial=initial)
        formset = forms.ActionFormSet(
            initial=forms.action_initial(plan) or [{}], prefix="actions", episode=episode
        )
        key = forms.new_idempotency_key()
    error_items = govuk_error_summary_items(form)
    for number, action_form in enumerate(formset.forms, start=1):
        for item in govuk_error_summary_items(action_form):
            error_items.append({**item, "text": f"Action {number}: {item['text']}"})
    return render(request, "plans/plan_edit.html", {
        "episode": episode, "plan": plan, "form": form, "formset": formset, "error_items": error_items,
        "conflict": conflict, "base_version": base_version, "idempotency_key": key,
        "prefilled": plan is None and selectors.assessment_for_plan(episode) is not None,
    })


@require_http_methods(["GET", "POST"])
def plan_agree(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = episode_get_for_editing(request.user, episode_pk, request=request)
    plan = selectors.current_plan(episode)
    if plan is None:
        messages.info(request, "Write the plan before agreeing it with the family.")
        return redirect(_plan_url(episode))
    if request.method == "POST":
        form = forms.AgreeForm(request.POST)
        if form.is_valid():
            try:
                services.plan_agree(
                    episode=episode, actor=request.user, version=form.cleaned_data["version"],
                    agreed_on=form.cleaned_data["agreed_on"], request=request,
                )
            except ApplicationError as refused:
                show_refusal(form, refused)
            else:
                messages.success(request, f"Plan version {plan.version} is agreed with the family.")
                return redirect(_plan_url(episode))
    else:
        form = forms.AgreeForm(initial={"version": plan.version})
    return render(request, "plans/plan_agree.html", {
        "episode": episode, "plan": plan, "form": form, "error_items": govuk_error_summary_items(form),
        "review_months": selectors.review_months(), "authorised": selectors.assessment_is_authorised(episode),
    })


@require_GET
def plan_print(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = episode_get_for(request.user, episode_pk, request=request)
    plan = selectors.current_plan(episode)
    return render(request, "plans/plan_print.html", {
        "episode": episode, "plan": plan, "view": selectors.plan_view(plan) if plan else None,
        "review": selectors.review_status(episode),
    })


@require_GET
def plan_versions(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = episode_get_for(request.user, episode_pk, request=request)
    if _is_partner(request.user):
        from django.http import Http404

        raise Http404("Not found")
    versions = list(selectors.plan_versions(episode))
    numbers = [v.version for v in versions]

    def _number(name: str, default: int | None) -> int | None:
        try:
            value = int(request.GET.get(name, ""))
        except ValueError:
            return default
        return value if value in numbers else default

    newest = numbers[0] if numbers else None
    to_version = _number("to", newest)
    from_version = _number("from", (to_version - 1) if to_version and (to_version - 1) in numbers else None)
    diff = None
    if from_version and to_version and from_version != to_version:
        older, newer = sorted([from_version, to_version])
        diff = selectors.plan_diff(
            selectors.plan_view(selectors.plan_version(episode, older)),
            selectors.plan_view(selectors.plan_version(episode, newer)),
        )
        from_version, to_version = older, newer
    return render(request, "plans/plan_versions.html", {
        "episode": episode, "versions": versions, "diff": diff, "from_version": from_version, "to_version": to_version,
    })


@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = episode_get_for_editing(request.user, episode_pk, request=request)
    if request.method == "POST":
        form = forms.ReviewForm(request.POST)
        if form.is_valid():
            try:
                review = services.plan_review_record(
                    episode=episode, actor=request.user, reviewed_on=form.cleaned_data["reviewed_on"],
                    summary=form.cleaned_data["summary"], idempotency_key=form.cleaned_data["idempotency_key"],
                    request=request,
                )
            except ApplicationError as refused:
                show_refusal(form, refused)
            else:
                messages.success(
                    request, f"Review recorded. The next review is due by {format_date(review.next_review_due_on)}."
                )
                return redirect(_plan_url(episode))
    else:
        form = forms.ReviewForm(initial={"idempotency_key": forms.new_idempotency_key()})
    return render(request, "plans/review_new.html", {
        "episode": episode, "form": form, "error_items": govuk_error_summary_items(form),
        "review": selectors.review_status(episode), "review_months": selectors.review_months(),
    })
