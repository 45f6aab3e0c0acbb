"""Learning the model's m and u from data, without labels (offline: bench/matching/train.py, match-file --learn).

The method is Splink's: u (how often two *different* people agree at a level) by comparing random
pairs of register records, where nearly every pair is a non-match; m (how often records of the
*same* person agree at a level) and the share of matches by expectation maximisation over the
pairs that blocking brings together, u held fixed. Comparisons are made by the same
``earlyhelp.domain.matching.compare`` that scores referrals, so training and scoring cannot drift
apart. The EM runs on counts of comparison patterns (a few thousand at most), so plain Python is fast.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence

from earlyhelp.domain import matching as rules

# Smoothing so that a level never seen in training does not get an infinite weight.
PSEUDO_COUNT = 0.5
# Levels that say nothing either way (weight 0).
NEUTRAL = "missing"


def estimate_u(records: Sequence[rules.Record], *, pairs: int = 200_000, seed: int = 1) -> dict[str, dict[str, float]]:
    """u per level from random pairs of register records."""
    rng = random.Random(seed)
    counts = {name: Counter() for name in rules.FIELDS}
    n = len(records)
    if n < 2:
        raise ValueError("Need at least two register records to estimate u")
    for _ in range(pairs):
        i, j = rng.randrange(n), rng.randrange(n)
        if i == j:
            continue
        levels = rules.compare(records[i], records[j]).levels
        for name in rules.FIELDS:
            counts[name][levels[name]] += 1
    return _normalise(counts)


def _normalise(counts: dict[str, Counter]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for name in counts:
        levels = [level for level in rules.LEVELS[name] if level != NEUTRAL]
        total = sum(counts[name][level] for level in levels) + PSEUDO_COUNT * len(levels)
        out[name] = {level: (counts[name][level] + PSEUDO_COUNT) / total for level in levels}
        out[name][NEUTRAL] = 1.0
    return out


def comparison_patterns(pairs: Iterable[tuple[rules.Record, rules.Record]]) -> Counter:
    """How many blocked pairs show each pattern of levels."""
    return Counter(rules.compare(query, candidate).pattern for query, candidate in pairs)


def estimate_m(
    patterns: Counter,
    u: dict[str, dict[str, float]],
    *,
    share_matching: float = 0.1,
    iterations: int = 60,
    initial_m: dict[str, dict[str, float]] | None = None,
    fields: Sequence[str] = rules.FIELDS,
) -> tuple[dict[str, dict[str, float]], float]:
    """m per level and the share of blocked pairs that match, by EM with u fixed.

    Only ``fields`` take part (the others are what the pairs were selected on, so they say nothing).
    """
    all_fields = rules.FIELDS
    positions = [all_fields.index(name) for name in fields]
    items = [(tuple(pattern[i] for i in positions), count) for pattern, count in patterns.items()]
    m = initial_m or _initial_m()
    lam = share_matching
    for _ in range(iterations):
        m_counts = {name: Counter() for name in fields}
        matched = 0.0
        log_m = {name: {lv: math.log(max(v, 1e-12)) for lv, v in m[name].items()} for name in fields}
        log_u = {name: {lv: math.log(max(v, 1e-12)) for lv, v in u[name].items()} for name in fields}
        for pattern, count in items:
            lm = math.log(lam)
            lu = math.log(1 - lam)
            for name, level in zip(fields, pattern, strict=True):
                if level == NEUTRAL:
                    continue
                lm += log_m[name][level]
                lu += log_u[name][level]
            g = 1.0 / (1.0 + math.exp(min(700.0, lu - lm)))
            matched += g * count
            for name, level in zip(fields, pattern, strict=True):
                m_counts[name][level] += g * count
        total = sum(patterns.values())
        lam = min(max(matched / total, 1e-9), 1 - 1e-9)
        m = {**m, **_normalise(m_counts)}
    return m, lam


def _initial_m() -> dict[str, dict[str, float]]:
    """A reasonable start: mostly agreement, decreasing down the levels."""
    out: dict[str, dict[str, float]] = {}
    for name in rules.FIELDS:
        levels = [level for level in rules.LEVELS[name] if level != NEUTRAL]
        raw = [0.5**position for position in range(len(levels))]
        total = sum(raw)
        out[name] = {level: value / total for level, value in zip(levels, raw, strict=True)}
        out[name][NEUTRAL] = 1.0
    return out


def train(
    register: Sequence[rules.Record],
    blocked_pairs: Iterable[tuple[rules.Record, rules.Record]],
    *,
    u_pairs: int = 200_000,
    threshold: float = 0.9,
    seed: int = 1,
) -> rules.Model:
    """A model learned from a register and the pairs blocking finds for a batch of (unlabelled) referrals.

    The returned prior is the EM's share of matching blocked pairs; callers scoring against a
    whole register set the prior from its size instead (``engine.prior_for``).
    """
    u = estimate_u(register, pairs=u_pairs, seed=seed)
    patterns = comparison_patterns(blocked_pairs)
    return rules.Model(prior=0.0, m=estimate_m_in_two_sessions(patterns, u), u=u, threshold=threshold)


def estimate_m_in_two_sessions(patterns: Counter, u: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Splink's advice for EM: estimate each field's m from pairs that were *not* selected on it.

    Blocked pairs of a referral and a register are crowded with the referred person's family: same
    surname, same address. Run EM over all of them and the "match" cluster swallows the family, so
    a different date of birth or first name looks almost harmless. So: session one takes the pairs
    whose dates of birth agree (families rarely share one, twins aside) and learns m for names,
    address, sex and NHS number; session two takes the pairs whose names agree (parents and children
    rarely share both) and learns m for the date of birth.
    """
    index = {name: position for position, name in enumerate(rules.FIELDS)}
    same_dob = Counter({
        pattern: count for pattern, count in patterns.items()
        if pattern[index["date_of_birth"]] in ("exact", "day_month_swapped")
    })
    same_name = Counter({
        pattern: count for pattern, count in patterns.items()
        if pattern[index["first_name"]] in ("exact", "short_form")
        and pattern[index["last_name"]] in ("exact", "previous")
    })
    first_fields = [name for name in rules.FIELDS if name != "date_of_birth"]
    m_one, _ = estimate_m(same_dob, u, fields=first_fields)
    m_two, _ = estimate_m(same_name, u, fields=["date_of_birth", "place", "sex", "nhs_number"])
    return {**m_one, "date_of_birth": m_two["date_of_birth"]}
