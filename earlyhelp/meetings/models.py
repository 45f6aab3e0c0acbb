"""Team Around the Family meetings: who was invited and came, minutes, decisions and actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from earlyhelp.core.models import TimeStampedModel


class MeetingKind(models.TextChoices):
    INITIAL = "initial", "Initial Team Around the Family meeting"
    REVIEW = "review", "Review Team Around the Family meeting"
    CLOSURE = "closure", "Closing meeting"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(TimeStampedModel):
    """One Team Around the Family meeting with the family."""

    episode = models.ForeignKey("casework.Episode", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices, default=MeetingKind.INITIAL)
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    scheduled_for = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    minutes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    chaired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ("-scheduled_for",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.scheduled_for:%d %b %Y}"


class Attendance(models.TextChoices):
    INVITED = "invited", "Invited"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class MeetingAttendee(models.Model):
    """Someone invited to a meeting: a family member, a practitioner or an agency's representative."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=150)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.INVITED)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(user__isnull=True), name="attendee_family_or_practitioner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_attendance_display()})"


class MeetingAction(models.Model):
    """An action agreed at a meeting; it flows into the plan."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    owner_name = models.CharField(max_length=150)
    owner_person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT)
    owner_agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20,
        choices=[("not_started", "Not started"), ("in_progress", "In progress"), ("done", "Done"), ("not_done", "Not done")],
        default="not_started",
    )
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.what[:60]
