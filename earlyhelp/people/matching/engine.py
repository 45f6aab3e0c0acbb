"""The matcher without a database: the model file, record (de)serialising, an in-memory index and ranking.

Both doors use this: ``find_candidates`` after fetching candidate records from the database
index, and ``match-file`` after filing a CSV register in a ``MemoryIndex``.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from earlyhelp.domain import matching as rules

MODEL_PATH = Path(__file__).with_name("model.json")
# Share of referrals that name someone already on the register: with the register's size it sets the
# prior odds that a register record is the person named (Fellegi-Sunter's lambda).
DEFAULT_SHARE_KNOWN = 0.5


@cache
def default_model() -> rules.Model:
    """The weights learned offline (see bench/matching/train.py), as shipped with the package."""
    return load_model(MODEL_PATH)


def load_model(path: Path | str) -> rules.Model:
    return rules.Model.from_dict(json.loads(Path(path).read_text()))


def prior_for(register_size: int, share_known: float = DEFAULT_SHARE_KNOWN) -> float:
    """Log2 prior odds that one register record (out of ``register_size``) is the person a referral names."""
    chance = share_known / max(register_size, 1)
    return math.log2(chance / (1 - chance))


def with_prior(model: rules.Model, prior: float, threshold: float | None = None) -> rules.Model:
    """The same m and u with another prior (and threshold, which the guards hold pairs below)."""
    threshold = model.threshold if threshold is None else threshold
    return rules.Model(prior=prior, m=model.m, u=model.u, threshold=threshold)


def record_to_data(record: rules.Record) -> list:
    """A compact JSON-able form of a normalised record (stored in the database index)."""
    return [
        list(record.first_names),
        list(record.last_names),
        record.date_of_birth.isoformat() if record.date_of_birth else "",
        record.sex,
        [[p.postcode, p.address, int(p.previous)] for p in record.places],
        record.nhs_number,
    ]


def record_from_data(data: Sequence) -> rules.Record:
    first, last, dob, sex, places, nhs = data
    return rules.Record(
        first_names=tuple(first),
        last_names=tuple(last),
        date_of_birth=date.fromisoformat(dob) if dob else None,
        sex=sex,
        places=tuple(rules.Place(p[0], p[1], bool(p[2])) for p in places),
        nhs_number=nhs,
    )


@dataclass(frozen=True, slots=True)
class Ranked:
    """A candidate after scoring and the guards: the register id, its score and the reasons."""

    record_id: object
    probability: float
    weight: float
    reasons: list[str]


def rank(
    model: rules.Model,
    query: rules.Record,
    candidates: Iterable[tuple[object, rules.Record]],
    *,
    min_score: float = 0.0,
    limit: int | None = None,
    first_name_is_a_name: bool = True,
    guards: bool = True,
) -> list[Ranked]:
    """Score every candidate, apply the guards, and return the best first.

    ``first_name_is_a_name``: whether the register knows the query's first name as someone's name
    (see ``earlyhelp.domain.matching.guard``). ``guards=False``: plain Fellegi-Sunter, no twin,
    relative or namesake guards (``match-file --one-to-one`` only; never the front door).
    """
    pairs = [
        (record_id, record, rules.score(
            model, rules.compare(query, record), first_name_is_a_name=first_name_is_a_name, guards=guards))
        for record_id, record in candidates
    ]
    if not pairs:
        return []
    scored = [sc for _, _, sc in pairs]
    guarded = rules.separate_relatives(model, [(record, sc) for _, record, sc in pairs]) if guards else scored
    ranked = sorted(
        ((record_id, sc) for (record_id, _, _), sc in zip(pairs, guarded, strict=True) if sc.probability >= min_score),
        key=lambda item: (-item[1].probability, -item[1].weight, str(item[0])),
    )
    if limit is not None:
        ranked = ranked[:limit]
    return [
        Ranked(record_id, sc.probability, sc.weight, rules.reasons(sc.comparison, sc)) for record_id, sc in ranked
    ]


class MemoryIndex:
    """Blocking keys to record ids, in memory: the register of a ``match-file`` run."""

    def __init__(self) -> None:
        self.records: dict[object, rules.Record] = {}
        self.keys: dict[str, list[object]] = defaultdict(list)
        self.first_names: set[str] = set()

    def add(self, record_id: object, record: rules.Record) -> None:
        self.records[record_id] = record
        for key in rules.blocking_keys(record):
            self.keys[key].append(record_id)
        self.first_names.update(rules.compact(name) for name in record.first_names)

    def knows_first_name(self, query: rules.Record) -> bool:
        return bool(query.first_names) and rules.compact(query.first_names[0]) in self.first_names

    def candidates(self, query: rules.Record) -> list[tuple[object, rules.Record]]:
        found: dict[object, None] = {}
        for key in rules.blocking_keys(query):
            for record_id in self.keys.get(key, ()):
                found[record_id] = None
        return [(record_id, self.records[record_id]) for record_id in found]

    def __len__(self) -> int:
        return len(self.records)
