"""An early help episode from allocation to closure or step up.

It first works out the dates (what happened when), then writes the rows that a real service would
have recorded by ``today``: anything later simply has not happened yet, which is how open episodes,
pending sign-offs and awaiting allocation arise. Assessments, plans and meetings, star readings and
statutory involvement each have their own module.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta

from earlyhelp.demo.assessments import write_assessment, write_reassessment
from earlyhelp.demo.context import Context
from earlyhelp.demo.data import texts
from earlyhelp.demo.families import Family, Member, moment
from earlyhelp.demo.plans import write_plan_and_meetings
from earlyhelp.demo.rand import between, pick
from earlyhelp.demo.records import days, event, say, weighted_pick
from earlyhelp.demo.stars import write_star_readings
from earlyhelp.demo.statutory import StatutoryResult, statutory

__all__ = ["EpisodeResult", "StatutoryResult", "early_help_episode", "statutory"]

CLOSURE_REASONS = (("needs_met", 78), ("step_down_universal", 12), ("consent_withdrawn", 4), ("moved_away", 4),
                   ("other", 2))


@dataclass
class EpisodeResult:
    episode_id: int
    ended_on: date | None  # closed or stepped up on, if that happened by today
    status: str
    step_up: tuple[date, str, int] | None = None  # (decided on, decision, step up id) when social care accepted


def early_help_episode(
    ctx: Context, rng: random.Random, family: Family, *, contact_id: int | None, opened_on: date,
    subjects: list[Member], areas: list[str], origin: str = "front_door", previous_episode: int | None = None,
    step_down: tuple[int, str] | None = None, force_awaiting: bool = False,
) -> EpisodeResult:
    """Write one episode with everything recorded on it by today; return how and when it ended."""
    t, today, ids, rows = ctx.tuning, ctx.today, ctx.ids, ctx.rows
    pod = family.address_on(opened_on).address.locality
    team, manager = ctx.org.pods[pod], ctx.org.pod_managers[pod]
    episode = ids.take("episode")
    child_name = subjects[0].first_name if subjects else "the children"

    # --- the dates ---
    wait = between(rng, 1, 5) if step_down else int(rng.triangular(1, 32, 6))
    if force_awaiting:
        wait = (today - opened_on).days + between(rng, 2, 10)
    allocated_on = ctx.working_days_after(opened_on + timedelta(days=wait - 1), 1)
    closure_on = signed_off = assess_start = submitted = authorised = plan_on = None
    step_up_on = step_up_decided = returned_until = None
    step_up_decision = ""
    reason = "needs_met"
    if not step_down and not force_awaiting and rng.random() < t.closed_before_allocation:
        closure_on = opened_on + days(rng, 2, max(2, wait - 1))
        allocated_on = None
        reason = pick(rng, ("consent_withdrawn", "consent_withdrawn", "moved_away", "other"))
    elif not step_down and rng.random() < 0.035:
        closure_on = allocated_on + days(rng, 5, 25)
        reason = "consent_withdrawn"
    else:
        if step_down:  # social care's single assessment comes with the family: no new assessment
            assess_start, authorised = allocated_on, opened_on
            plan_on = allocated_on + days(rng, 5, 15)
        else:
            assess_start = ctx.working_days_after(allocated_on, between(rng, 2, 12))
            submitted = assess_start + (days(rng, 12, 45) if rng.random() < 0.88 else days(rng, 46, 75))
            authorised = submitted + days(rng, 0, 6)
            plan_on = authorised + days(rng, 0, 7)
        closure_on = plan_on + timedelta(days=int(rng.triangular(55, 200, 95)))
        reason = weighted_pick(rng, CLOSURE_REASONS)
        if rng.random() < t.step_up_probability:
            span = max(1, (closure_on - assess_start).days - 10)
            step_up_on = assess_start + timedelta(days=7 + rng.randrange(span))
            step_up_decided = step_up_on + days(rng, 1, 6)
            roll = rng.random()
            if roll < t.step_up_returned_share and step_up_on > plan_on:
                step_up_decision = "returned"
                returned_until = step_up_decided + days(rng, 5, 14)  # refreshed assessment, then back to the plan
                closure_on += returned_until - step_up_on
            else:
                step_up_decision = "accepted_cp" if roll > 0.7 else "accepted_cin"
                closure_on, reason = step_up_on, "stepped_up"
                if plan_on > step_up_on:  # stepped up before the plan started
                    plan_on = None
                    if authorised > step_up_on:
                        authorised = None
                    if submitted and submitted > step_up_on:
                        submitted = None
    if closure_on is not None:
        signed_off = closure_on if reason == "stepped_up" else closure_on + days(rng, 1, 12)

    # --- the status today ---
    if signed_off is not None and signed_off <= today:
        status = "stepped_up" if reason == "stepped_up" else "closed"
    elif step_up_on and step_up_on <= today < step_up_decided and step_up_decision:
        status = "stepped_up"
    elif closure_on is not None and closure_on <= today:
        status = "closing"
    elif returned_until and step_up_decided <= today < returned_until:
        status = "assessment"
    elif plan_on and plan_on <= today:
        status = "plan"
    elif assess_start and assess_start <= today:
        status = "assessment"
    elif allocated_on and allocated_on <= today:
        status = "allocated"
    else:
        status = "awaiting_allocation"
    is_open = status not in ("closed", "stepped_up")
    closed_on = None
    if status == "closed":
        closed_on = signed_off
    elif status == "stepped_up":
        closed_on = step_up_on
    end = closed_on or (closure_on if closure_on and closure_on <= today else None)

    lead = None
    allocations = []
    if allocated_on and allocated_on <= today:
        lead = ctx.lead_for(rng, pod, open_at_today=is_open)
        last_day = min(end or today, today)
        if rng.random() < 0.1 and (last_day - allocated_on).days > 30:
            moved_on = allocated_on + days(rng, 14, (last_day - allocated_on).days - 7)
            first_lead = pick(rng, ctx.org.pod_workers[pod])
            allocations.append((first_lead, allocated_on, moved_on, "The worker left the pod."))
            allocations.append((lead, moved_on, closed_on, ""))
        else:
            allocations.append((lead, allocated_on, closed_on, ""))
    actor = lead or manager

    # --- the rows ---
    created = moment(opened_on, 10)
    updated = moment(min(end or today, today), 16)
    restricted = family.is_restricted
    rows.episode.append((
        episode, created, updated, family.household_id, contact_id, origin, status, opened_on, team, lead,
        allocated_on if lead else None, 16, closed_on, previous_episode, restricted, 1,
    ))
    for member in family.members:
        if member.member_on(opened_on):
            rows.episode_member.append((ids.take("episode_member"), episode, member.id, member in subjects))
    event(ctx, opened_on, 10, family, episode, None, "episode_opened",
           "Early help episode opened" + (" on step down from social care" if step_down else ""), manager,
           {"origin": origin})
    for who, started, ended, why in allocations:
        at = moment(started, 11)
        rows.allocation.append((ids.take("allocation"), at, at, episode, team, who, None, manager, started, ended, why))
        event(ctx, started, 11, family, episode, None, "allocated",
               f"Allocated to {ctx.org.user_names[who]}", manager, {"lead_practitioner": who})

    if step_down:
        involvement, worker = step_down
        at = moment(opened_on, 9)
        rows.step_down.append((
            ids.take("step_down"), at, at, episode, involvement, opened_on, worker,
            say(rng, texts.SOCIAL_CARE_SUMMARY, child_name),
            "Single assessment: the family's history, the risks found and what has changed since.",
            "Child in need plan: the actions completed and what the family still wants help with.",
        ))
        event(ctx, opened_on, 9, family, episode, None, "step_down_received",
               f"Step down received from {worker}", None)

    carer = family.main_carer_on(opened_on)
    needs: list[int] = []
    assessment = None
    started = opened_on if step_down else assess_start
    if started and started <= today:
        assessment, needs = write_assessment(ctx, rng, family, episode, contact_id, subjects, areas, started,
                                        submitted, authorised, actor, manager, step_down is not None, carer)
    plans: list[tuple[int, date]] = []
    if plan_on and plan_on <= today:
        plans = write_plan_and_meetings(ctx, rng, family, episode, subjects, needs, plan_on,
                                   end if end else None, actor, manager, carer, pod)
        write_star_readings(ctx, rng, family, episode, actor, plan_on if step_down else authorised, end,
               reason in ("needs_met", "step_down_universal"))
    write_notes(ctx, rng, family, episode, subjects, carer, allocated_on if lead else None, end, actor)

    if plan_on and (closure_on - opened_on).days > 16 * 7 + 28 and rng.random() < 0.35:
        agreed = opened_on + timedelta(weeks=16)
        if agreed <= today and (end is None or agreed < end):
            at = moment(agreed, 15)
            rows.extension.append((ids.take("extension"), at, at, episode, between(rng, 4, 8),
                                   "A crisis remains: the family asked us to stay involved while it settles.", manager))
            event(ctx, agreed, 15, family, episode, None, "extension_agreed", "Episode extended beyond 16 weeks",
                   manager)

    step_up_result = None
    if step_up_on and step_up_on <= today:
        decided = step_up_decided <= today
        step_up = ids.take("step_up")
        at = moment(step_up_on, 12)
        current_plan = next((plan for plan, agreed in reversed(plans) if agreed <= step_up_on), None)
        social_manager = ctx.org.user_names[ctx.org.social_care_manager]
        rows.step_up.append((
            step_up, at, at, episode, actor, step_up_on, say(rng, texts.STEP_UP_REASONS, child_name), assessment,
            current_plan, step_up_decision if decided else "pending", step_up_decided if decided else None,
            social_manager if decided else "",
            "Threshold not met: continue the plan with a social work consultation in four weeks."
            if decided and step_up_decision == "returned" else "",
        ))
        event(ctx, step_up_on, 12, family, episode, None, "step_up_requested", "Step up to social care requested",
               actor)
        if decided:
            event(ctx, step_up_decided, 12, family, episode, None, "step_up_decided",
                   f"Social care decided: {step_up_decision.replace('_', ' ')}", None,
                   {"decision": step_up_decision})
            if step_up_decision != "returned":
                step_up_result = (step_up_decided, step_up_decision, step_up)
            else:
                write_reassessment(ctx, rng, family, episode, step_up_decided, returned_until, actor, manager)

    if closure_on and closure_on <= today:
        write_closure(ctx, rng, family, episode, closure_on, signed_off, reason, actor, manager, needs, child_name,
                 has_plan=bool(plans))
    return EpisodeResult(episode, closed_on, status, step_up_result)


def write_notes(ctx, rng, family, episode, subjects, carer, allocated_on, end, author) -> None:
    if allocated_on is None:
        return
    last_day = min(end or ctx.today, ctx.today)
    day = allocated_on + days(rng, 1, 6)
    count = 0
    child_name = subjects[0].first_name if subjects else "the children"
    while day <= last_day and count < 14:
        kind = pick(rng, ("visit", "visit", "call", "meeting", "note"))
        about = pick(rng, subjects).id if subjects and rng.random() < 0.5 else (carer.id if carer else None)
        at = moment(day, between(rng, 9, 17), pick(rng, (0, 15, 30, 45)))
        ctx.rows.note.append((ctx.ids.take("note"), at, at, episode, about, author, at, kind,
                              say(rng, texts.NOTES, child_name)))
        day += days(rng, 8, 21)
        count += 1


def write_closure(ctx, rng, family, episode, requested_on, signed_off, reason, actor, manager, needs, child_name, *,
             has_plan: bool) -> None:
    rows, ids, today = ctx.rows, ctx.ids, ctx.today
    closure = ids.take("closure")
    signed = signed_off is not None and signed_off <= today
    feedback = has_plan and reason in ("needs_met", "step_down_universal") and rng.random() < 0.4
    at = moment(requested_on, 16)
    no_star = "" if has_plan and reason in ("needs_met", "step_down_universal") else (
        "The family ended the work before a final reading." if reason != "stepped_up"
        else "Stepped up to social care: no closing reading.")
    rows.closure.append((
        closure, at, moment(signed_off, 10) if signed else at, episode, reason,
        "Needs now met by the school nurse and the family hub." if reason == "other" else "",
        say(rng, texts.CLOSURE_SUMMARY, child_name) if reason != "stepped_up" else "Stepped up to social care.",
        actor, requested_on, no_star, feedback, manager if signed else None, signed_off if signed else None,
    ))
    for need in needs:
        if reason in ("needs_met", "step_down_universal"):
            outcome = "met" if rng.random() < 0.7 else "partly_met" if rng.random() < 0.8 else "not_met"
        else:
            outcome = "not_met" if rng.random() < 0.6 else "partly_met"
        rows.closure_need.append((ids.take("closure_need"), closure, need, outcome, ""))
    if reason != "stepped_up":
        event(ctx, requested_on, 16, family, episode, None, "closure_requested", "Closure sent for sign-off", actor,
               {"reason": reason})
    if signed:
        event(ctx, signed_off, 10, family, episode, None, "episode_closed" if reason != "stepped_up" else "stepped_up",
               "Episode closed" if reason != "stepped_up" else "Stepped up to children's social care", manager,
               {"reason": reason})
    if feedback and signed:
        request = None
        if rng.random() < 0.6:
            request = ids.take("feedback_request")
            token = hashlib.sha256(f"{ctx.seed}-feedback-{request}".encode()).hexdigest()
            sent = moment(signed_off, 11)
            used = signed_off + days(rng, 1, 20)
            rows.feedback_request.append((request, sent, sent, episode, token, moment(signed_off + timedelta(days=28), 23),
                                          moment(used, 19) if used <= today else None, "closure", actor))
            if used > today:
                return
            at = moment(used, 19)
        else:
            at = moment(requested_on, 15)
        rows.feedback.append((
            ids.take("feedback"), at, at, episode, request, request is None, pick(rng, (4, 5, 5, 5, 3)),
            pick(rng, (3, 4, 4, 5, 5, 2)), pick(rng, (4, 5, 5, 3)), pick(rng, texts.FEEDBACK_HELPED),
            pick(rng, texts.FEEDBACK_BETTER),
        ))
