"""Reading a family's star readings. ``closure_star_facts`` is what casework's closure checks."""

from __future__ import annotations

from typing import NamedTuple

from earlyhelp.domain.outcome_scoring import falls
from earlyhelp.outcomes.models import ReadingStage, StarReading


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
