"""Star readings and the family's distance travelled.

A reading maps each area of family life (an area id from the star template; never the
licensed scale wording) to a score from 1 to 10. Change is only ever measured over the areas
present in both readings, because templates change and families skip areas.

Classification is deliberately simple: a family improved if the scores over the shared
areas went up in total, got worse if they went down in total, and is unchanged if the total
is zero. There is no minimum size of change: Worcestershire found that "an increase of only
one might look low" but was significant to families, so a rise of one point counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean
from typing import Literal

Scores = Mapping[str, int]
Classification = Literal["improved", "unchanged", "worse"]

MIN_SCORE = 1
MAX_SCORE = 10


def validate_scores(scores: Scores) -> None:
    """Raise ``ValueError`` unless every score is a whole number from 1 to 10."""
    for area, score in scores.items():
        if isinstance(score, bool) or not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
            raise ValueError(f"The score for {area!r} must be a whole number from 1 to 10, not {score!r}")


def distance_travelled(baseline: Scores, later: Scores) -> dict[str, int]:
    """Change in score per area (later minus baseline), over the areas in both readings, in baseline order."""
    validate_scores(baseline)
    validate_scores(later)
    return {area: later[area] - score for area, score in baseline.items() if area in later}


def _shared_changes(baseline: Scores, later: Scores) -> dict[str, int]:
    changes = distance_travelled(baseline, later)
    if not changes:
        raise ValueError("The two readings have no area in common, so change cannot be measured")
    return changes


def overall_change(baseline: Scores, later: Scores) -> float:
    """Mean change per shared area, rounded to one decimal place; ``ValueError`` if no area is shared."""
    return round(fmean(_shared_changes(baseline, later).values()), 1)


def classify(baseline: Scores, later: Scores) -> Classification:
    """Improved, unchanged or worse, by the total change over the shared areas (see the module docstring)."""
    total = sum(_shared_changes(baseline, later).values())
    if total > 0:
        return "improved"
    if total < 0:
        return "worse"
    return "unchanged"


def falls(previous: Scores, later: Scores) -> list[str]:
    """Areas whose score fell since the previous (or baseline) reading: the practitioner records why for each."""
    return [area for area, change in distance_travelled(previous, later).items() if change < 0]


@dataclass(frozen=True)
class Reading:
    """A star reading taken on a day."""

    taken_on: date
    scores: Scores


@dataclass(frozen=True)
class FamilyReadings:
    """A family's baseline reading and every later one."""

    baseline: Reading
    later: Sequence[Reading]


@dataclass(frozen=True)
class CohortEntry:
    """One family's 12-week evaluation: the reading used and its classification, or ``None`` if no reading fell in the window."""

    reading: Reading | None
    classification: Classification | None
    changes: Mapping[str, int]

    @property
    def evaluated(self) -> bool:
        return self.classification is not None


def twelve_week_cohort(
    readings_by_family: Mapping[Hashable, FamilyReadings],
    *,
    window_start_weeks: int = 10,
    window_end_weeks: int = 16,
    target_weeks: int = 12,
) -> dict[Hashable, CohortEntry]:
    """Each family's 12-week evaluation against its baseline.

    The reading used is the one nearest to ``target_weeks`` after the baseline among those
    from ``window_start_weeks`` to ``window_end_weeks`` after it, both ends included and
    counted in days (10 weeks is day 70, 16 weeks is day 112). When two are equally near, the
    earlier is used. Readings sharing no area with the baseline are ignored. A family with no
    usable reading is returned with ``classification=None`` so it shows as not evaluated,
    rather than silently leaving the denominator.
    """
    if not window_start_weeks <= target_weeks <= window_end_weeks:
        raise ValueError("The target must fall inside the window")
    first_day, last_day, target_day = window_start_weeks * 7, window_end_weeks * 7, target_weeks * 7
    cohort: dict[Hashable, CohortEntry] = {}
    for family, readings in readings_by_family.items():
        baseline = readings.baseline
        candidates = [
            reading
            for reading in readings.later
            if first_day <= (reading.taken_on - baseline.taken_on).days <= last_day
            and distance_travelled(baseline.scores, reading.scores)
        ]
        if not candidates:
            cohort[family] = CohortEntry(reading=None, classification=None, changes={})
            continue
        chosen = min(
            candidates, key=lambda r: (abs((r.taken_on - baseline.taken_on).days - target_day), r.taken_on)
        )
        cohort[family] = CohortEntry(
            reading=chosen,
            classification=classify(baseline.scores, chosen.scores),
            changes=distance_travelled(baseline.scores, chosen.scores),
        )
    return cohort


@dataclass(frozen=True)
class CohortSummary:
    """The cohort's figures: how many families improved, stayed the same or got worse, and change per area."""

    families: int
    evaluated: int
    not_evaluated: int
    counts: Mapping[Classification, int]
    shares: Mapping[Classification, float]  # of evaluated families, 0 to 1, rounded to 3 places
    area_changes: Mapping[str, Mapping[int, int]]  # area -> change in score -> number of families
    area_mean_change: Mapping[str, float]  # rounded to one decimal place


def cohort_summary(cohort: Mapping[Hashable, CohortEntry]) -> CohortSummary:
    """Counts and shares of improved, unchanged and worse among the evaluated families, and per-area change."""
    evaluated = [(entry.classification, entry.changes) for entry in cohort.values() if entry.classification]
    counts: dict[Classification, int] = {"improved": 0, "unchanged": 0, "worse": 0}
    per_area: dict[str, list[int]] = {}
    for classification, changes in evaluated:
        counts[classification] += 1
        for area, change in changes.items():
            per_area.setdefault(area, []).append(change)
    return CohortSummary(
        families=len(cohort),
        evaluated=len(evaluated),
        not_evaluated=len(cohort) - len(evaluated),
        counts=counts,
        shares={key: round(count / len(evaluated), 3) if evaluated else 0.0 for key, count in counts.items()},
        area_changes={
            area: dict(sorted(Counter(changes).items())) for area, changes in sorted(per_area.items())
        },
        area_mean_change={area: round(fmean(changes), 1) for area, changes in sorted(per_area.items())},
    )


def falls_without_reason(previous: Scores, later: Scores, reasons: Mapping[str, str]) -> list[str]:
    """Areas that fell since the previous reading and have no reason recorded (blank counts as none).

    The practitioner records why for each before the reading is saved; an area that rose, stayed the
    same or is not in both readings never needs a reason.
    """
    return [area for area in falls(previous, later) if not (reasons.get(area) or "").strip()]


def financial_quarter(day: date) -> tuple[int, int]:
    """The UK financial year (by its starting year) and quarter of a day: April to June is quarter 1.

    ``financial_quarter(date(2026, 3, 31)) == (2025, 4)``; ``financial_quarter(date(2026, 4, 1)) == (2026, 1)``.
    """
    year = day.year if day.month >= 4 else day.year - 1
    return year, (day.month - 4) % 12 // 3 + 1


def financial_quarter_label(year: int, quarter: int) -> str:
    """'April to June 2026' for (2026, 1); 'January to March 2027' for (2026, 4)."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"A quarter is 1 to 4, not {quarter!r}")
    first, last = (("April", "June"), ("July", "September"), ("October", "December"), ("January", "March"))[quarter - 1]
    return f"{first} to {last} {year + 1 if quarter == 4 else year}"
