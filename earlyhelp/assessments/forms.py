"""GOV.UK forms for the assessment. They parse what was typed; the services decide."""

from __future__ import annotations

from django import forms

from earlyhelp.assessments import rules, services
from earlyhelp.domain import codes
from earlyhelp.frontend.forms import new_idempotency_key  # noqa: F401 (used by views)

CONSENT_CHOICES = [
    ("yes", "Yes, the family agreed"),
    ("no", "No, but the assessment must go ahead (for example, a safeguarding concern)"),
]



class StartForm(forms.Form):
    """Consent to the assessment: who agreed, or why it goes ahead without agreement."""

    consent = forms.ChoiceField(
        label="Has the family agreed to an Early Help Assessment?", choices=CONSENT_CHOICES,
        widget=forms.RadioSelect, error_messages={"required": "Select whether the family agreed to the assessment"},
    )
    consent_given_by = forms.ModelChoiceField(
        label="Who agreed?", queryset=None, required=False, empty_label="Select a family member",
        help_text="If the family agreed.",
    )
    consent_given_by_name = forms.CharField(
        label="Or the name of the person who agreed, if they are not listed", required=False, max_length=150,
    )
    no_consent_reason = forms.CharField(
        label="Why is the assessment going ahead without the family's agreement?", required=False,
        widget=forms.Textarea, help_text="If the family did not agree.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_given_by"].queryset = people
        self.fields["consent_given_by"].label_from_instance = lambda p: p.full_name

    def clean(self):
        data = super().clean()
        if data.get("consent") == "yes" and not data.get("consent_given_by") and not data.get("consent_given_by_name", "").strip():
            self.add_error("consent_given_by", "Select who in the family agreed to the assessment")
        if data.get("consent") == "no" and not data.get("no_consent_reason", "").strip():
            self.add_error("no_consent_reason", "Enter the reason for going ahead without the family's agreement")
        return data


class AssessmentForm(forms.Form):
    """Every text field of the assessment, whole family and per member, with the version and the
    fingerprint of each field as loaded (so a save only writes what this person changed)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, assessment, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.text_names: list[str] = []
        for name, label in services.ASSESSMENT_TEXT_FIELDS.items():
            self._add_text(name, label, rows=6)
        self.member_names: dict[int, list[str]] = {}
        for view in members:
            names = []
            for name, label in services.MEMBER_TEXT_FIELDS.items():
                page_name = services.member_field_name(view.member.pk, name)
                self._add_text(page_name, label, rows=4)
                names.append(page_name)
            self.member_names[view.member.pk] = names

    def _add_text(self, name: str, label: str, *, rows: int) -> None:
        self.fields[name] = forms.CharField(
            label=label, required=False, strip=False,
            widget=forms.Textarea(attrs={"rows": rows, "data-autosave-field": name}),
        )
        self.fields[f"base__{name}"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.text_names.append(name)

    @classmethod
    def initial_for(cls, assessment) -> dict:
        values = services.page_values(assessment)
        initial = {"version": assessment.version, **values}
        initial.update({f"base__{name}": rules.value_hash(value) for name, value in values.items()})
        return initial

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.text_names}

    def bases(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"base__{name}") for name in self.text_names
                if self.cleaned_data.get(f"base__{name}")}


WHOLE_FAMILY = ""


class NeedForm(forms.Form):
    """A need the assessment found: whose, coded to a Supporting Families area and a census factor."""

    person = forms.ChoiceField(label="Whose need is it?", required=False)
    sf_outcome = forms.ChoiceField(
        label="Supporting Families outcome area", required=False,
        choices=[("", "Select an area"), *codes.SUPPORTING_FAMILIES_OUTCOMES],
    )
    factor = forms.ChoiceField(
        label="Census assessment factor", required=False,
        choices=[("", "Select a factor"), *codes.ASSESSMENT_FACTORS],
        help_text="Choose an outcome area, a factor, or both.",
    )
    description = forms.CharField(
        label="Describe the need", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the need"},
    )
    unmet = forms.BooleanField(label="Not met yet", required=False, initial=True)
    complex = forms.BooleanField(label="Complex: needs more than one agency", required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(view.member.person_id): view.member.person for view in members}
        self.fields["person"].choices = [(WHOLE_FAMILY, "The whole family"), *[
            (str(view.member.person_id), view.name) for view in members
        ]]

    def clean(self):
        data = super().clean()
        if not data.get("sf_outcome") and not data.get("factor"):
            self.add_error("sf_outcome", "Select a Supporting Families outcome area or a census assessment factor")
        return data

    def chosen_person(self):
        return self.people.get(self.cleaned_data.get("person") or "")


DECISION_CHOICES = [("authorise", "Authorise the assessment"), ("return", "Return it for changes")]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision", choices=DECISION_CHOICES, widget=forms.RadioSelect,
        error_messages={"required": "Select whether to authorise the assessment or return it"},
    )
    reason = forms.CharField(
        label="What needs to change?", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="If you return it. The practitioner sees this.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("reason", "").strip():
            self.add_error("reason", "Enter what needs to change before you can authorise it")
        return data
