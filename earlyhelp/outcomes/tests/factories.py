"""Builders for outcomes tests: star readings recorded through the service, as a practitioner would."""

from __future__ import annotations

from datetime import date

from earlyhelp.outcomes.models import StarReading, StarTemplate
from earlyhelp.outcomes.services import ReadingInput, star_reading_record

HAPPY_HEALTHY_SAFE = "happy_healthy_safe"
FAMILY_LIFE = "family_life"


def template(code: str = HAPPY_HEALTHY_SAFE) -> StarTemplate:
    return StarTemplate.objects.get(code=code)


def record_reading(
    episode, actor, *, taken_on: date, stage: str = "review", score: int | None = None,
    scores: dict[str, int] | None = None, reasons: dict[str, str] | None = None, scored_by: str = "agreed",
    star: str = HAPPY_HEALTHY_SAFE, person=None, family_disengaged: bool = False, key: str = "",
) -> StarReading:
    """A reading with every area at ``score`` (or ``scores`` by area code); falls get a stock reason."""
    chosen = template(star)
    areas = list(chosen.areas.filter(disabled_on__isnull=True))
    values = {area.code: (scores or {}).get(area.code, score if score is not None else 5) for area in areas}
    return star_reading_record(
        episode=episode, actor=actor, idempotency_key=key,
        data=ReadingInput(
            template=chosen, taken_on=taken_on, stage=stage, scored_by=scored_by, scores=values,
            reasons=reasons if reasons is not None else {code: "A hard few weeks at home" for code in values},
            person=person, family_disengaged=family_disengaged,
        ),
    )
