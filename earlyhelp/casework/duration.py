"""How long an episode has been open against its target (12-16 weeks, plus any extensions).

Pure arithmetic on dates, so pages, caseloads and tests agree on one definition:

- weeks open: whole weeks from ``opened_on`` to today, or to ``closed_on`` once closed;
- target end: ``opened_on`` + (``target_weeks`` + the extensions' extra weeks) weeks;
- past target: the episode is still open after its target end (a closed episode is past target if it
  closed after it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from earlyhelp.domain.timescales import weeks_between


@dataclass(frozen=True)
class Duration:
    opened_on: date
    target_weeks: int
    extra_weeks: int
    weeks_open: int
    target_end: date
    past_target: bool
    days_left: int  # negative once past the target end

    @property
    def total_weeks(self) -> int:
        return self.target_weeks + self.extra_weeks

    @property
    def summary(self) -> str:
        """'5 of 16 weeks', '18 of 16 weeks (4 weeks extension)'."""
        extension = f" ({self.extra_weeks} week{'s' if self.extra_weeks != 1 else ''} extension)" if self.extra_weeks else ""
        return f"{self.weeks_open} of {self.total_weeks} weeks{extension}"


def duration(*, opened_on: date, target_weeks: int, extra_weeks: int, today: date, closed_on: date | None = None) -> Duration:
    """The episode's duration on ``today`` (or at closure) against its target and extensions."""
    until = closed_on or today
    target_end = opened_on + timedelta(weeks=target_weeks + extra_weeks)
    return Duration(
        opened_on=opened_on,
        target_weeks=target_weeks,
        extra_weeks=extra_weeks,
        weeks_open=max(weeks_between(opened_on, until), 0),
        target_end=target_end,
        past_target=until > target_end,
        days_left=(target_end - until).days,
    )
