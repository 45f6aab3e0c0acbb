"""Person and family pages. Thin: the selectors fetch, authorise and audit."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.http import require_capability
from earlyhelp.frontend.templatetags.govuk import govuk_error_summary_items
from earlyhelp.people import merging, selectors
from earlyhelp.people.forms import MergeForm, NotDuplicateForm, UnmergeForm


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        required=False,
        help_text="First name, last name or both. Other names the person is known by are searched too.",
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27/3/2014",
        input_formats=["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": "Enter a real date of birth, for example 27/3/2014"},
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("name") and not data.get("date_of_birth"):
            raise forms.ValidationError("Enter a name or a date of birth to search for")
        return data


@require_GET
@require_capability(Capability.FIND_PEOPLE)
def search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = list(
            selectors.person_search_for(
                request.user, name=form.cleaned_data["name"], date_of_birth=form.cleaned_data["date_of_birth"]
            )
        )
    return render(
        request, "people/search.html",
        {"form": form, "results": results, "can_merge": has_capability(request.user, Capability.MERGE_PEOPLE)},
    )


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, pk, request=request)
    profile = selectors.person_profile(person)
    merged_into = None
    if person.merged_into_id is not None:
        # A merged record points at the one kept, for those who may open it.
        merged_into = selectors.people_visible_to(request.user).filter(pk=person.merged_into_id).first()
    return render(
        request,
        "people/person_detail.html",
        {
            "profile": profile,
            "person": person,
            "can_view_audit": has_capability(request.user, Capability.VIEW_AUDIT),
            "can_merge": has_capability(request.user, Capability.MERGE_PEOPLE),
            "merges": selectors.merge_history_for(person),
            "merged_into": merged_into,
        },
    )


@require_GET
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get_for(request.user, pk, request=request)
    profile = selectors.household_profile(household)
    return render(request, "people/household_detail.html", {"profile": profile, "household": household})


# --- Possible duplicate records: the list, one pair side by side, merge, not the same, undo ---

DUPLICATES_PER_PAGE = 10


@require_capability(Capability.MERGE_PEOPLE)
@require_GET
def duplicates(request: HttpRequest) -> HttpResponse:
    candidates = selectors.duplicate_candidates_for(request.user)
    page = Paginator(candidates, DUPLICATES_PER_PAGE).get_page(request.GET.get("page"))
    pairs = [
        (candidate, selectors.record_summary(candidate.person_a), selectors.record_summary(candidate.person_b))
        for candidate in page.object_list
    ]
    return render(
        request,
        "people/duplicates.html",
        {"page": page, "pairs": pairs, "scan": selectors.last_duplicate_scan(), "total": page.paginator.count},
    )


def _render_pair(request, pair, *, merge_form=None, different_form=None, status=200) -> HttpResponse:
    first, second = pair.first.person, pair.second.person
    merge_form = merge_form or MergeForm(first=first, second=second)
    different_form = different_form or NotDuplicateForm()
    error_items = govuk_error_summary_items(merge_form) + govuk_error_summary_items(different_form)
    return render(
        request,
        "people/duplicate_pair.html",
        {
            "pair": pair,
            "merge_form": merge_form,
            "different_form": different_form,
            "error_items": error_items,
            "decision": merging.not_duplicate_decision(first.pk, second.pk),
            "merged": first.merged_into_id is not None or second.merged_into_id is not None,
        },
        status=status,
    )


@require_capability(Capability.MERGE_PEOPLE)
@require_GET
def duplicate_pair(request: HttpRequest, a: int, b: int) -> HttpResponse:
    pair = selectors.duplicate_pair_for(request.user, a, b, request=request)
    return _render_pair(request, pair)


@require_capability(Capability.MERGE_PEOPLE)
@require_POST
def duplicate_merge(request: HttpRequest, a: int, b: int) -> HttpResponse:
    pair = selectors.duplicate_pair_for(request.user, a, b, request=request)
    first, second = pair.first.person, pair.second.person
    form = MergeForm(request.POST, first=first, second=second)
    if form.is_valid():
        kept, merged = (first, second) if form.cleaned_data["keep"] == first.pk else (second, first)
        try:
            merge = merging.person_merge(
                kept=kept, merged=merged, actor=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ApplicationError as error:
            _add_problems(form, error)
        else:
            messages.success(
                request, f"Records merged: {merge.merged.full_name} ({merge.merged.la_id}) is now part of this record"
            )
            return redirect("people:person_detail", pk=merge.kept_id)
    return _render_pair(request, pair, merge_form=form)


@require_capability(Capability.MERGE_PEOPLE)
@require_POST
def duplicate_not_the_same(request: HttpRequest, a: int, b: int) -> HttpResponse:
    pair = selectors.duplicate_pair_for(request.user, a, b, request=request)
    form = NotDuplicateForm(request.POST)
    if form.is_valid():
        try:
            merging.not_duplicate_record(
                a=pair.first.person, b=pair.second.person, actor=request.user, reason=form.cleaned_data["reason"],
                request=request,
            )
        except ApplicationError as error:
            _add_problems(form, error)
        else:
            messages.success(request, "Recorded as two different people. They will not be suggested again.")
            return redirect("people:duplicates")
    first, second = pair.first.person, pair.second.person
    return _render_pair(request, pair, merge_form=MergeForm(first=first, second=second), different_form=form)


@require_capability(Capability.MERGE_PEOPLE)
@require_http_methods(["GET", "POST"])
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = selectors.merge_get_for(request.user, pk, request=request)
    if merge.is_undone:
        messages.info(request, "This merge has already been undone")
        return redirect("people:person_detail", pk=merge.merged_id)
    form = UnmergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            merging.person_unmerge(
                merge=merge, actor=request.user, reason=form.cleaned_data["reason"],
                two_people=form.cleaned_data["two_people"], request=request,
            )
        except ApplicationError as error:
            _add_problems(form, error)
        else:
            messages.success(request, f"Merge undone: {merge.merged.full_name} ({merge.merged.la_id}) is a separate record again")
            return redirect("people:person_detail", pk=merge.merged_id)
    problems = merging.unmerge_problems(merge) if request.method == "GET" else []
    return render(
        request,
        "people/merge_undo.html",
        {"merge": merge, "form": form, "problems": problems, "error_items": govuk_error_summary_items(form)},
    )


def _add_problems(form, error: ApplicationError) -> None:
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
        return
    for problem in error.problems:
        form.add_error(None, problem)
