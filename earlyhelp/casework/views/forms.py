"""The casework pages' forms: they parse what was typed; services decide and write."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import timezone

from earlyhelp.accounts.models import Agency
from earlyhelp.casework import selectors
from earlyhelp.casework.models import DocumentType, NoteKind
from earlyhelp.casework.services.documents import allowed_kinds_text, max_size_text
from earlyhelp.frontend.forms import GovukDateField, new_idempotency_key

__all__ = ["AllocateForm", "DocumentForm", "ExtensionForm", "NoteForm", "new_idempotency_key"]


class _WorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        parts = [user.display_name]
        if user.job_title:
            parts.append(user.job_title)
        parts.append(user.agency.label if user.agency_id else "Local authority")
        return ", ".join(parts) + f" ({user.team.label})"


class AllocateForm(forms.Form):
    """Allocation and reallocation: a team, a lead practitioner in it, and the lead agency if not the council."""

    team = forms.ModelChoiceField(
        label="Team or pod", queryset=None, empty_label="Choose a team",
        error_messages={"required": "Select a team", "invalid_choice": "Select a team"},
    )
    lead_practitioner = _WorkerChoice(
        label="Lead practitioner", queryset=None, empty_label="Choose a lead practitioner",
        help_text="Anyone in the team who works with families, including partner agencies' practitioners.",
        error_messages={"required": "Select a lead practitioner", "invalid_choice": "Select a lead practitioner"},
    )
    lead_agency = forms.ModelChoiceField(
        label="Lead agency (optional)", queryset=Agency.objects.none(), required=False, empty_label="Not set",
        help_text="The agency leading the work, if it is not the lead practitioner's own.",
    )
    reason = forms.CharField(
        label="Why are you reallocating?", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
    )
    expected_allocation = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, manager, reallocating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        teams = selectors.teams_for_manager(manager)
        self.fields["team"].queryset = teams
        self.fields["lead_practitioner"].queryset = selectors.allocation_candidates(teams).order_by(
            "team__label", "last_name", "first_name"
        )
        self.fields["lead_agency"].queryset = Agency.objects.active().order_by("label")
        if reallocating:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "Enter the reason for reallocating"
        else:
            del self.fields["reason"]
            del self.fields["expected_allocation"]

    def clean(self):
        data = super().clean()
        team, worker = data.get("team"), data.get("lead_practitioner")
        if team is not None and worker is not None and worker.team_id != team.pk:
            self.add_error("lead_practitioner", f"Choose a lead practitioner who works in {team.label}")
        return data


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of note is it?", choices=NoteKind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of note this is"},
    )
    occurred_on = GovukDateField(label="Date it happened", help_text="For example, 27 3 2026")
    occurred_time = forms.CharField(
        label="Time (optional)", required=False, max_length=10, help_text="For example, 9:30am or 14:15",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    person = forms.ChoiceField(label="Who is it about?", required=False)
    text = forms.CharField(
        label="What happened", widget=forms.Textarea(attrs={"rows": 8}), max_length=20000,
        error_messages={"required": "Enter the note"},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    corrects = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.person_id): m.person for m in members}
        self.fields["person"].choices = [("", "The whole family")] + [
            (str(m.person_id), m.person.full_name) for m in members
        ]

    def clean_occurred_time(self) -> datetime.time | None:
        value = self.cleaned_data.get("occurred_time", "").strip().lower().replace(".", ":")
        if not value:
            return None
        match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", value)
        if not match:
            raise forms.ValidationError("Enter a time like 9:30am or 14:15")
        hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError("Enter a time like 9:30am or 14:15")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError("Enter a real time, like 9:30am or 14:15")
        return datetime.time(hour, minute)

    def occurred_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("occurred_on")
        if day is None:
            return None
        moment = self.cleaned_data.get("occurred_time")
        if moment is None:
            now = timezone.localtime()
            moment = now.time().replace(second=0, microsecond=0) if day == now.date() else datetime.time(12, 0)
        return timezone.make_aware(datetime.datetime.combine(day, moment))

    def chosen_person(self):
        return self.members.get(self.cleaned_data.get("person") or "")


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(
        label="Type of document", choices=DocumentType.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select the type of document"},
    )
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title for the document"})
    file = forms.FileField(label="Upload a file", required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"{allowed_kinds_text()}; smaller than {max_size_text()}"


class ExtensionForm(forms.Form):
    extra_weeks = forms.IntegerField(
        label="How many more weeks?", min_value=1, max_value=52,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many weeks to extend by",
            "invalid": "Enter the number of weeks as a whole number, like 4",
            "min_value": "Extend by at least 1 week",
            "max_value": "Extend by 52 weeks or fewer",
        },
    )
    reason = forms.CharField(
        label="Why does the family need longer?", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        help_text="For example, the crisis that remains and what the extra weeks are for.",
        error_messages={"required": "Enter why the episode needs longer"},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
