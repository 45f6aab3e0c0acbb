"""Star readings: a baseline when the plan starts, reviews about every 12 weeks and a closing reading.

Each family's 12-week reading is made improved, unchanged or worse in the shares ``Tuning`` sets."""

from __future__ import annotations

import random
from datetime import date, timedelta

from earlyhelp.demo.context import Context
from earlyhelp.demo.data import texts
from earlyhelp.demo.families import Family, moment
from earlyhelp.demo.rand import between, pick
from earlyhelp.demo.records import event, say


def star_changes(rng: random.Random, baseline: list[int], outcome: str) -> list[int]:
    """Per-area changes whose total makes the reading improved, unchanged or worse, within 1 to 10."""
    changes = [0] * len(baseline)

    def nudge(step: int) -> bool:
        for _ in range(20):
            i = rng.randrange(len(baseline))
            if 1 <= baseline[i] + changes[i] + step <= 10:
                changes[i] += step
                return True
        return False

    if outcome == "improved":
        for _ in range(between(rng, 2, 14)):
            nudge(1)
        for _ in range(pick(rng, (0, 0, 1, 2))):
            if nudge(-1):
                nudge(1)
    elif outcome == "worse":
        for _ in range(between(rng, 1, 6)):
            nudge(-1)
        for _ in range(pick(rng, (0, 1))):
            if nudge(1):
                nudge(-1)
    else:
        for _ in range(pick(rng, (0, 0, 1, 2))):
            if nudge(1) and not nudge(-1):
                nudge(-1)
    if outcome == "improved" and sum(changes) <= 0:
        changes = [0] * len(baseline)
        while not nudge(1):
            pass
    if outcome == "worse" and sum(changes) >= 0:
        changes = [0] * len(baseline)
        while not nudge(-1):
            pass
    if outcome == "unchanged" and sum(changes) != 0:
        changes = [0] * len(baseline)
    return changes


def write_star_readings(ctx: Context, rng: random.Random, family: Family, episode: int, lead: int, baseline_on: date,
           end: date | None, closure_reading: bool) -> None:
    """Baseline, reviews about every 12 weeks, and a closing reading, by the family or with them."""
    template, areas = ctx.templates[0] if rng.random() < 0.55 else ctx.templates[-1]
    if rng.random() < 0.15:
        areas = [area for area in areas if rng.random() < 0.9] or areas
    scored_by = "family" if rng.random() < 0.42 else "agreed" if rng.random() < 0.86 else "practitioner"
    disengaged = rng.random() < 0.05
    first, second, third = ctx.tuning.twelve_week_shares
    outcome = rng.choices(("improved", "unchanged", "worse"), weights=(first, second, third))[0]
    baseline = [between(rng, 2, 7) for _ in areas]
    at_twelve = star_changes(rng, baseline, outcome)
    later = [min(10, max(1, b + c + pick(rng, (0, 0, 1, 1, 2)))) for b, c in zip(baseline, at_twelve, strict=True)]
    last_day = min(end or ctx.today, ctx.today)
    readings = [(baseline_on, "baseline", baseline)]
    offset = between(rng, 74, 100) if rng.random() < 0.92 else pick(rng, (between(rng, 56, 69), between(rng, 113, 130)))
    review_on = baseline_on + timedelta(days=offset)
    twelve = [b + c for b, c in zip(baseline, at_twelve, strict=True)]
    while review_on < (end or date.max) - timedelta(days=10) and review_on <= ctx.today:
        readings.append((review_on, "review", twelve if (review_on - baseline_on).days <= 112 else later))
        review_on += timedelta(days=between(rng, 77, 95))
    if closure_reading and end is not None and end <= ctx.today:
        days = (end - baseline_on).days
        readings.append((end, "closure", twelve if days <= 112 else later))
    previous = None
    for taken_on, stage, scores in readings:
        if taken_on > last_day:
            break
        reading = ctx.ids.take("reading")
        by, gone = scored_by, False
        if stage != "baseline" and disengaged:
            by, gone = "practitioner", True
        created = moment(taken_on, 14)
        ctx.rows.reading.append((reading, created, created, episode, template, taken_on, stage, by, None, gone, lead))
        for i, (area, score) in enumerate(zip(areas, scores, strict=True)):
            fall = ""
            if previous is not None and score < previous[i]:
                fall = say(rng, texts.REASON_FOR_FALL)
            ctx.rows.score.append((ctx.ids.take("score"), reading, area, score, fall))
        previous = scores
        event(ctx, taken_on, 14, family, episode, None, "star_reading", f"Star reading ({stage}) recorded", lead,
               {"stage": stage})
