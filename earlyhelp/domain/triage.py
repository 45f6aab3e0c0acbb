"""Front-door rules: triage outcomes, urgency, the decision queue, surges and re-referrals."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from earlyhelp.domain.timescales import add_months

TRIAGE_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("advice", "Advice and signposting"),
    ("single_agency", "Single-agency response"),
    ("targeted_early_help", "Targeted early help"),
    ("social_care", "Referral to children's social care"),
    ("nfa", "No further action"),
)

URGENCIES: tuple[tuple[str, str], ...] = (
    ("immediate", "Immediate: risk of significant harm today"),
    ("urgent", "Urgent"),
    ("routine", "Routine"),
)

# Outcomes a team manager must see: a step into statutory work, and closing with nothing done.
OUTCOMES_NEEDING_MANAGER_OVERSIGHT: frozenset[str] = frozenset({"social_care", "nfa"})

_URGENCY_RANK = {code: rank for rank, (code, _) in enumerate(URGENCIES)}


def queue_sort_key(
    urgency: str, decision_due_at: datetime, received_at: datetime
) -> tuple[int, datetime, int, datetime]:
    """Order of the front-door queue: immediate contacts first, then the least time left.

    Immediate contacts (risk of significant harm today) come before everything else. All
    others, urgent and routine alike, are ordered by their decision deadline, because the
    deadline already reflects urgency; when deadlines are equal, urgent comes before routine,
    then the contact received first. Use as ``sorted(contacts, key=lambda c: queue_sort_key(...))``.
    """
    if urgency not in _URGENCY_RANK:
        raise ValueError(f"Unknown urgency {urgency!r}")
    return (0 if urgency == "immediate" else 1, decision_due_at, _URGENCY_RANK[urgency], received_at)


def is_overdue(due_at: datetime, now: datetime) -> bool:
    """Overdue once ``now`` is after the deadline; a decision at the deadline itself is on time."""
    return now > due_at


def needs_manager_oversight(outcome: str) -> bool:
    """A referral to social care or no further action needs a team manager to check the decision."""
    return outcome in OUTCOMES_NEEDING_MANAGER_OVERSIGHT


@dataclass(frozen=True)
class SurgeAlert:
    """Today's contacts are well above normal: the front door may need more people."""

    today_count: int
    usual_daily_mean: float
    standard_deviation: float
    message: str


def surge(
    daily_counts: Sequence[int],
    today_count: int,
    *,
    window_days: int = 28,
    min_history_days: int = 7,
    standard_deviations: float = 2.0,
    ratio: float = 1.5,
    min_count: int = 5,
) -> SurgeAlert | None:
    """An alert when today's contacts are well above the usual daily volume, else ``None``.

    ``daily_counts`` are the previous days' counts, oldest first; only the last ``window_days``
    (28) are used. Today is a surge when it is more than the mean plus 2 (population) standard
    deviations of those days, and at least 1.5 times the mean, and at least ``min_count`` (5)
    contacts: the ratio stops a very steady service alerting on a small rise, and the minimum
    stops a quiet service alerting on a handful of contacts. With fewer than
    ``min_history_days`` (7) days of history there is no alert, because "normal" is not known.
    """
    if today_count < 0 or any(count < 0 for count in daily_counts):
        raise ValueError("Daily contact counts cannot be negative")
    history = list(daily_counts)[-window_days:]
    if len(history) < min_history_days:
        return None
    mean = statistics.fmean(history)
    spread = statistics.pstdev(history)
    is_surge = today_count > mean + standard_deviations * spread and today_count >= ratio * mean
    if not is_surge or today_count < min_count:
        return None
    return SurgeAlert(
        today_count=today_count,
        usual_daily_mean=round(mean, 1),
        standard_deviation=round(spread, 1),
        message=(
            f"{today_count} contacts today, against a usual {mean:.1f} a day over the last "
            f"{len(history)} days."
        ),
    )


def is_re_referral(previous_referral_dates: Iterable[date], this_date: date) -> bool:
    """A re-referral: another referral for the child within the 12 months before this one.

    Inclusive: a previous referral on or after the same calendar date one year earlier counts
    (for a referral on 29 February, one year earlier is 28 February). Previous referrals on
    the same day as this one are the same request, and later ones are not previous, so
    neither counts.
    """
    one_year_earlier = add_months(this_date, -12)
    return any(one_year_earlier <= previous < this_date for previous in previous_referral_dates)
