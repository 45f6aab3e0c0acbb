"""The early help episode's lifecycle: its statuses, which transitions are legal, and what each needs.

``check_transition`` says whether a move is allowed at all; ``problems_for`` says what must
be recorded first. Services call both before changing ``Episode.status``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from earlyhelp.domain.codes import EARLY_HELP_CLOSURE_REASONS, code_values


class EpisodeStatus(StrEnum):
    AWAITING_ALLOCATION = "awaiting_allocation"
    ALLOCATED = "allocated"
    ASSESSMENT = "assessment"
    PLAN = "plan"
    CLOSING = "closing"
    CLOSED = "closed"
    STEPPED_UP = "stepped_up"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[EpisodeStatus, str] = {
    EpisodeStatus.AWAITING_ALLOCATION: "Awaiting allocation",
    EpisodeStatus.ALLOCATED: "Allocated",
    EpisodeStatus.ASSESSMENT: "Assessment",
    EpisodeStatus.PLAN: "Plan in place",
    EpisodeStatus.CLOSING: "Closure awaiting sign-off",
    EpisodeStatus.CLOSED: "Closed",
    EpisodeStatus.STEPPED_UP: "Stepped up to social care",
}

OPEN_STATUSES: frozenset[EpisodeStatus] = frozenset(
    {
        EpisodeStatus.AWAITING_ALLOCATION,
        EpisodeStatus.ALLOCATED,
        EpisodeStatus.ASSESSMENT,
        EpisodeStatus.PLAN,
        EpisodeStatus.CLOSING,
    }
)

ALLOWED_TRANSITIONS: dict[EpisodeStatus, frozenset[EpisodeStatus]] = {
    EpisodeStatus.AWAITING_ALLOCATION: frozenset({EpisodeStatus.ALLOCATED, EpisodeStatus.CLOSING}),
    EpisodeStatus.ALLOCATED: frozenset(
        {EpisodeStatus.ASSESSMENT, EpisodeStatus.CLOSING, EpisodeStatus.STEPPED_UP}
    ),
    EpisodeStatus.ASSESSMENT: frozenset(
        {EpisodeStatus.PLAN, EpisodeStatus.CLOSING, EpisodeStatus.STEPPED_UP}
    ),
    EpisodeStatus.PLAN: frozenset({EpisodeStatus.CLOSING, EpisodeStatus.STEPPED_UP}),
    # Sign-off refused sends the episode back to where it was when closure was asked for
    # (an episode can close before any plan, e.g. when the family withdraws consent); sign-off closes it.
    EpisodeStatus.CLOSING: frozenset(
        {EpisodeStatus.AWAITING_ALLOCATION, EpisodeStatus.ALLOCATED, EpisodeStatus.ASSESSMENT, EpisodeStatus.PLAN,
         EpisodeStatus.CLOSED}
    ),
    # A closed episode can be re-opened to its lead practitioner.
    EpisodeStatus.CLOSED: frozenset({EpisodeStatus.ALLOCATED}),
    # Returned from social care to early help.
    EpisodeStatus.STEPPED_UP: frozenset({EpisodeStatus.ALLOCATED}),
}

# How each status reads in "An episode that is ..." and how moving to it reads in "... cannot be ...".
_STATUS_AS_STATE: dict[EpisodeStatus, str] = {
    EpisodeStatus.AWAITING_ALLOCATION: "awaiting allocation",
    EpisodeStatus.ALLOCATED: "allocated",
    EpisodeStatus.ASSESSMENT: "being assessed",
    EpisodeStatus.PLAN: "working to a plan",
    EpisodeStatus.CLOSING: "awaiting closure sign-off",
    EpisodeStatus.CLOSED: "closed",
    EpisodeStatus.STEPPED_UP: "stepped up to social care",
}
_STATUS_AS_ACTION: dict[EpisodeStatus, str] = {
    EpisodeStatus.AWAITING_ALLOCATION: "put back to awaiting allocation",
    EpisodeStatus.ALLOCATED: "allocated",
    EpisodeStatus.ASSESSMENT: "moved to assessment",
    EpisodeStatus.PLAN: "moved to a plan",
    EpisodeStatus.CLOSING: "sent for closure sign-off",
    EpisodeStatus.CLOSED: "closed",
    EpisodeStatus.STEPPED_UP: "stepped up to social care",
}


class TransitionRefused(Exception):
    """An episode was asked to move to a status its current status does not lead to."""

    def __init__(self, message: str, *, current: EpisodeStatus, target: EpisodeStatus) -> None:
        super().__init__(message)
        self.message = message
        self.current = current
        self.target = target


def transition_refusal(current: EpisodeStatus, target: EpisodeStatus) -> str | None:
    """Why an episode cannot move from ``current`` to ``target``, in plain English; ``None`` if it can."""
    current, target = EpisodeStatus(current), EpisodeStatus(target)
    if target in ALLOWED_TRANSITIONS[current]:
        return None
    if current == target:
        return f"The episode is already {_STATUS_AS_STATE[current]} (“{current.label}”)."
    onward = sorted(ALLOWED_TRANSITIONS[current], key=list(EpisodeStatus).index)
    options = " or ".join(f"“{status.label}”" for status in onward)
    return (
        f"An episode that is {_STATUS_AS_STATE[current]} cannot be {_STATUS_AS_ACTION[target]}. "
        f"From “{current.label}” it can only move to {options}."
    )


def check_transition(current: EpisodeStatus, target: EpisodeStatus) -> None:
    """Refuse a move the lifecycle does not allow, with a message a practitioner can act on."""
    message = transition_refusal(current, target)
    if message is not None:
        raise TransitionRefused(message, current=EpisodeStatus(current), target=EpisodeStatus(target))


@dataclass(frozen=True)
class EpisodeFacts:
    """What the service layer knows about an episode, for checking a move's requirements.

    Text fields hold what was entered ("" when nothing was); blank or spaces count as missing.
    """

    has_lead_practitioner: bool = False
    has_team: bool = False
    consent_recorded: bool = False
    no_consent_reason: str = ""  # why work goes ahead without consent (a safeguarding concern)
    assessment_authorised: bool = False  # the Early Help Assessment is signed off by a manager
    closure_reason: str = ""  # a code from codes.EARLY_HELP_CLOSURE_REASONS
    needs_without_outcome: int = 0  # identified needs with no outcome recorded
    has_final_star_reading: bool = False
    no_star_reason: str = ""  # why there is no final star reading
    star_falls_without_reason: int = 0  # areas whose score fell with no reason recorded
    manager_signed_off: bool = False  # a team manager signed off the closure
    step_up_reason: str = ""
    step_up_manager_agreed: bool = False


def _entered(text: str) -> bool:
    return bool(text and text.strip())


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


@dataclass(frozen=True)
class Requirement:
    """One thing that must be true before an episode moves to a status, and the message when it is not."""

    key: str
    is_met: Callable[[EpisodeFacts], bool]
    message: str | Callable[[EpisodeFacts], str]

    def problem(self, facts: EpisodeFacts) -> str | None:
        if self.is_met(facts):
            return None
        return self.message if isinstance(self.message, str) else self.message(facts)


_CLOSURE_REASON_CODES = code_values(EARLY_HELP_CLOSURE_REASONS)

TRANSITION_REQUIREMENTS: dict[EpisodeStatus, tuple[Requirement, ...]] = {
    EpisodeStatus.AWAITING_ALLOCATION: (),
    EpisodeStatus.ALLOCATED: (
        Requirement("lead_practitioner", lambda f: f.has_lead_practitioner, "Select a lead practitioner"),
        Requirement("team", lambda f: f.has_team, "Select a team"),
    ),
    EpisodeStatus.ASSESSMENT: (
        Requirement(
            "consent",
            lambda f: f.consent_recorded or _entered(f.no_consent_reason),
            "Record the family's consent to the assessment, or the reason for going ahead without it",
        ),
    ),
    EpisodeStatus.PLAN: (
        Requirement(
            "assessment_authorised",
            lambda f: f.assessment_authorised,
            "A manager must sign off the Early Help Assessment before the plan starts",
        ),
    ),
    EpisodeStatus.CLOSING: (
        Requirement(
            "closure_reason", lambda f: f.closure_reason in _CLOSURE_REASON_CODES, "Select a closure reason"
        ),
        Requirement(
            "need_outcomes",
            lambda f: f.needs_without_outcome <= 0,
            lambda f: (
                "Record an outcome for every identified need: "
                f"{_count(f.needs_without_outcome, 'need has', 'needs have')} none"
            ),
        ),
        Requirement(
            "final_star_reading",
            lambda f: f.has_final_star_reading or _entered(f.no_star_reason),
            "Record a final star reading with the family, or the reason there is none",
        ),
        Requirement(
            "star_falls_explained",
            lambda f: f.star_falls_without_reason <= 0,
            lambda f: (
                "Record why the score fell in "
                f"{_count(f.star_falls_without_reason, 'star area', 'star areas')}"
            ),
        ),
    ),
    EpisodeStatus.CLOSED: (
        Requirement(
            "manager_sign_off", lambda f: f.manager_signed_off, "A manager must sign off the closure"
        ),
    ),
    EpisodeStatus.STEPPED_UP: (
        Requirement(
            "step_up_reason", lambda f: _entered(f.step_up_reason), "Enter the reason for the step-up"
        ),
        Requirement(
            "step_up_manager_agreed",
            lambda f: f.step_up_manager_agreed,
            "A manager must agree the step-up to children's social care",
        ),
    ),
}


def problems_for(target: EpisodeStatus, facts: EpisodeFacts) -> list[str]:
    """What must still be done before an episode can move to ``target``, ready for a GOV.UK error summary."""
    found = (requirement.problem(facts) for requirement in TRANSITION_REQUIREMENTS[EpisodeStatus(target)])
    return [problem for problem in found if problem is not None]


def transition_problems(current: EpisodeStatus, target: EpisodeStatus, facts: EpisodeFacts) -> list[str]:
    """Everything stopping the move from ``current`` to ``target``: the refusal if the lifecycle forbids it, else the unmet requirements."""
    refusal = transition_refusal(current, target)
    return [refusal] if refusal is not None else problems_for(target, facts)
