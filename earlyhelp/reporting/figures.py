"""The service's headline figures, each with one exact definition.

Every function takes a reporting window (``start`` and ``end`` dates, both included, in UK local
time) and returns a ``Figure``: numerator, denominator, share and the definition in one sentence.
They aggregate in the database, so they stay quick on a large authority; only the 12-week
evaluation loads rows, and then only the star scores it needs, and it classifies them with
``earlyhelp.domain.outcome_scoring`` so the rule lives in one place.

A *referral* here is a contact the front door decided as targeted early help or a referral to
children's social care, other than a step down from social care (a planned transfer, not a new
request for help). Engaged and re-referral figures both count referrals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from earlyhelp.casework.models import Episode
from earlyhelp.domain import outcome_scoring
from earlyhelp.domain.timescales import LOCAL_TIMEZONE
from earlyhelp.outcomes.models import StarReading, StarScore
from earlyhelp.outcomes.selectors import FAMILY_SCORED, twelve_week_window
from earlyhelp.referrals.models import ContactPerson, TriageDecision

REFERRAL_OUTCOMES = ("targeted_early_help", "social_care")
STEP_DOWN = "step_down"
# The 12-week evaluation: the family-scored reading nearest 12 weeks after the baseline, from 10 to 16 weeks.
SCORE_BATCH = 5000  # reading ids per query for the scores (well under SQLite's limit on parameters)


@dataclass(frozen=True)
class Figure:
    """One figure for one window: how many of how many, and exactly what was counted."""

    key: str
    title: str
    start: date
    end: date
    numerator: int
    denominator: int
    definition: str

    @property
    def share(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> str:
        return "no data" if self.share is None else f"{self.share:.0%}"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The window as aware datetimes: from the start of ``start`` to the start of the day after ``end``."""
    return (
        datetime.combine(start, time.min, tzinfo=LOCAL_TIMEZONE),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=LOCAL_TIMEZONE),
    )


def referral_decisions(start: date, end: date) -> QuerySet[TriageDecision]:
    """Decisions made in the window that a contact is a referral (targeted early help or social care)."""
    after, before = _bounds(start, end)
    return TriageDecision.objects.filter(
        outcome__in=REFERRAL_OUTCOMES, decided_at__gte=after, decided_at__lt=before
    ).exclude(contact__entry_point=STEP_DOWN)


def engaged_by_early_help(start: date, end: date) -> Figure:
    """Share of referrals that early help engaged: the decision led to an early help episode that was allocated."""
    allocated = Episode.objects.filter(contact_id=OuterRef("contact_id"), allocated_on__isnull=False)
    counts = referral_decisions(start, end).aggregate(
        total=Count("id"), engaged=Count("id", filter=Q(Exists(allocated)))
    )
    return Figure(
        key="engaged",
        title="Referrals engaged by early help",
        start=start,
        end=end,
        numerator=counts["engaged"],
        denominator=counts["total"],
        definition=(
            "Of contacts decided in the window as targeted early help or a referral to children's social care "
            "(step downs excluded), the share whose contact opened an early help episode that has been "
            "allocated to a lead practitioner."
        ),
    )


def not_escalating(start: date, end: date) -> Figure:
    """Share of early help episodes that ended in the window without being stepped up to social care."""
    counts = Episode.objects.filter(status__in=("closed", "stepped_up"), closed_on__gte=start, closed_on__lte=end)
    counts = counts.aggregate(total=Count("id"), kept=Count("id", filter=Q(status="closed")))
    return Figure(
        key="not_escalating",
        title="Episodes that did not escalate to statutory level",
        start=start,
        end=end,
        numerator=counts["kept"],
        denominator=counts["total"],
        definition=(
            "Of early help episodes that ended in the window (closed, or stepped up to children's social care, "
            "by their closed date), the share that closed rather than being stepped up; an episode social care "
            "returned and that later closed counts as not escalating."
        ),
    )


def _date_key(field: str):
    """A local calendar date as the number YYYYMMDD, so dates a year apart differ by 10000."""
    return ExtractYear(field) * 10000 + ExtractMonth(field) * 100 + ExtractDay(field)


def re_referrals(start: date, end: date) -> Figure:
    """Share of referrals where a named child had another referral in the 12 months before."""
    key = _date_key("contact__received_at")
    # One year earlier, as the domain counts it (earlyhelp.domain.triage.is_re_referral): the same
    # calendar date a year before, and 28 February for 29 February.
    lower = Case(
        When(Q(contact__received_at__month=2, contact__received_at__day=29), then=F("received_key") - Value(10001)),
        default=F("received_key") - Value(10000),
        output_field=IntegerField(),
    )
    earlier = (
        ContactPerson.objects.filter(
            role="child",
            person__isnull=False,
            person__contact_mentions__contact_id=OuterRef("contact_id"),
            person__contact_mentions__role="child",
            contact__decision__outcome__in=REFERRAL_OUTCOMES,
        )
        .exclude(contact__entry_point=STEP_DOWN)
        .annotate(previous_key=_date_key("contact__received_at"))
        .filter(previous_key__gte=OuterRef("lower_key"), previous_key__lt=OuterRef("received_key"))
    )
    referrals = referral_decisions(start, end)
    again = referrals.annotate(received_key=key).annotate(lower_key=lower).filter(Exists(earlier))
    counts = {"total": referrals.count(), "again": again.count()}
    return Figure(
        key="re_referral",
        title="Re-referrals within 12 months",
        start=start,
        end=end,
        numerator=counts["again"],
        denominator=counts["total"],
        definition=(
            "Of contacts decided in the window as targeted early help or a referral to children's social care "
            "(step downs excluded), the share naming a child who was named on another such referral received "
            "in the 12 months before this one was received (the same day does not count)."
        ),
    )


def improved_at_twelve_weeks(start: date, end: date) -> Figure:
    """Share of families whose 12-week star reading, taken in the window, shows improvement on their baseline."""
    # The same definition as the outcomes app's 12-week evaluation page: whole-family readings scored by
    # the family, and the window from the settings (outcomes.selectors.twelve_week_window).
    start_weeks, target_weeks, end_weeks = twelve_week_window()
    family_scored = Q(scored_by__in=FAMILY_SCORED, family_disengaged=False, person__isnull=True)
    # Every candidate for the evaluation lies 10 to 16 weeks after the baseline, so if the chosen one is in
    # the window, all the candidates are within six weeks of it: load only those, their episodes' baselines,
    # and the scores of both.
    margin = timedelta(weeks=end_weeks - start_weeks)
    candidates = StarReading.objects.filter(
        family_scored, stage__in=("review", "closure"), taken_on__gte=start - margin, taken_on__lte=end + margin
    )
    baseline_rows = StarReading.objects.filter(
        family_scored, stage="baseline", episode_id__in=candidates.values("episode_id")
    ).order_by("episode_id", "taken_on", "id")
    baselines: dict[int, tuple[int, int, date]] = {}
    for reading_id, episode_id, template_id, taken_on in baseline_rows.values_list(
        "id", "episode_id", "template_id", "taken_on"
    ):
        baselines.setdefault(episode_id, (reading_id, template_id, taken_on))  # the first baseline
    later_by_episode: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for reading_id, episode_id, template_id, taken_on in candidates.values_list(
        "id", "episode_id", "template_id", "taken_on"
    ):
        baseline = baselines.get(episode_id)
        if baseline is None or baseline[1] != template_id:
            continue
        if timedelta(weeks=start_weeks) <= taken_on - baseline[2] <= timedelta(weeks=end_weeks):
            later_by_episode[episode_id].append((reading_id, taken_on))
    wanted = sorted(
        {baselines[episode_id][0] for episode_id in later_by_episode}
        | {reading_id for later in later_by_episode.values() for reading_id, _ in later}
    )
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for first in range(0, len(wanted), SCORE_BATCH):
        batch = wanted[first : first + SCORE_BATCH]
        for reading_id, area_id, score in StarScore.objects.filter(reading_id__in=batch).values_list(
            "reading_id", "area_id", "score"
        ):
            scores[reading_id][area_id] = score
    families = {
        episode_id: outcome_scoring.FamilyReadings(
            baseline=outcome_scoring.Reading(baseline_on, scores[baseline_id]),
            later=[outcome_scoring.Reading(day, scores[reading_id]) for reading_id, day in later]
        )
        for episode_id, later in later_by_episode.items()
        for baseline_id, _template, baseline_on in [baselines[episode_id]]
        if scores[baseline_id]
    }
    cohort = outcome_scoring.twelve_week_cohort(
        families, window_start_weeks=start_weeks, window_end_weeks=end_weeks, target_weeks=target_weeks
    )
    in_window = [entry for entry in cohort.values() if entry.evaluated and start <= entry.reading.taken_on <= end]
    improved = sum(1 for entry in in_window if entry.classification == "improved")
    return Figure(
        key="improved_12_weeks",
        title="Families improved at the 12-week evaluation",
        start=start,
        end=end,
        numerator=improved,
        denominator=len(in_window),
        definition=(
            "Of early help episodes whose first baseline star reading was scored by the family (alone or agreed "
            f"with the worker) for the whole family, those with a later family-scored reading {start_weeks} "
            f"to {end_weeks} weeks after it whose reading nearest {target_weeks} weeks was taken in the "
            "window; the share where that reading improved on the baseline in total over the areas both readings "
            "share."
        ),
    )


def headline_figures(start: date, end: date) -> list[Figure]:
    """The four figures the seed services report, for one window."""
    return [
        engaged_by_early_help(start, end),
        not_escalating(start, end),
        improved_at_twelve_weeks(start, end),
        re_referrals(start, end),
    ]
