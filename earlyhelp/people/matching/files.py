"""Matching one CSV of people against another, in memory: what ``earlyhelp people match-file`` runs.

Columns: ``id,first_name,last_name,date_of_birth,sex,address,postcode,nhs_number`` (ISO dates;
other columns ignored; any value may be empty). No database: the register is filed in a
``MemoryIndex`` and each query is ranked exactly as the front door ranks a referral.

A register may give one person in several rows with the same id: the first row is the person as
they are now, each later row an alternative identity the register also holds (a known-as name, a
previous surname, a past address), as the database index holds a person's aliases and address
history. A later row's first name, surname and address are added as aliases and a previous address;
its date of birth, sex and NHS number fill in only what the first row left empty. A register with
one row per id reads exactly as before. Query ids are taken one row at a time.
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


def read_register(path: Path | str) -> list[tuple[str, rules.Record]]:
    """(id, record) per register person, rows sharing an id folded into one record (see the module docstring)."""
    rows: dict[str, list[dict]] = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"id", "first_name", "last_name"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            rows.setdefault(row["id"], []).append(row)
    return [(record_id, _fold(group)) for record_id, group in rows.items()]


def _fold(group: list[dict]) -> rules.Record:
    first, *others = group

    def value(name: str) -> str:
        return next((v for row in group if (v := (row.get(name) or "").strip())), "")

    return rules.make_record(
        first_name=first.get("first_name") or "",
        last_name=first.get("last_name") or "",
        date_of_birth=parse_date(value("date_of_birth")),
        sex=value("sex"),
        address=first.get("address") or "",
        postcode=first.get("postcode") or "",
        nhs_number=value("nhs_number"),
        other_first_names=[row.get("first_name") or "" for row in others],
        other_last_names=[row.get("last_name") or "" for row in others],
        previous_places=[
            (row.get("address") or "", row.get("postcode") or "")
            for row in others if (row.get("address") or row.get("postcode"))
        ],
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
    one_to_one: bool = False,
) -> int:
    """Write ``query_id,candidate_id,score`` for every pair at or above the threshold, best first per query.

    ``one_to_one``: link two lists that each hold a person at most once (two deduplicated
    extracts, as in FEBRL4), not a referral against a family register. The family guards (twins,
    relatives, namesakes elsewhere, parent and child) are off, and instead each query and each
    register person is given at most one partner, the highest-scoring pairs first. Never what the
    front door does. Returns the number of rows written.
    """
    model = model or engine.default_model()
    threshold = model.threshold if threshold is None else threshold
    index = build_index(read_register(register_path))
    queries = list(read_people(queries_path))
    if learn:
        model = learn_model(index, queries, threshold=model.threshold)
    model = engine.with_prior(model, engine.prior_for(len(index)))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("query_id", "candidate_id", "score"))
    if one_to_one:
        return _one_to_one(model, index, queries, threshold, writer)
    written = 0
    for query_id, query in queries:
        for ranked in engine.rank(
            model, query, index.candidates(query), min_score=threshold, limit=limit,
            first_name_is_a_name=index.knows_first_name(query),
        ):
            writer.writerow((query_id, ranked.record_id, f"{ranked.probability:.6f}"))
            written += 1
    return written


def _one_to_one(model: rules.Model, index: engine.MemoryIndex, queries, threshold: float, writer) -> int:
    """Greedy one-to-one assignment over the pairs at or above the threshold, best pair first."""
    pairs = []
    for order, (query_id, query) in enumerate(queries):
        for ranked in engine.rank(
            model, query, index.candidates(query), min_score=threshold,
            first_name_is_a_name=index.knows_first_name(query), guards=False,
        ):
            pairs.append((-ranked.probability, -ranked.weight, order, query_id, ranked.record_id))
    pairs.sort(key=lambda item: (item[0], item[1], item[2], str(item[4])))
    taken_queries: set = set()
    taken_register: set = set()
    chosen: list[tuple[int, str, object, float]] = []
    for negative_probability, _, order, query_id, record_id in pairs:
        if query_id in taken_queries or record_id in taken_register:
            continue
        taken_queries.add(query_id)
        taken_register.add(record_id)
        chosen.append((order, query_id, record_id, -negative_probability))
    for _, query_id, record_id, probability_value in sorted(chosen, key=lambda item: item[0]):
        writer.writerow((query_id, record_id, f"{probability_value:.6f}"))
    return len(chosen)
