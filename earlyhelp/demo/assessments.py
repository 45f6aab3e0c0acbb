"""Early Help Assessments (and social care's single assessment carried on a step down), with their needs."""

from __future__ import annotations

from earlyhelp.demo.data import texts
from earlyhelp.demo.families import moment
from earlyhelp.demo.rand import pick
from earlyhelp.demo.records import days, event, say

FACTORS: dict[str, tuple[tuple[str, str], ...]] = {
    "SF1": (("20", "A"),),
    "SF2": (("5A", "A"), ("20", "A")),
    "SF3": (("4B", "B"), ("4A", "A"), ("6B", "B"), ("6A", "A"), ("15A", "A"), ("7A", "A")),
    "SF4": (("1B", "B"), ("2B", "B"), ("2A", "A"), ("1C", "C")),
    "SF5": (("17A", "A"), ("14A", "A"), ("20", "B")),
    "SF6": (("16A", "A"), ("10A", "A"), ("11A", "A"), ("24A", "A"), ("18C", "A")),
    "SF7": (("13A", "A"), ("14A", "A"), ("24A", "A")),
    "SF8": (("3B", "B"), ("3A", "A"), ("3C", "C")),
    "SF9": (("20", "B"),),
    "SF10": (("20", "B"),),
}
PRIMARY_NEEDS = (("N1", 50), ("N2", 4), ("N3", 7), ("N4", 12), ("N5", 14), ("N6", 3), ("N7", 3), ("N8", 3),
                 ("N9", 2), ("N0", 2))
CP_CATEGORIES = (("NEG", 45), ("EMO", 35), ("PHY", 8), ("SAB", 4), ("MUL", 8))
CLOSURE_REASONS = (("needs_met", 78), ("step_down_universal", 12), ("consent_withdrawn", 4), ("moved_away", 4),
                   ("other", 2))


def write_assessment(ctx, rng, family, episode, contact_id, subjects, areas, started, submitted, authorised, actor,
                manager, from_social_care, carer):
    rows, ids, today = ctx.rows, ctx.ids, ctx.today
    assessment = ids.take("assessment")
    child_name = subjects[0].first_name if subjects else "the children"
    if from_social_care:
        kind, status, auth_by, auth_on, sub = "single", "authorised", ctx.org.social_care_manager, started, started
        begun = started - days(rng, 20, 45)
        due = ctx.working_days_after(begun, 45)
    else:
        kind = "eha"
        begun, due, sub = started, ctx.working_days_after(started, 35), None
        if authorised and authorised <= today:
            status, auth_by, auth_on, sub = "authorised", manager, authorised, submitted
        elif submitted and submitted <= today:
            status, auth_by, auth_on, sub = "submitted", None, None, submitted
        else:
            status, auth_by, auth_on = "in_progress", None, None
        consent_at = moment(started, 10)
        rows.consent.append((
            ids.take("consent"), consent_at, consent_at, contact_id, family.household_id,
            f"{carer.first_name} {carer.last_name}" if carer else "", carer.id if carer else None, "assessment",
            "given", started, None, False, "", actor,
        ))
        event(ctx, started, 10, family, episode, None, "assessment_started", "Early Help Assessment started", actor)
    lead_agency = None
    if rng.random() < 0.09:
        lead_agency = pick(rng, [agency for agency, _ in ctx.org.agencies_by_source["2A"]]
                                 + [agency for agency, _ in ctx.org.agencies_by_source["3B"]])
    created = moment(begun, 10)
    rows.assessment.append((
        assessment, created, moment(auth_on or min(today, due), 15), episode, kind, status, begun, due, sub, auth_by,
        auth_on, lead_agency, True,
        "The family have lived in the borough for several years; the children's father is not in contact.",
        "The family are warm with each other and want things to change.",
        say(rng, texts.FAMILY_WANTS, child_name),
        f"{child_name} said: \"I want home to be calm and to see my friends.\"",
        "Needs across school, health and money that no one agency can meet: a Team Around the Family is needed.",
        1 if status != "authorised" else 2,
    ))
    members_now = [m for m in family.members if m.member_on(started) or m in subjects]
    adults = [m for m in members_now if not m.is_child]
    children = [m for m in members_now if m.is_child]
    for member in members_now:
        rows.assessment_member.append((
            ids.take("assessment_member"), assessment, member.id,
            "Caring and keen to help." if member.is_child else "Wants the best for the children.",
            "See the needs below.", "Things are better when we do things together." if rng.random() < 0.5 else "",
        ))
    need_ids = []
    chosen = list(dict.fromkeys(areas))[:4]
    while len(chosen) < 2:
        extra = pick(rng, list(FACTORS))
        if extra not in chosen:
            chosen.append(extra)
    if rng.random() < 0.4:
        extra = pick(rng, list(FACTORS))
        if extra not in chosen:
            chosen.append(extra)
    for area in chosen:
        factor, whose = pick(rng, FACTORS[area])
        if whose == "A" and children:
            person = pick(rng, children).id
        elif whose == "B" and adults:
            person = adults[0].id
        else:
            person = None
        need = ids.take("assessment_need")
        rows.assessment_need.append((need, assessment, person, factor, area,
                                     say(rng, texts.REFERRER_SAYS[area], child_name), True, rng.random() < 0.4))
        need_ids.append(need)
    if status == "authorised" and kind == "eha":
        event(ctx, auth_on, 15, family, episode, None, "assessment_authorised", "Early Help Assessment authorised",
               manager)
    return assessment, need_ids


def write_reassessment(ctx, rng, family, episode, started, finished, actor, manager):
    """After social care returns a step up: a refreshed assessment, authorised, and the plan resumes."""
    rows, ids = ctx.rows, ctx.ids
    done = finished <= ctx.today
    assessment = ids.take("assessment")
    created = moment(started, 10)
    rows.assessment.append((
        assessment, created, created, episode, "eha", "authorised" if done else "in_progress", started,
        ctx.working_days_after(started, 35), finished if done else None, manager if done else None,
        finished if done else None, None, True, "Updated after social care returned the step up with advice.",
        "", "", "", "The plan continues with a social work consultation.", 1,
    ))
    event(ctx, started, 13, family, episode, None, "step_up_returned", "Returned to early help with advice", None)
