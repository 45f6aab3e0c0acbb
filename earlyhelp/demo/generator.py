"""The synthetic local authority, generated a chunk of families at a time.

``generate`` yields ``Rows`` buffers (the organisation first, then families in chunks) so that
ten years of a million people never sit in memory at once. Everything comes from random streams
seeded from ``seed``: one for the organisation, and two per household (its people, its history),
so the same seed and ``today`` always give the same rows, and the people can be generated on
their own for the matching set.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from earlyhelp.demo import organisation
from earlyhelp.demo.context import Context, Tuning
from earlyhelp.demo.families import Family, make_family, write_family
from earlyhelp.demo.history import HistoryWriter, front_door_queue
from earlyhelp.demo.places import Borough
from earlyhelp.demo.tables import Ids, Rows
from earlyhelp.domain.timescales import LOCAL_TIMEZONE, add_months, england_and_wales_bank_holidays

# Families decided for early help in the last few days and still waiting for a worker, in the
# demo manager's pod, so the allocation queue is never empty.
AWAITING_ALLOCATION_FAMILIES = 3


@dataclass(frozen=True)
class DemoConfig:
    seed: int = 42
    children: int = 2000
    years: int = 3
    today: date = field(default_factory=timezone.localdate)
    chunk_households: int = 2000
    tuning: Tuning = field(default_factory=Tuning)

    @property
    def start(self) -> date:
        return add_months(self.today, -12 * self.years)


def stream(seed: int, index: int, purpose: str) -> random.Random:
    """The random stream for one household and purpose (never the global one)."""
    return random.Random(f"northmoor:{seed}:{index}:{purpose}")


def families(config: DemoConfig, ids: Ids | None = None) -> Iterator[Family]:
    """Every household of the authority, in order, until it has ``config.children`` children."""
    ids = ids or Ids()
    borough = Borough()
    children = index = 0
    while children < config.children:
        family = make_family(index, stream(config.seed, index, "family"), ids, borough, start=config.start,
                             today=config.today)
        children += sum(1 for member in family.members if member.is_child)
        index += 1
        yield family
    for extra in range(AWAITING_ALLOCATION_FAMILIES):
        rng = stream(config.seed, index, "family")
        recent = config.today.toordinal() - 1 - extra * 2
        family = make_family(index, rng, ids, borough, start=config.start, today=config.today,
                             first_contact=date.fromordinal(recent), locality=0)
        family.awaiting_allocation = True
        index += 1
        yield family


References = tuple[dict[int, int], list[tuple[int, list[int]]]]


def reference_ids() -> References:
    """The levels of need and star templates the data migrations installed."""
    from earlyhelp.outcomes.models import StarArea, StarTemplate
    from earlyhelp.referrals.models import LevelOfNeed

    levels = dict(LevelOfNeed.objects.values_list("level", "id"))
    templates = []
    for code in ("family_life", "happy_healthy_safe"):
        template = StarTemplate.objects.filter(code=code).first()
        if template is not None:
            areas = list(StarArea.objects.filter(template=template).order_by("order").values_list("id", flat=True))
            templates.append((template.pk, areas))
    if sorted(levels) != [1, 2, 3, 4] or not templates:
        raise RuntimeError("The levels of need and star templates are missing: run `manage.py migrate` first.")
    return levels, templates


def generate(config: DemoConfig, references: References | None = None) -> Iterator[Rows]:
    """Rows for the whole authority, a chunk at a time (the same ``Rows`` object, refilled).

    ``references`` are the ids ``reference_ids`` reads; pass them to generate without a database.
    """
    ids, rows = Ids(), Rows()
    start_moment = datetime.combine(config.start, time(9), tzinfo=LOCAL_TIMEZONE)
    org = organisation.build(rows, ids, children=config.children, joined=start_moment)
    levels, templates = references or reference_ids()
    ctx = Context(
        rows=rows, ids=ids, org=org, today=config.today,
        now=datetime.combine(config.today, time(12), tzinfo=LOCAL_TIMEZONE),
        holidays=england_and_wales_bank_holidays(), levels=levels, templates=templates, seed=config.seed,
        tuning=config.tuning,
    )
    writer = HistoryWriter(ctx)
    in_chunk = 0
    for family in families(config, ids):
        write_family(family, rows, ids, org.localities)
        writer.family(family, stream(config.seed, family.index, "history"), force_awaiting=family.awaiting_allocation)
        if family.is_restricted or family.restricted_person:
            _grant(ctx, family)
        in_chunk += 1
        if in_chunk >= config.chunk_households:
            yield rows
            rows.clear()
            in_chunk = 0
    front_door_queue(ctx, stream(config.seed, -1, "queue"))
    yield rows
    rows.clear()


def _grant(ctx: Context, family: Family) -> None:
    """A restricted record: only the named people (the demo manager and practitioner) may see it."""
    at = datetime.combine(family.first_contact, time(9), tzinfo=LOCAL_TIMEZONE)
    for username in ("manager", "practitioner"):
        user = ctx.org.demo.get(username)
        if user is None:
            continue
        if family.is_restricted:
            ctx.rows.grant.append((ctx.ids.take("grant"), at, at, user, None, family.household_id,
                                   "The family of a council employee: access limited to named staff.", ctx.org.admin))
        if family.restricted_person:
            ctx.rows.grant.append((ctx.ids.take("grant"), at, at, user, family.restricted_person, None,
                                   "Address withheld from an estranged parent: named staff only.", ctx.org.admin))
