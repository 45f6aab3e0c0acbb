"""The assessment's pages. Thin: forms parse, services decide and write, selectors fetch through the
episode's door. The page works without JavaScript (one Save button posts everything); with it, fields
save as they are typed through ``autosave`` (static earlyhelp/js/autosave.js)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.assessments import forms, permissions, rules, selectors, services
from earlyhelp.assessments.models import AssessmentNeed, AssessmentStatus
from earlyhelp.casework.selectors import episode_get_for_work
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.http import require_capability
from earlyhelp.frontend.fields import field_anchor
from earlyhelp.frontend.templatetags.govuk import govuk_time
from earlyhelp.people.models import HouseholdMember, Person

# --- Starting ------------------------------------------------------------------------------------


@require_capability(Capability.WORK_CASES)
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Consent first, then the assessment is made with everything the system already knows."""
    episode = episode_get_for_work(request.user, episode_pk, request=request)
    if not permissions.can_start(request.user, episode):
        raise Http404("No episode found")
    existing = selectors.latest_assessment(episode)
    if existing is not None and episode.status != "allocated":
        messages.info(request, "The assessment has already been started")
        return redirect("assessments:detail", pk=existing.pk)
    people = Person.objects.filter(
        pk__in=HouseholdMember.objects.filter(household_id=episode.household_id, left_on__isnull=True).values("person_id")
    ).order_by("date_of_birth")
    consents = list(selectors.consents_for(episode))
    if request.method == "POST":
        form = forms.StartForm(request.POST, people=people)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assessment = services.assessment_start(
                    episode=episode, actor=request.user, consent_confirmed=data["consent"] == "yes",
                    consent_given_by=data.get("consent_given_by"),
                    consent_given_by_name=data.get("consent_given_by_name", ""),
                    no_consent_reason=data.get("no_consent_reason", ""), request=request,
                )
            except ApplicationError as error:
                started = selectors.latest_assessment(episode)
                if started is not None and started != existing:
                    messages.info(request, "The assessment has already been started")
                    return redirect("assessments:detail", pk=started.pk)
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "Assessment started. It saves as you type.")
                return redirect("assessments:detail", pk=assessment.pk)
    else:
        form = forms.StartForm(people=people, initial=_consent_initial(consents, people))
    return render(request, "assessments/start.html", {
        "episode": episode, "form": form, "consents": consents, "step_down": selectors.step_down_for(episode),
        "target_days": services.working_days_target(),
    })


def _consent_initial(consents, people) -> dict:
    """Pre-fill from the front door: consent given to the assessment or the request, and by whom."""
    from earlyhelp.referrals.models import ConsentScope, ConsentStatus

    for consent in consents:
        if consent.scope in (ConsentScope.ASSESSMENT, ConsentScope.REFERRAL) and consent.withdrawn_on is None:
            if consent.status == ConsentStatus.GIVEN:
                given_by = consent.given_by_person if consent.given_by_person in people else None
                return {"consent": "yes", "consent_given_by": given_by,
                        "consent_given_by_name": "" if given_by else consent.given_by_name}
            if consent.proceed_without_consent:
                return {"consent": "no", "no_consent_reason": consent.reason_for_proceeding}
    return {}


# --- The assessment page -------------------------------------------------------------------------


def _context(request, assessment, *, form=None, need_form=None, conflicts=(), error_items=None, problems=None):
    episode = assessment.episode
    members = selectors.members_for(assessment)
    editable = permissions.can_edit(request.user, assessment)
    if editable and form is None:
        form = forms.AssessmentForm(
            initial=forms.AssessmentForm.initial_for(assessment), assessment=assessment, members=members
        )
    if editable and need_form is None:
        need_form = forms.NeedForm(members=members, initial={"idempotency_key": forms.new_idempotency_key()})
    values = services.page_values(assessment)
    member_sections = []
    for view in members:
        names = [services.member_field_name(view.member.pk, n) for n in services.MEMBER_TEXT_FIELDS]
        member_sections.append({
            "view": view,
            "fields": [form[n] for n in names] if editable else [],
            "values": [(label, values.get(n, "")) for n, label in zip(names, services.MEMBER_TEXT_FIELDS.values(), strict=True)],
        })
    items = list(error_items or [])
    for problem in problems or []:
        items.append({"text": problem, "href": ""})
    return {
        "assessment": assessment,
        "episode": episode,
        "address": episode.household.current_address,
        "members": members,
        "member_sections": member_sections,
        "needs": assessment.needs.select_related("person").order_by("id"),
        "consents": selectors.consents_for(episode),
        "step_down": selectors.step_down_for(episode),
        "contact": episode.contact,
        "timeliness": selectors.timeliness_for(assessment),
        "editable": editable,
        "form": form,
        "need_form": need_form,
        "whole_family": [form[n] for n in services.ASSESSMENT_TEXT_FIELDS] if editable else [],
        "whole_family_values": [(label, values.get(n, "")) for n, label in services.ASSESSMENT_TEXT_FIELDS.items()],
        "conflicts": conflicts,
        "error_items": items,
        "can_authorise": permissions.can_authorise(request.user, assessment),
        "missing": services.submission_problems(assessment) if editable else [],
        "last_saved_at": assessment.updated_at,
    }


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment: facts from the register, the practitioner's sections, needs, and where it stands."""
    if request.method == "GET":
        assessment = selectors.assessment_get_for(request.user, pk, request=request)
        return render(request, "assessments/detail.html", _context(request, assessment))
    assessment = selectors.assessment_get_for_work(request.user, pk, request=request)
    if not permissions.can_edit(request.user, assessment):
        messages.error(request, f"This assessment is {assessment.get_status_display().lower()}, so it cannot be changed")
        return redirect("assessments:detail", pk=assessment.pk)
    members = selectors.members_for(assessment)
    form = forms.AssessmentForm(request.POST, assessment=assessment, members=members)
    if not form.is_valid():
        # Only a tampered version gets here: show the page again with what was typed.
        return render(request, "assessments/detail.html", _context(
            request, assessment, form=form, error_items=[{"text": "Save again: the page was out of date", "href": ""}]
        ))
    texts, bases = form.texts(), form.bases()
    for name in request.POST.getlist("take"):
        if name in texts:  # "use my colleague's version": what is stored stays
            texts.pop(name)
    try:
        result = services.assessment_save(
            assessment=assessment, actor=request.user, version=form.cleaned_data["version"], values=texts,
            bases=bases, request=request,
        )
    except ApplicationError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            form.add_error(None, error.message)
        items = [{"text": str(e), "href": ""} for e in form.non_field_errors()] + [
            {"text": str(e), "href": f"#{field_anchor(form[n])}"} for n in form.text_names for e in form[n].errors
        ]
        return render(request, "assessments/detail.html", _context(request, assessment, form=form, error_items=items))
    if not result.conflicts:
        messages.success(request, "Assessment saved")
        return redirect("assessments:detail", pk=assessment.pk)
    # Show both versions: the fields in conflict keep what this person typed, on the colleague's version.
    fresh = result.assessment
    stored = services.page_values(fresh)
    data = {"version": fresh.version}
    mine = {c.name: c.mine for c in result.conflicts}
    for name, value in stored.items():
        data[name] = mine.get(name, value)
        data[f"base__{name}"] = rules.value_hash(value)
    form = forms.AssessmentForm(data, assessment=fresh, members=members)
    form.is_valid()
    fresh.episode = assessment.episode
    return render(request, "assessments/detail.html", _context(request, fresh, form=form, conflicts=result.conflicts))


@login_not_required
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the fields the page sends as they are typed; answers in JSON.

    Signed out: 401 with where to sign in, so the page keeps what was typed and says so (instead of
    following a redirect to the sign-in page and losing it quietly)."""
    if not request.user.is_authenticated:
        return JsonResponse({
            "status": "signed_out",
            "message": "You have been signed out. What you typed is kept on this page and in this browser: "
                       "sign in again to save it.",
            "sign_in_url": f"{reverse('accounts:login')}?next={reverse('assessments:detail', args=[pk])}",
        }, status=401)
    if not has_capability(request.user, Capability.WORK_CASES):
        raise Http404("No assessment found")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    assessment = selectors.assessment_get_for_work(request.user, pk, request=request)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return JsonResponse({"status": "invalid", "message": "The page is out of date. Reload it."}, status=400)
    values = {k: v for k, v in request.POST.items() if not k.startswith("base__") and k not in ("version", "csrfmiddlewaretoken")}
    bases = {k[len("base__"):]: v for k, v in request.POST.items() if k.startswith("base__")}
    try:
        result = services.assessment_save(
            assessment=assessment, actor=request.user, version=version, values=values, bases=bases, request=request
        )
    except ApplicationError as error:
        return JsonResponse({"status": "refused", "message": error.message, "field": error.field}, status=409)
    fresh = result.assessment
    body = {
        "status": "conflict" if result.conflicts else "saved",
        "version": fresh.version,
        "saved": result.saved,
        "saved_at": govuk_time(timezone.localtime(fresh.updated_at)),
        "bases": result.bases(),
    }
    if result.conflicts:
        body["conflicts"] = [{"name": c.name, "theirs": c.theirs, "base": c.theirs_hash} for c in result.conflicts]
        body["html"] = render_to_string(
            "assessments/_conflicts.html", {"conflicts": result.conflicts, "assessment": fresh, "scripted": True},
            request=request,
        )
    return JsonResponse(body, status=409 if result.conflicts else 200)


# --- Needs ---------------------------------------------------------------------------------------


@require_capability(Capability.WORK_CASES)
@require_POST
def need_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_work(request.user, pk, request=request)
    members = selectors.members_for(assessment)
    form = forms.NeedForm(request.POST, members=members)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.need_add(
                assessment=assessment, actor=request.user, description=data["description"],
                factor=data.get("factor", ""), sf_outcome=data.get("sf_outcome", ""), person=form.chosen_person(),
                unmet=bool(data.get("unmet")), complex=bool(data.get("complex")),
                idempotency_key=data.get("idempotency_key") or None, request=request,
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Need added")
            return redirect(reverse("assessments:detail", args=[assessment.pk]) + "#needs")
    items = [{"text": str(e), "href": ""} for e in form.non_field_errors()] + [
        {"text": str(e), "href": f"#{field_anchor(form[name])}"} for name in form.fields for e in form[name].errors
    ]
    return render(request, "assessments/detail.html", _context(request, assessment, need_form=form, error_items=items))


@require_capability(Capability.WORK_CASES)
@require_POST
def need_remove(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_work(request.user, pk, request=request)
    need = AssessmentNeed.objects.filter(assessment=assessment, pk=need_pk).first()
    if need is None:
        messages.info(request, "That need had already been removed")
        return redirect(reverse("assessments:detail", args=[assessment.pk]) + "#needs")
    try:
        services.need_remove(need=need, actor=request.user, request=request)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Need removed")
    return redirect(reverse("assessments:detail", args=[assessment.pk]) + "#needs")


# --- Authorisation -------------------------------------------------------------------------------


@require_capability(Capability.WORK_CASES)
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_work(request.user, pk, request=request)
    try:
        services.assessment_submit(assessment=assessment, actor=request.user, request=request)
    except ApplicationError as error:
        if assessment.status == AssessmentStatus.SUBMITTED:
            messages.info(request, error.message)
            return redirect("assessments:detail", pk=assessment.pk)
        return render(request, "assessments/detail.html", _context(request, assessment, problems=error.problems))
    messages.success(request, "Assessment sent to a manager for authorisation")
    return redirect("assessments:detail", pk=assessment.pk)


@require_capability(Capability.AUTHORISE_ASSESSMENT)
@require_http_methods(["GET", "POST"])
def authorise(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager reads the assessment and authorises it, or returns it with what needs to change."""
    assessment = selectors.assessment_get_for_work(request.user, pk, request=request)
    if assessment.status != AssessmentStatus.SUBMITTED:
        messages.info(request, f"This assessment is {assessment.get_status_display().lower()}: there is nothing to decide")
        return redirect("assessments:detail", pk=assessment.pk)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "authorise":
                services.assessment_authorise(assessment=assessment, actor=request.user, request=request)
                messages.success(request, "Assessment authorised")
            else:
                services.assessment_return(
                    assessment=assessment, actor=request.user, reason=form.cleaned_data["reason"], request=request
                )
                messages.success(request, "Assessment returned to the practitioner with your reason")
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("assessments:detail", pk=assessment.pk)
    context = _context(request, assessment)
    context.update({"decision_form": form, "own": assessment.submitted_by_id == request.user.pk})
    return render(request, "assessments/authorise.html", context)


@require_capability(Capability.WORK_CASES)
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the recorded consent (the family agreed later, or going ahead without it)."""
    assessment = selectors.assessment_get_for_work(request.user, pk, request=request)
    if not permissions.can_edit(request.user, assessment):
        messages.error(request, f"This assessment is {assessment.get_status_display().lower()}, so it cannot be changed")
        return redirect("assessments:detail", pk=assessment.pk)
    people = Person.objects.filter(pk__in=assessment.members.values("person_id")).order_by("date_of_birth")
    seen = services.consent_fingerprint(assessment)
    if request.method == "POST":
        form = forms.StartForm(request.POST, people=people)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assessment_consent_change(
                    assessment=assessment, actor=request.user, consent_confirmed=data["consent"] == "yes",
                    consent_given_by=data.get("consent_given_by"),
                    consent_given_by_name=data.get("consent_given_by_name", ""),
                    no_consent_reason=data.get("no_consent_reason", ""), seen=request.POST.get("seen"),
                    request=request,
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "Consent recorded")
                return redirect("assessments:detail", pk=assessment.pk)
    else:
        form = forms.StartForm(people=people, initial={
            "consent": "yes" if assessment.consent_confirmed else "no",
            "consent_given_by": assessment.consent_given_by,
            "consent_given_by_name": assessment.consent_given_by_name,
            "no_consent_reason": assessment.no_consent_reason,
        })
    return render(request, "assessments/consent.html", {
        "assessment": assessment, "episode": assessment.episode, "form": form, "seen": seen,
    })
