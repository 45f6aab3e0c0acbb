"""Time the bulk duplicate search on a large synthetic register, with planted duplicates.

Not collected by pytest. Run against a PostgreSQL database you may fill (its people tables are emptied):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/earlyhelp_dups \\
        .venv/bin/python earlyhelp/people/tests/bench_find_duplicates.py --people 1000000 --plant 2000

It loads the matching benchmark's synthetic register (bench/matching/synthetic.py: families with
twins, siblings and namesakes, no duplicates), copies ``--plant`` random people as a second record
with the usual slips (a letter wrong, a nickname, day and month swapped, no date of birth...) in the
same household, rebuilds the match index, runs ``duplicates_find`` and prints JSON: time, pairs
scored, pairs found, how many planted pairs were found (recall) and how many found pairs were not
planted (each of those is a pair a practitioner would be asked about for nothing).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [str(ROOT), str(ROOT / "bench" / "matching")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

NICKNAMES = {"William": "Bill", "Elizabeth": "Liz", "Thomas": "Tom", "James": "Jim", "Samuel": "Sam",
             "Oliver": "Ollie", "Jessica": "Jess", "Rebecca": "Becky", "Daniel": "Dan", "Joseph": "Joe"}


def _slip(rng: random.Random, first: str, last: str, dob):
    """A second record of the same person as a busy worker might type it."""
    kind = rng.choice(["letter", "nickname", "swap", "no_dob", "surname_letter", "exact"])
    if kind == "letter" and len(first) > 3:
        i = rng.randrange(1, len(first) - 1)
        first = first[:i] + first[i + 1] + first[i] + first[i + 2 :]
    elif kind == "nickname" and first in NICKNAMES:
        first = NICKNAMES[first]
    elif kind == "swap" and dob and dob.day <= 12 and dob.day != dob.month:
        dob = dob.replace(month=dob.day, day=dob.month)
    elif kind == "no_dob":
        dob = None
    elif kind == "surname_letter" and len(last) > 3:
        i = rng.randrange(1, len(last) - 1)
        last = last[:i] + last[i + 1 :]
    return first, last, dob


def plant(n: int, *, seed: int = 11) -> list[tuple[int, int]]:
    """Copy ``n`` random people as second records in their households; returns (original, copy) ids."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM people_person")
        top = cursor.fetchone()[0]
        picked = rng.sample(range(1, top + 1), n)
        cursor.execute(
            "SELECT p.id, p.first_name, p.last_name, p.date_of_birth, p.sex, m.household_id, m.role, m.joined_on "
            "FROM people_person p JOIN people_householdmember m ON m.person_id = p.id WHERE p.id = ANY(%s)",
            [picked],
        )
        rows = cursor.fetchall()
    planted = []
    with transaction.atomic(), connection.cursor() as cursor:
        next_id = top + 1
        for pid, first, last, dob, sex, household, role, joined in rows:
            first, last, dob = _slip(rng, first, last, dob)
            cursor.execute(
                "INSERT INTO people_person (id, created_at, updated_at, la_id, first_name, middle_names, last_name, "
                "preferred_name, date_of_birth, sex, gender_identity, ethnicity, nhs_number, upn, first_language, "
                "is_restricted) VALUES (%s, %s, %s, %s, %s, '', %s, '', %s, %s, '', 'NOBT', '', '', '', false)",
                [next_id, now, now, f"D{next_id}", first, last, dob, sex],
            )
            cursor.execute(
                "INSERT INTO people_householdmember (created_at, updated_at, household_id, person_id, role, joined_on) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [now, now, household, next_id, role, joined + timedelta(days=1)],
            )
            planted.append((pid, next_id))
            next_id += 1
        cursor.execute("SELECT setval(pg_get_serial_sequence('people_person', 'id'), (SELECT max(id) FROM people_person))")
    return planted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--plant", type=int, default=2_000)
    parser.add_argument("--reuse", action="store_true", help="the register is loaded already (planted ids in --planted-file)")
    parser.add_argument("--planted-file", default="/tmp/earlyhelp_planted_duplicates.json")
    args = parser.parse_args()
    from earlyhelp.people.duplicates import duplicates_find
    from earlyhelp.people.matching import rebuild_match_index

    timings = {}
    if not args.reuse:
        import speed

        t = time.monotonic()
        count, _ = speed.load_register(args.people)
        timings["load_seconds"] = round(time.monotonic() - t, 1)
        planted = plant(args.plant)
        Path(args.planted_file).write_text(json.dumps(planted))
        t = time.monotonic()
        rebuild_match_index()
        timings["index_seconds"] = round(time.monotonic() - t, 1)
    planted = [tuple(p) for p in json.loads(Path(args.planted_file).read_text())]
    result = duplicates_find(progress=lambda message: print(message, file=sys.stderr))
    found = {(p.person_a, p.person_b) for p in result.pairs}
    truth = {(min(a, b), max(a, b)) for a, b in planted}
    print(json.dumps({
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}",
        "database": connection.vendor,
        "people": result.people,
        **timings,
        "find_seconds": round(result.seconds, 1),
        "pairs_scored": result.pairs_scored,
        "pairs_found": len(result.pairs),
        "planted": len(truth),
        "planted_found": len(found & truth),
        "recall_on_planted": round(len(found & truth) / max(len(truth), 1), 4),
        "found_not_planted": len(found - truth),
        "threshold": result.threshold,
    }, indent=2))


if __name__ == "__main__":
    main()
