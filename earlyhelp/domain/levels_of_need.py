"""The partnership's levels of need and the threshold rule that recommends a triage outcome.

Levels are data a partnership configures (an administrator edits them), so functions take them
as arguments; ``DEFAULT_LEVELS`` is the usual four-level framework. The threshold rule is
Leicester's: two or fewer unmet needs that one agency can meet get a single-agency response;
three or more needs that are complex and beyond one agency get an Early Help Assessment with a
Team Around the Family. The rule only recommends: the practitioner decides, and a different
choice needs a reason (``check_override``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from earlyhelp.domain.triage import TRIAGE_OUTCOMES


@dataclass(frozen=True)
class Level:
    """One level of need in the partnership's threshold document."""

    number: int
    name: str
    description: str


DEFAULT_LEVELS: tuple[Level, ...] = (
    Level(
        1,
        "Universal",
        "Needs are met by the family and universal services such as schools, GPs and health visitors.",
    ),
    Level(2, "Additional", "Additional needs that one agency can meet with single-agency support."),
    Level(
        3,
        "Complex or multiple",
        "Complex or multiple needs that need several agencies: an Early Help Assessment, a lead "
        "practitioner, a Team Around the Family and a family plan.",
    ),
    Level(
        4,
        "Acute or statutory",
        "A child is suffering, or likely to suffer, significant harm, or is in need: children's "
        "social care assesses (section 17 or section 47).",
    ),
)

# The level each recommended outcome belongs to. "nfa" is never recommended: it is a
# practitioner's decision (with manager oversight), so it has no level here.
OUTCOME_LEVELS: dict[str, int] = {"advice": 1, "single_agency": 2, "targeted_early_help": 3, "social_care": 4}

# Leicester: "two or fewer" unmet needs is the most a single-agency response is for.
SINGLE_AGENCY_MAX_NEEDS = 2

_OUTCOME_LABELS = dict(TRIAGE_OUTCOMES)
_TARGETED = "an Early Help Assessment with a Team Around the Family."


@dataclass(frozen=True)
class IdentifiedNeed:
    """A need found at the front door. ``complex`` means it needs more than one agency's work."""

    code: str
    label: str
    unmet: bool
    single_agency_can_meet: bool
    complex: bool

    @property
    def beyond_one_agency(self) -> bool:
        return self.complex or not self.single_agency_can_meet


@dataclass(frozen=True)
class Recommendation:
    """The threshold rule's recommended outcome, its level of need and a one-sentence reason."""

    outcome: str
    level: int
    reason: str


def level_for(number: int, levels: Sequence[Level] = DEFAULT_LEVELS) -> Level:
    """The level with this number in the partnership's framework."""
    for level in levels:
        if level.number == number:
            return level
    raise ValueError(f"There is no level {number} in this framework")


def levels_problems(levels: Sequence[Level]) -> list[str]:
    """What is wrong with a configured framework: levels numbered 1, 2, 3... in order, each named."""
    problems = []
    if [level.number for level in levels] != list(range(1, len(levels) + 1)):
        problems.append("Number the levels 1, 2, 3 and so on, in order, with no gaps")
    if any(not level.name.strip() for level in levels):
        problems.append("Enter a name for every level")
    missing = sorted(set(OUTCOME_LEVELS.values()) - {level.number for level in levels})
    if missing:
        problems.append(f"The threshold rule needs levels {', '.join(map(str, missing))}")
    return problems


def _needs(count: int) -> str:
    return f"{count} unmet need" if count == 1 else f"{count} unmet needs"


def _recommend(outcome: str, reason: str) -> Recommendation:
    return Recommendation(outcome=outcome, level=OUTCOME_LEVELS[outcome], reason=reason)


def recommend(needs: Sequence[IdentifiedNeed], *, statutory_concern: bool) -> Recommendation:
    """Recommend a triage outcome and level of need from the needs found and any statutory concern.

    - A statutory concern (significant harm) is always a referral to children's social care,
      level 4, whatever else is known.
    - No unmet needs: advice and signposting, level 1 (needs already being met do not count).
    - One or two unmet needs, each one that a single agency can meet and none complex: a
      single-agency response, level 2.
    - Three or more unmet needs: targeted early help (an Early Help Assessment with a Team
      Around the Family), level 3. Edge case decided: this holds even when each need on its
      own could be met by one agency, because three needs is more than the "two or fewer" a
      single-agency response is for and someone has to co-ordinate the agencies.
    - Edge case decided: one or two unmet needs where any is complex or beyond one agency also
      get targeted early help, level 3, because by definition no single agency can meet it.
    """
    if statutory_concern:
        return _recommend(
            "social_care",
            "A concern that the child is suffering, or is likely to suffer, significant harm: "
            "a referral to children's social care.",
        )
    unmet = [need for need in needs if need.unmet]
    beyond = sum(1 for need in unmet if need.beyond_one_agency)
    if not unmet:
        already_met = f" ({len(needs)} already being met)" if needs else ""
        return _recommend(
            "advice", f"No unmet needs{already_met}: advice and signposting to universal services."
        )
    if len(unmet) <= SINGLE_AGENCY_MAX_NEEDS and not beyond:
        return _recommend(
            "single_agency", f"{_needs(len(unmet))} that one agency can meet: a single-agency response."
        )
    if beyond == len(unmet):
        both = all(need.complex and not need.single_agency_can_meet for need in unmet)
        kind = "complex and beyond one agency" if both else "complex or beyond one agency"
        verb = "is" if beyond == 1 else "are"
        return _recommend("targeted_early_help", f"{_needs(len(unmet))} that {verb} {kind}: {_TARGETED}")
    if beyond:
        return _recommend(
            "targeted_early_help",
            f"{_needs(len(unmet))}, {beyond} of them complex or beyond one agency: {_TARGETED}",
        )
    return _recommend(
        "targeted_early_help",
        f"{_needs(len(unmet))}, more than a single agency should meet alone: {_TARGETED}",
    )


def check_override(recommended: Recommendation | str, chosen: str, override_reason: str | None) -> list[str]:
    """Problems with the practitioner's choice: it must be a triage outcome, and differing from the recommendation needs a reason."""
    recommended_outcome = recommended.outcome if isinstance(recommended, Recommendation) else recommended
    if chosen not in _OUTCOME_LABELS:
        return ["Select a triage outcome"]
    if chosen != recommended_outcome and not (override_reason or "").strip():
        return [
            f"Enter a reason for choosing {_OUTCOME_LABELS[chosen].lower()} "
            f"instead of the recommended {_OUTCOME_LABELS.get(recommended_outcome, recommended_outcome).lower()}"
        ]
    return []
