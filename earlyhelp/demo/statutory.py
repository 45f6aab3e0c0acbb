"""Children's social care's involvement with the children, in census terms: CIN, s47, CP plan, care."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from earlyhelp.demo.context import Context
from earlyhelp.demo.families import Family, Member, moment
from earlyhelp.demo.rand import between, pick
from earlyhelp.demo.records import days, event

PRIMARY_NEEDS = (("N1", 50), ("N2", 4), ("N3", 7), ("N4", 12), ("N5", 14), ("N6", 3), ("N7", 3), ("N8", 3),
                 ("N9", 2), ("N0", 2))
CP_CATEGORIES = (("NEG", 45), ("EMO", 35), ("PHY", 8), ("SAB", 4), ("MUL", 8))
CLOSURE_REASONS = (("needs_met", 78), ("step_down_universal", 12), ("consent_withdrawn", 4), ("moved_away", 4),
                   ("other", 2))
CP_CATEGORIES = (("NEG", 45), ("EMO", 35), ("PHY", 8), ("SAB", 4), ("MUL", 8))
CLOSURE_REASONS = (("needs_met", 78), ("step_down_universal", 12), ("consent_withdrawn", 4), ("moved_away", 4),
                   ("other", 2))


@dataclass
class StatutoryResult:
    ended_on: date | None
    stepped_down_on: date | None  # closed RC9: referred to early help
    involvement_id: int | None
    social_worker: str = ""


def statutory(
    ctx: Context, rng: random.Random, family: Family, children: list[Member], *, started_on: date, source: str,
    from_step_up: int | None = None, child_protection: bool = False,
) -> StatutoryResult:
    """Children's social care's involvement with the children, in census terms: CIN, s47, CP plan, care."""
    rows, ids, today = ctx.rows, ctx.ids, ctx.today
    roll = rng.random()
    if roll < 0.28 and not child_protection:
        closure, length = "RC8", between(rng, 15, 45)
    elif roll < 0.62:
        closure, length = "RC9", between(rng, 60, 240)
    elif roll < 0.86:
        closure, length = "RC7", between(rng, 90, 360)
    elif roll < 0.92:
        closure, length = pick(rng, ("RC3", "RC4", "RC5")), between(rng, 120, 480)
    else:
        closure, length = "", 10_000
    cin_end = started_on + timedelta(days=length)
    s47 = child_protection or rng.random() < 0.3
    strategy = started_on + days(rng, 0, 2) if s47 else None
    icpc_required = child_protection or (s47 and rng.random() < 0.45)
    icpc_on = ctx.working_days_after(strategy, between(rng, 5, 15) if rng.random() < 0.9 else between(rng, 16, 22)) \
        if icpc_required else None
    cp_start = icpc_on if icpc_on and (child_protection or rng.random() < 0.85) else None
    cp_end = cp_start + days(rng, 180, 540) if cp_start else None
    lac_start = cp_start + days(rng, 60, 240) if cp_start and rng.random() < 0.06 else None
    if cp_end:
        cin_end = max(cin_end, cp_end + days(rng, 30, 120))
        if closure == "RC8":
            closure = "RC9"
    if lac_start:
        closure, cin_end = "", date.max
    primary = rng.choices([code for code, _ in PRIMARY_NEEDS], weights=[w for _, w in PRIMARY_NEEDS])[0]
    category = rng.choices([code for code, _ in CP_CATEGORIES], weights=[w for _, w in CP_CATEGORIES])[0]
    _worker_id, worker = pick(rng, ctx.org.social_workers)
    reference = f"CSC{rng.randrange(10**6):06d}"
    first_cin = None

    def involvement(child: Member, kind: str, start: date, end: date | None, **extra) -> int:
        ended = end if end is not None and end <= today else None
        involvement_id = ids.take("involvement")
        at = moment(start, 12)
        rows.involvement.append((
            involvement_id, at, at, child.id, kind, start, ended, extra.get("source", ""), extra.get("primary", ""),
            extra.get("closure", "") if ended else "", extra.get("strategy"), extra.get("icpc_required"),
            extra.get("icpc_on"), extra.get("category", ""), from_step_up, "" if from_step_up else reference,
        ))
        event(ctx, start, 12, family, None, child.id, f"{kind}_started",
               {"cin": "Child in need episode started", "s47": "Section 47 enquiry started",
                "cp": "Child protection plan started", "lac": "Became looked after"}[kind], None)
        return involvement_id

    for child in children:
        if started_on > today:
            break
        cin = involvement(child, "cin", started_on, cin_end, source=source, primary=primary, closure=closure)
        first_cin = first_cin or cin
        if strategy and strategy <= today:
            involvement(child, "s47", strategy, strategy + days(rng, 5, 20), strategy=strategy,
                        icpc_required=icpc_required, icpc_on=icpc_on if icpc_on and icpc_on <= today else None)
        if cp_start and cp_start <= today:
            involvement(child, "cp", cp_start, cp_end, category=category)
        if lac_start and lac_start <= today:
            involvement(child, "lac", lac_start, None)
    ended = cin_end if cin_end <= today else None
    stepped_down = cin_end if closure == "RC9" and ended else None
    return StatutoryResult(ended, stepped_down, first_cin, worker)
