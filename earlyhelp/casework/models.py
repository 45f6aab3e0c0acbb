"""The targeted early help episode: allocation, step up and down, closure, notes, documents, chronology."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from earlyhelp.accounts.models import Agency, Team
from earlyhelp.core.models import TimeStampedModel
from earlyhelp.domain import codes
from earlyhelp.domain.episode_lifecycle import STATUS_LABELS, EpisodeStatus

EPISODE_STATUS_CHOICES = [(status.value, STATUS_LABELS[status]) for status in EpisodeStatus]
OPEN_STATUS_VALUES = [s.value for s in EpisodeStatus if s not in (EpisodeStatus.CLOSED, EpisodeStatus.STEPPED_UP)]


def default_target_weeks() -> int:
    """The service's target length for a new episode (EARLYHELP_EPISODE_TARGET_WEEKS, 12-16 weeks)."""
    return settings.EARLYHELP_EPISODE_TARGET_WEEKS


class EpisodeOrigin(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door decision"
    STEP_DOWN = "step_down", "Step down from children's social care"
    REOPENED = "reopened", "Re-opened"


class Episode(TimeStampedModel):
    """A period of targeted early help for a family, from the front door's decision to closure or step up."""

    household = models.ForeignKey("people.Household", on_delete=models.PROTECT, related_name="episodes")
    contact = models.ForeignKey(
        "referrals.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="episodes"
    )
    origin = models.CharField(max_length=20, choices=EpisodeOrigin.choices, default=EpisodeOrigin.FRONT_DOOR)
    status = models.CharField(
        max_length=30, choices=EPISODE_STATUS_CHOICES, default=EpisodeStatus.AWAITING_ALLOCATION.value, db_index=True
    )
    opened_on = models.DateField()
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="episodes")
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_episodes"
    )
    allocated_on = models.DateField(null=True, blank=True)
    target_weeks = models.PositiveSmallIntegerField(default=default_target_weeks)
    closed_on = models.DateField(null=True, blank=True)
    previous_episode = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="later_episodes",
        help_text="The episode this re-referral follows (a referral within 12 months).",
    )
    is_restricted = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("-opened_on", "-id")
        indexes = [
            models.Index(fields=["team", "status"], name="episode_team_status_idx"),
            models.Index(fields=["lead_practitioner", "status"], name="episode_worker_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")), name="episode_closed_after_opened"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["closed", "stepped_up"], closed_on__isnull=False)
                | (~Q(status__in=["closed", "stepped_up"]) & Q(closed_on__isnull=True)),
                name="episode_closed_on_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["awaiting_allocation"]) | Q(lead_practitioner__isnull=False)
                | Q(status__in=["closed", "stepped_up", "closing"]),
                name="episode_allocated_has_lead",
            ),
            models.CheckConstraint(condition=Q(status__in=[c[0] for c in EPISODE_STATUS_CHOICES]), name="episode_status_valid"),
        ]

    def __str__(self) -> str:
        return f"Episode {self.pk} ({self.household})"

    @property
    def status_enum(self) -> EpisodeStatus:
        return EpisodeStatus(self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUS_VALUES


class EpisodeMember(models.Model):
    """A member of the family the episode works with; children the work is about are marked as subjects."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episode_memberships")
    is_subject = models.BooleanField(default=False, help_text="A child the early help is about.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["episode", "person"], name="episode_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} in {self.episode}"


class Allocation(TimeStampedModel):
    """An episode's allocation to a team and lead practitioner; reallocation ends one and starts another."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT)
    lead_practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lead_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why the episode was reallocated.")

    class Meta:
        ordering = ("-started_on", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="allocation_ended_after_started"
            ),
            models.UniqueConstraint(
                fields=["episode"], condition=Q(ended_on__isnull=True), name="allocation_one_current_per_episode"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.episode} to {self.lead_practitioner}"


class Extension(TimeStampedModel):
    """A decision to keep an episode open beyond its target because a crisis remains."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="extensions")
    extra_weeks = models.PositiveSmallIntegerField()
    reason = models.TextField()
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(condition=Q(extra_weeks__gte=1), name="extension_at_least_a_week"),
            models.CheckConstraint(condition=~Q(reason=""), name="extension_has_reason"),
        ]


class StepUpDecision(models.TextChoices):
    PENDING = "pending", "Awaiting decision"
    ACCEPTED_CIN = "accepted_cin", "Accepted: child in need"
    ACCEPTED_CP = "accepted_cp", "Accepted: child protection"
    RETURNED = "returned", "Returned to early help with advice"


class StepUp(TimeStampedModel):
    """A request from early help to children's social care, carrying the assessment and plan (source code 5D)."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="step_ups")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    reasons = models.TextField()
    assessment = models.ForeignKey("assessments.Assessment", null=True, blank=True, on_delete=models.PROTECT)
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.PROTECT)
    decision = models.CharField(max_length=20, choices=StepUpDecision.choices, default=StepUpDecision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decided_by_name = models.CharField(max_length=150, blank=True)
    advice = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="pending", decided_on__isnull=True) | (~Q(decision="pending") & Q(decided_on__isnull=False)),
                name="step_up_decided_has_date",
            ),
            models.CheckConstraint(condition=~Q(reasons=""), name="step_up_has_reasons"),
        ]


class StepDown(TimeStampedModel):
    """Social care closing a case to early help (closure reason RC9), with its assessment and plan attached."""

    episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="step_down")
    statutory_involvement = models.ForeignKey(
        "socialcare.StatutoryInvolvement", null=True, blank=True, on_delete=models.PROTECT
    )
    received_on = models.DateField()
    social_worker_name = models.CharField(max_length=150, blank=True)
    social_care_summary = models.TextField()
    social_care_assessment = models.TextField(blank=True)
    social_care_plan = models.TextField(blank=True)


class ClosureReason(models.TextChoices):
    NEEDS_MET = "needs_met", "Needs met"
    STEP_DOWN_UNIVERSAL = "step_down_universal", "Stepped down to universal services"
    STEPPED_UP = "stepped_up", "Stepped up to children's social care"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Family withdrew consent"
    MOVED_AWAY = "moved_away", "Moved out of area"
    OTHER = "other", "Other"


assert {c for c, _ in codes.EARLY_HELP_CLOSURE_REASONS} == set(ClosureReason.values)


class Closure(TimeStampedModel):
    """The end of an episode: why, what changed for each need, and the manager's sign-off."""

    episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="closure")
    reason = models.CharField(max_length=30, choices=ClosureReason.choices)
    reason_detail = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    no_final_star_reason = models.TextField(blank=True)
    feedback_requested = models.BooleanField(default=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(reason_detail=""), name="closure_other_reason_explained"
            ),
            models.CheckConstraint(
                condition=Q(signed_off_by__isnull=True, signed_off_on__isnull=True)
                | Q(signed_off_by__isnull=False, signed_off_on__isnull=False),
                name="closure_sign_off_complete",
            ),
        ]


class NeedOutcome(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"


class ClosureNeedOutcome(models.Model):
    """What happened to one identified need by the end of the episode."""

    closure = models.ForeignKey(Closure, on_delete=models.CASCADE, related_name="need_outcomes")
    need = models.ForeignKey("assessments.AssessmentNeed", on_delete=models.PROTECT)
    outcome = models.CharField(max_length=20, choices=NeedOutcome.choices)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["closure", "need"], name="closure_need_once")]

    def __str__(self) -> str:
        return f"{self.need}: {self.get_outcome_display()}"


class NoteKind(models.TextChoices):
    VISIT = "visit", "Home visit"
    CALL = "call", "Telephone call"
    MEETING = "meeting", "Meeting"
    NOTE = "note", "Note"


class CaseNote(TimeStampedModel):
    """A practitioner's note about the family or one member. Notes are never edited: a mistake is put
    right with a correction, a new note that points at the one it corrects."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="notes")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=30, choices=NoteKind.choices, default=NoteKind.NOTE)
    text = models.TextField()
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections",
        help_text="The earlier note this one corrects.",
    )
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ("-occurred_at", "-id")
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="case_note_has_text")]


class DocumentType(models.TextChoices):
    CONSENT_FORM = "consent_form", "Signed consent form"
    REPORT = "report", "Report from another agency"
    LETTER = "letter", "Letter"
    OTHER = "other", "Other"


class Document(TimeStampedModel):
    """A file kept on the episode, within type and size limits."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(max_length=30, choices=DocumentType.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="documents/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    original_name = models.CharField(max_length=255, blank=True, default="", help_text="The file's name as uploaded.")
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ("-created_at", "-id")


class CaseEvent(models.Model):
    """A significant event in the family's chronology, written by the service that caused it."""

    occurred_at = models.DateTimeField(db_index=True)
    household = models.ForeignKey("people.Household", on_delete=models.CASCADE, related_name="events")
    episode = models.ForeignKey(Episode, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-occurred_at", "-id")

    def __str__(self) -> str:
        return self.summary
