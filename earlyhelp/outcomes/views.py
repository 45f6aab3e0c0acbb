"""Family outcomes pages. Thin: forms parse, services write, selectors read. Pages about one family go
through the episode door; the family's feedback page needs no account, only its one-time link."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.models import AuditAction
from earlyhelp.audit.services import record
from earlyhelp.casework.selectors import episode_get_for, episode_get_for_work
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.http import require_capability
from earlyhelp.frontend.fields import field_anchor
from earlyhelp.frontend.forms import new_idempotency_key
from earlyhelp.outcomes import forms, selectors, services
from earlyhelp.people.models import HouseholdMember

GUESS_WINDOW_SECONDS = 60 * 60


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _error_items(form) -> list[dict[str, str]]:
    items = [{"text": str(e), "href": ""} for e in form.non_field_errors()]
    for bound in form:
        for error in bound.errors:
            items.append({"text": str(error), "href": "" if bound.is_hidden else f"#{field_anchor(bound)}"})
    return items


def _members(episode) -> list:
    return [
        m.person for m in HouseholdMember.objects.filter(household=episode.household, left_on__isnull=True)
        .select_related("person").order_by("role", "person__date_of_birth")
    ]


# --- A family's progress ------------------------------------------------------------------------


def _progress(request: HttpRequest, episode):
    return selectors.star_progress(
        episode, template_code=request.GET.get("star") or None, person_pk=_int_or_none(request.GET.get("person"))
    )


@require_GET
def progress(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """The family's progress: the star (baseline against latest), each area's trend and distance travelled."""
    episode = episode_get_for(request.user, episode_pk, request=request)
    found = _progress(request, episode)
    return render(request, "outcomes/progress.html", {
        "episode": episode, "progress": found, "can_work": has_capability(request.user, Capability.WORK_CASES),
        "query": request.GET.urlencode(),
    })


@require_GET
def progress_csv(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Every score on the star as CSV (the download is recorded in the audit trail as an export)."""
    episode = episode_get_for(request.user, episode_pk, request=request, audit=False)
    found = _progress(request, episode)
    if found is None:
        raise Http404("No readings")
    record(actor=request.user, action=AuditAction.EXPORT, instance=episode, request=request,
           changes={"export": "star readings", "star": found.template.code})
    response = HttpResponse(selectors.progress_csv(episode, found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="star-readings-E{episode.pk}.csv"'
    return response


@require_GET
def family_view(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """The family's own picture of their progress, in plain words, to show them or print for them."""
    episode = episode_get_for(request.user, episode_pk, request=request)
    found = _progress(request, episode)
    return render(request, "outcomes/family_view.html", {"episode": episode, "progress": found})


# --- Recording a reading ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def reading_new(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Record a star reading with the family: first choose the star, then score each area."""
    episode = episode_get_for_work(request.user, episode_pk, request=request)
    code = request.POST.get("star") or request.GET.get("star")
    if not code:
        templates = list(selectors.templates_available())
        latest = selectors.latest_reading_for(episode)
        return render(request, "outcomes/reading_choose.html", {
            "episode": episode, "templates": templates,
            "current": latest.template.code if latest else (templates[0].code if templates else ""),
        })
    template = selectors.template_get(code)
    members = _members(episode)
    person_pk = request.POST.get("person") if request.method == "POST" else request.GET.get("person", "")
    person = next((p for p in members if str(p.pk) == str(person_pk)), None)
    previous = services.scores_by_code(services.previous_reading(
        episode=episode, template=template, person=person, before=timezone.localdate()
    ))
    if request.method == "POST":
        form = forms.ReadingForm(request.POST, template=template, members=members, previous=previous)
        if form.is_valid():
            try:
                services.star_reading_record(
                    episode=episode, actor=request.user, data=form.reading_input(),
                    idempotency_key=form.cleaned_data.get("idempotency_key") or "", request=request,
                )
            except services.ReadingProblems as problems:
                for name, message in problems.field_problems:
                    form.add_error(name if name in form.fields else None, message)
            else:
                messages.success(request, "Star reading recorded")
                return redirect(f"{reverse('outcomes:progress', kwargs={'episode_pk': episode.pk})}?star={template.code}"
                                + (f"&person={person.pk}" if person else ""))
    else:
        form = forms.ReadingForm(
            template=template, members=members, previous=previous,
            initial={"idempotency_key": new_idempotency_key(), "taken_on": timezone.localdate(),
                     "stage": "review" if previous else "baseline", "scored_by": "agreed", "person": person_pk or ""},
        )
    return render(request, "outcomes/reading_form.html", {
        "episode": episode, "template": template, "form": form, "error_items": _error_items(form),
        "scale_words": selectors.scale_words(template),
    })


# --- The family's feedback ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def feedback_link(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Make a one-time link the family opens on their phone (shown once: only its hash is kept)."""
    episode = episode_get_for_work(request.user, episode_pk, request=request)
    form = forms.FeedbackLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        feedback_request, token = services.feedback_request_create(
            episode=episode, actor=request.user, stage=form.cleaned_data["stage"], request=request
        )
        link = request.build_absolute_uri(reverse("outcomes:feedback", kwargs={"token": token}))
        return render(request, "outcomes/feedback_link_made.html", {
            "episode": episode, "link": link, "feedback_request": feedback_request,
        })
    return render(request, "outcomes/feedback_link.html", {
        "episode": episode, "form": form, "error_items": _error_items(form) if form.is_bound else [],
    })


@require_http_methods(["GET", "POST"])
def feedback_with_worker(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """The family fills in the questionnaire with their worker, on the worker's device."""
    episode = episode_get_for_work(request.user, episode_pk, request=request)
    if request.method == "POST":
        form = forms.WorkerFeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.feedback_record_with_worker(
                    episode=episode, actor=request.user, stage=form.cleaned_data["stage"], answers=form.cleaned_data,
                    idempotency_key=form.cleaned_data.get("idempotency_key") or "", request=request,
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "The family's feedback has been recorded")
                return redirect("casework:episode_detail", episode_pk=episode.pk)
    else:
        form = forms.WorkerFeedbackForm(initial={"idempotency_key": new_idempotency_key()})
    return render(request, "outcomes/feedback_with_worker.html", {
        "episode": episode, "form": form, "error_items": _error_items(form),
    })


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _too_many_guesses(request: HttpRequest) -> bool:
    from django.conf import settings

    limit = getattr(settings, "EARLYHELP_FEEDBACK_GUESS_LIMIT", 20)
    return cache.get(f"outcomes:feedback-guesses:{_client_address(request)}", 0) >= limit


def _count_guess(request: HttpRequest) -> None:
    key = f"outcomes:feedback-guesses:{_client_address(request)}"
    if cache.add(key, 1, GUESS_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, GUESS_WINDOW_SECONDS)


def _gone(request: HttpRequest) -> HttpResponse:
    _count_guess(request)
    return render(request, "outcomes/feedback_gone.html", status=410)


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The family's feedback page, reached through their one-time link without an account.

    An unknown, used or expired link gets the same plain page and status 410 (Gone), so nothing tells
    a guesser which links exist; an address that keeps guessing is refused for an hour (429).
    """
    if _too_many_guesses(request):
        return render(request, "outcomes/feedback_gone.html", {"too_many": True}, status=429)
    feedback_request = selectors.feedback_request_valid(token)
    if feedback_request is None:
        return _gone(request)
    form = forms.FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(token=token, answers=form.cleaned_data, request=request)
        except services.FeedbackLinkGone:
            return _gone(request)
        return render(request, "outcomes/feedback_thanks.html")
    response = render(request, "outcomes/feedback.html", {
        "form": form, "error_items": _error_items(form) if form.is_bound else [],
        "feedback_request": feedback_request,
    })
    # The link is the secret: the site's Referrer-Policy (same-origin) never passes it to another site
    # ("no-referrer" would make browsers send Origin: null and fail the CSRF check), and it is not cached.
    response["Cache-Control"] = "no-store"
    return response


# --- Figures: the 12-week evaluation and the feedback by team -----------------------------------


def _figures_filter(request: HttpRequest):
    """The period, and the teams the user may see narrowed by the team or locality asked for."""
    teams = selectors.teams_for_figures(request.user)
    localities = selectors.localities_for_figures(request.user)
    form = forms.EvaluationFilterForm(request.GET or None, teams=teams.order_by("label"), localities=localities)
    today = timezone.localdate()
    start, end = today - timedelta(days=365), today
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
        if form.cleaned_data.get("team"):
            teams = teams.filter(pk=form.cleaned_data["team"])
        if form.cleaned_data.get("locality"):
            teams = teams.filter(locality_id=form.cleaned_data["locality"])
    return form, teams, start, end


@require_GET
@require_capability(Capability.VIEW_FIGURES)
def evaluation(request: HttpRequest) -> HttpResponse:
    """The 12-week evaluation: improved, unchanged and worse, change by area, reasons for each deterioration."""
    form, teams, start, end = _figures_filter(request)
    result = selectors.twelve_week_evaluation(teams=teams, start=start, end=end)
    return render(request, "outcomes/evaluation.html", {
        "form": form, "evaluation": result, "teams": teams, "show_names": selectors.shows_names(request.user),
        "error_items": _error_items(form) if form.is_bound else [], "query": request.GET.urlencode(),
    })


@require_GET
@require_capability(Capability.VIEW_FIGURES)
def evaluation_csv(request: HttpRequest) -> HttpResponse:
    form, teams, start, end = _figures_filter(request)
    result = selectors.twelve_week_evaluation(teams=teams, start=start, end=end)
    record(actor=request.user, action=AuditAction.EXPORT, request=request, object_type="outcomes.evaluation",
           changes={"export": "12-week evaluation", "start": start.isoformat(), "end": end.isoformat(),
                    "teams": sorted(teams.values_list("code", flat=True))})
    response = HttpResponse(selectors.evaluation_csv(result), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="twelve-week-evaluation-{start}-to-{end}.csv"'
    return response


@require_GET
@require_capability(Capability.VIEW_FIGURES)
def feedback_summary(request: HttpRequest) -> HttpResponse:
    """The families' feedback by team and quarter, and their own words (without names)."""
    form, teams, start, end = _figures_filter(request)
    return render(request, "outcomes/feedback_summary.html", {
        "form": form, "rows": selectors.feedback_summary(teams=teams, start=start, end=end),
        "comments": selectors.feedback_comments(teams=teams, start=start, end=end),
        "questions": selectors.FEEDBACK_QUESTIONS, "start": start, "end": end,
        "error_items": _error_items(form) if form.is_bound else [],
    })

