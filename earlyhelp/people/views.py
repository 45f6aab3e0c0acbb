"""Person and family pages. Thin: the selectors fetch, authorise and audit."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.core.http import require_capability
from earlyhelp.people import selectors


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
    return render(request, "people/search.html", {"form": form, "results": results})


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, pk, request=request)
    profile = selectors.person_profile(person)
    return render(
        request,
        "people/person_detail.html",
        {"profile": profile, "person": person, "can_view_audit": has_capability(request.user, Capability.VIEW_AUDIT)},
    )


@require_GET
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get_for(request.user, pk, request=request)
    profile = selectors.household_profile(household)
    return render(request, "people/household_detail.html", {"profile": profile, "household": household})
