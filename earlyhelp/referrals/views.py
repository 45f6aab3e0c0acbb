"""The front door's pages. Thin: forms parse what was typed, services decide and write, selectors
fetch and authorise. Every problem is shown in the error summary and next to its field, and what
was typed is shown again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import BaseForm, BaseFormSet
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from earlyhelp.accounts.permissions import Capability
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.http import require_capability
from earlyhelp.frontend.fields import field_anchor
from earlyhelp.people.selectors import people_visible_to
from earlyhelp.referrals import forms, imports, selectors, services
from earlyhelp.referrals.models import ContactStatus, EntryPoint, LevelOfNeed

PEOPLE = (("children", "add_child"), ("adults", "add_adult"))


# --- Helpers: binding, quiet re-display, problems onto fields, the error summary ---------------------


def _count(value: Any, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _people_data(data: QueryDict, *, add: str = "") -> QueryDict:
    """The posted data with sane formset counts (at least one child, never more than the maximum),
    plus one more child or adult when asked: a tampered count is never a crash."""
    data = data.copy()
    for prefix, action in PEOPLE:
        minimum = 1 if prefix == "children" else 0
        total = _count(data.get(f"{prefix}-TOTAL_FORMS"), 1) + (1 if add == action else 0)
        data[f"{prefix}-TOTAL_FORMS"] = str(min(max(total, minimum), forms.MAX_PEOPLE))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = str(forms.MAX_PEOPLE)
    return data


def _as_typed(data: QueryDict) -> dict[str, list[str]]:
    """Everything the user typed, to keep in a draft (not the CSRF token or the button pressed)."""
    return {key: values for key, values in data.lists() if key not in ("csrfmiddlewaretoken", "action")}


def _from_typed(typed: dict[str, Any]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in typed.items():
        data.setlist(key, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return data


def _quiet(*parts) -> None:
    """Show what was typed without judging it yet (adding a child, opening a draft, updating the recommendation)."""
    for part in parts:
        if isinstance(part, BaseFormSet):
            for form in part.forms:
                form._errors = ErrorDict()
            part._errors = [ErrorDict() for _ in part.forms]
            part._non_form_errors = part.error_class()
        else:
            part._errors = ErrorDict()


def _valid(*parts) -> bool:
    return all([part.is_valid() for part in parts])  # a list, so every part is validated


def _add_error(form: BaseForm, name: str | None, message: str) -> None:
    form.add_error(name if name in form.fields else None, message)


def _apply_problems(problems: services.FieldProblems, form, people: dict[str, BaseFormSet]) -> None:
    """Put each problem a service found next to the field it is about."""
    for path, message in problems.field_problems:
        head, _, rest = path.partition(".")
        if head in people:
            formset = people[head]
            index_text, _, name = rest.partition(".")
            index = _count(index_text, 0)
            if formset.forms and index < len(formset.forms):
                _add_error(formset.forms[index], name or "first_name", message)
                continue
        name = form.field_for(path) if hasattr(form, "field_for") else path
        _add_error(form, name, message)


def _field_items(form: BaseForm, names) -> list[dict[str, str]]:
    items = []
    for name in names:
        bound = form[name]
        for error in bound.errors:
            items.append({"text": str(error), "href": "" if bound.is_hidden else f"#{field_anchor(bound)}"})
    return items


def _formset_items(formset: BaseFormSet) -> list[dict[str, str]]:
    items = []
    first = formset.forms[0] if formset.forms else None
    for error in formset.non_form_errors():
        items.append({"text": str(error), "href": f"#{field_anchor(first['first_name'])}" if first else ""})
    for form in formset.forms:
        items += [{"text": str(e), "href": ""} for e in form.non_field_errors()]
        items += _field_items(form, form.fields)
    return items


def _request_error_items(form, first_fields, children, adults) -> list[dict[str, str]]:
    """Every problem, in the order the fields appear on the page."""
    rest = [name for name in form.fields if name not in first_fields]
    return [
        *[{"text": str(e), "href": ""} for e in form.non_field_errors()],
        *_field_items(form, first_fields),
        *_formset_items(children),
        *_formset_items(adults),
        *_field_items(form, rest),
    ]


def _key_is_good(data: QueryDict) -> bool:
    return bool(services.IDEMPOTENCY_KEY.match(data.get("idempotency_key", "")))


# --- A partner's request --------------------------------------------------------------------------


@require_capability(Capability.MAKE_REQUEST)
@require_http_methods(["GET", "POST"])
def request_start(request: HttpRequest) -> HttpResponse:
    """Make a request: a partner asks for help for a family."""
    return _partner_request_page(request, draft=None)


@require_capability(Capability.MAKE_REQUEST)
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A partner comes back to a draft; a request already sent shows its confirmation."""
    found = selectors.contact_get_for(request.user, pk, request=request)
    if not isinstance(found, selectors.PartnerRequest):
        raise Http404("No contact found")
    if not found.is_draft:
        return redirect("referrals:request_sent", pk=pk)
    return _partner_request_page(request, draft=found)


def _partner_request_page(request: HttpRequest, *, draft: selectors.PartnerRequest | None) -> HttpResponse:
    user = request.user
    children_class = forms.children_formset(at_least_one=True)
    action = request.POST.get("action", "send") if request.method == "POST" else ""

    if request.method == "GET" and draft is None:
        form = forms.PartnerRequestForm(
            initial={
                "idempotency_key": forms.new_idempotency_key(),
                "referrer_name": user.get_full_name(),
                "referrer_role": user.job_title,
                "referrer_email": user.email,
                "referrer_phone": user.phone,
                "urgency": "routine",
            }
        )
        children, adults = children_class(prefix="children"), forms.AdultFormSet(prefix="adults")
        return _render_request(request, form, children, adults, draft=None)

    data = _from_typed(draft.draft_data) if request.method == "GET" else request.POST
    data = _people_data(data, add=action)
    if draft is not None:
        data["idempotency_key"] = draft.idempotency_key  # a draft keeps its own key, so sending it sends that draft
    key_is_good = _key_is_good(data)
    if not key_is_good:
        data["idempotency_key"] = forms.new_idempotency_key()
    form = forms.PartnerRequestForm(data)
    children, adults = children_class(data, prefix="children"), forms.AdultFormSet(data, prefix="adults")

    if request.method == "GET" or action in ("add_child", "add_adult"):
        _quiet(form, children, adults)
        return _render_request(request, form, children, adults, draft=draft)

    if action == "save_draft" and key_is_good:
        contact = services.contact_save_draft(actor=user, data=_as_typed(data), idempotency_key=data["idempotency_key"])
        if contact.status != ContactStatus.DRAFT:
            return redirect("referrals:request_sent", pk=contact.pk)
        messages.success(request, "Your draft has been saved. You can finish it later from My requests.")
        return redirect("referrals:request_edit", pk=contact.pk)

    valid = _valid(form, children, adults)
    if not key_is_good:
        form.add_error(None, "This form could not be sent. Check your answers and send it again.")
    elif valid:
        try:
            contact = services.contact_submit(
                actor=user,
                entry_point=EntryPoint.PARTNER_FORM,
                reasons=form.cleaned_data["reasons"],
                children=children.people(),
                adults=adults.people(),
                needs=form.presenting_needs(),
                consent=form.consent(),
                urgency=form.cleaned_data["urgency"],
                referrer=form.referrer(),
                what_family_wants=form.cleaned_data.get("what_family_wants", ""),
                idempotency_key=data["idempotency_key"],
            )
        except services.FieldProblems as problems:
            _apply_problems(problems, form, {"children": children, "adults": adults})
        else:
            return redirect("referrals:request_sent", pk=contact.pk)
    return _render_request(request, form, children, adults, draft=draft)


def _render_request(request, form, children, adults, *, draft) -> HttpResponse:
    error_items = _request_error_items(form, forms.PartnerRequestForm.ABOUT_YOU, children, adults)
    return render(
        request,
        "referrals/request_form.html",
        {
            "request_form": form,
            "children": children,
            "adults": adults,
            "error_items": error_items,
            "draft": draft,
            "agency": request.user.agency,
            "max_people": forms.MAX_PEOPLE,
        },
    )


@require_capability(Capability.MAKE_REQUEST)
@require_GET
def request_sent(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation a partner sees once a request is sent: its reference and what happens next."""
    found = selectors.contact_get_for(request.user, pk, request=request)
    if not isinstance(found, selectors.PartnerRequest):
        raise Http404("No contact found")
    if found.is_draft:
        return redirect("referrals:request_edit", pk=pk)
    return render(request, "referrals/request_sent.html", {"sent": found})


@require_capability(Capability.VIEW_OWN_REQUESTS)
@require_GET
def my_requests(request: HttpRequest) -> HttpResponse:
    """What happened to each request a partner made: its status, and the outcome with its date."""
    return render(request, "referrals/my_requests.html", {"requests": selectors.requests_for_partner(request.user)})


# --- The front door -------------------------------------------------------------------------------


@require_capability(Capability.TRIAGE)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """Contacts: what is waiting, in the order to decide it, with deadlines and the surge panel."""
    found = selectors.queue_for(
        request.user,
        status=request.GET.get("status", ContactStatus.AWAITING_TRIAGE),
        source=request.GET.get("source", ""),
        page=request.GET.get("page", 1),
    )
    filters = forms.QueueFilterForm(initial={"status": found.status, "source": found.source})
    return render(
        request,
        "referrals/queue.html",
        {"queue": found, "filters": filters, "surge": selectors.surge_for(timezone.localdate())},
    )


@require_capability(Capability.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest) -> HttpResponse:
    """Record a contact: an advice point call, a police notification, a self-referral or a step-down."""
    children_class = forms.children_formset(at_least_one=False)
    if request.method == "GET":
        form = forms.RecordContactForm(initial={"idempotency_key": forms.new_idempotency_key(), "urgency": "routine"})
        children, adults = children_class(prefix="children"), forms.AdultFormSet(prefix="adults")
        return _render_contact_new(request, form, children, adults)

    action = request.POST.get("action", "send")
    data = _people_data(request.POST, add=action)
    key_is_good = _key_is_good(data)
    if not key_is_good:
        data["idempotency_key"] = forms.new_idempotency_key()
    form = forms.RecordContactForm(data)
    children, adults = children_class(data, prefix="children"), forms.AdultFormSet(data, prefix="adults")
    if action in ("add_child", "add_adult"):
        _quiet(form, children, adults)
        return _render_contact_new(request, form, children, adults)

    valid = _valid(form, children, adults)
    if not key_is_good:
        form.add_error(None, "This form could not be sent. Check your answers and send it again.")
    elif valid:
        data_ = form.cleaned_data
        try:
            contact = services.contact_submit(
                actor=request.user,
                entry_point=data_["entry_point"],
                reasons=data_.get("reasons", ""),
                children=children.people(),
                adults=adults.people(),
                needs=form.presenting_needs(),
                consent=form.consent(),
                urgency=data_["urgency"],
                referral_source=data_.get("referral_source", ""),
                referrer=form.referrer(),
                what_family_wants=data_.get("what_family_wants", ""),
                advice_given=data_.get("advice_given", ""),
                close_with_advice=form.closing,
                idempotency_key=data["idempotency_key"],
            )
        except services.FieldProblems as problems:
            _apply_problems(problems, form, {"children": children, "adults": adults})
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if contact.status == ContactStatus.DECIDED:
                messages.success(request, f"Contact {contact.reference} recorded and closed with the advice given")
            else:
                messages.success(request, f"Contact {contact.reference} recorded. Check whether the children are already known.")
            return redirect("referrals:contact_detail", pk=contact.pk)
    return _render_contact_new(request, form, children, adults)


def _render_contact_new(request, form, children, adults) -> HttpResponse:
    return render(
        request,
        "referrals/contact_new.html",
        {
            "request_form": form,
            "children": children,
            "adults": adults,
            "error_items": _request_error_items(form, forms.RecordContactForm.ABOUT_CONTACT, children, adults),
            "max_people": forms.MAX_PEOPLE,
        },
    )


@require_capability(Capability.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def contacts_import(request: HttpRequest) -> HttpResponse:
    """Import contacts from a CSV file: each good row becomes a contact, each refused row is listed with why."""
    form = forms.ContactsImportForm(request.POST, request.FILES) if request.method == "POST" else forms.ContactsImportForm()
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.contacts_import(
                actor=request.user, content=form.cleaned_data["file"].read(), dry_run=form.cleaned_data["dry_run"]
            )
        except imports.ImportRefused as refused:
            form.add_error("file", refused.message)
    error_items = [{"text": str(e), "href": f"#{field_anchor(form['file'])}"} for e in form["file"].errors]
    return render(
        request,
        "referrals/contacts_import.html",
        {"import_form": form, "report": report, "error_items": error_items, "columns": imports.COLUMNS,
         "required_columns": imports.REQUIRED_COLUMNS},
    )


@require_capability(Capability.TRIAGE)
@require_GET
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A contact with the people it names and, for each, who they might already be."""
    contact = selectors.contact_get_for(request.user, pk, request=request)
    detail = selectors.contact_detail_for(contact, user=request.user)
    return render(request, "referrals/contact_detail.html", {"contact": contact, "detail": detail})


def _named_or_404(contact, named_pk: int):
    named = contact.named_people.filter(pk=named_pk).first()
    if named is None:
        raise Http404("No person found")
    return named


def _back_to_person(contact, named) -> HttpResponse:
    return redirect(f"{reverse('referrals:contact_detail', args=[contact.pk])}#named-{named.pk}")


@require_capability(Capability.TRIAGE)
@require_POST
def contact_match(request: HttpRequest, pk: int, named_pk: int) -> HttpResponse:
    """"This is the same person": the front door confirms a match to a person already known."""
    contact = selectors.contact_get_for(request.user, pk, request=request)
    named = _named_or_404(contact, named_pk)
    person_pk = _count(request.POST.get("person"), 0)
    person = people_visible_to(request.user).filter(pk=person_pk).first()
    if person is None:
        messages.error(request, "Choose the person this is from the list")
        return _back_to_person(contact, named)
    try:
        services.contact_match_person(
            contact_person=named, person=person, actor=request.user,
            score=selectors.candidate_score(named, person, user=request.user),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{named.first_name} {named.last_name} is {person.full_name} ({person.la_id})")
    return _back_to_person(contact, named)


@require_capability(Capability.TRIAGE)
@require_POST
def contact_create_person(request: HttpRequest, pk: int, named_pk: int) -> HttpResponse:
    """"None of these": the front door adds the named person to the register."""
    contact = selectors.contact_get_for(request.user, pk, request=request)
    named = _named_or_404(contact, named_pk)
    try:
        person = services.contact_create_person(contact_person=named, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"New person record created for {person.full_name} ({person.la_id})")
    return _back_to_person(contact, named)


# --- The decision and its oversight ---------------------------------------------------------------


@require_capability(Capability.TRIAGE)
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The front door decides: the recommendation and its reason, level of need, outcome and why."""
    contact = selectors.contact_get_for(request.user, pk, request=request)
    if contact.status != ContactStatus.AWAITING_TRIAGE:
        messages.error(request, "This contact is not waiting for a decision")
        return redirect("referrals:contact_detail", pk=contact.pk)
    unchecked = services.unchecked_children_problem(contact)
    levels = list(LevelOfNeed.objects.active().order_by("level"))
    if request.method == "GET" or unchecked:
        presenting = [services.NeedFound(area=need.area) for need in contact.needs.all()]
        recommendation = services.triage_recommendation(needs=presenting, statutory_concern=False)
        form = forms.DecisionForm(initial=forms.DecisionForm.initial_for(contact, recommendation, levels))
        return _render_decide(request, contact, form, recommendation, unchecked)

    form = forms.DecisionForm(request.POST)
    valid = form.is_valid()
    recommendation = services.triage_recommendation(
        needs=form.needs(), statutory_concern=bool(form.cleaned_data.get("statutory_concern"))
    )
    if request.POST.get("action") == "recommend":
        _quiet(form)
        return _render_decide(request, contact, form, recommendation, None)
    if valid:
        data = form.cleaned_data
        try:
            decision = services.triage_decide(
                contact=contact,
                actor=request.user,
                level=data["level"],
                outcome=data["outcome"],
                needs=form.needs(),
                rationale=data["rationale"],
                single_agency=data.get("single_agency"),
                override_reason=data.get("override_reason", ""),
                statutory_concern=bool(data.get("statutory_concern")),
            )
        except services.FieldProblems as problems:
            _apply_problems(problems, form, {})
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if decision.needs_oversight:
                messages.success(request, f"Decision recorded: {decision.get_outcome_display()}. A team manager will check it.")
            elif decision.outcome == "targeted_early_help":
                messages.success(request, "Decision recorded: targeted early help. The family is awaiting allocation.")
            else:
                messages.success(request, f"Decision recorded: {decision.get_outcome_display()}")
            return redirect("referrals:contact_detail", pk=contact.pk)
    return _render_decide(request, contact, form, recommendation, None)


def _render_decide(request, contact, form, recommendation, unchecked) -> HttpResponse:
    names = ["statutory_concern", *[f.name for f in form.need_fields], "level", "outcome", "single_agency",
             "rationale", "override_reason"]
    error_items = [{"text": str(e), "href": ""} for e in form.non_field_errors()] + _field_items(form, names)
    return render(
        request,
        "referrals/decide.html",
        {
            "contact": contact,
            "decision_form": form,
            "recommendation": recommendation,
            "recommended_label": services.OUTCOME_LABELS.get(recommendation.outcome, ""),
            "unchecked": unchecked,
            "error_items": error_items,
        },
    )


@require_capability(Capability.OVERSEE_DECISIONS)
@require_GET
def oversight_list(request: HttpRequest) -> HttpResponse:
    """Decisions to refer to social care or to take no further action, waiting for a team manager."""
    return render(request, "referrals/oversight_list.html", {"contacts": selectors.oversight_queue_for(request.user)})


@require_capability(Capability.OVERSEE_DECISIONS)
@require_http_methods(["GET", "POST"])
def oversight(request: HttpRequest, pk: int) -> HttpResponse:
    """A team manager agrees with a decision, or sends it back to the front door with a note."""
    contact = selectors.contact_get_for(request.user, pk, request=request)
    decision = contact.decision
    form = forms.OversightForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.triage_oversee(
                decision=decision, actor=request.user, agreed=form.cleaned_data["agreed"], note=form.cleaned_data["note"]
            )
        except services.FieldProblems as problems:
            _apply_problems(problems, form, {})
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if form.cleaned_data["agreed"]:
                messages.success(request, f"You agreed with the decision on contact {contact.reference}")
            else:
                messages.success(request, f"Contact {contact.reference} has gone back to the front door to decide again")
            return redirect("referrals:oversight_list")
    detail = selectors.contact_detail_for(contact, user=request.user, with_candidates=False)
    error_items = [{"text": str(e), "href": ""} for e in form.non_field_errors()] + _field_items(form, ["agreed", "note"])
    return render(
        request,
        "referrals/oversight.html",
        {"contact": contact, "decision": decision, "detail": detail, "oversight_form": form, "error_items": error_items},
    )
