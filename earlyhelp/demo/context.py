"""What every part of the history generator shares: the output buffers, ids, organisation and clock."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from earlyhelp.demo.organisation import Organisation
from earlyhelp.demo.tables import Ids, Rows
from earlyhelp.domain.timescales import add_working_days


@dataclass(frozen=True)
class Tuning:
    """The knobs that set where the service's figures land (see earlyhelp.reporting.figures).

    Calibrated so the default and large demos report what the seed services report: 60-70% of
    referrals engaged, about 94% of episodes not escalating, about 71% of families improved at the
    12-week evaluation and about 22% re-referrals.
    """

    # Outcome of a contact that is not a planned re-referral.
    outcome_weights: tuple[tuple[str, float], ...] = (
        ("advice", 0.22), ("single_agency", 0.17), ("targeted_early_help", 0.36), ("social_care", 0.14),
        ("nfa", 0.11),
    )
    # A re-referral is always a referral: early help or social care.
    rereferral_early_help_share: float = 0.72
    # After a referral, the chance of another within twelve months.
    rereferral_probability: float = 0.22
    # Unplanned further contacts a year, once the service knows the family.
    background_contacts_a_year: float = 0.4
    background_years: float = 1.5
    # Early help episodes closed before anyone was allocated (the family declined, moved, needs met).
    closed_before_allocation: float = 0.065
    step_up_probability: float = 0.09
    step_up_returned_share: float = 0.25
    # The 12-week evaluation: improved, unchanged, worse.
    twelve_week_shares: tuple[float, float, float] = (0.71, 0.09, 0.20)
    demo_caseload: int = 15
    partner_requests_per_outcome: int = 2


@dataclass
class Context:
    rows: Rows
    ids: Ids
    org: Organisation
    today: date
    now: datetime
    holidays: frozenset[date]
    levels: dict[int, int]  # level number -> LevelOfNeed id
    templates: list[tuple[int, list[int]]]  # star template id -> its area ids
    seed: int
    tuning: Tuning = field(default_factory=Tuning)
    demo_caseload: int = 0
    partner_outcomes: Counter = field(default_factory=Counter)

    def working_days_after(self, day: date, n: int) -> date:
        return add_working_days(day, n, self.holidays)

    def lead_for(self, rng: random.Random, pod: int, *, open_at_today: bool) -> int:
        """A lead practitioner in the pod; the demo practitioner gets a fixed caseload of open episodes."""
        workers = self.org.pod_workers[pod]
        demo = self.org.demo.get("practitioner")
        if pod == 0 and open_at_today and demo and self.demo_caseload < self.tuning.demo_caseload:
            self.demo_caseload += 1
            return demo
        choice = rng.choice(workers)
        if choice == demo and open_at_today:
            choice = workers[0]
        return choice

