"""GOV.UK forms for step up, step down, closure and re-opening. They parse what was typed; the rules
are the services' (``casework.services.step_up``, ``step_down``, ``closure``)."""

from __future__ import annotations

from django import forms

from earlyhelp.casework.models import ClosureReason, NeedOutcome, StepUpDecision
from earlyhelp.domain import codes
from earlyhelp.frontend.forms import GovukDateField


class _Labelled(forms.ModelChoiceField):
    def __init__(self, *args, labeller=str, **kwargs):
        self.labeller = labeller
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self.labeller(obj)


def _date(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def assessment_label(assessment) -> str:
    return f"{assessment.get_kind_display()} started {_date(assessment.started_on)} ({assessment.get_status_display().lower()})"


def plan_label(plan) -> str:
    current = ", current" if plan.is_current else ""
    agreed = f", agreed {_date(plan.agreed_on)}" if plan.agreed_on else ""
    return f"Plan version {plan.version}{agreed}{current}"


class StepUpRequestForm(forms.Form):
    reasons = forms.CharField(
        label="Why does the family need children's social care now?",
        help_text="What has happened, the risk to the children, and what early help has tried",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the reasons for the step-up"},
    )
    assessment = _Labelled(
        queryset=None, required=False, widget=forms.RadioSelect, empty_label=None, labeller=assessment_label,
        label="Assessment it carries",
    )
    plan = _Labelled(
        queryset=None, required=False, widget=forms.RadioSelect, empty_label=None, labeller=plan_label,
        label="Plan it carries",
    )

    def __init__(self, *args, episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = episode.assessments.order_by("-started_on", "-id")
        self.fields["plan"].queryset = episode.plans.order_by("-version")


class StepUpAgreeForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label="Do you agree this step-up should go to children's social care?",
        choices=[("yes", "Yes, send it to children's social care"), ("no", "No, early help carries on")],
        widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        error_messages={"required": "Select whether you agree the step-up"},
    )
    reason = forms.CharField(
        label="Why do you not agree?", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The lead practitioner will see this",
    )


DECISIONS = [(d.value, d.label) for d in StepUpDecision if d != StepUpDecision.PENDING]


class StepUpDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What did children's social care decide?", choices=DECISIONS, widget=forms.RadioSelect,
        error_messages={"required": "Select children's social care's decision"},
    )
    primary_need = forms.ChoiceField(
        label="Primary need (child in need)", required=False,
        choices=[("", "Select the primary need"), *codes.PRIMARY_NEEDS],
    )
    cp_category = forms.ChoiceField(
        label="Category of child protection", required=False,
        choices=[("", "Select the category"), *codes.CP_CATEGORIES],
    )
    advice = forms.CharField(
        label="Advice from children's social care", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Needed when the step-up is returned to early help",
    )
    decided_by_name = forms.CharField(
        label="Who decided in children's social care", max_length=150,
        error_messages={"required": "Enter who made the decision in children's social care",
                        "max_length": "Name must be 150 characters or fewer"},
    )
    decided_on = GovukDateField(label="Date of the decision", help_text="For example, 27 3 2026")


class StepDownForm(forms.Form):
    received_on = GovukDateField(label="Date the step-down was received", help_text="For example, 27 3 2026")
    social_worker_name = forms.CharField(
        label="Social worker", max_length=150, required=False,
        error_messages={"max_length": "Social worker's name must be 150 characters or fewer"},
    )
    social_care_summary = forms.CharField(
        label="Social care's summary of their work with the family", widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter social care's summary of their work with the family"},
    )
    social_care_assessment = forms.CharField(
        label="Social care's assessment", required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Paste the single assessment's analysis, so the family does not have to tell it again",
    )
    social_care_plan = forms.CharField(
        label="Social care's plan", required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What was agreed with the family, and what early help should carry on",
    )
    statutory_involvement = forms.ModelChoiceField(
        queryset=None, required=False, label="The social care involvement this step-down ends",
        empty_label="None recorded here",
    )

    def __init__(self, *args, involvements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statutory_involvement"].queryset = involvements
        self.fields["statutory_involvement"].label_from_instance = (
            lambda i: f"{i.person.full_name}: {i.get_kind_display().lower()} from {_date(i.started_on)}"
            + ("" if i.ended_on is None else f" to {_date(i.ended_on)}")
        )


NEED_OUTCOME_CHOICES = list(NeedOutcome.choices)


class ClosureForm(forms.Form):
    """The closure request; one outcome and comment field per identified need is added on the fly."""

    reason = forms.ChoiceField(
        label="Why is the episode closing?", choices=ClosureReason.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select a closure reason"},
    )
    reason_detail = forms.CharField(
        label="Give the reason", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the reason is other",
    )
    summary = forms.CharField(
        label="Summary of the work with the family", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What changed for the family, in words they would recognise",
    )
    no_final_star_reason = forms.CharField(
        label="Why is there no final star reading?", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if you could not take a final reading with the family",
    )
    feedback_requested = forms.TypedChoiceField(
        label="Ask the family for their feedback?",
        choices=[("yes", "Yes, give me a link for the family"), ("no", "No")], widget=forms.RadioSelect,
        coerce=lambda v: v == "yes", error_messages={"required": "Select whether to ask the family for feedback"},
    )

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = list(needs)
        self.need_fields = []
        for need in self.needs:
            who = f" ({need.person.full_name})" if need.person_id else ""
            label = f"{need}{who}"
            self.fields[f"need_{need.pk}"] = forms.ChoiceField(
                label=label, choices=NEED_OUTCOME_CHOICES, widget=forms.RadioSelect,
                help_text=need.description,
                error_messages={"required": f"Select what happened to the need: {label}"},
            )
            self.fields[f"need_{need.pk}_comment"] = forms.CharField(
                label=f"Comment on {label}", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.need_fields.append((self[f"need_{need.pk}"], self[f"need_{need.pk}_comment"]))

    def clean(self):
        data = super().clean()
        if data.get("reason") == ClosureReason.OTHER and not (data.get("reason_detail") or "").strip():
            self.add_error("reason_detail", "Enter the reason for closing")
        return data


class SignOffForm(forms.Form):
    signed_off = forms.TypedChoiceField(
        label="Do you sign off this closure?",
        choices=[("yes", "Yes, close the episode"), ("no", "No, the work goes on")], widget=forms.RadioSelect,
        coerce=lambda v: v == "yes", error_messages={"required": "Select whether you sign off the closure"},
    )
    refusal_reason = forms.CharField(
        label="Why are you not signing it off?", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The lead practitioner will see this",
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why is the episode being re-opened?", widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the episode is being re-opened"},
    )
