"""The service's clocks: working days in England, deadlines, review dates and durations.

A working day is Monday to Friday and not an England and Wales bank holiday. Every function
takes the holidays as an argument (usually ``england_and_wales_bank_holidays()``) so tests can
pass their own, and takes dates rather than reading the clock.

Counting convention (the one the statutory guidance uses, "within N working days of"): the
day something happens is day zero, whatever kind of day it is, and the first working day
after it is working day 1. So a contact received on Friday with a 1 working day timescale is
due on Monday, and one received on Saturday is also due on Monday.
"""

from __future__ import annotations

import calendar
from collections.abc import Set
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from earlyhelp.domain.bank_holidays import england_and_wales_bank_holidays

__all__ = [
    "DEFAULT_TIMESCALES",
    "END_OF_DAY",
    "LOCAL_TIMEZONE",
    "TimescaleSettings",
    "add_months",
    "add_working_days",
    "decision_due",
    "england_and_wales_bank_holidays",
    "episode_length_band",
    "format_date",
    "is_working_day",
    "plan_review_due",
    "weeks_between",
    "working_day_on_or_after",
    "working_days_between",
]

LOCAL_TIMEZONE = ZoneInfo("Europe/London")
# "End of the working day" for a deadline: the last second of the local calendar day, so
# something done at any time on the due day is on time, whatever the office hours.
END_OF_DAY = time.max  # 23:59:59.999999: the whole of the due day

_ONE_DAY = timedelta(days=1)
_MONTHS = ("January February March April May June July August September October November December").split()


@dataclass(frozen=True)
class TimescaleSettings:
    """A service's timescales. The defaults are the statutory ones and the usual local early help ones."""

    decision_working_days: int = 1  # decision on a contact or referral
    engagement_working_days: int = 3  # early help: first contact with the family after allocation
    eha_working_days: int = 35  # early help assessment completed
    plan_review_months: int = 3  # plan reviewed at least this often
    episode_target_min_weeks: int = 12  # target length of an early help episode
    episode_target_max_weeks: int = 16
    social_care_assessment_working_days: int = 45  # from referral
    icpc_working_days: int = 15  # initial child protection conference, from the strategy discussion
    cp_first_review_months: int = 3  # first child protection review, from the initial conference
    cp_later_review_months: int = 6  # then at most this often

    def __post_init__(self) -> None:
        for field in fields(self):
            if getattr(self, field.name) < 0:
                raise ValueError(f"{field.name} cannot be negative")
        if self.episode_target_min_weeks > self.episode_target_max_weeks:
            raise ValueError("episode_target_min_weeks cannot be more than episode_target_max_weeks")


DEFAULT_TIMESCALES = TimescaleSettings()


def is_working_day(day: date, holidays: Set[date]) -> bool:
    """Monday to Friday and not a bank holiday."""
    return day.weekday() < 5 and day not in holidays


def working_day_on_or_after(day: date, holidays: Set[date]) -> date:
    """``day`` if it is a working day, otherwise the next working day."""
    while not is_working_day(day, holidays):
        day += _ONE_DAY
    return day


def add_working_days(start: date, n: int, holidays: Set[date]) -> date:
    """The date ``n`` working days after ``start`` (before it, if ``n`` is negative).

    ``start`` is day zero and is never counted, so ``n=1`` is the first working day after it.
    ``n=0`` means "the same working day": ``start`` if it is a working day, otherwise the next
    working day (which is then also what ``n=1`` gives). A negative ``n`` counts back from
    ``start``: ``-1`` is the last working day before it.
    """
    if n == 0:
        return working_day_on_or_after(start, holidays)
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    day, remaining = start, abs(n)
    while remaining:
        day += step
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def _weekdays_to(day: date) -> int:
    """Number of Mondays to Fridays from 1 January of year 1 (a Monday) up to and including ``day``."""
    full_weeks, extra_days = divmod(day.toordinal(), 7)
    return full_weeks * 5 + min(extra_days, 5)


def working_days_between(a: date, b: date, holidays: Set[date]) -> int:
    """How many working days have passed from ``a`` to ``b``: working days after ``a`` up to and including ``b``.

    This is the inverse of ``add_working_days``: for any ``n >= 1``,
    ``working_days_between(a, add_working_days(a, n, h), h) == n``. It is negative when ``b``
    is before ``a`` and 0 when they are the same day. Use it to ask "was this done within N
    working days?": ``working_days_between(received_on, decided_on, h) <= N``.
    """
    if b < a:
        return -working_days_between(b, a, holidays)
    weekday_holidays = sum(1 for day in holidays if a < day <= b and day.weekday() < 5)
    return _weekdays_to(b) - _weekdays_to(a) - weekday_holidays


def _as_local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TIMEZONE) if moment.tzinfo is not None else moment


def decision_due(received_at: datetime, working_days: int, holidays: Set[date]) -> datetime:
    """When a decision is due: the end (23:59:59.999999 UK local time) of the day ``working_days`` working days after receipt.

    A contact received at any time on day D, working day or not, is due by the end of the
    working day that is ``working_days`` working days after D (see ``add_working_days``).
    An aware ``received_at`` is read in Europe/London time and the result is aware, in
    Europe/London; a naive one is taken to be UK local time already and the result is naive.
    """
    local = _as_local(received_at)
    due_on = add_working_days(local.date(), working_days, holidays)
    return datetime.combine(due_on, END_OF_DAY, tzinfo=LOCAL_TIMEZONE if received_at.tzinfo else None)


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` calendar months later (earlier if negative).

    When that month is shorter, the result is its last day: 31 January + 1 month is 28 (or
    29) February, and 29 February - 12 months is 28 February.
    """
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def plan_review_due(last_reviewed_on: date, settings: TimescaleSettings = DEFAULT_TIMESCALES) -> date:
    """The latest date the family's plan may next be reviewed: at least every ``plan_review_months`` months."""
    return add_months(last_reviewed_on, settings.plan_review_months)


def weeks_between(a: date, b: date) -> int:
    """Whole weeks from ``a`` to ``b`` (a part week does not count; negative if ``b`` is before ``a``)."""
    days = (b - a).days
    return days // 7 if days >= 0 else -((-days) // 7)


def episode_length_band(
    opened_on: date, closed_on: date, settings: TimescaleSettings = DEFAULT_TIMESCALES
) -> str:
    """Episode length against the 12-16 week target: ``"shorter"``, ``"within"`` or ``"longer"``.

    Within means from ``episode_target_min_weeks`` weeks to ``episode_target_max_weeks``
    weeks exactly, counted in days (12 weeks is 84 days, 16 weeks is 112 days).
    """
    days = (closed_on - opened_on).days
    if days < settings.episode_target_min_weeks * 7:
        return "shorter"
    if days > settings.episode_target_max_weeks * 7:
        return "longer"
    return "within"


def format_date(day: date) -> str:
    """A date the GOV.UK way, for messages: ``3 May 2027``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
