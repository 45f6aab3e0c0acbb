"""One referral against a 1,000,000-person register on PostgreSQL: find_candidates vs Splink's predict_between.

Needs DATABASE_URL pointing at a PostgreSQL database this benchmark may fill (its people tables
are emptied and loaded with a synthetic register by COPY unless they already hold --people rows).
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime

from django.db import connection, transaction

PEOPLE_TABLES = ("people_personalias", "people_householdmember", "people_householdaddress", "people_person",
                 "people_household")


def _copy(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load_register(n_people: int, *, seed: int = 7) -> tuple[int, list]:
    """Empty the people tables and COPY a synthetic register of about ``n_people``; returns (count, families)."""
    import synthetic

    now = datetime.now(UTC)
    fams = list(synthetic.families(n_people, seed=seed))
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        cursor.execute(f"TRUNCATE {', '.join(PEOPLE_TABLES)} RESTART IDENTITY CASCADE")
        households, addresses, people, members, aliases = [], [], [], [], []
        address_id = member_id = alias_id = 0
        for family in fams:
            households.append((family.id, now, now, f"The {family.members[0].last_name} family", False))
            for position, address in enumerate(family.addresses):
                address_id += 1
                moved_in = synthetic.TODAY.replace(year=2024 - 3 * position)
                moved_out = None if position == 0 else synthetic.TODAY.replace(year=2024 - 3 * position + 2)
                addresses.append((address_id, now, now, family.id, address.line_1, address.line_2, address.town,
                                  address.postcode, moved_in, moved_out))
            for someone in family.members:
                people.append((someone.id, now, now, f"S{someone.id}", someone.first_name, "", someone.last_name,
                               "", someone.date_of_birth, someone.sex, "", "NOBT", someone.nhs_number, "", "",
                               False))
                member_id += 1
                members.append((member_id, now, now, family.id, someone.id,
                                "child" if someone.role == "child" else "parent", synthetic.TODAY.replace(year=2015)))
                for kind, first, last in someone.aliases:
                    alias_id += 1
                    aliases.append((alias_id, now, now, someone.id, kind, first, last))
        _copy(cursor, "people_household", ("id", "created_at", "updated_at", "name", "is_restricted"), households)
        _copy(cursor, "people_householdaddress", ("id", "created_at", "updated_at", "household_id", "line_1",
                                                  "line_2", "town", "postcode", "moved_in_on", "moved_out_on"),
              addresses)
        _copy(cursor, "people_person", ("id", "created_at", "updated_at", "la_id", "first_name", "middle_names",
                                        "last_name", "preferred_name", "date_of_birth", "sex", "gender_identity",
                                        "ethnicity", "nhs_number", "upn", "first_language", "is_restricted"), people)
        _copy(cursor, "people_householdmember", ("id", "created_at", "updated_at", "household_id", "person_id",
                                                 "role", "joined_on"), members)
        _copy(cursor, "people_personalias", ("id", "created_at", "updated_at", "person_id", "kind", "first_name",
                                             "last_name"), aliases)
        for table in ("people_person", "people_household", "people_householdaddress", "people_householdmember",
                      "people_personalias"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
    with connection.cursor() as cursor:
        for table in PEOPLE_TABLES:
            cursor.execute(f"ANALYZE {table}")
    return len(people), fams


def referrals(fams: list, n: int, *, seed: int = 5) -> list[dict]:
    """Referrals to time: 60% name a registered person with slips, 40% someone new who looks like one."""
    import synthetic

    rng = random.Random(seed)
    out = []
    while len(out) < n:
        family = rng.choice(fams)
        if rng.random() < 0.6:
            out.append(synthetic.referral_of(rng, rng.choice(family.members), family))
        else:
            row = synthetic.new_person_referral(rng, family, fams)
            if row:
                out.append(row)
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(n_people: int = 1_000_000, n_queries: int = 1000, n_splink: int = 50, *, reload: bool = True) -> dict:
    from earlyhelp.people.matching import MatchQuery, engine, files, find_candidates, rebuild_match_index
    from earlyhelp.people.matching.index import register_size_for_prior

    result: dict = {"people_requested": n_people}
    started = time.monotonic()
    if reload:
        count, fams = load_register(n_people)
    else:
        import synthetic

        fams = list(synthetic.families(n_people, seed=7))
        count = sum(len(f.members) for f in fams)
    result["people"] = count
    result["load_seconds"] = round(time.monotonic() - started, 1)
    print(f"register: {count} people ({result['load_seconds']}s)", flush=True)

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_matchrecord")
        already = cursor.fetchone()[0]
    if reload or already != count:
        indexed = rebuild_match_index(progress=lambda text: print("  index:", text, flush=True))
        result["index_seconds"] = round(time.monotonic() - started, 1)
    else:  # --reuse with a complete index: time the referrals only
        indexed = already
        result["index_seconds"] = None
        result["index_reused"] = True
    result["indexed"] = indexed
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_matchkey")
        result["index_keys"] = cursor.fetchone()[0]
    print(f"index: {indexed} people, {result['index_keys']} keys ({result['index_seconds']}s)", flush=True)

    rows = referrals(fams, n_queries)
    queries = [
        MatchQuery(r["first_name"], r["last_name"], files.parse_date(r["date_of_birth"]), r["sex"], r["address"],
                   r["postcode"], r["nhs_number"])
        for r in rows
    ]
    for query in queries[:20]:  # warm the connection and caches
        find_candidates(query)
    timings, candidates_seen = [], []
    for query in queries:
        begun = time.perf_counter()
        found = find_candidates(query)
        timings.append((time.perf_counter() - begun) * 1000)
        candidates_seen.append(len(found))
    ours = {
        "queries": len(timings),
        "p50_ms": round(percentile(timings, 0.5), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "p99_ms": round(percentile(timings, 0.99), 2),
        "mean_ms": round(statistics.mean(timings), 2),
        "max_ms": round(max(timings), 2),
    }
    result["find_candidates"] = ours
    print(f"find_candidates: {ours}", flush=True)

    result["splink"] = splink_single_record(fams, queries[:n_splink], engine.default_model(), register_size_for_prior())
    result["ratio_splink_p50_over_ours_p50"] = round(result["splink"]["p50_ms"] / ours["p50_ms"], 1)
    result["ratio_splink_p95_over_ours_p95"] = round(result["splink"]["p95_ms"] / ours["p95_ms"], 1)
    return result


def splink_single_record(fams: list, queries: list, model, register_size: int) -> dict:
    """Splink's single-record prediction (predict_between, Splink 5) with our model on the same register."""
    import pandas as pd
    import splink_models
    from splink import DuckDBAPI, Linker

    from earlyhelp.people.matching import index as db_index

    started = time.monotonic()
    records = []
    with connection.cursor() as cursor:  # the register, exported once (not timed per query)
        cursor.execute(f"SELECT person_id, data FROM {db_index.RECORD_TABLE}")  # noqa: S608
        import json

        from earlyhelp.people.matching import engine

        for person_id, data in cursor.fetchall():
            records.append(splink_models.mirror_row(person_id, engine.record_from_data(json.loads(data))))
    register_frame = pd.DataFrame.from_records(records)
    db_api = DuckDBAPI()
    register = db_api.register(register_frame, dataset_display_name="register")
    linker = Linker([register], splink_models.mirror_settings(model, register_size))
    export_seconds = round(time.monotonic() - started, 1)
    print(f"splink: register exported to DuckDB in {export_seconds}s", flush=True)
    timings = []
    for number, query in enumerate(queries):
        row = splink_models.mirror_row(f"q{number}", query.record())
        begun = time.perf_counter()
        new = db_api.register(pd.DataFrame.from_records([row]), dataset_display_name=f"new_{number}")
        predictions = linker.inference.predict_between(register, new, warning_mode="never")
        predictions.as_pandas_dataframe()
        timings.append((time.perf_counter() - begun) * 1000)
    out = {
        "queries": len(timings),
        "p50_ms": round(percentile(timings, 0.5), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "mean_ms": round(statistics.mean(timings), 1),
        "register_export_seconds": export_seconds,
        "api": "linker.inference.predict_between(register, new_record) (Splink 5; find_matches_to_new_records is gone)",
    }
    print(f"splink predict_between: {out}", flush=True)
    return out
