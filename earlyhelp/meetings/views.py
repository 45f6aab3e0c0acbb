"""Team Around the Family meetings: arrange one, invite the family and the practitioners, record who
came, the minutes and decisions (no silent overwrites), the actions, and send the actions into the
family's plan. A partner invited to a meeting reads it; the family's team changes it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from earlyhelp.accounts.models import Agency, User
from earlyhelp.casework.selectors import episode_get_for
from earlyhelp.core.concurrency import EditConflict
from earlyhelp.core.errors import ApplicationError
from earlyhelp.frontend.forms import show_refusal
from earlyhelp.frontend.templatetags.govuk import govuk_error_summary_items
from earlyhelp.meetings import forms, selectors, services
from earlyhelp.meetings.models import Attendance
from earlyhelp.people.models import Person
from earlyhelp.plans import selectors as plan_selectors
from earlyhelp.plans.permissions import can_edit, episode_get_for_editing, is_open_for_changes
from earlyhelp.plans.services import plan_add_meeting_actions


def _meeting_url(meeting) -> str:
    return reverse("meetings:meeting_detail", kwargs={"episode_pk": meeting.episode_id, "meeting_pk": meeting.pk})


def _editing(request, episode_pk: int, meeting_pk: int):
    episode = episode_get_for_editing(request.user, episode_pk, request=request)
    return episode, selectors.meeting_get_for(request.user, episode, meeting_pk)


@require_GET
def meeting_list(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = episode_get_for(request.user, episode_pk, request=request)
    upcoming, past = selectors.upcoming_and_past(list(selectors.meetings_for(request.user, episode)))
    return render(request, "meetings/meeting_list.html", {
        "episode": episode, "upcoming": upcoming, "past": past,
        "can_edit": can_edit(request.user, episode) and is_open_for_changes(episode),
    })


@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = episode_get_for_editing(request.user, episode_pk, request=request)
    if request.method == "POST":
        form = forms.ScheduleForm(request.POST, episode=episode)
        if form.is_valid():
            try:
                meeting = services.meeting_schedule(
                    episode=episode, actor=request.user, kind=form.cleaned_data["kind"],
                    scheduled_for=form.scheduled_for(), location=form.cleaned_data["location"],
                    chair=User.objects.filter(pk=form.cleaned_data["chair"]).first(),
                    idempotency_key=form.cleaned_data["idempotency_key"], request=request,
                )
            except ApplicationError as refused:
                show_refusal(form, refused)
            else:
                messages.success(request, "Meeting arranged. Now invite the family and the practitioners.")
                return redirect(_meeting_url(meeting))
    else:
        form = forms.ScheduleForm(
            episode=episode, initial={"idempotency_key": forms.new_idempotency_key(), "chair": request.user.pk}
        )
    return render(request, "meetings/meeting_new.html", {
        "episode": episode, "form": form, "error_items": govuk_error_summary_items(form),
    })


@require_GET
def meeting_detail(request: HttpRequest, episode_pk: int, meeting_pk: int) -> HttpResponse:
    episode = episode_get_for(request.user, episode_pk, request=request)
    meeting = selectors.meeting_get_for(request.user, episode, meeting_pk)
    plan = plan_selectors.current_plan(episode)
    in_plan = {a.from_meeting_action_id for a in plan.actions.all()} if plan else set()
    actions = list(meeting.actions.order_by("id"))
    return render(request, "meetings/meeting_detail.html", {
        "episode": episode, "meeting": meeting, "attendees": selectors.attendees(meeting), "actions": actions,
        "in_plan": in_plan, "not_in_plan": [a for a in actions if a.pk not in in_plan],
        "can_edit": can_edit(request.user, episode) and is_open_for_changes(episode),
    })


@require_http_methods(["GET", "POST"])
def meeting_invite(request: HttpRequest, episode_pk: int, meeting_pk: int) -> HttpResponse:
    episode, meeting = _editing(request, episode_pk, meeting_pk)
    who = request.POST.get("invite", "") if request.method == "POST" else ""
    bound = request.POST if request.method == "POST" else None
    family = forms.InviteFamilyForm(bound if who == "family" else None, episode=episode)
    practitioner = forms.InvitePractitionerForm(bound if who == "practitioner" else None)
    agency = forms.InviteAgencyForm(bound if who == "agency" else None)
    chosen = {"family": family, "practitioner": practitioner, "agency": agency}.get(who)
    if chosen is not None and chosen.is_valid():
        data = chosen.cleaned_data
        try:
            attendee = services.meeting_invite(
                meeting=meeting, actor=request.user,
                person=Person.objects.filter(pk=data["person"]).first() if who == "family" else None,
                user=User.objects.filter(pk=data["user"]).first() if who == "practitioner" else None,
                agency=Agency.objects.filter(pk=data["agency"]).first() if who == "agency" else None,
                name=data.get("name", ""), request=request,
            )
        except ApplicationError as refused:
            show_refusal(chosen, refused)
        else:
            messages.success(request, f"{attendee.name} is invited.")
            return redirect(reverse("meetings:meeting_invite", kwargs={"episode_pk": episode.pk, "meeting_pk": meeting.pk}))
    error_items = govuk_error_summary_items(chosen) if chosen is not None else []
    return render(request, "meetings/meeting_invite.html", {
        "episode": episode, "meeting": meeting, "attendees": selectors.attendees(meeting),
        "family": family, "practitioner": practitioner, "agency": agency, "error_items": error_items,
    })


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, episode_pk: int, meeting_pk: int) -> HttpResponse:
    episode, meeting = _editing(request, episode_pk, meeting_pk)
    attendees = list(selectors.attendees(meeting))
    error_items = []
    if request.method == "POST":
        chosen = {a.pk: request.POST.get(f"attendee-{a.pk}", a.attendance) for a in attendees}
        try:
            services.meeting_record_attendance(meeting=meeting, actor=request.user, attendance=chosen, request=request)
        except ApplicationError as refused:
            error_items = [{"text": p, "href": ""} for p in refused.problems]
        else:
            messages.success(request, "Attendance saved.")
            return redirect(_meeting_url(meeting))
    return render(request, "meetings/meeting_attendance.html", {
        "episode": episode, "meeting": meeting, "attendees": attendees, "choices": Attendance.choices,
        "error_items": error_items,
    })


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, episode_pk: int, meeting_pk: int) -> HttpResponse:
    episode, meeting = _editing(request, episode_pk, meeting_pk)
    conflict = None
    version = meeting.version
    if request.method == "POST":
        form = forms.MinutesForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_update_minutes(
                    meeting=meeting, actor=request.user, expected_version=form.cleaned_data["version"],
                    minutes=form.cleaned_data["minutes"], decisions=form.cleaned_data["decisions"], request=request,
                )
            except EditConflict as clash:
                conflict = {"theirs": clash.current, "yours": clash.attempted}
                form.add_error(None, clash.message)
                version = clash.current.version
            except ApplicationError as refused:
                show_refusal(form, refused)
            else:
                messages.success(request, "Minutes saved.")
                return redirect(_meeting_url(meeting))
    else:
        form = forms.MinutesForm(initial={"minutes": meeting.minutes, "decisions": meeting.decisions, "version": meeting.version})
    return render(request, "meetings/meeting_minutes.html", {
        "episode": episode, "meeting": meeting, "form": form, "conflict": conflict, "version": version,
        "error_items": govuk_error_summary_items(form),
    })


@require_http_methods(["GET", "POST"])
def meeting_action_new(request: HttpRequest, episode_pk: int, meeting_pk: int) -> HttpResponse:
    episode, meeting = _editing(request, episode_pk, meeting_pk)
    owners = plan_selectors.owner_choices(episode)
    if request.method == "POST":
        form = forms.MeetingActionForm(request.POST, owner_choices=owners)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.meeting_add_action(
                    meeting=meeting, actor=request.user, what=data["what"], owner=data["owner"],
                    due_on=data.get("due_on"), status=data["status"], idempotency_key=data["idempotency_key"],
                    request=request,
                )
            except ApplicationError as refused:
                show_refusal(form, refused)
            else:
                messages.success(request, "Action added to the meeting.")
                return redirect(_meeting_url(meeting))
    else:
        form = forms.MeetingActionForm(owner_choices=owners, initial={"idempotency_key": forms.new_idempotency_key()})
    return render(request, "meetings/meeting_action_new.html", {
        "episode": episode, "meeting": meeting, "form": form, "error_items": govuk_error_summary_items(form),
    })


def meeting_action_status(request: HttpRequest, episode_pk: int, meeting_pk: int, action_pk: int) -> HttpResponse:
    """Track an agreed action: not started, in progress, done or not done."""
    episode, meeting = _editing(request, episode_pk, meeting_pk)
    action = get_object_or_404(meeting.actions, pk=action_pk)
    if request.method == "POST":
        form = forms.MeetingActionStatusForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_action_update_status(
                    action=action, actor=request.user, status=form.cleaned_data["status"], request=request
                )
            except ApplicationError as refused:
                show_refusal(form, refused)
            else:
                messages.success(request, f"Action marked “{action.get_status_display().lower()}”.")
                return redirect(_meeting_url(meeting))
    else:
        form = forms.MeetingActionStatusForm(initial={"status": action.status})
    return render(request, "meetings/meeting_action_status.html", {
        "episode": episode, "meeting": meeting, "action": action, "form": form,
        "error_items": govuk_error_summary_items(form),
    })


def meeting_to_plan(request: HttpRequest, episode_pk: int, meeting_pk: int) -> HttpResponse:
    episode, meeting = _editing(request, episode_pk, meeting_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        plan, added = plan_add_meeting_actions(episode=episode, meeting=meeting, actor=request.user, request=request)
    except ApplicationError as refused:
        messages.error(request, refused.message)
        return redirect(_meeting_url(meeting))
    if added:
        messages.success(
            request, f"{added} action{'s' if added != 1 else ''} added to the plan as version {plan.version}."
        )
    else:
        messages.info(request, "All of this meeting's actions are already in the plan.")
    return redirect(reverse("plans:plan", kwargs={"episode_pk": episode.pk}))


@require_GET
def meeting_print(request: HttpRequest, episode_pk: int, meeting_pk: int) -> HttpResponse:
    episode = episode_get_for(request.user, episode_pk, request=request)
    meeting = selectors.meeting_get_for(request.user, episode, meeting_pk)
    return render(request, "meetings/meeting_print.html", {
        "episode": episode, "meeting": meeting, "attendees": selectors.attendees(meeting),
        "actions": meeting.actions.order_by("id"),
    })
