"""How long a family's early help record is kept after the work ends (configurable by the authority)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RetentionPolicy:
    years_after_closure: int = 6
    until_youngest_child_age: int = 25

    def __post_init__(self) -> None:
        if self.years_after_closure < 0 or self.until_youngest_child_age < 0:
            raise ValueError("Retention periods cannot be negative")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def retention_ends(*, last_closed_on: date, youngest_child_born: date | None, policy: RetentionPolicy) -> date:
    """The first day the record may be anonymised: the later of N years after the last episode closed
    and the youngest child's birthday at the policy age."""
    ends = _add_years(last_closed_on, policy.years_after_closure)
    if youngest_child_born is not None:
        ends = max(ends, _add_years(youngest_child_born, policy.until_youngest_child_age))
    return ends


def is_due(*, last_closed_on: date, youngest_child_born: date | None, policy: RetentionPolicy, today: date) -> bool:
    return today >= retention_ends(last_closed_on=last_closed_on, youngest_child_born=youngest_child_born, policy=policy)
