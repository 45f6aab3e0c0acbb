"""GOV.UK forms for star readings and the family's feedback. They parse what was typed; the rules
(every area scored, a reason for every fall) are the services' own, shown next to each area."""

from __future__ import annotations

from django import forms

from earlyhelp.frontend.forms import GovukDateField
from earlyhelp.outcomes.models import FeedbackStage, ReadingStage, ScoredBy, StarTemplate
from earlyhelp.outcomes.services import ReadingInput


class ReadingForm(forms.Form):
    """A star reading: when, at what stage, who scored, for whom, and a score (with any reason for a fall) per area."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    taken_on = GovukDateField(
        label="Date of the reading", help_text="For example, 27 3 2026",
        error_messages={
            "required": "Enter the date of the reading",
            "incomplete": "The date of the reading must include a %(missing)s",
            "invalid": "The date of the reading must be a real date",
            "year_length": "The year of the reading must include 4 numbers",
        },
    )
    stage = forms.ChoiceField(
        label="When in the family's early help is this reading?", choices=ReadingStage.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select when in the family's early help this reading is", "invalid_choice": "Select a stage from the list"},
    )
    scored_by = forms.ChoiceField(
        label="Who gave the scores?", choices=ScoredBy.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select who gave the scores", "invalid_choice": "Select who gave the scores from the list"},
    )
    family_disengaged = forms.BooleanField(
        label="The family has disengaged: this is the practitioner's reading only", required=False,
        help_text="The reading is marked as practitioner-only in the family's record and left out of the 12-week evaluation",
    )
    person = forms.ChoiceField(
        label="Who is this reading about?", required=False,
        error_messages={"invalid_choice": "Select the whole family or someone in it"},
    )

    def __init__(self, *args, template: StarTemplate, members: list, previous: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.members = {str(person.pk): person for person in members}
        self.previous = previous or {}
        self.fields["person"].choices = [("", "The whole family"), *[(pk, str(p)) for pk, p in self.members.items()]]
        self.areas = list(template.areas.filter(disabled_on__isnull=True).order_by("order", "id"))
        words = dict((p.value, p.words) for p in template.scale_points.all())
        choices = [
            (str(value), f"{value}" + (f" – {words[value]}" if value in words else ""))
            for value in range(template.scale_min, template.scale_max + 1)
        ]
        for area in self.areas:
            self.fields[f"score_{area.code}"] = forms.ChoiceField(
                label=area.label, choices=choices, widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select a score for {area.label.lower()}",
                    "invalid_choice": f"Select a score from {template.scale_min} to {template.scale_max} "  # noqa: S608 (words)
                    f"for {area.label.lower()}",
                },
            )
            # Every area has a reason box; the page shows it where there was an earlier score (or a problem).
            before = self.previous.get(area.code)
            self.fields[f"reason_{area.code}"] = forms.CharField(
                label=f"If {area.label.lower()} has gone down since the last reading, why?",
                required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                help_text=(f"Last time it was {before}. " if before is not None else "") + "Needed only if the score is lower.",
                error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
            )

    def area_rows(self):
        """Each area with its score field and, when there was an earlier reading, its reason field."""
        group = None
        for area in self.areas:
            heading = area.group if area.group and area.group != group else ""
            group = area.group
            reason = self[f"reason_{area.code}"]
            shown = area.code in self.previous or bool(reason.errors) or bool(reason.value())
            yield {
                "area": area, "heading": heading, "score": self[f"score_{area.code}"],
                "reason": reason if shown else None, "previous": self.previous.get(area.code),
            }

    def reading_input(self) -> ReadingInput:
        data = self.cleaned_data
        return ReadingInput(
            template=self.template, taken_on=data["taken_on"], stage=data["stage"],
            scored_by=ScoredBy.PRACTITIONER if data.get("family_disengaged") else data["scored_by"],
            scores={area.code: int(data[f"score_{area.code}"]) for area in self.areas},
            reasons={area.code: data.get(f"reason_{area.code}", "") for area in self.areas},
            person=self.members.get(data.get("person") or ""), family_disengaged=bool(data.get("family_disengaged")),
        )


ANSWERS = [
    ("5", "Strongly agree"),
    ("4", "Agree"),
    ("3", "Neither agree nor disagree"),
    ("2", "Disagree"),
    ("1", "Strongly disagree"),
]


class FeedbackForm(forms.Form):
    """The family's short questionnaire: three statements and two questions in their own words. All optional."""

    felt_listened_to = forms.ChoiceField(
        label="We felt listened to", choices=ANSWERS, widget=forms.RadioSelect, required=False,
        error_messages={"invalid_choice": "Choose one of the answers"},
    )
    things_better = forms.ChoiceField(
        label="Things are better for our family", choices=ANSWERS, widget=forms.RadioSelect, required=False,
        error_messages={"invalid_choice": "Choose one of the answers"},
    )
    would_recommend = forms.ChoiceField(
        label="We would tell another family to ask for this help", choices=ANSWERS, widget=forms.RadioSelect,
        required=False, error_messages={"invalid_choice": "Choose one of the answers"},
    )
    what_helped = forms.CharField(
        label="What helped most?", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "What helped must be 2,000 characters or fewer"},
    )
    what_could_be_better = forms.CharField(
        label="What could we do better?", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "What we could do better must be 2,000 characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.fields):
            raise forms.ValidationError("Answer at least one question, or close this page if you would rather not")
        return data


class WorkerFeedbackForm(FeedbackForm):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    stage = forms.ChoiceField(
        label="When is the family giving this feedback?", choices=FeedbackStage.choices, widget=forms.RadioSelect,
        initial=FeedbackStage.CLOSURE, error_messages={"required": "Select when the family is giving this feedback"},
    )
    field_order = ["idempotency_key", "stage"]


class FeedbackLinkForm(forms.Form):
    stage = forms.ChoiceField(
        label="When is the family giving this feedback?", choices=FeedbackStage.choices, widget=forms.RadioSelect,
        initial=FeedbackStage.CLOSURE, error_messages={"required": "Select when the family is giving this feedback"},
    )


class EvaluationFilterForm(forms.Form):
    """The period and (for performance leads) team or locality of the 12-week evaluation."""

    start = GovukDateField(label="From", required=False, error_messages={"invalid": "The start of the period must be a real date"})
    end = GovukDateField(label="To", required=False, error_messages={"invalid": "The end of the period must be a real date"})
    team = forms.ChoiceField(label="Team", required=False)
    locality = forms.ChoiceField(label="Locality", required=False)

    def __init__(self, *args, teams, localities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams"), *[(str(t.pk), t.label) for t in teams]]
        self.fields["locality"].choices = [("", "All localities"), *[(str(loc.pk), loc.label) for loc in localities]]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end of the period must be the same as or after the start")
        return data
