"""The database index of the person register: blocking keys and normalised records.

``people_matchkey (key, person_id)`` files every person under a few blocking keys (see
``earlyhelp.domain.matching.blocking_keys``); ``people_matchrecord (person_id, data)`` holds the
person's normalised names, aliases, date of birth and every household address as JSON, so that
a referral needs two index reads and no ORM objects: ``key IN (...)`` for the candidates, then
their records, then scoring in Python. Both tables are derived data: ``rebuild_match_index``
writes them from scratch (COPY on PostgreSQL), ``index_person`` refreshes one person.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from earlyhelp.domain import matching as rules
from earlyhelp.people.matching import engine

KEY_TABLE = "people_matchkey"
RECORD_TABLE = "people_matchrecord"
# Small registers (a demo, a test) are scored as if they held this many people, so that a
# probability means the same on a laptop as in a borough.
MIN_REGISTER_FOR_PRIOR = 10_000
_BATCH = 5_000

_PERSON_SQL = (
    "SELECT id, first_name, middle_names, last_name, preferred_name, date_of_birth, sex, nhs_number "
    "FROM people_person WHERE merged_into_id IS NULL"
)
_ALIAS_SQL = "SELECT person_id, first_name, last_name FROM people_personalias"
_ADDRESS_SQL = (
    "SELECT m.person_id, a.line_1, a.line_2, a.town, a.postcode, "
    "(m.left_on IS NULL AND a.moved_out_on IS NULL) AS current, a.moved_in_on "
    "FROM people_householdmember m JOIN people_householdaddress a ON a.household_id = m.household_id"
)


def _address_line(line_1: str, line_2: str, town: str) -> str:
    return ", ".join(part for part in (line_1, line_2, town) if part)


def person_record(
    row: tuple, aliases: Iterable[tuple[str, str]], addresses: Iterable[tuple]
) -> rules.Record:
    """The matcher's record of one person: names and aliases, and every address, the current one first."""
    _id, first, middle, last, preferred, dob, sex, nhs = row
    alias_list = list(aliases)
    places = sorted(addresses, key=lambda a: (not a[4], -(a[5].toordinal() if a[5] else 0)))
    current = places[0] if places and places[0][4] else None
    previous = [(_address_line(a[0], a[1], a[2]), a[3]) for a in places if a is not current]
    return rules.make_record(
        first_name=first,
        last_name=last,
        date_of_birth=dob,
        sex=sex,
        address=_address_line(current[0], current[1], current[2]) if current else "",
        postcode=current[3] if current else "",
        nhs_number=nhs,
        other_first_names=[n for n in (preferred, *(a[0] for a in alias_list), *middle.split()) if n],
        other_last_names=[a[1] for a in alias_list if a[1]],
        previous_places=previous,
    )


def _dated(value):
    """SQLite hands dates back as text."""
    if isinstance(value, str):
        from datetime import date

        return date.fromisoformat(value) if value else None
    return value


def _person_rows(where: str = "", params: tuple = ()) -> Iterator[tuple]:
    with connection.chunked_cursor() as cursor:
        cursor.execute(_PERSON_SQL + where, params)
        while rows := cursor.fetchmany(_BATCH):
            for row in rows:
                yield (*row[:5], _dated(row[5]), *row[6:])


def _aliases(where: str = "", params: tuple = ()) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(_ALIAS_SQL + where, params)
        for person_id, first, last in cursor.fetchall():
            out[person_id].append((first, last))
    return out


def _addresses(where: str = "", params: tuple = ()) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(_ADDRESS_SQL + where, params)
        for person_id, line_1, line_2, town, postcode, current, moved_in in cursor.fetchall():
            out[person_id].append((line_1, line_2, town, postcode, bool(current), _dated(moved_in)))
    return out


def _rows_for(record_id: int, record: rules.Record) -> tuple[list[tuple[str, int]], tuple[int, str]]:
    names = {f"fn:{rules.compact(name)}" for name in record.first_names}
    keys = [(key, record_id) for key in sorted(rules.blocking_keys(record) | names)]
    data = json.dumps(engine.record_to_data(record), separators=(",", ":"))
    return keys, (record_id, data)


def index_person(person) -> None:
    """File one person (after a create, an edit, a new alias or address, or a merge) in the index."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {KEY_TABLE} WHERE person_id = %s", [person.pk])  # noqa: S608
            cursor.execute(f"DELETE FROM {RECORD_TABLE} WHERE person_id = %s", [person.pk])  # noqa: S608
        rows = list(_person_rows(" AND id = %s", (person.pk,)))
        if not rows:
            return  # merged into another record, or gone: not offered as a match
        record = person_record(
            rows[0],
            _aliases(" WHERE person_id = %s", (person.pk,))[person.pk],
            _addresses(" WHERE m.person_id = %s", (person.pk,))[person.pk],
        )
        keys, data = _rows_for(person.pk, record)
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {KEY_TABLE} (key, person_id) VALUES (%s, %s)", keys)  # noqa: S608
            cursor.execute(f"INSERT INTO {RECORD_TABLE} (person_id, data) VALUES (%s, %s)", data)  # noqa: S608
    _register_size.cache_clear()


def _generate_rows() -> Iterator[tuple[list[tuple[str, int]], tuple[int, str]]]:
    aliases = _aliases()
    addresses = _addresses()
    for row in _person_rows():
        person_id = row[0]
        yield _rows_for(person_id, person_record(row, aliases.get(person_id, ()), addresses.get(person_id, ())))


def rebuild_match_index(*, progress=None) -> int:
    """Index every person from scratch; returns how many were indexed. COPY on PostgreSQL, batches elsewhere."""
    started = time.monotonic()
    if connection.vendor == "postgresql":
        count = _rebuild_postgresql(progress)
    else:
        count = _rebuild_generic(progress)
    _register_size.cache_clear()
    if progress:
        progress(f"indexed {count} people in {time.monotonic() - started:.1f}s")
    return count


def _rebuild_generic(progress) -> int:
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {KEY_TABLE}")  # noqa: S608
        cursor.execute(f"DELETE FROM {RECORD_TABLE}")  # noqa: S608
        keys_batch: list[tuple[str, int]] = []
        records_batch: list[tuple[int, str]] = []
        for keys, record in _generate_rows():
            keys_batch.extend(keys)
            records_batch.append(record)
            count += 1
            if len(records_batch) >= _BATCH:
                _flush(cursor, keys_batch, records_batch)
                if progress:
                    progress(f"{count} people")
        _flush(cursor, keys_batch, records_batch)
    return count


def _flush(cursor, keys_batch: list, records_batch: list) -> None:
    cursor.executemany(f"INSERT INTO {KEY_TABLE} (key, person_id) VALUES (%s, %s)", keys_batch)  # noqa: S608
    cursor.executemany(f"INSERT INTO {RECORD_TABLE} (person_id, data) VALUES (%s, %s)", records_batch)  # noqa: S608
    keys_batch.clear()
    records_batch.clear()


def _rebuild_postgresql(progress) -> int:
    """TRUNCATE, drop the key indexes, COPY both tables, re-create the indexes: minutes for a million people."""
    count = 0
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, for COPY
        cursor.execute(f"TRUNCATE {KEY_TABLE}, {RECORD_TABLE}")
        cursor.execute("DROP INDEX IF EXISTS people_matchkey_key_idx")
        cursor.execute("DROP INDEX IF EXISTS people_matchkey_person_idx")
        keys_batch: list[tuple[str, int]] = []
        records_batch: list[tuple[int, str]] = []
        for keys, record in _generate_rows():
            keys_batch.extend(keys)
            records_batch.append(record)
            count += 1
            if len(records_batch) >= 10 * _BATCH:
                _copy(cursor, keys_batch, records_batch)
                if progress and count % 100_000 == 0:
                    progress(f"{count} people")
        _copy(cursor, keys_batch, records_batch)
        if progress:
            progress("building indexes")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute(f"CREATE INDEX people_matchkey_key_idx ON {KEY_TABLE} (key, person_id)")
        cursor.execute(f"CREATE INDEX people_matchkey_person_idx ON {KEY_TABLE} (person_id)")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {KEY_TABLE}")
        cursor.execute(f"ANALYZE {RECORD_TABLE}")
    return count


def _copy(cursor, keys_batch: list, records_batch: list) -> None:
    # One COPY at a time, between fetches of the server-side cursor that reads the register.
    with cursor.copy(f"COPY {KEY_TABLE} (key, person_id) FROM STDIN") as copy:
        for row in keys_batch:
            copy.write_row(row)
    with cursor.copy(f"COPY {RECORD_TABLE} (person_id, data) FROM STDIN") as copy:
        for row in records_batch:
            copy.write_row(row)
    keys_batch.clear()
    records_batch.clear()


_CANDIDATES_SQL = (
    "SELECT r.person_id, r.data FROM {records} r JOIN people_person p ON p.id = r.person_id "
    "WHERE p.merged_into_id IS NULL AND r.person_id IN (SELECT k.person_id FROM {keys} k WHERE k.key IN ({marks}))"
)


def candidate_records(record: rules.Record) -> list[tuple[int, rules.Record]]:
    """Register records sharing a blocking key with the query (merged people left out)."""
    keys = sorted(rules.blocking_keys(record))
    if not keys:
        return []
    sql = _CANDIDATES_SQL.format(records=RECORD_TABLE, keys=KEY_TABLE, marks=", ".join(["%s"] * len(keys)))
    with connection.cursor() as cursor:
        cursor.execute(sql, keys)
        rows = cursor.fetchall()
    return [(person_id, engine.record_from_data(json.loads(data))) for person_id, data in rows]


def knows_first_name(record: rules.Record) -> bool:
    """Whether anyone on the register has (or is known as) the query's first name."""
    key = rules.first_name_key(record)
    if not key:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {KEY_TABLE} WHERE key = %s LIMIT 1", [key])  # noqa: S608
        return cursor.fetchone() is not None


_SIZE_CACHE: dict[str, tuple[float, int]] = {}


def _register_size() -> int:
    """How many people are indexed (the prior's denominator): cached for five minutes per process."""
    alias = connection.alias
    cached = _SIZE_CACHE.get(alias)
    if cached and time.monotonic() - cached[0] < 300:
        return cached[1]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [RECORD_TABLE])
            estimate = cursor.fetchone()
            size = int(estimate[0]) if estimate and estimate[0] and estimate[0] > 0 else -1
        else:
            size = -1
        if size < 0:
            cursor.execute(f"SELECT count(*) FROM {RECORD_TABLE}")  # noqa: S608
            size = int(cursor.fetchone()[0])
    _SIZE_CACHE[alias] = (time.monotonic(), size)
    return size


_register_size.cache_clear = _SIZE_CACHE.clear  # type: ignore[attr-defined]


def register_size_for_prior() -> int:
    return max(_register_size(), MIN_REGISTER_FOR_PRIOR)
