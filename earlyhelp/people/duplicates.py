"""Finding people recorded twice, across the whole register, with the front door's own matcher.

The scan never compares every pair (half a trillion on a million people). It reads the match
index (``people_matchkey``): two records are worth scoring only when they share at least three
kinds of blocking key (``MIN_SHARED_KINDS``), or an NHS number. Random people with the same
birthday share one kind (``d:``), namesakes born in the same year two; a record and its duplicate
share many (birthday, name codes with the year, postcode and initial, house number...). The index is read one slice of person ids at a time, so memory stays flat.

Each pair is then scored exactly as the front door would score it, in both directions (each
record as the referral, the other as the register record), with the matcher's guards: twins and
siblings (a clearly different real first name at the same surname and birthday) and relatives
(another record of the family fits better) are held below the threshold. Both first names are
on the register, so both count as real names: the front door's leniency for a name nobody has
(a slip, "Ehtn") never lets a rare-named twin through here. A pair is proposed only
when it is probable both ways, so any guard in either direction keeps it out. Pairs recorded as
"not the same person", and pairs with a recorded relationship (a twin *of*, a sibling *of*), are
never proposed.

``duplicates_find`` returns the pairs; ``duplicates_refresh`` stores them as the list the
duplicates page shows (``DuplicateCandidate``), replacing the last scan's.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from earlyhelp.people.models import DuplicateCandidate, DuplicateScan, NotDuplicate, Relationship

# People per slice of the index read at once.
CHUNK = 5_000
# Kinds of blocking key (birthday, surname code with year, first name code with birthday, names with
# year, names with district, postcode with initial, house number, street: the key's prefix) two
# records must share to be scored; an NHS number alone is enough. One kind can give several keys
# (a name with several codes), so kinds, not keys, are counted. On a synthetic register of a million
# people every planted duplicate shared at least 4 kinds; pairs sharing 2 are namesakes born the same
# year, or relatives at one address.
MIN_SHARED_KINDS = 3
# Keys naming a first name only ("fn:...") say nothing about two records being one person.
_PAIRS_SQL = (
    "SELECT q, c FROM ("
    " SELECT q, c, COUNT(*) AS kinds, MAX(nhs) AS nhs FROM ("
    "  SELECT k1.person_id AS q, k2.person_id AS c, SUBSTR(k1.key, 1, 2) AS kind,"
    "  MAX(CASE WHEN k1.key LIKE 'n:%%' THEN 1 ELSE 0 END) AS nhs"
    "  FROM people_matchkey k1 JOIN people_matchkey k2 ON k2.key = k1.key AND k2.person_id <> k1.person_id"
    "  WHERE k1.person_id >= %s AND k1.person_id < %s AND k1.key NOT LIKE 'fn:%%'"
    "  GROUP BY k1.person_id, k2.person_id, SUBSTR(k1.key, 1, 2)"
    " ) shared GROUP BY q, c"
    ") pairs WHERE kinds >= %s OR nhs = 1"
)
_RECORDS_SQL = (
    "SELECT r.person_id, r.data FROM people_matchrecord r JOIN people_person p ON p.id = r.person_id"
    " WHERE p.merged_into_id IS NULL AND r.person_id IN ({marks})"
)
_IN_BATCH = 900  # SQLite's historical limit on parameters is 999


@dataclass(frozen=True)
class DuplicatePair:
    """Two records that are probably one person: ids (lower first), the lower of the two directions' scores, why."""

    person_a: int
    person_b: int
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class ScanResult:
    people: int
    pairs_scored: int
    pairs: list[DuplicatePair]
    seconds: float
    threshold: float


def _model_and_threshold(threshold: float | None):
    from earlyhelp.people.matching import DEFAULT_THRESHOLD, engine
    from earlyhelp.people.matching.index import register_size_for_prior

    model = engine.with_prior(engine.default_model(), engine.prior_for(register_size_for_prior()))
    return model, DEFAULT_THRESHOLD if threshold is None else float(threshold)


def _batches(items: list, size: int = _IN_BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _records(ids: list[int]) -> dict[int, object]:
    from earlyhelp.people.matching import engine

    out = {}
    with connection.cursor() as cursor:
        for batch in _batches(sorted(ids)):
            cursor.execute(_RECORDS_SQL.format(marks=", ".join(["%s"] * len(batch))), batch)
            for person_id, data in cursor.fetchall():
                out[person_id] = engine.record_from_data(json.loads(data))
    return out


def _related_pairs(low: int, high: int) -> set[tuple[int, int]]:
    rows = Relationship.objects.filter(
        Q(from_person_id__gte=low, from_person_id__lt=high) | Q(to_person_id__gte=low, to_person_id__lt=high)
    ).values_list("from_person_id", "to_person_id")
    return {(min(a, b), max(a, b)) for a, b in rows}


def _id_range() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(person_id), MAX(person_id), COUNT(*) FROM people_matchrecord")
        low, high, count = cursor.fetchone()
    return (int(low or 0), int(high or -1), int(count or 0))


def duplicates_find(
    *, threshold: float | None = None, min_shared_kinds: int = MIN_SHARED_KINDS, chunk: int = CHUNK,
    progress: Callable[[str], None] | None = None,
) -> ScanResult:
    """Every pair of register records that the matcher says is one person, best first."""
    started = time.monotonic()
    with _planner_for_many_small_queries():
        return _find(threshold=threshold, min_shared_kinds=min_shared_kinds, chunk=chunk, progress=progress,
                     started=started)


@contextmanager
def _planner_for_many_small_queries():
    """PostgreSQL's JIT compiles each slice's query for longer than the query runs: off for the scan."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")


def _find(*, threshold, min_shared_kinds, chunk, progress, started) -> ScanResult:
    from earlyhelp.people.matching import engine

    model, threshold = _model_and_threshold(threshold)
    low, high, people = _id_range()
    decided = {
        (a, b) for a, b in NotDuplicate.objects.values_list("person_a_id", "person_b_id")
    }
    # (a, b) -> [score a->b, score b->a] and reasons, only for directions at or above the threshold.
    found: dict[tuple[int, int], dict[int, tuple[float, list[str]]]] = defaultdict(dict)
    scored = 0
    start = low
    while start <= high:
        end = start + chunk
        with connection.cursor() as cursor:
            cursor.execute(_PAIRS_SQL, [start, end, min_shared_kinds])
            pairs = cursor.fetchall()
        if pairs:
            candidates_of: dict[int, list[int]] = defaultdict(list)
            for q, c in pairs:
                candidates_of[q].append(c)
            records = _records(list({q for q, _ in pairs} | {c for _, c in pairs}))
            related = _related_pairs(start, end)
            for q, others in candidates_of.items():
                query = records.get(q)
                if query is None:
                    continue  # merged into another record, or not indexed
                register = [(c, records[c]) for c in others if c in records]
                scored += len(register)
                # Both names are on the register, so both are names: the twin guard always applies.
                ranked = engine.rank(model, query, register, min_score=threshold, first_name_is_a_name=True)
                for item in ranked:
                    c = int(item.record_id)
                    pair = (min(q, c), max(q, c))
                    if pair in decided or pair in related:
                        continue
                    found[pair][q] = (item.probability, item.reasons)
        if progress:
            progress(f"people {start} to {end - 1}: {scored} pairs scored, {len(found)} probable so far")
        start = end
    result = []
    for (a, b), directions in found.items():
        if len(directions) < 2:
            continue  # probable one way only: a guard held it back the other way
        score, reasons = min(directions.values(), key=lambda d: d[0])
        result.append(DuplicatePair(a, b, score, reasons))
    result.sort(key=lambda p: (-p.score, p.person_a, p.person_b))
    return ScanResult(people=people, pairs_scored=scored, pairs=result, seconds=time.monotonic() - started,
                      threshold=threshold)


def duplicates_refresh(
    *, threshold: float | None = None, progress: Callable[[str], None] | None = None, **options
) -> ScanResult:
    """Scan the register and make the result the list of likely duplicates (the last scan's is replaced)."""
    scan_started = timezone.now()
    result = duplicates_find(threshold=threshold, progress=progress, **options)
    with transaction.atomic():
        DuplicateCandidate.objects.all().delete()
        DuplicateCandidate.objects.bulk_create(
            [
                DuplicateCandidate(person_a_id=p.person_a, person_b_id=p.person_b, score=p.score, reasons=p.reasons,
                                   found_at=scan_started)
                for p in result.pairs
            ],
            batch_size=1000,
        )
        DuplicateScan.objects.create(
            started_at=scan_started, seconds=result.seconds, people=result.people, pairs_scored=result.pairs_scored,
            pairs_found=len(result.pairs), threshold=result.threshold,
        )
    return result


def score_pair(a: int, b: int) -> tuple[float | None, list[str]]:
    """The matcher's view of one pair, both ways (the lower score and its reasons); None if either is not indexed."""
    from earlyhelp.people.matching import engine

    model, _ = _model_and_threshold(None)
    records = _records([a, b])
    if a not in records or b not in records:
        return None, []
    directions = []
    for q, c in ((a, b), (b, a)):
        ranked = engine.rank(model, records[q], [(c, records[c])], first_name_is_a_name=True)
        if ranked:
            directions.append((ranked[0].probability, ranked[0].reasons))
    if not directions:
        return None, []
    return min(directions, key=lambda d: d[0])
