"""The person-matching engine as the front door uses it: who a named child might already be, and
adding a new person to the engine's index.

The engine is ``earlyhelp.people.matching`` (the people app owns it). This module is the only place
the front door imports it, so the rest of the app does not care whether it is installed: until it
is, there are no candidates and nothing to index, and the practitioner creates a new person or
finds the child with "Find a person".
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from datetime import date
from types import ModuleType

from earlyhelp.casework.models import Episode
from earlyhelp.people.models import Household, HouseholdMember, Person
from earlyhelp.people.selectors import Badge, people_visible_to
from earlyhelp.socialcare.models import InvolvementKind, StatutoryInvolvement

ENGINE_MODULE = "earlyhelp.people.matching"

# Current statutory involvement, shown as MOJ badges on each candidate (the person page's colours).
INVOLVEMENT_BADGES: tuple[tuple[str, str], ...] = (
    (InvolvementKind.CHILD_IN_NEED, "yellow"),
    (InvolvementKind.SECTION_47, "orange"),
    (InvolvementKind.CHILD_PROTECTION, "red"),
    (InvolvementKind.LOOKED_AFTER, "purple"),
)


def engine() -> ModuleType | None:
    """The matching engine, or None while it is not installed (any other import error is raised)."""
    try:
        return importlib.import_module(ENGINE_MODULE)
    except ModuleNotFoundError as error:
        if error.name == ENGINE_MODULE:
            return None
        raise


def is_available() -> bool:
    return engine() is not None


def index_person(person: Person) -> None:
    """Tell the engine about a person the front door has just created, so the next contact finds them."""
    matching = engine()
    if matching is not None:
        matching.index_person(person)


@dataclass
class KnownCandidate:
    """One person already on the register who may be the named child, with what the practitioner needs to judge."""

    person: Person
    score: float
    reasons: list[str]
    is_probable: bool
    household: Household | None
    open_episodes: list[Episode]
    past_episodes: list[Episode]
    badges: list[Badge]
    re_referral: bool

    @property
    def percent(self) -> int:
        """The score as a whole percentage, rounded down: a 99.6% match is never shown as a certain 100%."""
        return math.floor(self.score * 100)


def current_household(person: Person) -> Household | None:
    """The household a person lives in now (their latest current membership), if any."""
    membership = (
        HouseholdMember.objects.filter(person=person, left_on__isnull=True)
        .select_related("household")
        .order_by("-joined_on", "-id")
        .first()
    )
    return membership.household if membership else None


def candidates_for(
    named, *, user, on: date, is_re_referral, limit: int = 5
) -> tuple[list[KnownCandidate], int]:
    """People who may be this named person, best first, and how many more matched but are hidden from the user.

    ``named`` is a ``ContactPerson``; ``is_re_referral(person_ids, on)`` is the front door's
    re-referral rule (passed in so this module stays a reader). Restricted records the user may not
    open are never shown; they are counted, so the practitioner knows to ask.
    """
    matching = engine()
    if matching is None:
        return [], 0
    query = matching.MatchQuery(
        first_name=named.first_name,
        last_name=named.last_name,
        date_of_birth=named.date_of_birth,
        sex=named.sex if named.sex in ("M", "F") else "",
        address=named.address,
        postcode=named.postcode,
        nhs_number=named.nhs_number,
    )
    found = matching.find_candidates(query, limit=limit)
    if not found:
        return [], 0
    ids = [candidate.person_id for candidate in found]
    visible = {p.pk: p for p in people_visible_to(user).filter(pk__in=ids, merged_into__isnull=True)}
    hidden = sum(1 for pid in ids if pid not in visible)
    involvements: dict[int, set[str]] = {}
    for person_id, kind in StatutoryInvolvement.objects.filter(
        person_id__in=list(visible), ended_on__isnull=True
    ).values_list("person_id", "kind"):
        involvements.setdefault(person_id, set()).add(kind)
    results = []
    for candidate in found:
        person = visible.get(candidate.person_id)
        if person is None:
            continue
        episodes = list(
            Episode.objects.filter(members__person=person).select_related("team").order_by("-opened_on").distinct()
        )
        badges = [
            Badge(InvolvementKind(kind).label, colour)
            for kind, colour in INVOLVEMENT_BADGES
            if kind in involvements.get(person.pk, set())
        ]
        if person.is_restricted:
            badges.append(Badge("Restricted", "grey"))
        results.append(
            KnownCandidate(
                person=person,
                score=float(candidate.score),
                reasons=list(candidate.reasons),
                is_probable=bool(candidate.is_probable),
                household=current_household(person),
                open_episodes=[e for e in episodes if e.is_open],
                past_episodes=[e for e in episodes if not e.is_open],
                badges=badges,
                re_referral=is_re_referral([person.pk], on),
            )
        )
    return results, hidden
