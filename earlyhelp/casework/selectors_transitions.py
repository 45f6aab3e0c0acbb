"""Reading step-ups, step-downs, closures and linked episodes for one episode.

Every function takes an episode already fetched through its door (``selectors.episode_get_for``);
none of them checks who is asking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from earlyhelp.casework.models import Closure, Episode, EpisodeOrigin, StepDown, StepUp, StepUpDecision
from earlyhelp.casework.services.step_up import step_up_agreement


@dataclass(frozen=True)
class StepDownHistory:
    """What children's social care knew and planned, carried into early help.

    ``recorded`` is False when only the front door's step-down contact is known so far (its reasons
    stand in for the summary until the history is recorded).
    """

    received_on: date | None
    social_worker_name: str
    summary: str
    assessment: str
    plan: str
    involvement: object | None
    recorded: bool
    step_down: StepDown | None = None


def step_down_history(episode: Episode) -> StepDownHistory | None:
    """Social care's summary, assessment and plan for an episode that began with a step down; else None.

    The Early Help Assessment pre-fills from this, so the family does not tell its story again.
    """
    step_down = StepDown.objects.filter(episode=episode).select_related("statutory_involvement").first()
    if step_down is not None:
        return StepDownHistory(
            received_on=step_down.received_on, social_worker_name=step_down.social_worker_name,
            summary=step_down.social_care_summary, assessment=step_down.social_care_assessment,
            plan=step_down.social_care_plan, involvement=step_down.statutory_involvement, recorded=True,
            step_down=step_down,
        )
    if episode.origin != EpisodeOrigin.STEP_DOWN:
        return None
    contact = episode.contact
    if contact is None:
        return StepDownHistory(None, "", "", "", "", None, recorded=False)
    return StepDownHistory(
        received_on=contact.received_at.date(), social_worker_name=contact.referrer_name,
        summary="\n\n".join(t for t in (contact.reasons, contact.free_text) if t.strip()),
        assessment="", plan="", involvement=None, recorded=False,
    )


@dataclass(frozen=True)
class StepUpView:
    step_up: StepUp
    agreed_by: object | None
    agreed_at: object | None

    @property
    def stage(self) -> str:
        if self.step_up.decision != StepUpDecision.PENDING:
            return self.step_up.get_decision_display()
        if self.agreed_by is None and self.agreed_at is None:
            return "Waiting for a team manager to agree"
        return "Sent to children's social care: waiting for their decision"

    @property
    def is_waiting_for_agreement(self) -> bool:
        return self.step_up.decision == StepUpDecision.PENDING and self.agreed_at is None

    @property
    def is_waiting_for_decision(self) -> bool:
        return self.step_up.decision == StepUpDecision.PENDING and self.agreed_at is not None


def step_up_view(step_up: StepUp) -> StepUpView:
    event = step_up_agreement(step_up)
    return StepUpView(step_up, event.actor if event else None, event.occurred_at if event else None)


def step_ups_for(episode: Episode) -> list[StepUpView]:
    """The episode's step-ups, newest first, each with where it has got to."""
    found = (
        StepUp.objects.filter(episode=episode)
        .select_related("requested_by", "assessment", "plan")
        .order_by("-requested_on", "-id")
    )
    return [step_up_view(s) for s in found]


def closure_for(episode: Episode) -> Closure | None:
    return (
        Closure.objects.filter(episode=episode)
        .select_related("requested_by", "signed_off_by")
        .prefetch_related("need_outcomes__need__person")
        .first()
    )


def linked_episodes(episode: Episode, *, visible) -> dict[str, list[Episode]]:
    """The episode this one follows (a re-referral within 12 months) and the ones that follow it.

    ``visible`` is the queryset of episodes the reader may open; others are not shown.
    """
    earlier = []
    if episode.previous_episode_id:
        earlier = list(visible.filter(pk=episode.previous_episode_id))
    later = list(visible.filter(previous_episode=episode).order_by("opened_on", "id"))
    return {"earlier": earlier, "later": later}
