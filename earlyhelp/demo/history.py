"""A family's history with the service: every contact, the front door's decision, and what followed.

The family's contacts are simulated in date order: the first request for help, unplanned further
contacts, re-referrals within a year of a referral and step downs when social care closes to early
help. Each decided referral opens an early help episode or statutory involvement (``casework``).
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from earlyhelp.demo import names
from earlyhelp.demo.casework import early_help_episode, statutory
from earlyhelp.demo.context import Context
from earlyhelp.demo.data import texts
from earlyhelp.demo.families import Family, Member, age_on
from earlyhelp.demo.rand import between, pick
from earlyhelp.domain.levels_of_need import OUTCOME_LEVELS, IdentifiedNeed, recommend
from earlyhelp.domain.timescales import LOCAL_TIMEZONE, decision_due
from earlyhelp.domain.triage import is_re_referral

REFERRALS = frozenset({"targeted_early_help", "social_care"})

# Census referral sources of contacts, weighted: police, schools, health and families are the big ones.
SOURCE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("6", 20.0), ("2A", 18.0), ("1A", 6.0), ("1C", 5.0), ("8", 5.0), ("3B", 4.0), ("3A", 3.0), ("3E", 3.0),
    ("3F", 3.0), ("4", 3.0), ("2B", 2.5), ("5B", 2.5), ("9", 2.5), ("3D", 2.0), ("5A", 2.0), ("7", 2.0),
    ("3C", 1.5), ("10", 1.5), ("5C", 1.2), ("5D", 1.2), ("1B", 1.0), ("1D", 1.0),
)
_SOURCES = [code for code, _ in SOURCE_WEIGHTS]
_SOURCE_WEIGHTS = [weight for _, weight in SOURCE_WEIGHTS]
AREA_WEIGHTS = (("SF1", 14), ("SF2", 6), ("SF3", 18), ("SF4", 7), ("SF5", 14), ("SF6", 10), ("SF7", 5),
                ("SF8", 12), ("SF9", 7), ("SF10", 9))
_AREAS = [code for code, _ in AREA_WEIGHTS]
_AREA_WEIGHTS = [weight for _, weight in AREA_WEIGHTS]
_INDIVIDUAL = {"1A", "1B", "1C", "1D", "9", "10"}
_HEALTH = {"3A", "3B", "3C", "3D", "3E", "3F"}


def entry_point_for(rng: random.Random, source: str) -> str:
    roll = rng.random()
    if source == "6":
        return "police_notification" if roll < 0.85 else "csv_import" if roll < 0.93 else "phone"
    if source in ("1A", "1C"):
        return "self_referral" if roll < 0.5 else "advice_point" if roll < 0.75 else "phone"
    if source in ("1B", "1D", "9"):
        return "phone" if roll < 0.6 else "advice_point"
    if source == "10":
        return "csv_import" if roll < 0.5 else "phone"
    if source in _HEALTH and roll < 0.12:
        return "api"
    return "partner_form" if roll < 0.72 else "phone" if roll < 0.88 else "advice_point"


@dataclass
class FamilyState:
    """What the service knows about the family so far, as its history is played out."""

    episode_open_until: date | None = None  # an early help episode is open until this day
    statutory_until: date | None = None  # social care involved until this day
    last_episode: int | None = None
    referral_dates: dict[int, list[date]] = field(default_factory=dict)  # child id -> referral days
    seen: set[int] = field(default_factory=set)  # people already on the register
    sequence: int = 0

    def busy_on(self, day: date) -> bool:
        return any(until is not None and day <= until for until in (self.episode_open_until, self.statutory_until))


def _received_at(rng: random.Random, day: date, source: str, ctx: Context) -> datetime:
    if source in ("6", "3E") and rng.random() < 0.5:
        hour = rng.randrange(24)
    else:
        hour = between(rng, 8, 17)
    if day == ctx.today:
        hour = min(hour, ctx.now.hour - 1)
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=LOCAL_TIMEZONE)


def _decided_at(rng: random.Random, received: datetime, due: datetime, urgency: str, ctx: Context) -> datetime:
    roll = rng.random()
    if urgency == "immediate" or roll < 0.78:
        decided = received + timedelta(minutes=between(rng, 20, 60 if urgency == "immediate" else 360))
        if decided.hour >= 18 or decided.hour < 8:
            next_day = ctx.working_days_after(decided.date(), 1)
            decided = datetime(next_day.year, next_day.month, next_day.day, between(rng, 8, 11), rng.randrange(60),
                               tzinfo=LOCAL_TIMEZONE)
        return decided
    if roll < 0.92:
        next_day = ctx.working_days_after(received.date(), 1)
        return datetime(next_day.year, next_day.month, next_day.day, between(rng, 9, 17), rng.randrange(60),
                        tzinfo=LOCAL_TIMEZONE)
    late = ctx.working_days_after(due.date(), between(rng, 1, 3))
    return datetime(late.year, late.month, late.day, between(rng, 9, 17), rng.randrange(60), tzinfo=LOCAL_TIMEZONE)


def _as_written(rng: random.Random, member: Member, day: date) -> tuple[str, str, date | None]:
    """A person's name and date of birth as a referrer writes them: nicknames, slips, old surnames."""
    first = member.first_name
    if member.nickname and rng.random() < 0.25:
        first = member.nickname
    elif member.other_spelling and rng.random() < 0.5:
        first = member.other_spelling
    elif rng.random() < 0.06:
        first = names.typo(rng, first)
    last = member.surname_on(day)
    if member.previous_surname and last == member.last_name and rng.random() < 0.15:
        last = member.previous_surname
    elif ("-" in last or " " in last) and rng.random() < 0.3:
        last = pick(rng, last.replace("-", " ").split())
    elif rng.random() < 0.03:
        last = names.typo(rng, last)
    born = member.date_of_birth
    roll = rng.random()
    if born is not None:
        if roll < 0.08:
            born = None
        elif roll < 0.10 and born.day <= 12 and born.day != born.month:
            born = born.replace(month=born.day, day=born.month)
        elif roll < 0.11:
            born = born + timedelta(days=pick(rng, (-1, 1)))
    return first, last, born


def _decision_needs(rng: random.Random, outcome: str, areas: list[str]) -> tuple[list[IdentifiedNeed], bool, str]:
    """Needs the front door records for the outcome it chose, whether there is a statutory concern, and
    the outcome the threshold rule would recommend from them if the practitioner overrode it."""
    override = ""
    if rng.random() < 0.08 and outcome != "nfa":
        override = {
            "targeted_early_help": pick(rng, ("single_agency", "social_care")),
            "single_agency": "targeted_early_help",
            "social_care": "targeted_early_help",
            "advice": "single_agency",
        }[outcome]
    shape = override or outcome
    pool = list(dict.fromkeys(areas + rng.choices(_AREAS, weights=_AREA_WEIGHTS, k=6)))
    if shape in ("advice", "nfa"):
        chosen = pool[: between(rng, 0, 2)]
        needs = [IdentifiedNeed(a, a, False, True, False) for a in chosen]
    elif shape == "single_agency":
        chosen = pool[: between(rng, 1, 2)]
        needs = [IdentifiedNeed(a, a, True, True, False) for a in chosen]
    elif shape == "targeted_early_help":
        chosen = pool[: between(rng, 3, 5)]
        needs = [IdentifiedNeed(a, a, True, rng.random() < 0.5, rng.random() < 0.5) for a in chosen]
    else:
        chosen = pool[: between(rng, 2, 5)]
        needs = [IdentifiedNeed(a, a, True, False, True) for a in chosen]
    return needs, shape == "social_care", override


class HistoryWriter:
    """Writes one family's history into the context's row buffers."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # --- the family's timeline ---

    def family(self, family: Family, rng: random.Random, *, force_awaiting: bool = False) -> None:
        ctx, tuning = self.ctx, self.ctx.tuning
        state = FamilyState()
        queue: list[tuple[date, int, str, object]] = []

        def schedule(day: date, kind: str, payload: object = None) -> None:
            state.sequence += 1
            heapq.heappush(queue, (day, state.sequence, kind, payload))

        schedule(family.first_contact, "first")
        # Unplanned further contacts, while the family is in the service's view (a few years after the first).
        active_days = min((ctx.today - family.first_contact).days, round(tuning.background_years * 365))
        expected = tuning.background_contacts_a_year * active_days / 365
        count = sum(1 for _ in range(int(expected) + 3) if rng.random() < expected / (int(expected) + 3))
        for _ in range(count):
            schedule(family.first_contact + timedelta(days=between(rng, 1, max(1, active_days))), "other")
        while queue:
            day, _seq, kind, payload = heapq.heappop(queue)
            if day > ctx.today:
                continue
            if kind == "step_down":
                self._step_down(family, rng, state, day, payload)
                continue
            if kind == "again" and state.busy_on(day):
                continue
            outcome = None
            if state.busy_on(day):
                outcome = "advice"
            elif kind == "again":
                outcome = "targeted_early_help" if rng.random() < tuning.rereferral_early_help_share else "social_care"
            elif kind == "first" and force_awaiting:
                outcome = "targeted_early_help"
            result = self.contact(family, rng, state, day, outcome=outcome, force_awaiting=force_awaiting)
            if result is None:
                continue
            outcome, decided_on, ended_on, statutory_result = result
            if outcome not in REFERRALS or decided_on is None:
                continue
            if statutory_result is not None and statutory_result.stepped_down_on:
                schedule(statutory_result.stepped_down_on, "step_down", statutory_result)
            if ended_on is not None and rng.random() < tuning.rereferral_probability:
                earliest, latest = ended_on + timedelta(days=7), day + timedelta(days=360)
                if earliest <= latest:
                    schedule(earliest + timedelta(days=rng.randrange((latest - earliest).days + 1)), "again")

    # --- one contact ---

    def contact(self, family: Family, rng: random.Random, state: FamilyState, day: date, *, outcome: str | None,
                force_awaiting: bool = False, source: str | None = None, entry_point: str | None = None,
                referrer: tuple[int | None, str, str, int | None] | None = None):
        ctx, rows, ids = self.ctx, self.ctx.rows, self.ctx.ids
        children = family.children_on(day)
        if not children:
            return None
        if len(children) > 1 and rng.random() < 0.3:
            children = [pick(rng, children)]
        carer = family.main_carer_on(day)
        source = source or rng.choices(_SOURCES, weights=_SOURCE_WEIGHTS)[0]
        if source == "2A" and all(c.date_of_birth and age_on(c.date_of_birth, day) < 4 for c in children):
            source = "3B"
        entry_point = entry_point or entry_point_for(rng, source)
        if outcome is None:
            outcome = rng.choices([o for o, _ in ctx.tuning.outcome_weights],
                                  weights=[w for _, w in ctx.tuning.outcome_weights])[0]
        urgency = "immediate" if outcome == "social_care" and rng.random() < 0.15 else (
            "urgent" if rng.random() < 0.15 else "routine")
        received = _received_at(rng, day, source, ctx)
        due = decision_due(received, 1, ctx.holidays)
        pod = family.address_on(day).address.locality
        if (referrer is None and source == "2A" and pod == 0 and not force_awaiting
                and ctx.partner_outcomes[outcome] < ctx.tuning.partner_requests_per_outcome):
            # The demo partner's own requests, a couple with each outcome.
            ctx.partner_outcomes[outcome] += 1
            entry_point = "partner_form"
            partner = ctx.org.demo["partner"]
            referrer = (partner, ctx.org.user_names[partner], "Designated safeguarding lead",
                        ctx.org.agency_by_code["eastbridge_primary"])
        referrer_user, referrer_name, referrer_role, agency = referrer or self._referrer(
            rng, source, entry_point, family, carer, pod, outcome)

        status = "decided"
        decided = _decided_at(rng, received, due, urgency, ctx)
        if rng.random() < 0.01 and not force_awaiting:
            status = "withdrawn"
        elif decided > ctx.now:
            status = "awaiting_triage"
        oversight_at = None
        if status == "decided" and outcome in ("social_care", "nfa"):
            oversight_at = decided + timedelta(hours=between(rng, 1, 6) if rng.random() < 0.7 else between(rng, 18, 70))
            if oversight_at > ctx.now:
                status, oversight_at = "awaiting_oversight", None

        named_ids = [c.id for c in children]
        previous = [d for cid in named_ids for d in state.referral_dates.get(cid, [])]
        re_referral = is_re_referral(previous, day)
        contact_id = ids.take("contact")
        recorder = pick(rng, ctx.org.front_door)
        recorded_by = referrer_user if entry_point == "partner_form" and referrer_user else recorder
        areas = list(dict.fromkeys(rng.choices(_AREAS, weights=_AREA_WEIGHTS, k=between(rng, 1, 4))))
        first_child = children[0].first_name
        reasons = " ".join(texts.REFERRER_SAYS[a][rng.randrange(len(texts.REFERRER_SAYS[a]))] for a in areas)
        reasons = reasons.replace("{child}", first_child)
        decided_ok = status in ("decided", "awaiting_oversight")
        updated = decided if decided_ok else received
        email = ""
        if agency is not None:
            email = f"{referrer_name.split()[0].lower()}.{referrer_name.split()[-1].lower()}@partner.example" \
                if referrer_name else ""
        rows.contact.append((
            contact_id, received, updated, entry_point, status, received, due, source, urgency, referrer_user,
            referrer_name, referrer_role, agency, email, "07700 900" + f"{contact_id % 1000:03d}" if referrer_name else "",
            family.household_id, reasons, pick(rng, texts.FAMILY_WANTS).replace("{child}", first_child), "",
            pick(rng, texts.ADVICE_GIVEN[3:]) if outcome == "advice" and state.busy_on(day) and decided_ok else (
                pick(rng, texts.ADVICE_GIVEN[:3]) if outcome == "advice" and decided_ok else ""),
            re_referral, f"api-{ctx.seed}-{contact_id}" if entry_point == "api" else None, recorded_by,
        ))
        for area in areas:
            rows.contact_need.append((ids.take("contact_need"), contact_id, area, ""))
        self._named_people(family, rng, state, contact_id, day, received, children, carer, source,
                           matched_at=decided if decided_ok else None, matcher=recorder)
        self._consent(rng, family, contact_id, day, received, carer, source, outcome, recorder)
        self._event(family, received, None, "contact_received", f"Contact received ({entry_point.replace('_', ' ')})",
                    recorded_by, {"contact": contact_id, "source": source})
        if not decided_ok:
            return outcome, None, None, None
        self._decision(rng, contact_id, decided, outcome, areas, family, oversight_at)
        if status != "decided":
            return outcome, None, None, None
        decided_on = decided.astimezone(LOCAL_TIMEZONE).date()
        if outcome in REFERRALS:
            for cid in named_ids:
                state.referral_dates.setdefault(cid, []).append(day)
        ended_on = statutory_result = None
        if outcome == "targeted_early_help":
            result = early_help_episode(
                ctx, rng, family, contact_id=contact_id, opened_on=decided_on, subjects=children, areas=areas,
                previous_episode=state.last_episode if re_referral else None, force_awaiting=force_awaiting,
            )
            state.last_episode = result.episode_id
            ended_on = result.ended_on
            state.episode_open_until = ended_on or date.max
            if result.step_up:
                decided_up, decision, step_up = result.step_up
                statutory_result = statutory(ctx, rng, family, children, started_on=decided_up, source="5D",
                                             from_step_up=step_up, child_protection=decision == "accepted_cp")
                state.statutory_until = statutory_result.ended_on or date.max
                ended_on = statutory_result.ended_on
        elif outcome == "social_care":
            statutory_result = statutory(ctx, rng, family, children, started_on=decided_on + timedelta(days=1),
                                         source=source)
            ended_on = statutory_result.ended_on
            state.statutory_until = ended_on or date.max
        return outcome, decided_on, ended_on, statutory_result

    def _step_down(self, family: Family, rng: random.Random, state: FamilyState, day: date, result) -> None:
        """Social care closes to early help (RC9): a step-down contact and an episode that starts from its work."""
        ctx, rows, ids = self.ctx, self.ctx.rows, self.ctx.ids
        children = family.children_on(day)
        if not children or state.episode_open_until and day <= state.episode_open_until:
            return
        contact_id = ids.take("contact")
        received = datetime(day.year, day.month, day.day, between(rng, 9, 15), rng.randrange(60), tzinfo=LOCAL_TIMEZONE)
        decided = received + timedelta(hours=between(rng, 1, 3))
        agency = ctx.org.agency_by_code["childrens_social_care"]
        carer = family.main_carer_on(day)
        rows.contact.append((
            contact_id, received, decided, "step_down", "decided", received, decision_due(received, 1, ctx.holidays),
            "5A", "routine", None, result.social_worker, "Social worker", agency, "", "", family.household_id,
            "Closing to early help after assessment (RC9): the family agree to early help support.",
            "The family want to keep the changes going.", "", "", False, None, pick(rng, ctx.org.front_door),
        ))
        rows.contact_need.append((ids.take("contact_need"), contact_id, "SF5", ""))
        self._named_people(family, rng, state, contact_id, day, received, children, carer, "5A",
                           matched_at=decided, matcher=pick(rng, ctx.org.front_door))
        self._event(family, received, None, "contact_received", "Step down from children's social care", None,
                    {"contact": contact_id})
        self._decision(rng, contact_id, decided, "targeted_early_help", ["SF5"], family, None)
        episode = early_help_episode(
            ctx, rng, family, contact_id=contact_id, opened_on=day, subjects=children, areas=["SF5", "SF6"],
            origin="step_down", previous_episode=None, step_down=(result.involvement_id, result.social_worker),
        )
        state.last_episode = episode.episode_id
        state.episode_open_until = episode.ended_on or date.max

    # --- the parts of a contact ---

    def _referrer(self, rng, source, entry_point, family, carer, pod, outcome):
        ctx = self.ctx
        if source in _INDIVIDUAL:
            if source == "1C" and carer:
                return None, f"{carer.first_name} {carer.last_name}", "Parent", None
            if source == "1A":
                first = names.first_name(rng, "british", "F")
                return None, f"{first} {carer.last_name if carer else family.name.split()[0]}", \
                    pick(rng, ("Grandmother", "Aunt", "Older sister", "Father")), None
            if source in ("1B", "1D"):
                return None, f"{names.first_name(rng, 'british', 'F')} {names.surname(rng, 'british')}", \
                    pick(rng, ("Neighbour", "Family friend", "Member of the public")), None
            return None, "", "", None
        options = ctx.org.agencies_by_source[source]
        local = [agency for agency, locality in options if locality == pod]
        agency = pick(rng, local or [agency for agency, _ in options])
        staff = ctx.org.referrers_by_agency.get(agency, [])
        if staff and (entry_point == "partner_form" or rng.random() < 0.5):
            user, name, role = pick(rng, staff)
            return (user if entry_point == "partner_form" and rng.random() < 0.7 else None), name, role, agency
        return None, f"{names.first_name(rng, 'british', pick(rng, 'FM'))} {names.surname(rng, 'british')}", \
            "Practitioner", agency

    def _named_people(self, family, rng, state, contact_id, day, received, children, carer, source, *,
                      matched_at, matcher) -> None:
        rows, ids = self.ctx.rows, self.ctx.ids
        move = family.address_on(day)
        address = move.address
        if move.moved_in_on > day - timedelta(days=90) and len(family.moves) > 1 and rng.random() < 0.3:
            address = family.moves[max(0, family.moves.index(move) - 1)].address
        people = [(c, "child", "") for c in children]
        if carer:
            relation = {"parent": "Mother" if carer.sex == "F" else "Father", "carer": "Grandparent"}.get(
                carer.role, "Other adult")
            people.append((carer, "adult", relation))
        for adult in family.adults_on(day):
            if adult is not carer and rng.random() < 0.3:
                people.append((adult, "adult", "Partner of parent" if adult.role == "parent" else "Other adult"))
        for member, role, relation in people:
            first, last, born = _as_written(rng, member, day)
            nhs = member.nhs_number if rng.random() < (0.35 if source in _HEALTH else 0.05) else ""
            sex = member.sex if rng.random() > 0.05 else "U"
            if matched_at is not None:
                status = "matched" if member.id in state.seen else "new_person"
                person, score, by, at = member.id, round(rng.uniform(0.72, 1.0), 2) if status == "matched" else None, \
                    matcher, matched_at
                state.seen.add(member.id)
            else:
                status, person, score, by, at = "unchecked", None, None, None, None
            rows.contact_person.append((
                ids.take("contact_person"), received, at or received, contact_id, role, first, last, born, sex,
                address.one_line, address.postcode if rng.random() > 0.12 else "", nhs, relation, person, status,
                score, by, at,
            ))

    def _consent(self, rng, family, contact_id, day, received, carer, source, outcome, recorder) -> None:
        rows, ids = self.ctx.rows, self.ctx.ids
        who = f"{carer.first_name} {carer.last_name}" if carer else ""
        person = carer.id if carer else None
        roll = rng.random()
        if source == "6":
            status, proceed, reason = "not_sought", True, "Police notification shared under our safeguarding duty."
        elif outcome == "social_care" and roll < 0.55:
            status = "not_sought" if roll < 0.4 else "refused"
            proceed, reason = True, "Seeking consent could place the child at risk of significant harm."
        elif source == "9":
            status, proceed, reason = "not_sought", False, ""
        elif roll < 0.04:
            status, proceed, reason = "refused", False, ""
        else:
            status, proceed, reason = "given", False, ""
        if status == "given" and not who:
            status = "not_sought"
        rows.consent.append((ids.take("consent"), received, received, contact_id, family.household_id,
                             who if status == "given" else "", person if status == "given" else None, "referral",
                             status, day, None, proceed, reason, recorder))
        if outcome == "targeted_early_help" and status == "given" and rng.random() < 0.5:
            rows.consent.append((ids.take("consent"), received, received, contact_id, family.household_id, who, person,
                                 "information_sharing", "given", day, None, False, "", recorder))

    def _decision(self, rng, contact_id, decided, outcome, areas, family, oversight_at) -> None:
        ctx, rows, ids = self.ctx, self.ctx.rows, self.ctx.ids
        needs, statutory_concern, override = _decision_needs(rng, outcome, areas)
        recommendation = recommend(needs, statutory_concern=statutory_concern)
        recommended = recommendation.outcome
        override_reason = ""
        if recommended != outcome:
            key = "early_help_not_social_care" if recommended == "social_care" else outcome
            override_reason = texts.OVERRIDE[key]
        level = ctx.levels[OUTCOME_LEVELS.get(outcome, 1)]
        decision = ids.take("decision")
        single_agency = None
        if outcome == "single_agency":
            single_agency = pick(rng, [a for source in ("2A", "3B", "3C", "8") for a, _ in ctx.org.agencies_by_source[source]])
        needs_oversight = outcome in ("social_care", "nfa")
        decider = pick(rng, ctx.org.front_door)
        rows.decision.append((
            decision, decided, oversight_at or decided, contact_id, decider, decided, level, outcome, single_agency,
            pick(rng, texts.RATIONALE[outcome]), recommended, recommendation.reason, override_reason,
            statutory_concern, needs_oversight,
            ctx.org.hub_manager if oversight_at else None, oversight_at, True if oversight_at else None,
            "Agreed." if oversight_at else "",
        ))
        for need in needs:
            rows.decision_need.append((ids.take("decision_need"), decision, need.code, need.unmet,
                                       need.single_agency_can_meet, need.complex))
        self._event(family, decided, None, "contact_decided", f"Front door decision: {outcome.replace('_', ' ')}",
                    decider, {"contact": contact_id, "outcome": outcome})

    def _event(self, family, at: datetime, episode, kind, summary, actor, data) -> None:
        self.ctx.rows.event.append((self.ctx.ids.take("event"), at, family.household_id, episode, None, kind, summary,
                                    actor, data))


def front_door_queue(ctx: Context, rng: random.Random) -> None:
    """Contacts about families not yet on the register, waiting for the front door: due tomorrow, due today
    and overdue, plus a partner's request still in draft."""
    rows, ids = ctx.rows, ctx.ids
    plan = [0] * 4 + [1] * 4 + [3] * 3 + [5]
    for position, working_days_ago in enumerate(plan):
        day = ctx.today
        for _ in range(working_days_ago):
            day = ctx.working_days_after(day, -1)
        hour = between(rng, 8, max(8, ctx.now.hour - 1)) if working_days_ago == 0 else between(rng, 9, 17)
        received = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=LOCAL_TIMEZONE)
        source = rng.choices(_SOURCES, weights=_SOURCE_WEIGHTS)[0]
        entry_point = entry_point_for(rng, source)
        referrer_user, referrer_name, referrer_role, agency = None, "", "", None
        status = "awaiting_triage"
        if position in (2, len(plan) - 1):
            source, entry_point = "2A", "partner_form"
            referrer_user = ctx.org.demo["partner"]
            referrer_name, referrer_role = ctx.org.user_names[referrer_user], "Designated safeguarding lead"
            agency = ctx.org.agency_by_code["eastbridge_primary"]
            status = "draft" if position == len(plan) - 1 else status
        elif source not in _INDIVIDUAL:
            agency = ctx.org.agencies_by_source[source][0][0]
            referrer_name, referrer_role = f"{names.first_name(rng, 'british', 'F')} {names.surname(rng, 'british')}", \
                "Practitioner"
        contact_id = ids.take("contact")
        tradition = names.TRADITION[names.ethnicity(rng)]
        surname = names.surname(rng, tradition)
        child_sex = pick(rng, "FM")
        child = names.first_name(rng, tradition, child_sex)
        area = rng.choices(_AREAS, weights=_AREA_WEIGHTS)[0]
        rows.contact.append((
            contact_id, received, received, entry_point, status, received, decision_due(received, 1, ctx.holidays),
            source, "urgent" if position % 5 == 0 else "routine", referrer_user, referrer_name, referrer_role, agency,
            "", "", None, texts.REFERRER_SAYS[area][0].replace("{child}", child), "", "", "", False, None,
            referrer_user or pick(rng, ctx.org.front_door),
        ))
        rows.contact_need.append((ids.take("contact_need"), contact_id, area, ""))
        age = between(rng, 1, 16)
        born = ctx.today - timedelta(days=age * 365 + rng.randrange(365))
        rows.contact_person.append((ids.take("contact_person"), received, received, contact_id, "child", child, surname,
                                    born, child_sex, "", "", "", "", None, "unchecked", None, None, None))
        parent = names.first_name(rng, tradition, "F")
        rows.contact_person.append((ids.take("contact_person"), received, received, contact_id, "adult", parent, surname,
                                    None, "F", "", "", "", "Mother", None, "unchecked", None, None, None))
        rows.consent.append((ids.take("consent"), received, received, contact_id, None, f"{parent} {surname}", None,
                             "referral", "given", day, None, False, "", None))
        if position in (5, 9):  # decided, waiting for a manager to check a referral to social care or no further action
            outcome = "social_care" if position == 5 else "nfa"
            decided = received + timedelta(hours=2)
            statutory_concern = outcome == "social_care"
            needs = [IdentifiedNeed(area, area, statutory_concern, False, statutory_concern)]
            recommendation = recommend(needs, statutory_concern=statutory_concern)
            rows.decision.append((
                ids.take("decision"), decided, decided, contact_id, pick(rng, ctx.org.front_door), decided,
                ctx.levels[OUTCOME_LEVELS.get(outcome, 1)], outcome, None, texts.RATIONALE[outcome][0],
                recommendation.outcome, recommendation.reason,
                "" if recommendation.outcome == outcome else texts.OVERRIDE[outcome], statutory_concern, True, None, None,
                None, "",
            ))
            rows.contact[-1] = (*rows.contact[-1][:4], "awaiting_oversight", *rows.contact[-1][5:])
