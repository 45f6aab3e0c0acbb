"""Matching one CSV of people against another, in memory: what ``earlyhelp people match-file`` runs.

Columns: ``id,first_name,last_name,date_of_birth,sex,address,postcode,nhs_number`` (ISO dates;
other columns ignored; any value may be empty). No database: the register is filed in a
``MemoryIndex`` and each query is ranked exactly as the front door ranks a referral.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

from earlyhelp.domain import matching as rules
from earlyhelp.people.matching import engine, training

COLUMNS = ("id", "first_name", "last_name", "date_of_birth", "sex", "address", "postcode", "nhs_number")


def parse_date(value: str) -> date | None:
    """An ISO date, or None for an empty or impossible one (a date of birth of 1957-12-33 says nothing sure)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_people(path: Path | str) -> Iterator[tuple[str, rules.Record]]:
    """(id, normalised record) for every row of a people CSV."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"id", "first_name", "last_name"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            yield row["id"], rules.make_record(
                first_name=row.get("first_name") or "",
                last_name=row.get("last_name") or "",
                date_of_birth=parse_date(row.get("date_of_birth") or ""),
                sex=row.get("sex") or "",
                address=row.get("address") or "",
                postcode=row.get("postcode") or "",
                nhs_number=row.get("nhs_number") or "",
            )


def build_index(people: Iterable[tuple[str, rules.Record]]) -> engine.MemoryIndex:
    index = engine.MemoryIndex()
    for record_id, record in people:
        index.add(record_id, record)
    return index


def learn_model(
    index: engine.MemoryIndex, queries: list[tuple[str, rules.Record]], *, threshold: float, seed: int = 1
) -> rules.Model:
    """Learn m and u from these two files (no labels): Splink's recipe, see ``training``."""
    register = list(index.records.values())
    rng = random.Random(seed)
    sample = queries if len(queries) <= 20_000 else rng.sample(queries, 20_000)
    pairs = ((query, record) for _, query in sample for _, record in index.candidates(query))
    return training.train(register, pairs, threshold=threshold, seed=seed)


def match_file(
    register_path: Path | str,
    queries_path: Path | str,
    out: TextIO,
    *,
    threshold: float | None = None,
    model: rules.Model | None = None,
    learn: bool = False,
    limit: int | None = None,
) -> int:
    """Write ``query_id,candidate_id,score`` for every pair at or above the threshold, best first per query.

    Returns the number of rows written.
    """
    model = model or engine.default_model()
    threshold = model.threshold if threshold is None else threshold
    index = build_index(read_people(register_path))
    queries = list(read_people(queries_path))
    if learn:
        model = learn_model(index, queries, threshold=model.threshold)
    model = engine.with_prior(model, engine.prior_for(len(index)))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("query_id", "candidate_id", "score"))
    written = 0
    for query_id, query in queries:
        for ranked in engine.rank(
            model, query, index.candidates(query), min_score=threshold, limit=limit,
            first_name_is_a_name=index.knows_first_name(query),
        ):
            writer.writerow((query_id, ranked.record_id, f"{ranked.probability:.6f}"))
            written += 1
    return written
