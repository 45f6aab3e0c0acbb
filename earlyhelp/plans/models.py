"""The plan on a page: the family's plan in their words, its actions, versions and reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from earlyhelp.core.models import TimeStampedModel


class Plan(TimeStampedModel):
    """One version of the family's plan. Saving a change writes a new version; the latest is current."""

    episode = models.ForeignKey("casework.Episode", on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    worried_about = models.TextField("what we are worried about", blank=True)
    going_well = models.TextField("what is going well", blank=True)
    needs_to_happen = models.TextField("what needs to happen", blank=True)
    family_words = models.TextField("in the family's words", blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreed_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    change_summary = models.CharField("what changed", max_length=300, blank=True)
    # A one-time key from the form that wrote this version: sending the form twice writes one version.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ("-version",)
        constraints = [
            models.UniqueConstraint(fields=["episode", "version"], name="plan_version_unique"),
            models.UniqueConstraint(fields=["episode"], condition=Q(is_current=True), name="plan_one_current"),
        ]

    def __str__(self) -> str:
        return f"Plan v{self.version} for {self.episode}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


class PlanAction(models.Model):
    """Who does what by when, in the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    owner_name = models.CharField(max_length=150, help_text="A family member, a practitioner or an agency.")
    owner_person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT)
    owner_agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    position = models.PositiveSmallIntegerField(default=0)
    need = models.ForeignKey("assessments.AssessmentNeed", null=True, blank=True, on_delete=models.SET_NULL)
    from_meeting_action = models.ForeignKey(
        "meetings.MeetingAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_actions"
    )

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.what[:60]


class PlanReview(TimeStampedModel):
    """A review of the plan (at least every three months): how it is going and when the next is due."""

    episode = models.ForeignKey("casework.Episode", on_delete=models.CASCADE, related_name="plan_reviews")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()
    next_review_due_on = models.DateField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ("-reviewed_on",)
