"""Already known? Candidate matches from the person register for a person named on a contact.

The front door calls ``find_candidates`` for every named person and shows each candidate with
its score and reasons; nothing is merged here. ``index_person`` files a new or changed person in
the index, ``rebuild_match_index`` re-files everyone (after a bulk load). The scoring rules are
in ``earlyhelp.domain.matching``; the learned weights in ``model.json`` beside this file; the
design in docs/adr/0004-person-matching.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from earlyhelp.domain import matching as rules
from earlyhelp.people.matching import engine
from earlyhelp.people.matching.index import (
    candidate_records,
    index_person,
    knows_first_name,
    rebuild_match_index,
    register_size_for_prior,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "Candidate",
    "MatchQuery",
    "find_candidates",
    "index_person",
    "rebuild_match_index",
]

# At or above this match probability a candidate is "probably the same person" (is_probable).
DEFAULT_THRESHOLD: float = engine.default_model().threshold


@dataclass(frozen=True)
class MatchQuery:
    """A person as a referrer wrote them (a ContactPerson's fields)."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    sex: str = ""
    address: str = ""
    postcode: str = ""
    nhs_number: str = ""

    def record(self) -> rules.Record:
        return rules.make_record(
            first_name=self.first_name,
            last_name=self.last_name,
            date_of_birth=self.date_of_birth,
            sex=self.sex,
            address=self.address,
            postcode=self.postcode,
            nhs_number=self.nhs_number,
        )


@dataclass(frozen=True)
class Candidate:
    """A register person who may be the one named: match probability 0..1 and why, in plain words."""

    person_id: int
    score: float
    reasons: list[str] = field(default_factory=list)
    is_probable: bool = False


def find_candidates(query: MatchQuery, *, limit: int = 5, min_score: float = 0.05) -> list[Candidate]:
    """The register people who may be ``query``, best first (people merged into another record left out)."""
    model = engine.with_prior(engine.default_model(), engine.prior_for(register_size_for_prior()))
    record = query.record()
    ranked = engine.rank(
        model, record, candidate_records(record), min_score=min_score, limit=limit,
        first_name_is_a_name=knows_first_name(record),
    )
    return [
        Candidate(
            person_id=int(item.record_id),
            score=item.probability,
            reasons=item.reasons,
            is_probable=item.probability >= model.threshold,
        )
        for item in ranked
    ]
