"""Small helpers every part of the history generator uses: weighted picks, texts, days and chronology rows."""

from __future__ import annotations

import random
from datetime import timedelta

from earlyhelp.demo.context import Context
from earlyhelp.demo.families import Family, moment
from earlyhelp.demo.rand import pick


def weighted_pick(rng: random.Random, weighted) -> str:
    """One code from ``((code, weight), ...)``."""
    return rng.choices([item for item, _ in weighted], weights=[weight for _, weight in weighted])[0]


def say(rng: random.Random, options, child: str = "the child") -> str:
    """One of the phrases, about the named child."""
    return pick(rng, options).replace("{child}", child)


def days(rng: random.Random, low: int, high: int) -> timedelta:
    """From ``low`` to ``high`` days, both included."""
    return timedelta(days=low + int(rng.random() * (high - low + 1)))


def event(ctx: Context, day, hour: int, family: Family, episode: int | None, person: int | None, kind: str,
          summary: str, actor: int | None, data: dict | None = None) -> None:
    """A row in the family's chronology (CaseEvent)."""
    ctx.rows.event.append((ctx.ids.take("event"), moment(day, hour), family.household_id, episode, person, kind,
                           summary[:300], actor, data or {}))
