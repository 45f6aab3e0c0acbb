"""What must be true before an early help episode closes, and what follows closure.

Closing is two steps: the lead practitioner sends the episode for sign-off (status CLOSING)
once the closure reason, an outcome for every identified need and a final star reading (or
the reason there is none) are recorded; a team manager then signs it off (status CLOSED).
The requirements themselves are data in ``episode_lifecycle.TRANSITION_REQUIREMENTS``; this
module names the two checks services call. Re-referral within 12 months is a front-door
question: see ``triage.is_re_referral``.
"""

from __future__ import annotations

from datetime import date

from earlyhelp.domain.episode_lifecycle import EpisodeFacts, EpisodeStatus, transition_problems
from earlyhelp.domain.timescales import add_months

# Supporting Families: progress against every need must be sustained six months after closure.
SUSTAINED_OUTCOME_MONTHS = 6


def closure_problems(current: EpisodeStatus, facts: EpisodeFacts) -> list[str]:
    """Problems stopping the lead practitioner sending the episode for closure sign-off."""
    return transition_problems(current, EpisodeStatus.CLOSING, facts)


def sign_off_problems(current: EpisodeStatus, facts: EpisodeFacts) -> list[str]:
    """Problems stopping a manager signing off the closure (the episode must be awaiting sign-off)."""
    return transition_problems(current, EpisodeStatus.CLOSED, facts)


def sustained_outcome_check_due(closed_on: date) -> date:
    """When to check the family's progress has lasted, for a Supporting Families outcome: six months after closure."""
    return add_months(closed_on, SUSTAINED_OUTCOME_MONTHS)
