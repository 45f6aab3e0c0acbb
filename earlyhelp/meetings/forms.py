"""GOV.UK forms for Team Around the Family meetings."""

from __future__ import annotations

import re
from datetime import time

from django import forms
from django.utils import timezone

from earlyhelp.accounts.models import Agency, Role, User
from earlyhelp.frontend.forms import GovukDateField, new_idempotency_key  # noqa: F401 (used by views)
from earlyhelp.meetings.models import MeetingKind
from earlyhelp.plans.models import ActionStatus

TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")



def parse_time(text: str) -> time | None:
    """'14:00', '2pm', '2:30pm', '9.30am', 'midday' -> a time; None if it is not one."""
    text = text.strip().lower().replace(" ", "")
    if text in {"midday", "noon", "12noon"}:
        return time(12, 0)
    match = TIME.match(text)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _user_label(user: User) -> str:
    where = user.agency.label if user.agency_id else (user.team.label if user.team_id else "")
    return ", ".join(part for part in (user.display_name, user.job_title, where) if part)


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of meeting", choices=MeetingKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of meeting"})
    on = GovukDateField(label="Date", help_text="For example, 27 3 2026")
    at = forms.CharField(label="Time", max_length=10, help_text="For example, 10am or 2:30pm",
                         error_messages={"required": "Enter the time of the meeting"},
                         widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}))
    location = forms.CharField(label="Where", max_length=200, required=False,
                               help_text="For example, the family's home, or the school")
    chair = forms.TypedChoiceField(label="Who will chair it", coerce=int, choices=(),
                                   error_messages={"required": "Select who will chair the meeting"})
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, episode=None, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.filter(is_active=True, role__in=[Role.LEAD_PRACTITIONER, Role.TEAM_MANAGER])
        if episode is not None and episode.team_id:
            users = users.filter(team_id=episode.team_id) | User.objects.filter(pk=episode.lead_practitioner_id)
        self.fields["chair"].choices = [("", "Choose who will chair")] + [
            (u.pk, _user_label(u)) for u in users.select_related("team", "agency").order_by("last_name", "first_name")
        ]

    def clean_at(self):
        value = parse_time(self.cleaned_data["at"])
        if value is None:
            raise forms.ValidationError("Enter a real time, like 10am or 2:30pm")
        return value

    def scheduled_for(self):
        from datetime import datetime

        return timezone.make_aware(datetime.combine(self.cleaned_data["on"], self.cleaned_data["at"]))


class InviteFamilyForm(forms.Form):
    person = forms.TypedChoiceField(label="Family member", coerce=int, choices=(),
                                    error_messages={"required": "Select a member of the family"})

    def __init__(self, *args, episode=None, **kwargs):
        super().__init__(*args, prefix="family", **kwargs)
        members = episode.household.memberships.filter(left_on__isnull=True).select_related("person")
        self.fields["person"].choices = [("", "Choose someone in the family")] + [
            (m.person_id, f"{m.person.full_name} ({m.get_role_display().lower()})") for m in members
        ]


class InvitePractitionerForm(forms.Form):
    user = forms.TypedChoiceField(label="Practitioner", coerce=int, choices=(),
                                  help_text="Someone who signs in to this service, from the council or a partner agency",
                                  error_messages={"required": "Select a practitioner"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="practitioner", **kwargs)
        users = User.objects.filter(
            is_active=True, role__in=[Role.PARTNER_REFERRER, Role.FRONT_DOOR, Role.LEAD_PRACTITIONER, Role.TEAM_MANAGER]
        ).select_related("team", "agency").order_by("last_name", "first_name")
        self.fields["user"].choices = [("", "Choose a practitioner")] + [(u.pk, _user_label(u)) for u in users]


class InviteAgencyForm(forms.Form):
    agency = forms.TypedChoiceField(label="Agency", coerce=int, choices=(), error_messages={"required": "Select an agency"})
    name = forms.CharField(label="Name of the person coming", max_length=150,
                           error_messages={"required": "Enter the name of the person from the agency"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="agency", **kwargs)
        self.fields["agency"].choices = [("", "Choose an agency")] + [
            (a.pk, a.label) for a in Agency.objects.active().order_by("label")
        ]


class MinutesForm(forms.Form):
    minutes = forms.CharField(label="Minutes", required=False, widget=forms.Textarea(attrs={"rows": 10}), max_length=20000,
                              help_text="What was discussed, including what the family and the children said")
    decisions = forms.CharField(label="Decisions", required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeetingActionForm(forms.Form):
    what = forms.CharField(label="What will be done", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                           error_messages={"required": "Enter what will be done"})
    owner = forms.ChoiceField(label="Who will do it", choices=(), error_messages={"required": "Select who will do it"})
    due_on = GovukDateField(label="By when", required=False, help_text="For example, 27 3 2026")
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, owner_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owner_choices


class MeetingActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="How is the action going?", choices=ActionStatus.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how the action is going"},
    )
