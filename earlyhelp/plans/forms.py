"""GOV.UK forms for the plan on a page: the plan's four parts and its actions, agreeing it, reviewing it."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from earlyhelp.frontend.forms import GovukDateField, new_idempotency_key  # noqa: F401 (used by views)
from earlyhelp.plans import selectors
from earlyhelp.plans.models import ActionStatus
from earlyhelp.plans.services import ActionInput, PlanContent

MAX_ACTIONS = 30



class PlanForm(forms.Form):
    worried_about = forms.CharField(
        label="What we are worried about", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In the family's words. From the assessment's unmet needs to start with.", max_length=5000,
    )
    going_well = forms.CharField(
        label="What is going well", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The family's strengths and what is working.", max_length=5000,
    )
    needs_to_happen = forms.CharField(
        label="What needs to happen", required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
        help_text="What the family and the people helping them want to be different.",
    )
    family_words = forms.CharField(
        label="In the family's own words", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
    )
    change_summary = forms.CharField(
        label="What did you change? (optional)", required=False, max_length=300,
        help_text="Shown in the plan's history, for example “Added the school nurse's action”.",
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)


class ActionForm(forms.Form):
    what = forms.CharField(label="What will be done", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    owner = forms.ChoiceField(label="Who will do it", required=False, choices=())
    due_on = GovukDateField(label="By when", required=False, help_text="For example, 27 3 2026")
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED)
    need = forms.TypedChoiceField(label="Which need it is for (optional)", required=False, choices=(), coerce=int, empty_value=None)
    from_meeting_action = forms.IntegerField(widget=forms.HiddenInput, required=False)
    remove = forms.BooleanField(label="Remove this action from the plan", required=False)

    def __init__(self, *args, owner_choices=(), need_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owner_choices
        self.fields["need"].choices = [("", "Not linked to a need"), *need_choices]

    def clean(self):
        data = super().clean()
        if data.get("remove") or not (data.get("what") or "").strip():
            return data
        if not data.get("owner"):
            self.add_error("owner", "Select who will do it")
        return data

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("remove")) or not (data.get("what") or "").strip()


class BaseActionFormSet(forms.BaseFormSet):
    def __init__(self, *args, episode=None, **kwargs):
        self.episode = episode
        self._owner_choices = selectors.owner_choices(episode)
        self._need_choices = [(n.pk, str(n.description)[:80]) for n in selectors.unmet_needs(episode)]
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"owner_choices": self._owner_choices, "need_choices": self._need_choices}


ActionFormSet = forms.formset_factory(
    ActionForm, formset=BaseActionFormSet, extra=0, max_num=MAX_ACTIONS, absolute_max=MAX_ACTIONS
)


def action_initial(plan) -> list[dict]:
    return [
        {"what": a.what, "owner": selectors.owner_key(a), "due_on": a.due_on, "status": a.status, "need": a.need_id,
         "from_meeting_action": a.from_meeting_action_id}
        for a in plan.actions.all()
    ] if plan else []


def content_from(form: PlanForm, formset) -> PlanContent:
    data = form.cleaned_data
    actions = [
        ActionInput(
            what=f.cleaned_data["what"], owner=f.cleaned_data["owner"], due_on=f.cleaned_data.get("due_on"),
            status=f.cleaned_data["status"], need_id=f.cleaned_data.get("need"),
            from_meeting_action_id=f.cleaned_data.get("from_meeting_action"),
        )
        for f in formset.forms if not f.is_blank()
    ]
    return PlanContent(
        worried_about=data["worried_about"], going_well=data["going_well"], needs_to_happen=data["needs_to_happen"],
        family_words=data["family_words"], change_summary=data["change_summary"], actions=actions,
    )


class AgreeForm(forms.Form):
    agreed_on = GovukDateField(label="When did the family agree the plan?", help_text="For example, 27 3 2026")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].initial = timezone.localdate()


class ReviewForm(forms.Form):
    reviewed_on = GovukDateField(label="Date of the review", help_text="For example, 27 3 2026")
    summary = forms.CharField(
        label="How is the plan going?", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
        help_text="What has changed for the family, what is done and what happens next.",
        error_messages={"required": "Enter how the plan is going"},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed_on"].initial = timezone.localdate()
