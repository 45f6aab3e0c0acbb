"""Reading family outcomes: a family's progress on a star, the 12-week evaluation, the family's feedback.

``closure_star_facts`` is what casework's closure checks. Pages about one family reach it through
the episode door (``casework.selectors.episode_get_for``) first; the evaluation and the feedback
figures take the user and show only the teams the user may see.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import NamedTuple

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from earlyhelp.accounts.models import Locality, Role, Team
from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.domain import outcome_scoring
from earlyhelp.domain.outcome_scoring import falls
from earlyhelp.outcomes import charts
from earlyhelp.outcomes.models import (
    FamilyFeedback,
    FeedbackRequest,
    ReadingStage,
    StarArea,
    StarReading,
    StarTemplate,
)
from earlyhelp.outcomes.services import feedback_token_hash

FAMILY_SCORED = ("family", "agreed")


class ClosureStarFacts(NamedTuple):
    has_final_reading: bool  # a reading taken at closure
    falls_without_reason: int  # areas, across the episode's readings, that fell with no reason recorded


def closure_star_facts(episode) -> ClosureStarFacts:
    """Whether the episode has its final star reading, and how many falls still lack a reason.

    A fall is measured from the previous reading of the same star for the same person (or the whole
    family), as ``domain.outcome_scoring.falls`` defines it.
    """
    readings = list(
        StarReading.objects.filter(episode=episode).prefetch_related("scores__area").order_by("taken_on", "id")
    )
    previous: dict[tuple[int, int | None], dict[str, int]] = {}
    missing = 0
    for reading in readings:
        key = (reading.template_id, reading.person_id)
        scores = {s.area.code: s.score for s in reading.scores.all()}
        reasons = {s.area.code: s.reason_for_fall for s in reading.scores.all()}
        if key in previous:
            missing += sum(1 for code in falls(previous[key], scores) if not reasons[code].strip())
        previous[key] = scores
    has_final = any(r.stage == ReadingStage.CLOSURE for r in readings)
    return ClosureStarFacts(has_final, missing)


# --- Templates ----------------------------------------------------------------------------------


def templates_available() -> QuerySet[StarTemplate]:
    return StarTemplate.objects.active().prefetch_related("areas", "scale_points")


def template_get(code: str) -> StarTemplate:
    template = templates_available().filter(code=code).first()
    if template is None:
        raise Http404("No star template")
    return template


def scale_words(template: StarTemplate) -> list[tuple[int, str]]:
    return [(point.value, point.words) for point in sorted(template.scale_points.all(), key=lambda p: p.value)]


# --- One family's progress ----------------------------------------------------------------------


@dataclass
class AreaProgress:
    number: int
    area: StarArea
    baseline: int | None
    latest: int | None
    scores: list[int | None]  # one per reading, in date order
    reasons: list[tuple[date, str]]  # reasons recorded for falls
    trend: charts.Trend | None = None

    @property
    def change(self) -> int | None:
        if self.baseline is None or self.latest is None:
            return None
        return self.latest - self.baseline


@dataclass
class Progress:
    """A family's readings on one star (for the whole family or one member), ready to draw."""

    template: StarTemplate
    person: object | None
    readings: list[StarReading]
    baseline: StarReading
    latest: StarReading
    areas: list[AreaProgress]
    radar: charts.Radar | None
    overall_change: float | None
    classification: str | None
    choices: list[tuple[StarTemplate, object | None]] = field(default_factory=list)

    @property
    def has_change(self) -> bool:
        return self.latest.pk != self.baseline.pk

    @property
    def fall_reasons(self) -> list[tuple[str, date, str]]:
        """(area, reading date, reason) for every fall recorded, in date order."""
        found = [(row.area.label, day, reason) for row in self.areas for day, reason in row.reasons]
        return sorted(found, key=lambda item: item[1])


def progress_choices(episode) -> list[tuple[StarTemplate, object | None]]:
    """Each star (and family member) the episode has readings for, most recent first."""
    seen: dict[tuple[int, int | None], tuple[StarTemplate, object | None]] = {}
    for reading in StarReading.objects.filter(episode=episode).select_related("template", "person").order_by("-taken_on", "-id"):
        seen.setdefault((reading.template_id, reading.person_id), (reading.template, reading.person))
    return list(seen.values())


def star_progress(episode, *, template_code: str | None = None, person_pk: int | None = None) -> Progress | None:
    """The family's progress on a star: baseline against latest, each area's trend, distance travelled.

    Without a choice, the star and person of the most recent reading. The baseline is the first
    reading taken at the baseline stage (or the first reading, if none was marked so).
    """
    choices = progress_choices(episode)
    if not choices:
        return None
    chosen = next(
        (
            (t, p) for t, p in choices
            if (template_code is None or t.code == template_code) and (person_pk is None or (p is not None and p.pk == person_pk))
            and (person_pk is not None or template_code is None or p is None)
        ),
        None,
    )
    if chosen is None:
        if template_code is None and person_pk is None:
            chosen = choices[0]
        else:
            raise Http404("No readings on that star")
    template, person = chosen
    readings = list(
        StarReading.objects.filter(episode=episode, template=template, person=person)
        .select_related("recorded_by", "person")
        .prefetch_related("scores__area")
        .order_by("taken_on", "id")
    )
    baseline = next((r for r in readings if r.stage == ReadingStage.BASELINE), readings[0])
    latest = readings[-1]
    by_reading = [{s.area_id: s for s in r.scores.all()} for r in readings]
    area_ids = {area_id for scores in by_reading for area_id in scores}
    areas = sorted((a for a in template.areas.all() if a.pk in area_ids), key=lambda a: (a.order, a.pk))
    base_index, latest_index = readings.index(baseline), len(readings) - 1
    rows = []
    for number, area in enumerate(areas, start=1):
        series = [scores[area.pk].score if area.pk in scores else None for scores in by_reading]
        reasons = [
            (r.taken_on, scores[area.pk].reason_for_fall)
            for r, scores in zip(readings, by_reading, strict=True)
            if area.pk in scores and scores[area.pk].reason_for_fall
        ]
        row = AreaProgress(number, area, series[base_index], series[latest_index], series, reasons)
        points = [(r.taken_on, s) for r, s in zip(readings, series, strict=True) if s is not None]
        row.trend = charts.trend(points, template.scale_min, template.scale_max) if points else None
        rows.append(row)
    series_values = {"baseline": [row.baseline for row in rows]}
    if latest.pk != baseline.pk:
        series_values["latest"] = [row.latest for row in rows]
    radar = charts.radar([row.area.label for row in rows], series_values, template.scale_max) if len(rows) >= 3 else None
    base_scores = {row.area.code: row.baseline for row in rows if row.baseline is not None}
    latest_scores = {row.area.code: row.latest for row in rows if row.latest is not None}
    overall = classification = None
    if latest.pk != baseline.pk and set(base_scores) & set(latest_scores):
        overall = outcome_scoring.overall_change(base_scores, latest_scores)
        classification = outcome_scoring.classify(base_scores, latest_scores)
    return Progress(template, person, readings, baseline, latest, rows, radar, overall, classification, choices)


def progress_csv(episode, progress: Progress) -> str:
    """Every score on the star, one row per reading and area, with the change since the baseline."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([
        "episode", "star", "person", "reading_date", "stage", "scored_by", "family_disengaged", "area_number",
        "area", "group", "score", "change_since_baseline", "reason_for_fall",
    ])
    for reading in progress.readings:
        scores = {s.area_id: s for s in reading.scores.all()}
        for row in progress.areas:
            score = scores.get(row.area.pk)
            if score is None:
                continue
            change = "" if row.baseline is None else score.score - row.baseline
            writer.writerow([
                f"E{episode.pk}", progress.template.label, str(progress.person or "Whole family"),
                reading.taken_on.isoformat(), reading.stage, reading.scored_by, "yes" if reading.family_disengaged else "no",
                row.number, row.area.label, row.area.group, score.score, change, score.reason_for_fall,
            ])
    return buffer.getvalue()


def latest_reading_for(episode) -> StarReading | None:
    return StarReading.objects.filter(episode=episode).order_by("-taken_on", "-id").first()


# --- Which teams a user's figures cover ---------------------------------------------------------


def teams_for_figures(user) -> QuerySet[Team]:
    """The teams whose figures the user may see: a manager their own team(s); a performance lead every team."""
    if not has_capability(user, Capability.VIEW_FIGURES):
        return Team.objects.none()
    if user.role == Role.PERFORMANCE_LEAD:
        return Team.objects.all()
    return Team.objects.filter(Q(manager=user) | Q(pk=user.team_id)).distinct()


def localities_for_figures(user) -> QuerySet[Locality]:
    return Locality.objects.filter(pk__in=teams_for_figures(user).values("locality_id")).order_by("order", "label")


def shows_names(user) -> bool:
    """Managers see their families' names; everyone else (performance leads) sees episode references only."""
    return getattr(user, "role", None) == Role.TEAM_MANAGER


# --- The 12-week evaluation ---------------------------------------------------------------------


def twelve_week_window() -> tuple[int, int, int]:
    """(start, target, end) weeks after the baseline, from the settings."""
    return (
        getattr(settings, "EARLYHELP_TWELVE_WEEK_WINDOW_START_WEEKS", 10),
        getattr(settings, "EARLYHELP_TWELVE_WEEK_TARGET_WEEKS", 12),
        getattr(settings, "EARLYHELP_TWELVE_WEEK_WINDOW_END_WEEKS", 16),
    )


@dataclass
class EvaluatedFamily:
    episode_id: int
    family_name: str
    team: str
    baseline_on: date
    reading_on: date | None
    classification: str | None
    overall_change: float | None
    changes: dict[str, int]  # area label -> change
    reasons: list[tuple[str, date, str]]  # area label, reading date, reason

    @property
    def reference(self) -> str:
        return f"E{self.episode_id}"


@dataclass
class AreaDistribution:
    label: str
    families: int
    mean_change: float
    worse: int
    unchanged: int
    improved: int
    spread: list[tuple[int, int]]  # change -> families


@dataclass
class Evaluation:
    start: date
    end: date
    window: tuple[int, int, int]
    summary: outcome_scoring.CohortSummary
    evaluated: list[EvaluatedFamily]
    not_evaluated: list[EvaluatedFamily]
    areas: list[AreaDistribution]

    @property
    def deteriorations(self) -> list[EvaluatedFamily]:
        return [family for family in self.evaluated if family.classification == "worse"]

    @property
    def cards(self) -> list[tuple[str, int, str]]:
        """(label, families, share as a percentage) for improved, unchanged and worse."""
        return [
            (label, self.summary.counts[key], f"{self.summary.shares[key]:.0%}" if self.summary.evaluated else "")
            for key, label in (("improved", "Improved"), ("unchanged", "Unchanged"), ("worse", "Worse"))
        ]


def twelve_week_evaluation(*, teams: QuerySet[Team], start: date, end: date, today: date | None = None) -> Evaluation:
    """The 12-week evaluation for families in ``teams`` whose 12-week reading was taken from ``start`` to ``end``.

    The definition (the same as reporting's headline figure, with the window from the settings): an
    episode's first baseline reading scored by the family (alone or agreed with the worker, not a
    practitioner-only reading) for the whole family; its later family-scored readings on the same star;
    the one nearest the target among those from the window's start to its end after the baseline
    (``domain.outcome_scoring.twelve_week_cohort``). A family is *evaluated* in the period when that
    reading was taken in it, and *not evaluated* when its window closed in the period (and before
    today) without a usable reading, so missing readings show rather than silently shrinking the count.
    """
    today = today or timezone.localdate()
    window = twelve_week_window()
    start_weeks, target_weeks, end_weeks = window
    family_scored = Q(scored_by__in=FAMILY_SCORED, family_disengaged=False, person__isnull=True)
    first_baseline_from, first_baseline_to = start - timedelta(weeks=end_weeks), end - timedelta(weeks=start_weeks)
    episode_ids = (
        StarReading.objects.filter(
            family_scored, stage=ReadingStage.BASELINE, episode__team__in=teams,
            taken_on__gte=first_baseline_from, taken_on__lte=first_baseline_to,
        ).values_list("episode_id", flat=True).distinct()
    )
    readings = (
        StarReading.objects.filter(family_scored, episode_id__in=list(episode_ids))
        .select_related("episode__household", "episode__team", "template")
        .prefetch_related("scores__area")
        .order_by("episode_id", "taken_on", "id")
    )
    by_episode: dict[int, list[StarReading]] = defaultdict(list)
    for reading in readings:
        by_episode[reading.episode_id].append(reading)
    families: dict[int, outcome_scoring.FamilyReadings] = {}
    chosen_reading: dict[int, tuple[StarReading, list[StarReading]]] = {}
    for episode_id, episode_readings in by_episode.items():
        baseline = next((r for r in episode_readings if r.stage == ReadingStage.BASELINE), None)
        if baseline is None or not first_baseline_from <= baseline.taken_on <= first_baseline_to:
            continue
        later = [
            r for r in episode_readings
            if r.template_id == baseline.template_id and r.stage != ReadingStage.BASELINE and r.taken_on > baseline.taken_on
        ]
        base_scores = {s.area.label: s.score for s in baseline.scores.all()}
        if not base_scores:
            continue
        families[episode_id] = outcome_scoring.FamilyReadings(
            baseline=outcome_scoring.Reading(baseline.taken_on, base_scores),
            later=[outcome_scoring.Reading(r.taken_on, {s.area.label: s.score for s in r.scores.all()}) for r in later],
        )
        chosen_reading[episode_id] = (baseline, later)
    cohort = outcome_scoring.twelve_week_cohort(
        families, window_start_weeks=start_weeks, window_end_weeks=end_weeks, target_weeks=target_weeks
    )
    evaluated_cohort: dict[int, outcome_scoring.CohortEntry] = {}
    evaluated: list[EvaluatedFamily] = []
    not_evaluated: list[EvaluatedFamily] = []
    for episode_id, entry in cohort.items():
        baseline, later = chosen_reading[episode_id]
        episode = baseline.episode
        common = {
            "episode_id": episode_id, "family_name": episode.household.name,
            "team": episode.team.label if episode.team else "", "baseline_on": baseline.taken_on,
        }
        if entry.evaluated and start <= entry.reading.taken_on <= end:
            evaluated_cohort[episode_id] = entry
            reasons = [
                (score.area.label, reading.taken_on, score.reason_for_fall)
                for reading in later if reading.taken_on <= entry.reading.taken_on
                for score in reading.scores.all() if score.reason_for_fall.strip()
            ]
            evaluated.append(EvaluatedFamily(
                **common, reading_on=entry.reading.taken_on, classification=entry.classification,
                overall_change=outcome_scoring.overall_change(families[episode_id].baseline.scores, entry.reading.scores),
                changes=dict(entry.changes), reasons=reasons,
            ))
        elif not entry.evaluated:
            closes = baseline.taken_on + timedelta(weeks=end_weeks)
            if start <= closes <= end and closes < today:
                not_evaluated.append(EvaluatedFamily(
                    **common, reading_on=None, classification=None, overall_change=None, changes={}, reasons=[],
                ))
    summary = outcome_scoring.cohort_summary(evaluated_cohort)
    areas = [
        AreaDistribution(
            label=label, families=sum(spread.values()), mean_change=summary.area_mean_change[label],
            worse=sum(n for change, n in spread.items() if change < 0),
            unchanged=spread.get(0, 0),
            improved=sum(n for change, n in spread.items() if change > 0),
            spread=sorted(spread.items()),
        )
        for label, spread in summary.area_changes.items()
    ]
    evaluated.sort(key=lambda f: (f.reading_on, f.episode_id))
    not_evaluated.sort(key=lambda f: (f.baseline_on, f.episode_id))
    return Evaluation(start, end, window, summary, evaluated, not_evaluated, areas)


def evaluation_csv(evaluation: Evaluation) -> str:
    """One row per evaluated family (episode reference only, no names), with its change per area and reasons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([
        "episode", "team", "baseline_date", "twelve_week_reading_date", "result", "mean_change_per_area",
        "changes_by_area", "reasons_for_falls",
    ])
    for family in evaluation.evaluated + evaluation.not_evaluated:
        writer.writerow([
            family.reference, family.team, family.baseline_on.isoformat(),
            family.reading_on.isoformat() if family.reading_on else "", family.classification or "not evaluated",
            "" if family.overall_change is None else family.overall_change,
            "; ".join(f"{label}: {change:+d}" for label, change in family.changes.items()),
            "; ".join(f"{label} ({day.isoformat()}): {reason}" for label, day, reason in family.reasons),
        ])
    return buffer.getvalue()


# --- The family's feedback ----------------------------------------------------------------------


def feedback_request_valid(token: str) -> FeedbackRequest | None:
    """The feedback request a link's token opens, if it is unused and unexpired (otherwise ``None``)."""
    if not token or len(token) > 100:
        return None
    return (
        FeedbackRequest.objects.select_related("episode")
        .filter(token_hash=feedback_token_hash(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@dataclass
class FeedbackRow:
    team: str
    year: int
    quarter: int
    label: str
    responses: int
    with_worker: int
    links_sent: int
    means: dict[str, float | None]
    agree: dict[str, str]  # share answering 4 or 5, as a percentage


FEEDBACK_QUESTIONS = {
    "felt_listened_to": "We felt listened to",
    "things_better": "Things are better for our family",
    "would_recommend": "We would tell another family to ask for this help",
}


def feedback_summary(*, teams: QuerySet[Team], start: date, end: date) -> list[FeedbackRow]:
    """Feedback answers by team and financial quarter: how many, the mean answer (1 to 5) to each
    question and the share who agreed (4 or 5), and how many family links were sent."""
    answers = FamilyFeedback.objects.filter(
        episode__team__in=teams, created_at__date__gte=start, created_at__date__lte=end
    ).select_related("episode__team")
    # Rows made for feedback filled in with a worker are not links sent to families.
    links = (
        FeedbackRequest.objects.filter(episode__team__in=teams, created_at__date__gte=start, created_at__date__lte=end)
        .exclude(familyfeedback__completed_with_worker=True)
        .select_related("episode__team")
    )
    groups: dict[tuple[str, int, int], list[FamilyFeedback]] = defaultdict(list)
    sent: dict[tuple[str, int, int], int] = defaultdict(int)
    for feedback in answers:
        day = timezone.localtime(feedback.created_at).date()
        groups[(feedback.episode.team.label if feedback.episode.team else "", *outcome_scoring.financial_quarter(day))].append(feedback)
    for link in links:
        day = timezone.localtime(link.created_at).date()
        sent[(link.episode.team.label if link.episode.team else "", *outcome_scoring.financial_quarter(day))] += 1
    rows = []
    for key in sorted(set(groups) | set(sent), key=lambda k: (k[1], k[2], k[0])):
        team, year, quarter = key
        items = groups.get(key, [])
        means: dict[str, float | None] = {}
        agree: dict[str, str] = {}
        for name in FEEDBACK_QUESTIONS:
            values = [getattr(f, name) for f in items if getattr(f, name) is not None]
            means[name] = round(fmean(values), 1) if values else None
            agree[name] = f"{sum(1 for v in values if v >= 4) / len(values):.0%}" if values else "no answers"
        rows.append(FeedbackRow(
            team, year, quarter, outcome_scoring.financial_quarter_label(year, quarter), len(items),
            sum(1 for f in items if f.completed_with_worker), sent.get(key, 0), means, agree,
        ))
    return rows


def feedback_comments(*, teams: QuerySet[Team], start: date, end: date, limit: int = 50) -> list[FamilyFeedback]:
    """The families' own words, most recent first (shown without names)."""
    return list(
        FamilyFeedback.objects.filter(episode__team__in=teams, created_at__date__gte=start, created_at__date__lte=end)
        .exclude(what_helped="", what_could_be_better="")
        .select_related("episode__team")
        .order_by("-created_at")[:limit]
    )
