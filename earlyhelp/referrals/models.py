"""The front door: every request for help (a contact), who it names, consent, and the triage decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from earlyhelp.accounts.models import Agency
from earlyhelp.core.models import ReferenceData, TimeStampedModel
from earlyhelp.domain import codes
from earlyhelp.domain.triage import TRIAGE_OUTCOMES, URGENCIES


class EntryPoint(models.TextChoices):
    PARTNER_FORM = "partner_form", "Partner request for support"
    ADVICE_POINT = "advice_point", "Advice point contact"
    POLICE_NOTIFICATION = "police_notification", "Police notification"
    SELF_REFERRAL = "self_referral", "Self-referral"
    STEP_DOWN = "step_down", "Step down from children's social care"
    API = "api", "API"
    CSV_IMPORT = "csv_import", "Bulk import"
    PHONE = "phone", "Telephone"


class ContactStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_TRIAGE = "awaiting_triage", "Awaiting decision"
    AWAITING_OVERSIGHT = "awaiting_oversight", "Awaiting manager oversight"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


class LevelOfNeed(ReferenceData):
    """One level of the partnership's threshold document (typically four)."""

    level = models.PositiveSmallIntegerField(unique=True)
    description = models.TextField(blank=True)


class ContactTypeSetting(models.Model):
    """How long the front door has to decide on a contact of this kind, in working days."""

    entry_point = models.CharField(max_length=30, choices=EntryPoint.choices, unique=True)
    decision_working_days = models.PositiveSmallIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.get_entry_point_display()}: {self.decision_working_days} working day(s)"


class ContactQuerySet(models.QuerySet):
    def submitted(self):
        """Contacts the front door has received: everything but a partner's unsent draft."""
        return self.exclude(status=ContactStatus.DRAFT)


class Contact(TimeStampedModel):
    """A request for help or information about a child, from any entry point: the front door's unit of work."""

    entry_point = models.CharField(max_length=30, choices=EntryPoint.choices)
    status = models.CharField(max_length=30, choices=ContactStatus.choices, default=ContactStatus.AWAITING_TRIAGE)
    received_at = models.DateTimeField(db_index=True)
    decision_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    referral_source = models.CharField(max_length=3, choices=codes.REFERRAL_SOURCES)
    urgency = models.CharField(max_length=20, choices=URGENCIES, default="routine")
    referrer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts_made"
    )
    referrer_name = models.CharField(max_length=150, blank=True)
    referrer_role = models.CharField(max_length=150, blank=True)
    referrer_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    reasons = models.TextField(help_text="Why help is asked for, in the referrer's words.")
    what_family_wants = models.TextField(blank=True)
    free_text = models.TextField(blank=True)
    advice_given = models.TextField(blank=True)
    is_re_referral = models.BooleanField(default=False)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts_recorded"
    )
    # A partner's unsent request exactly as typed (form field name -> value or list of values), so that
    # nothing is lost, not even a date that is not yet a real date. Emptied when the request is sent.
    draft_data = models.JSONField(null=True, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ("-received_at",)
        indexes = [models.Index(fields=["status", "decision_due_at"], name="contact_queue_idx")]

    def __str__(self) -> str:
        return f"Contact {self.reference}"

    @property
    def reference(self) -> str:
        """The reference a referrer and the front door quote: EH and the number, for example EH000123."""
        return f"EH{self.pk:06d}" if self.pk else ""


class NamedRole(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"


class MatchStatus(models.TextChoices):
    UNCHECKED = "unchecked", "Not yet checked"
    MATCHED = "matched", "Matched to a known person"
    NEW_PERSON = "new_person", "New person created"


class ContactPerson(TimeStampedModel):
    """A child or adult named on a contact, as the referrer wrote them, and the person they turned out to be."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="named_people")
    role = models.CharField(max_length=10, choices=NamedRole.choices)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=codes.SEX, default="U")
    address = models.CharField(max_length=250, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    relationship_to_child = models.CharField(max_length=60, blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="contact_mentions"
    )
    match_status = models.CharField(max_length=20, choices=MatchStatus.choices, default=MatchStatus.UNCHECKED)
    match_score = models.FloatField(null=True, blank=True)
    matched_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(match_status="unchecked") | Q(person__isnull=False), name="contact_person_match_has_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ContactNeed(models.Model):
    """A presenting need on a contact, coded to a Supporting Families outcome area."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="needs")
    area = models.CharField(max_length=4, choices=codes.SUPPORTING_FAMILIES_OUTCOMES)
    detail = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "area"], name="contact_need_unique_area")]

    def __str__(self) -> str:
        return self.get_area_display()


class ConsentStatus(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsentScope(models.TextChoices):
    REFERRAL = "referral", "To the request for help"
    INFORMATION_SHARING = "information_sharing", "To share information with partners"
    ASSESSMENT = "assessment", "To an Early Help Assessment"


class Consent(TimeStampedModel):
    """Who agreed to what, when; or why the service went ahead without agreement (a safeguarding concern)."""

    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="consents")
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    given_by_name = models.CharField(max_length=150, blank=True)
    given_by_person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT)
    scope = models.CharField(max_length=30, choices=ConsentScope.choices)
    status = models.CharField(max_length=20, choices=ConsentStatus.choices)
    recorded_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    proceed_without_consent = models.BooleanField(default=False)
    reason_for_proceeding = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(proceed_without_consent=False) | ~Q(reason_for_proceeding=""),
                name="consent_override_needs_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="given") | ~Q(given_by_name="") | Q(given_by_person__isnull=False),
                name="consent_given_names_who",
            ),
            models.CheckConstraint(
                condition=Q(contact__isnull=False) | Q(household__isnull=False), name="consent_belongs_somewhere"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.get_status_display()}"


class TriageDecision(TimeStampedModel):
    """The front door's decision on a contact: level of need, outcome and why."""

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="decision")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    level_of_need = models.ForeignKey(LevelOfNeed, on_delete=models.PROTECT)
    outcome = models.CharField(max_length=30, choices=TRIAGE_OUTCOMES)
    single_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    rationale = models.TextField()
    recommended_outcome = models.CharField(max_length=30, choices=TRIAGE_OUTCOMES, blank=True)
    recommendation_reason = models.TextField(blank=True)
    override_reason = models.TextField(blank=True)
    statutory_concern = models.BooleanField(
        default=False, db_default=False, help_text="The decider recorded a concern of significant harm."
    )
    needs_oversight = models.BooleanField(default=False)
    oversight_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    oversight_at = models.DateTimeField(null=True, blank=True)
    oversight_agreed = models.BooleanField(null=True, blank=True)
    oversight_note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="decision_has_rationale"),
            models.CheckConstraint(
                condition=~Q(outcome="single_agency") | Q(single_agency__isnull=False),
                name="decision_single_agency_names_agency",
            ),
            models.CheckConstraint(
                condition=Q(recommended_outcome="") | Q(recommended_outcome=models.F("outcome")) | ~Q(override_reason=""),
                name="decision_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.level_of_need})"


class DecisionNeed(models.Model):
    """A need the front door identified when deciding, coded to a Supporting Families outcome area."""

    decision = models.ForeignKey(TriageDecision, on_delete=models.CASCADE, related_name="needs")
    area = models.CharField(max_length=4, choices=codes.SUPPORTING_FAMILIES_OUTCOMES)
    unmet = models.BooleanField(default=True)
    single_agency_can_meet = models.BooleanField(default=False)
    complex = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "area"], name="decision_need_unique_area")]

    def __str__(self) -> str:
        return self.get_area_display()
