"""The assessment's rules that depend only on values: no Django, dates passed in.

- ``value_hash``/``plan_save``: who changed which field since the page was loaded, so that two people
  editing the same assessment only meet a conflict when they both changed the same field (no locks).
- ``submission_problems``: what must be in the assessment before a manager is asked to authorise it.
- ``timeliness``: how the assessment stands against its due date, in working days.

Kept free of Django (like ``earlyhelp/domain``) so it is tested fast and at its edges.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from datetime import date

from earlyhelp.domain.codes import ASSESSMENT_FACTORS, SUPPORTING_FAMILIES_OUTCOMES
from earlyhelp.domain.timescales import add_working_days, working_days_between


def value_hash(value: str) -> str:
    """A short fingerprint of a field's text as the page loaded it (the page sends it back with its edits).

    Line endings are normalised: browsers send CRLF for what the server stored as LF.
    """
    text = (value or "").replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def same_text(a: str, b: str) -> bool:
    return (a or "").replace("\r\n", "\n") == (b or "").replace("\r\n", "\n")


@dataclass(frozen=True)
class SavePlan:
    """What to write (``to_save``) and which fields both people changed differently (``conflicts``)."""

    to_save: dict[str, str] = field(default_factory=dict)
    conflicts: tuple[str, ...] = ()


def plan_save(
    *, attempted: Mapping[str, str], bases: Mapping[str, str], current: Mapping[str, str], stale: bool
) -> SavePlan:
    """Decide, field by field, what a save writes.

    ``attempted``: the values the page sent; ``bases``: the fingerprint of each field as the page loaded
    it; ``current``: what is stored now; ``stale``: someone saved since the page loaded.

    - The person did not change a field (it still matches its base): it is not written, so a colleague's
      newer text is never overwritten by an old copy.
    - They changed it and nobody else did, or the other person typed the same: it is written.
    - Both changed it to different text: a conflict, shown side by side; nothing is written for it.
    A field with no base is judged by the version alone: a stale save that differs is a conflict.
    """
    to_save: dict[str, str] = {}
    conflicts: list[str] = []
    for name, mine in attempted.items():
        stored = current.get(name, "")
        base = bases.get(name)
        if base is None:
            if stale and not same_text(mine, stored):
                conflicts.append(name)
            elif not same_text(mine, stored):
                to_save[name] = mine
            continue
        mine_changed = value_hash(mine) != base
        theirs_changed = value_hash(stored) != base
        if not mine_changed:
            continue
        if theirs_changed and not same_text(mine, stored):
            conflicts.append(name)
        elif not same_text(mine, stored):
            to_save[name] = mine
    return SavePlan(to_save=to_save, conflicts=tuple(conflicts))


@dataclass(frozen=True)
class SubmissionFacts:
    consent_confirmed: bool
    no_consent_reason: str
    needs: int
    family_view: str
    child_voice: str
    members_own_words: int  # members with their own words recorded
    analysis: str


def _entered(text: str) -> bool:
    return bool(text and text.strip())


def submission_problems(facts: SubmissionFacts) -> list[str]:
    """What is missing before a manager can be asked to authorise the assessment, in plain words."""
    problems = []
    if not facts.consent_confirmed and not _entered(facts.no_consent_reason):
        problems.append("Record the family's consent to the assessment, or the reason for going ahead without it")
    if facts.needs < 1:
        problems.append("Add at least one need the assessment found")
    if not _entered(facts.family_view):
        problems.append("Enter the family's view")
    if not _entered(facts.child_voice) and facts.members_own_words < 1:
        problems.append("Enter the child's own words, in the whole-family section or for a child")
    if not _entered(facts.analysis):
        problems.append("Enter the analysis: what the assessment found and what needs to happen")
    return problems


def due_date(started_on: date, working_days: int, holidays: Set[date]) -> date:
    """The day the assessment is due: ``working_days`` working days after it started (day zero)."""
    return add_working_days(started_on, working_days, holidays)


@dataclass(frozen=True)
class Timeliness:
    text: str
    colour: str  # GOV.UK tag colour
    overdue: bool


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def timeliness(*, due_on: date, today: date, finished_on: date | None, holidays: Set[date]) -> Timeliness:
    """How the assessment stands against its due date: days left, due today, overdue, or done on time or late."""
    if finished_on is not None:
        late = working_days_between(due_on, finished_on, holidays)
        if late <= 0:
            return Timeliness("Completed within timescale", "green", False)
        return Timeliness(f"Completed {_days(late)} late", "orange", False)
    left = working_days_between(today, due_on, holidays)
    if left > 0:
        return Timeliness(f"Due in {_days(left)}", "blue" if left > 5 else "yellow", False)
    if today == due_on or left == 0:
        return Timeliness("Due today", "yellow", False)
    return Timeliness(f"Overdue by {_days(-left)}", "red", True)


# Supporting Families outcome areas and the census assessment factors usually recorded with them: offered
# first when a practitioner codes a need in that area. The practitioner always chooses; nothing is inferred.
SUGGESTED_FACTORS: dict[str, tuple[str, ...]] = {
    "SF1": ("14A", "20"),
    "SF2": ("5A", "6A", "16A"),
    "SF3": ("4A", "4B", "4C", "6A", "6B", "6C", "15A"),
    "SF4": ("1A", "1B", "1C", "2A", "2B", "2C"),
    "SF5": ("7A", "17A", "20"),
    "SF6": ("10A", "11A", "12A", "13A", "16A", "17A", "18B", "18C", "19B", "19C", "22A", "23A", "24A"),
    "SF7": ("13A", "14A", "24A"),
    "SF8": ("3A", "3B", "3C"),
    "SF9": ("20",),
    "SF10": ("20",),
}

_FACTOR_CODES = {code for code, _ in ASSESSMENT_FACTORS}
_SF_CODES = {code for code, _ in SUPPORTING_FAMILIES_OUTCOMES}
assert set(SUGGESTED_FACTORS) == _SF_CODES
assert all(set(found) <= _FACTOR_CODES for found in SUGGESTED_FACTORS.values())
