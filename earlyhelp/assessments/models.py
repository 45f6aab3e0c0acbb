"""The Early Help Assessment: a whole-family assessment with consent, each member's needs and strengths."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from earlyhelp.core.models import TimeStampedModel
from earlyhelp.domain import codes


class AssessmentKind(models.TextChoices):
    EARLY_HELP = "eha", "Early Help Assessment"
    SOCIAL_CARE = "single", "Social care single assessment (carried on step down)"


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Awaiting authorisation"
    AUTHORISED = "authorised", "Authorised"
    RETURNED = "returned", "Returned for changes"


class Assessment(TimeStampedModel):
    """One assessment of a family within an episode, authorised by a manager when complete."""

    episode = models.ForeignKey("casework.Episode", on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices, default=AssessmentKind.EARLY_HELP)
    status = models.CharField(max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS)
    started_on = models.DateField()
    due_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_on = models.DateField(null=True, blank=True)
    lead_agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT)
    consent_confirmed = models.BooleanField(default=False)
    consent_given_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The family member who agreed to the assessment.",
    )
    consent_given_by_name = models.CharField(max_length=150, blank=True, default="")
    consent_recorded_on = models.DateField(null=True, blank=True)
    no_consent_reason = models.TextField(
        blank=True, default="", help_text="Why the assessment goes ahead without the family's agreement."
    )
    family_history = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    family_view = models.TextField("the family's view", blank=True)
    child_voice = models.TextField("the child's own words", blank=True)
    analysis = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_reason = models.TextField(blank=True, default="", help_text="Why the manager sent it back.")
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save, to catch two people editing.")

    class Meta:
        ordering = ("-started_on",)
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=F("started_on")), name="assessment_due_after_start"),
            models.CheckConstraint(
                condition=~Q(status="authorised") | Q(authorised_by__isnull=False, authorised_on__isnull=False),
                name="assessment_authorised_has_manager",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} started {self.started_on:%d %b %Y}"


class AssessmentMember(models.Model):
    """What the assessment found for one family member: their needs, strengths and own words."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT)
    strengths = models.TextField(blank=True)
    needs_summary = models.TextField(blank=True)
    own_words = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "person"], name="assessment_member_once")]

    def __str__(self) -> str:
        return f"{self.person} in {self.assessment}"


class AssessmentNeed(models.Model):
    """An identified need, coded to the census assessment factor and the Supporting Families outcome area."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT)
    factor = models.CharField(max_length=3, choices=codes.ASSESSMENT_FACTORS, blank=True)
    sf_outcome = models.CharField(max_length=4, choices=codes.SUPPORTING_FAMILIES_OUTCOMES, blank=True)
    description = models.TextField()
    unmet = models.BooleanField(default=True)
    complex = models.BooleanField(default=False)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True, default=None)

    class Meta:
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(condition=~Q(factor="") | ~Q(sf_outcome=""), name="assessment_need_is_coded"),
        ]

    def __str__(self) -> str:
        return self.get_sf_outcome_display() or self.get_factor_display()
