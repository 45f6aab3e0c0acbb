"""Family outcomes: star templates, readings over time, and the family's feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from earlyhelp.core.models import ReferenceData, TimeStampedModel


class StarTemplate(ReferenceData):
    """A star an administrator configures: its areas, optional groups and a scale (usually 1 to 10)."""

    description = models.TextField(blank=True)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=10)

    class Meta(ReferenceData.Meta):
        constraints = [models.CheckConstraint(condition=Q(scale_max__gt=models.F("scale_min")), name="star_scale_ordered")]


class StarArea(models.Model):
    """One area of family life on a star, optionally in a group (for example Happy, Healthy or Safe)."""

    template = models.ForeignKey(StarTemplate, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=150)
    group = models.CharField(max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    disabled_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("template", "order")
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="star_area_code_unique")]

    def __str__(self) -> str:
        return self.label


class StarScalePoint(models.Model):
    """Optional words for a point on a template's scale."""

    template = models.ForeignKey(StarTemplate, on_delete=models.CASCADE, related_name="scale_points")
    value = models.PositiveSmallIntegerField()
    words = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["template", "value"], name="star_scale_point_unique")]

    def __str__(self) -> str:
        return f"{self.value}: {self.words}"


class ReadingStage(models.TextChoices):
    BASELINE = "baseline", "Baseline (at assessment)"
    REVIEW = "review", "Review"
    CLOSURE = "closure", "Closure"


class ScoredBy(models.TextChoices):
    FAMILY = "family", "The family (self-score)"
    PRACTITIONER = "practitioner", "The practitioner"
    AGREED = "agreed", "Agreed together"


class StarReading(TimeStampedModel):
    """A dated set of scores on a star, by the family, the practitioner or both together."""

    episode = models.ForeignKey("casework.Episode", on_delete=models.CASCADE, related_name="star_readings")
    template = models.ForeignKey(StarTemplate, on_delete=models.PROTECT)
    taken_on = models.DateField()
    stage = models.CharField(max_length=20, choices=ReadingStage.choices)
    scored_by = models.CharField(max_length=20, choices=ScoredBy.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT)
    family_disengaged = models.BooleanField(
        default=False, help_text="A practitioner-only reading because the family has disengaged."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The form's one-time key: sending the same form twice records one reading.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ("taken_on", "id")
        indexes = [models.Index(fields=["episode", "template", "taken_on"], name="reading_episode_template_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(family_disengaged=False) | Q(scored_by="practitioner"),
                name="reading_disengaged_is_practitioner_only",
            ),
        ]


class StarScore(models.Model):
    """One area's score in a reading; a fall from the last reading carries the practitioner's reason."""

    reading = models.ForeignKey(StarReading, on_delete=models.CASCADE, related_name="scores")
    area = models.ForeignKey(StarArea, on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField()
    reason_for_fall = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reading", "area"], name="star_score_once_per_area"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=10), name="star_score_1_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.score}"


class FeedbackStage(models.TextChoices):
    CLOSURE = "closure", "At closure"
    MIDWAY = "midway", "Part way"


class FeedbackRequest(TimeStampedModel):
    """A one-time link a family uses to give feedback without an account. Only the token's hash is kept."""

    episode = models.ForeignKey("casework.Episode", on_delete=models.CASCADE, related_name="feedback_requests")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(max_length=20, choices=FeedbackStage.choices, default=FeedbackStage.CLOSURE)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class FamilyFeedback(TimeStampedModel):
    """A family's answers to the short feedback questionnaire."""

    episode = models.ForeignKey("casework.Episode", on_delete=models.CASCADE, related_name="feedback")
    request = models.OneToOneField(FeedbackRequest, null=True, blank=True, on_delete=models.PROTECT)
    completed_with_worker = models.BooleanField(default=False)
    # db_default too, so bulk loads that name their columns (the demo's COPY) still fill it.
    stage = models.CharField(
        max_length=20, choices=FeedbackStage.choices, default=FeedbackStage.CLOSURE, db_default=FeedbackStage.CLOSURE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The worker who completed it with the family (empty when the family used their link).",
    )
    felt_listened_to = models.PositiveSmallIntegerField(null=True, blank=True)
    things_better = models.PositiveSmallIntegerField(null=True, blank=True)
    would_recommend = models.PositiveSmallIntegerField(null=True, blank=True)
    what_helped = models.TextField(blank=True)
    what_could_be_better = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(felt_listened_to__isnull=True) | Q(felt_listened_to__range=(1, 5)))
                & (Q(things_better__isnull=True) | Q(things_better__range=(1, 5)))
                & (Q(would_recommend__isnull=True) | Q(would_recommend__range=(1, 5))),
                name="feedback_answers_1_to_5",
            ),
        ]
