"""Writing family outcomes: star readings and the family's feedback.

``feedback_request_create`` is what casework's closure calls; ``star_reading_record`` is what the
reading form calls. Each writes one transaction, an audit entry and, for the family's chronology,
a case event.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from earlyhelp.audit.services import record_create
from earlyhelp.casework.services.lifecycle import chronology_add
from earlyhelp.core.errors import ApplicationError
from earlyhelp.domain import outcome_scoring
from earlyhelp.outcomes.models import (
    FamilyFeedback,
    FeedbackRequest,
    FeedbackStage,
    ReadingStage,
    ScoredBy,
    StarArea,
    StarReading,
    StarScore,
    StarTemplate,
)

FEEDBACK_LINK_DAYS = 14
FEEDBACK_QUESTIONS = ("felt_listened_to", "things_better", "would_recommend")
FEEDBACK_TEXTS = ("what_helped", "what_could_be_better")


class ReadingProblems(ApplicationError):
    """The reading cannot be saved; ``field_problems`` are (form field name, sentence) pairs."""

    def __init__(self, field_problems: list[tuple[str, str]]):
        super().__init__(field_problems[0][1], problems=[message for _, message in field_problems])
        self.field_problems = field_problems


class FeedbackLinkGone(ApplicationError):
    """The feedback link has expired, has been used, or never existed (the family is told the same)."""


def feedback_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Star readings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadingInput:
    """What the reading form collected: scores and reasons are keyed by area code."""

    template: StarTemplate
    taken_on: date
    stage: str
    scored_by: str
    scores: Mapping[str, int]
    reasons: Mapping[str, str]
    person: object | None = None
    family_disengaged: bool = False


def previous_reading(*, episode, template, person, before: date, exclude_pk: int | None = None) -> StarReading | None:
    """The reading of the same star for the same person (or the whole family) taken last on or before ``before``."""
    readings = StarReading.objects.filter(episode=episode, template=template, person=person, taken_on__lte=before)
    if exclude_pk:
        readings = readings.exclude(pk=exclude_pk)
    return readings.order_by("-taken_on", "-id").prefetch_related("scores__area").first()


def scores_by_code(reading: StarReading | None) -> dict[str, int]:
    return {score.area.code: score.score for score in reading.scores.all()} if reading else {}


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _reading_problems(*, episode, data: ReadingInput, areas: list[StarArea], today: date) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if data.taken_on > today:
        problems.append(("taken_on", "The date of the reading must be today or in the past"))
    elif data.taken_on < episode.opened_on:
        problems.append(("taken_on", f"The date of the reading must be on or after the day the episode opened, {_day(episode.opened_on)}"))
    if data.stage not in ReadingStage.values:
        problems.append(("stage", "Select when this reading was taken"))
    if data.scored_by not in ScoredBy.values:
        problems.append(("scored_by", "Select who gave the scores"))
    template = data.template
    for area in areas:
        score = data.scores.get(area.code)
        if score is None:
            problems.append((f"score_{area.code}", f"Select a score for {area.label.lower()}"))
        elif not template.scale_min <= score <= template.scale_max or not 1 <= score <= 10:
            problems.append((f"score_{area.code}", f"The score for {area.label.lower()} must be from {template.scale_min} to {template.scale_max}"))
    return problems


@transaction.atomic
def star_reading_record(*, episode, actor, data: ReadingInput, idempotency_key: str = "", request=None) -> StarReading:
    """A star reading taken with (or, when the family has disengaged, without) the family.

    Every active area of the star needs a score on its scale. When an area's score falls since the
    previous reading of the same star for the same person (or the whole family), the practitioner must
    say why, next to that area. A reading marked "family disengaged" is practitioner-only, whatever
    was chosen. Sending the same form twice (the same ``idempotency_key``) records one reading.
    Raises ``ReadingProblems``.
    """
    if idempotency_key:
        existing = StarReading.objects.filter(idempotency_key=idempotency_key, episode=episode).first()
        if existing is not None:
            return existing
    areas = list(data.template.areas.filter(disabled_on__isnull=True).order_by("order", "id"))
    problems = _reading_problems(episode=episode, data=data, areas=areas, today=timezone.localdate())
    if problems:
        raise ReadingProblems(problems)
    scores = {area.code: int(data.scores[area.code]) for area in areas}
    previous = previous_reading(episode=episode, template=data.template, person=data.person, before=data.taken_on)
    missing = outcome_scoring.falls_without_reason(scores_by_code(previous), scores, data.reasons)
    if missing:
        labels = {area.code: area for area in areas}
        raise ReadingProblems([
            (
                f"reason_{code}",
                f"The score for {labels[code].label.lower()} fell from {scores_by_code(previous)[code]} to "
                f"{scores[code]}: say why",
            )
            for code in missing
        ])
    falls = set(outcome_scoring.falls(scores_by_code(previous), scores))
    scored_by = ScoredBy.PRACTITIONER if data.family_disengaged else data.scored_by
    try:
        with transaction.atomic():
            reading = StarReading.objects.create(
                episode=episode, template=data.template, taken_on=data.taken_on, stage=data.stage,
                scored_by=scored_by, person=data.person, family_disengaged=data.family_disengaged,
                recorded_by=actor, idempotency_key=idempotency_key or None,
            )
    except IntegrityError:  # the same form sent twice at the same moment: the first one won
        return StarReading.objects.get(idempotency_key=idempotency_key)
    StarScore.objects.bulk_create(
        StarScore(
            reading=reading, area=area, score=scores[area.code],
            reason_for_fall=(data.reasons.get(area.code) or "").strip() if area.code in falls else "",
        )
        for area in areas
    )
    record_create(actor=actor, instance=reading, request=request)
    who = "" if data.person is None else f" for {data.person}"
    stage_words = {"baseline": "Baseline", "review": "Review", "closure": "Closing"}[reading.stage]
    summary = f"{stage_words} star reading{who}: {data.template.label}"
    if data.family_disengaged:
        summary += ", by the practitioner because the family has disengaged"
    chronology_add(
        episode=episode, kind="star_reading", summary=summary, actor=actor, person=data.person,
        data={"stage": reading.stage, "reading": reading.pk, "falls": sorted(falls)},
    )
    return reading


# --- The family's feedback ----------------------------------------------------------------------


def feedback_request_create(*, episode, actor, stage: str = "closure", request=None) -> tuple[FeedbackRequest, str]:
    """A one-time feedback link for the family: returns the request and the secret token for the link.

    Only the token's SHA-256 is stored, so the link cannot be rebuilt from the database; it has 256
    bits of randomness, so it cannot be guessed; it expires after EARLYHELP_FEEDBACK_LINK_DAYS days.
    """
    if stage not in FeedbackStage.values:
        raise ApplicationError("Choose whether the feedback is at closure or part way", field="stage")
    token = secrets.token_urlsafe(32)
    days = getattr(settings, "EARLYHELP_FEEDBACK_LINK_DAYS", FEEDBACK_LINK_DAYS)
    feedback_request = FeedbackRequest.objects.create(
        episode=episode, token_hash=feedback_token_hash(token), stage=stage, requested_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
    )
    record_create(actor=actor, instance=feedback_request, request=request)
    chronology_add(
        episode=episode, kind="feedback_requested", actor=actor,
        summary=f"Feedback link made for the family ({feedback_request.get_stage_display().lower()})",
        data={"stage": stage},
    )
    return feedback_request, token


def _answers(answers: Mapping[str, object]) -> dict[str, object]:
    clean: dict[str, object] = {}
    for name in FEEDBACK_QUESTIONS:
        value = answers.get(name)
        clean[name] = int(value) if value not in (None, "") else None
        if clean[name] is not None and not 1 <= clean[name] <= 5:
            raise ApplicationError("Each answer must be from 1 to 5", field=name)
    for name in FEEDBACK_TEXTS:
        clean[name] = str(answers.get(name) or "").strip()[:2000]
    return clean


@transaction.atomic
def feedback_submit(*, token: str, answers: Mapping[str, object], request=None) -> FamilyFeedback:
    """The family's answers through their one-time link. The link works once and only until it expires.

    The request row is locked while it is used, so sending twice (or two phones at once) records one
    set of answers; the second is told the link has been used. Raises ``FeedbackLinkGone``.
    """
    feedback_request = (
        FeedbackRequest.objects.select_for_update().select_related("episode").filter(token_hash=feedback_token_hash(token)).first()
    )
    if feedback_request is None or feedback_request.used_at is not None or feedback_request.expires_at <= timezone.now():
        raise FeedbackLinkGone("This link has expired or has already been used")
    feedback = FamilyFeedback.objects.create(
        episode=feedback_request.episode, request=feedback_request, stage=feedback_request.stage, **_answers(answers)
    )
    feedback_request.used_at = timezone.now()
    feedback_request.save(update_fields=["used_at", "updated_at"])
    record_create(actor=None, instance=feedback, request=request)
    chronology_add(
        episode=feedback_request.episode, kind="family_feedback", summary="The family gave their feedback",
        data={"stage": feedback.stage, "with_worker": False},
    )
    return feedback


@transaction.atomic
def feedback_record_with_worker(
    *, episode, actor, stage: str, answers: Mapping[str, object], idempotency_key: str = "", request=None
) -> FamilyFeedback:
    """The family's answers, filled in with their worker (on the worker's device)."""
    if stage not in FeedbackStage.values:
        raise ApplicationError("Choose whether the feedback is at closure or part way", field="stage")
    if idempotency_key:
        key_hash = feedback_token_hash(f"worker:{idempotency_key}")
        existing = FamilyFeedback.objects.filter(request__token_hash=key_hash).first()
        if existing is not None:
            return existing
    # A used request row stands for the form, so a double submit is recorded once (its key is unique).
    form_request = FeedbackRequest.objects.create(
        episode=episode, token_hash=feedback_token_hash(f"worker:{idempotency_key or secrets.token_urlsafe(24)}"),
        stage=stage, requested_by=actor, expires_at=timezone.now(), used_at=timezone.now(),
    )
    feedback = FamilyFeedback.objects.create(
        episode=episode, request=form_request, stage=stage, completed_with_worker=True, recorded_by=actor,
        **_answers(answers),
    )
    record_create(actor=actor, instance=feedback, request=request)
    chronology_add(
        episode=episode, kind="family_feedback", actor=actor, summary="The family gave their feedback with their worker",
        data={"stage": stage, "with_worker": True},
    )
    return feedback
