"""GOV.UK forms for deciding possible duplicate records: merge, not the same person, undo a merge."""

from __future__ import annotations

from django import forms

REASON_MAX = 2000


def _reason(label: str, required: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": required, "max_length": f"Reason must be {REASON_MAX} characters or fewer"},
    )


class MergeForm(forms.Form):
    """Which record to keep, and why the two are one person."""

    prefix = "merge"

    keep = forms.TypedChoiceField(
        label="Which record should be kept?",
        help_text="The other record's families, episodes, contacts and history move to the one you keep. "
        "You can undo this.",
        widget=forms.RadioSelect,
        coerce=int,
        error_messages={"required": "Select which record to keep", "invalid_choice": "Select which record to keep"},
    )
    reason = _reason(
        "Why are these the same person?",
        "Enter why these records are the same person",
        "For example, the NHS number on the school's referral matches, and mother confirmed the spelling.",
    )

    def __init__(self, *args, first=None, second=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (person.pk, f"{person.full_name} ({person.la_id})") for person in (first, second) if person is not None
        ]


class NotDuplicateForm(forms.Form):
    """Why two look-alike records are two people."""

    prefix = "different"

    reason = _reason(
        "Why are these two different people?",
        "Enter why these are two different people",
        "For example, they are twins, or a parent and child with the same name.",
    )


class UnmergeForm(forms.Form):
    reason = _reason("Why are you undoing this merge?", "Enter why this merge is being undone")
    two_people = forms.BooleanField(
        label="These are two different people: do not suggest them as duplicates again",
        required=False,
    )
