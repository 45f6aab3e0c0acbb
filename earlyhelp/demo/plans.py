"""The plan on a page (its versions, actions and reviews) and the Team Around the Family meetings."""

from __future__ import annotations

import random
from datetime import date, timedelta

from earlyhelp.demo.context import Context
from earlyhelp.demo.data import texts
from earlyhelp.demo.families import Member, age_on, moment
from earlyhelp.demo.rand import between, pick
from earlyhelp.demo.records import days, event, say
from earlyhelp.domain.timescales import add_months


def write_plan_and_meetings(ctx, rng, family, episode, subjects, needs, plan_on, end, actor, manager, carer, pod):
    """The plan on a page (versions), its reviews, and the Team Around the Family meetings."""
    rows, ids, today = ctx.rows, ctx.ids, ctx.today
    child = subjects[0] if subjects else None
    child_name = child.first_name if child else "the children"
    last_day = min(end or today, today)
    # Meetings: the initial TAF agrees the plan; reviews every six to nine weeks; a closing meeting.
    dates = [(plan_on, "initial")]
    day = plan_on + days(rng, 42, 63)
    while day < min(end or date.max, today + timedelta(days=49)) - timedelta(days=7):
        dates.append((day, "review"))
        day += days(rng, 42, 63)
    if end is not None:
        dates.append((end - days(rng, 0, 5), "closure"))
    meeting_actions: dict[date, list[int]] = {}
    for held_on, kind in dates:
        if held_on > today + timedelta(days=42):
            break
        write_meeting(ctx, rng, family, episode, held_on, kind, actor, carer, subjects, pod, meeting_actions)
    # Plan versions: the first at the initial meeting, a new one at about half the reviews.
    plans: list[tuple[int, date]] = []
    reviews = []
    day = plan_on + days(rng, 70, 91) if rng.random() < 0.85 else plan_on + days(rng, 95, 120)
    while day < (end or date.max) and day <= today:
        reviews.append(day)
        day += days(rng, 70, 91) if rng.random() < 0.85 else days(rng, 95, 120)
    version_dates = [plan_on] + [review for review in reviews if rng.random() < 0.5]
    for version, agreed in enumerate(version_dates, start=1):
        plan = ids.take("plan")
        at = moment(agreed, 15)
        rows.plan.append((
            plan, at, at, episode, version, version == len(version_dates), say(rng, texts.PLAN_WORRIED, child_name),
            say(rng, texts.PLAN_GOING_WELL, child_name), say(rng, texts.PLAN_NEEDS, child_name),
            pick(rng, texts.FAMILY_WORDS), actor, agreed, add_months(agreed, 3),
        ))
        plans.append((plan, agreed))
        from_meeting = meeting_actions.get(agreed, [])
        for i in range(between(rng, 3, 5)):
            what, owner = pick(rng, texts.ACTIONS)
            due = agreed + days(rng, 14, 70)
            status = "done" if due < last_day and rng.random() < 0.75 else (
                "not_done" if due < last_day else "in_progress" if rng.random() < 0.6 else "not_started")
            owner_person = owner_agency = None
            if owner == "family" and carer:
                owner_name, owner_person = f"{carer.first_name} {carer.last_name}", carer.id
            elif owner == "agency":
                owner_agency = agency_for(ctx, rng, pod, child, agreed)
                owner_name = ctx.org.agency_label[owner_agency]
            else:
                owner_name = ctx.org.user_names[actor]
            rows.plan_action.append((
                ids.take("plan_action"), plan, what.replace("{child}", child_name), owner_name, owner_person,
                owner_agency, due, status, needs[i % len(needs)] if needs else None,
                from_meeting[i] if i < len(from_meeting) else None,
            ))
        event(ctx, agreed, 15, family, episode, None, "plan_agreed", f"Family plan version {version} agreed", actor)
    for reviewed_on in reviews:
        current = next(plan for plan, agreed in reversed(plans) if agreed <= reviewed_on)
        at = moment(reviewed_on, 11)
        rows.plan_review.append((ids.take("plan_review"), at, at, episode, current, reviewed_on, actor,
                                 "Reviewed with the family: most actions done; the plan carries on.",
                                 add_months(reviewed_on, 3)))
        event(ctx, reviewed_on, 11, family, episode, None, "plan_reviewed", "Family plan reviewed", actor)
    return plans


def agency_for(ctx: Context, rng: random.Random, pod: int, child: Member | None, on: date) -> int:
    if child is not None and child.date_of_birth is not None and age_on(child.date_of_birth, on) < 5:
        source = "3B"
    else:
        source = pick(rng, ("2A", "2A", "3C", "4", "8"))
    options = ctx.org.agencies_by_source[source]
    local = [agency for agency, locality in options if locality == pod]
    return pick(rng, local or [agency for agency, _ in options])


def write_meeting(ctx, rng, family, episode, held_on, kind, actor, carer, subjects, pod, meeting_actions):
    rows, ids, today = ctx.rows, ctx.ids, ctx.today
    meeting = ids.take("meeting")
    held = held_on <= today
    status = "held" if held else "scheduled"
    if held and kind == "review" and rng.random() < 0.05:
        status = "cancelled"
    when = moment(held_on, pick(rng, (9, 10, 13, 15)), pick(rng, (0, 30)))
    child = subjects[0] if subjects else None
    rows.meeting.append((
        meeting, moment(held_on - timedelta(days=10), 9), when, episode, kind, status, when,
        pick(rng, ("Family home", "School", "Family hub", "Online")),
        "Everyone shared how things have gone; the family spoke first." if status == "held" else "",
        "Plan agreed and actions given." if status == "held" else "", actor, 1,
    ))
    invited = [("user", actor)]
    if carer:
        invited.append(("person", carer))
    for member in family.adults_on(held_on):
        if member is not carer and rng.random() < 0.5:
            invited.append(("person", member))
    for member in subjects:
        if member.date_of_birth and age_on(member.date_of_birth, held_on) >= 10 and rng.random() < 0.4:
            invited.append(("person", member))
    for _ in range(between(rng, 1, 3)):
        invited.append(("agency", agency_for(ctx, rng, pod, child, held_on)))
    for kind_of, who in invited:
        if status == "held":
            attendance = "attended" if rng.random() < 0.85 else pick(rng, ("apologies", "did_not_attend"))
        else:
            attendance = "invited"
        if kind_of == "user":
            rows.attendee.append((ids.take("attendee"), meeting, ctx.org.user_names[who], None, who, None, attendance))
        elif kind_of == "person":
            rows.attendee.append((ids.take("attendee"), meeting, f"{who.first_name} {who.last_name}", who.id, None,
                                  None, attendance))
        else:
            rows.attendee.append((ids.take("attendee"), meeting, ctx.org.agency_label[who], None, None, who,
                                  attendance))
    if status == "held":
        actions = []
        for _ in range(between(rng, 1, 3)):
            action = ids.take("meeting_action")
            what, _owner = pick(rng, texts.ACTIONS)
            child_name = child.first_name if child else "the children"
            done = held_on + timedelta(days=28) < today
            rows.meeting_action.append((
                action, meeting, what.replace("{child}", child_name), ctx.org.user_names[actor], None, None,
                held_on + timedelta(days=28), "done" if done and rng.random() < 0.8 else "in_progress",
            ))
            actions.append(action)
        meeting_actions[held_on] = actions
        event(ctx, held_on, when.hour, family, episode, None, "meeting_held",
               f"{kind.capitalize()} Team Around the Family meeting held", actor)
