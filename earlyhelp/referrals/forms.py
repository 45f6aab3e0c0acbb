"""GOV.UK forms for the front door. They parse what was typed into plain values for the services;
the rules they check early (a date of birth in the future, consent without a reason) are the
services' own functions, so every problem shows at once, next to its field."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils import timezone

from earlyhelp.accounts.models import Agency
from earlyhelp.domain import codes
from earlyhelp.domain.triage import TRIAGE_OUTCOMES, URGENCIES
from earlyhelp.frontend.forms import GovukDateField, new_idempotency_key  # noqa: F401 (re-exported)
from earlyhelp.referrals import services
from earlyhelp.referrals.models import ConsentScope, ConsentStatus, EntryPoint, LevelOfNeed
from earlyhelp.referrals.selectors import QUEUE_STATUSES

MAX_PEOPLE = 10
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
SEX_CHOICES = [("M", "Male"), ("F", "Female"), ("U", "Not known")]
NEED_CHOICES = list(codes.SUPPORTING_FAMILIES_OUTCOMES)

# The advice point, police notifications, self-referrals and step-downs: the contacts the front door
# records for someone else (a partner's own request comes through the partner form).
RECORDED_ENTRY_POINTS = [
    (EntryPoint.ADVICE_POINT, "Advice point call"),
    (EntryPoint.POLICE_NOTIFICATION, "Police notification"),
    (EntryPoint.SELF_REFERRAL, "Self-referral: the family asked for help themselves"),
    (EntryPoint.STEP_DOWN, "Step down from children's social care"),
]


class TelInput(forms.TextInput):
    input_type = "tel"



def _required(message: str) -> dict[str, str]:
    return {"required": message}


# --- The people a request names -------------------------------------------------------------------


class NamedPersonForm(forms.Form):
    """A child or adult named on a request. ``number`` makes each message say which one."""

    kind = "person"

    first_name = forms.CharField(label="First name", max_length=100, widget=forms.TextInput(attrs={"spellcheck": "false"}))
    last_name = forms.CharField(label="Last name", max_length=100, widget=forms.TextInput(attrs={"spellcheck": "false"}))
    date_of_birth = GovukDateField(label="Date of birth")
    sex = forms.ChoiceField(label="Sex", choices=SEX_CHOICES, widget=forms.RadioSelect, required=False)
    address = forms.CharField(
        label="Address", max_length=250, required=False, help_text="House or flat number, street and town"
    )
    postcode = forms.CharField(
        label="Postcode", max_length=10, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args, number: int = 1, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number
        self.today = today or timezone.localdate()
        self.who = f"{self.kind} {number}"
        who = self.who
        for name, label in (("first_name", "first name"), ("last_name", "last name")):
            self.fields[name].error_messages.update(
                required=f"Enter the {label} of {who}",
                max_length=f"{label.capitalize()} of {who} must be 100 characters or fewer",
            )
        self.fields["address"].error_messages["max_length"] = f"Address of {who} must be 250 characters or fewer"
        self.fields["date_of_birth"].error_messages.update(
            required=f"Enter the date of birth of {who}",
            incomplete=f"Date of birth of {who} must include a %(missing)s",
            invalid=f"Date of birth of {who} must be a real date",
            year_length=f"Year of birth of {who} must include 4 numbers",
        )

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        problem = services.date_of_birth_problem(value, today=self.today, who=self.who)
        if problem:
            raise forms.ValidationError(problem)
        if value is not None and value.year < 1900:
            raise forms.ValidationError(f"Date of birth of {self.who} must be after 1900")
        return value

    def clean_postcode(self):
        value = re.sub(r"\s+", " ", self.cleaned_data.get("postcode", "").strip().upper())
        if not value:
            return ""
        match = POSTCODE.match(value)
        if not match:
            raise forms.ValidationError(f"Postcode of {self.who} must be a real postcode, like NM1 4AB")
        return f"{match.group(1)} {match.group(2)}"

    def named_person(self) -> services.NamedPerson:
        data = self.cleaned_data
        return services.NamedPerson(
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data.get("date_of_birth"),
            sex=data.get("sex") or "U",
            address=data.get("address", ""),
            postcode=data.get("postcode", ""),
            nhs_number=data.get("nhs_number", ""),
            relationship_to_child=data.get("relationship_to_child", ""),
        )


class ChildForm(NamedPersonForm):
    kind = "child"

    nhs_number = forms.CharField(
        label="NHS number (if you know it)", required=False, max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )

    field_order = ["first_name", "last_name", "date_of_birth", "sex", "nhs_number", "address", "postcode"]

    def clean_nhs_number(self):
        value = re.sub(r"[\s-]", "", self.cleaned_data.get("nhs_number", ""))
        if value and not re.fullmatch(r"[0-9]{10}", value):
            raise forms.ValidationError(f"NHS number of {self.who} must be 10 digits")
        return value


class AdultForm(NamedPersonForm):
    kind = "adult"

    relationship_to_child = forms.CharField(
        label="Relationship to the children", max_length=60, required=False, help_text="For example, mother or grandfather"
    )

    field_order = ["first_name", "last_name", "relationship_to_child", "date_of_birth", "sex", "address", "postcode"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].required = False
        self.fields["date_of_birth"].label = "Date of birth (if you know it)"
        self.fields["relationship_to_child"].error_messages["max_length"] = (
            f"Relationship of {self.who} must be 60 characters or fewer"
        )


class NamedPeopleFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "number": (index or 0) + 1}

    def people(self) -> list[services.NamedPerson]:
        return [form.named_person() for form in self.forms if form.has_changed() and form.cleaned_data]


def children_formset(*, at_least_one: bool):
    """The children on a request: a partner must name one; the front door may not (an advice call)."""
    return forms.formset_factory(
        ChildForm, formset=NamedPeopleFormSet, extra=0 if at_least_one else 1, min_num=1 if at_least_one else 0,
        max_num=MAX_PEOPLE, absolute_max=MAX_PEOPLE,
    )


AdultFormSet = forms.formset_factory(
    AdultForm, formset=NamedPeopleFormSet, extra=1, max_num=MAX_PEOPLE, absolute_max=MAX_PEOPLE
)


# --- What the request is about, consent and urgency -----------------------------------------------


class RequestDetailsForm(forms.Form):
    """The parts of a request every entry point shares."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    reasons = forms.CharField(
        label="What are you worried about?",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text="What is happening for the children and the family, how long it has been going on, and what has been tried",
        error_messages={
            "required": "Enter what you are worried about",
            "max_length": "What you are worried about must be 10,000 characters or fewer",
        },
    )
    needs = forms.MultipleChoiceField(
        label="Which areas of family life does the family need help with?",
        choices=NEED_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
        error_messages={"invalid_choice": "Select the family's needs from the list"},
    )
    what_family_wants = forms.CharField(
        label="What does the family want to happen?",
        widget=forms.Textarea,
        max_length=5000,
        required=False,
        help_text="In their words, if you can",
        error_messages={"max_length": "What the family wants must be 5,000 characters or fewer"},
    )
    consent_status = forms.ChoiceField(
        label="Has the family agreed to this request?",
        choices=[
            (ConsentStatus.GIVEN, "Yes, they agreed"),
            (ConsentStatus.REFUSED, "No, they did not agree"),
            (ConsentStatus.NOT_SOUGHT, "I have not asked them"),
        ],
        widget=forms.RadioSelect,
        help_text="Early help is voluntary: a request goes ahead without agreement only when a child's safety needs it",
        error_messages={**_required("Select whether the family agreed to this request"),
                        "invalid_choice": "Select whether the family agreed to this request"},
    )
    consent_given_by = forms.CharField(
        label="Who agreed?", max_length=150, required=False, help_text="Their name and relationship to the children"
    )
    consent_given_on = GovukDateField(label="When did they agree?", required=False, help_text="Leave blank if it was today")
    consent_information_sharing = forms.BooleanField(
        label="They also agreed that the agencies working with them may share information about the family",
        required=False,
    )
    consent_refused_reason = forms.CharField(
        label="Why should the request go ahead without their agreement?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    consent_not_sought_reason = forms.CharField(
        label="Why have you not asked them, and why should the request go ahead?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    urgency = forms.ChoiceField(
        label="How urgent is this?",
        choices=list(URGENCIES),
        widget=forms.RadioSelect,
        initial="routine",
        error_messages={**_required("Select how urgent this is"), "invalid_choice": "Select how urgent this is"},
    )

    CONSENT_FIELDS = {
        "consent.status": "consent_status",
        "consent.given_by_name": "consent_given_by",
        "consent.given_on": "consent_given_on",
        "consent.scopes": "consent_status",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_given_on"].error_messages.update(
            incomplete="The date they agreed must include a %(missing)s",
            invalid="The date they agreed must be a real date",
        )

    @property
    def consent_required(self) -> bool:
        return True

    def consent(self) -> services.ConsentRecord | None:
        data = self.cleaned_data
        status = data.get("consent_status")
        if not status:
            return None
        scopes = [ConsentScope.REFERRAL]
        if status == ConsentStatus.GIVEN and data.get("consent_information_sharing"):
            scopes.append(ConsentScope.INFORMATION_SHARING)
        reason = {
            ConsentStatus.REFUSED: data.get("consent_refused_reason", ""),
            ConsentStatus.NOT_SOUGHT: data.get("consent_not_sought_reason", ""),
        }.get(status, "")
        return services.ConsentRecord(
            status=status,
            given_by_name=data.get("consent_given_by", "") if status == ConsentStatus.GIVEN else "",
            given_on=data.get("consent_given_on") if status == ConsentStatus.GIVEN else None,
            scopes=tuple(scopes),
            reason_for_proceeding=reason,
        )

    def field_for(self, problem_field: str) -> str | None:
        """The form field a service problem belongs to, or None if it is not on this form."""
        if problem_field == "consent.reason_for_proceeding":
            status = self.cleaned_data.get("consent_status")
            return "consent_refused_reason" if status == ConsentStatus.REFUSED else "consent_not_sought_reason"
        if problem_field in self.CONSENT_FIELDS:
            return self.CONSENT_FIELDS[problem_field]
        return problem_field if problem_field in self.fields else None

    def clean(self):
        data = super().clean()
        if self.consent_required and not self.has_error("consent_status") and not self.has_error("consent_given_on"):
            for problem_field, message in services.consent_problems(self.consent(), today=timezone.localdate()):
                name = self.field_for(problem_field)
                if name and not self.has_error(name):
                    self.add_error(name, message)
        return data

    def presenting_needs(self) -> list[services.PresentingNeed]:
        return [services.PresentingNeed(area=area) for area in self.cleaned_data.get("needs", [])]


class PartnerRequestForm(RequestDetailsForm):
    """A partner asks for help for a family: about them, then what they are worried about."""

    referrer_name = forms.CharField(
        label="Your name", max_length=150, error_messages={"required": "Enter your name",
                                                          "max_length": "Your name must be 150 characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    referrer_role = forms.CharField(
        label="Your role", max_length=150, error_messages={"required": "Enter your role",
                                                          "max_length": "Your role must be 150 characters or fewer"},
        help_text="For example, designated safeguarding lead",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    referrer_email = forms.EmailField(
        label="Email address", required=False, max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    referrer_phone = forms.CharField(
        label="Telephone number", required=False, max_length=40,
        error_messages={"max_length": "Telephone number must be 40 characters or fewer"},
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )

    ABOUT_YOU = ("referrer_name", "referrer_role", "referrer_email", "referrer_phone")

    def referrer(self) -> services.Referrer:
        data = self.cleaned_data
        return services.Referrer(
            name=data["referrer_name"], role=data["referrer_role"],
            email=data.get("referrer_email", ""), phone=data.get("referrer_phone", ""),
        )


class RecordContactForm(RequestDetailsForm):
    """The front door records a contact: an advice point call, a police notification, a self-referral, a step-down."""

    entry_point = forms.ChoiceField(
        label="How did the contact come in?",
        choices=RECORDED_ENTRY_POINTS,
        widget=forms.RadioSelect,
        error_messages={**_required("Select how the contact came in"), "invalid_choice": "Select how the contact came in"},
    )
    advice_given = forms.CharField(
        label="What advice or signposting did you give?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    close_with_advice = forms.BooleanField(
        label="Close the contact now: the advice given is all that is needed", required=False
    )
    referral_source = forms.ChoiceField(
        label="Referral source",
        choices=[("", "Work it out from how the contact came in"), *codes.REFERRAL_SOURCES],
        required=False,
        help_text="Who the contact is from, in the Children in Need census codes",
        error_messages={"invalid_choice": "Select a referral source from the list"},
    )
    referrer_name = forms.CharField(label="Name of the person who contacted us", max_length=150, required=False)
    referrer_role = forms.CharField(
        label="Their role or relationship to the children", max_length=150, required=False,
        help_text="For example, mother, police officer or social worker",
    )
    referrer_agency = forms.ModelChoiceField(
        label="Their organisation", queryset=Agency.objects.none(), required=False,
        empty_label="None: a family member or the public",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    referrer_phone = forms.CharField(label="Their telephone number", max_length=40, required=False, widget=TelInput)
    referrer_email = forms.EmailField(
        label="Their email address", required=False, max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )

    ABOUT_CONTACT = (
        "entry_point", "advice_given", "close_with_advice", "referral_source", "referrer_name", "referrer_role",
        "referrer_agency", "referrer_phone", "referrer_email",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referrer_agency"].queryset = Agency.objects.active().order_by("label")
        self.fields["reasons"].label = "What is the contact about?"
        self.fields["reasons"].required = False
        self.fields["consent_status"].required = False

    @property
    def closing(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("entry_point") == EntryPoint.ADVICE_POINT and bool(data.get("close_with_advice"))

    @property
    def consent_required(self) -> bool:
        return not self.closing or bool(self.cleaned_data.get("consent_status"))

    def clean(self):
        data = super().clean()
        if data.get("close_with_advice") and data.get("entry_point") not in (None, EntryPoint.ADVICE_POINT):
            self.add_error("close_with_advice", "Only an advice point call can be closed with advice")
        if self.closing and not data.get("advice_given", "").strip():
            self.add_error("advice_given", "Enter the advice you gave")
        if not self.closing and not data.get("reasons", "").strip() and not self.has_error("reasons"):
            self.add_error("reasons", "Enter what the contact is about")
        return data

    def referrer(self) -> services.Referrer:
        data = self.cleaned_data
        return services.Referrer(
            name=data.get("referrer_name", ""), role=data.get("referrer_role", ""), agency=data.get("referrer_agency"),
            email=data.get("referrer_email", ""), phone=data.get("referrer_phone", ""),
        )


# --- The decision ---------------------------------------------------------------------------------

NEED_ASPECTS = [
    ("unmet", "Not being met now"),
    ("complex", "Complex: needs more than one agency"),
    ("single", "One agency can meet it"),
]


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LevelOfNeed) -> str:
        return f"Level {obj.level}: {obj.label}"


class DecisionForm(forms.Form):
    """The front door's decision: needs found, level of need, outcome and why."""

    statutory_concern = forms.BooleanField(
        label="There is a concern that a child is suffering, or is likely to suffer, significant harm", required=False
    )
    level = LevelChoiceField(
        label="Level of need",
        queryset=LevelOfNeed.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select a level of need", "invalid_choice": "Select a level of need"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=list(TRIAGE_OUTCOMES),
        widget=forms.RadioSelect,
        error_messages={"required": "Select an outcome", "invalid_choice": "Select an outcome"},
    )
    single_agency = forms.ModelChoiceField(
        label="Which agency will respond?", queryset=Agency.objects.none(), required=False,
        error_messages={"invalid_choice": "Select the agency that will respond"},
    )
    rationale = forms.CharField(
        label="Why have you made this decision?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter the reasons for your decision",
                        "max_length": "The reasons must be 10,000 characters or fewer"},
    )
    override_reason = forms.CharField(
        label="Why are you not following the recommendation?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text="Only needed if the outcome you choose is not the one recommended",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        levels = LevelOfNeed.objects.active().order_by("level")
        self.fields["level"].queryset = levels
        self.fields["level"].choice_hints = {str(level.pk): level.description for level in levels}
        self.fields["single_agency"].queryset = Agency.objects.active().order_by("label")
        for code, label in NEED_CHOICES:
            self.fields[f"need_{code}"] = forms.MultipleChoiceField(
                label=label, choices=NEED_ASPECTS, widget=forms.CheckboxSelectMultiple, required=False,
                error_messages={"invalid_choice": f"Select what is true of the need for {label.lower()}"},
            )

    @property
    def need_fields(self):
        return [self[f"need_{code}"] for code, _ in NEED_CHOICES]

    def needs(self) -> list[services.NeedFound]:
        """The needs ticked: an area with any box ticked is a need."""
        found = []
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        for code, _ in NEED_CHOICES:
            aspects = set(data.get(f"need_{code}") or [])
            if aspects:
                found.append(services.NeedFound(
                    area=code, unmet="unmet" in aspects, complex="complex" in aspects,
                    single_agency_can_meet="single" in aspects,
                ))
        return found

    @staticmethod
    def initial_for(contact, recommendation, levels) -> dict:
        initial = {f"need_{need.area}": ["unmet"] for need in contact.needs.all()}
        level = next((lvl for lvl in levels if lvl.level == recommendation.level), None)
        if level is not None:
            initial["level"] = level.pk
        initial["outcome"] = recommendation.outcome
        return initial


class OversightForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label="Do you agree with this decision?",
        choices=[("yes", "Yes, I agree"), ("no", "No: the front door should decide again")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree with the decision",
                        "invalid_choice": "Select whether you agree with the decision"},
    )
    note = forms.CharField(
        label="Your note", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, required=False,
        help_text="Needed if you do not agree: say what the front door should look at again",
    )


class QueueFilterForm(forms.Form):
    """The queue's filter (GET): which contacts by status and by referral source."""

    status = forms.ChoiceField(label="Status", choices=list(QUEUE_STATUSES), required=False)
    source = forms.ChoiceField(
        label="Referral source", choices=[("", "All sources"), *codes.REFERRAL_SOURCES], required=False
    )


# --- Contacts in bulk from a file ----------------------------------------------------------------

IMPORT_MAX_BYTES = 5 * 1024 * 1024


class ContactsImportForm(forms.Form):
    """A CSV file of contacts to import (see ``referrals.imports``), or only to check."""

    file = forms.FileField(
        label="Upload a CSV file",
        help_text="A CSV file saved as UTF-8, smaller than 5 MB, with one contact about one child on each row",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty",
                        "invalid": "The selected file could not be read: select a CSV file"},
    )
    dry_run = forms.BooleanField(
        label="Only check the file: import nothing yet", required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5 MB: split it into smaller files")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The selected file must be a CSV file")
        return upload
