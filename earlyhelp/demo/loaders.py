"""Loading the generated rows: ``bulk_create`` on SQLite and small loads, ``COPY`` on PostgreSQL.

Both load inside one transaction, so a failed load leaves the database as it was. Primary keys
come from the generator; afterwards the id sequences are moved past them. On PostgreSQL, large
loads drop the loaded tables' foreign keys and secondary indexes inside the transaction and
recreate them from their own definitions at the end (much faster than checking and indexing row
by row); an error anywhere rolls the drop back with everything else.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connections, models, transaction
from psycopg.types.json import Jsonb

from earlyhelp.demo.generator import DemoConfig, generate, reference_ids
from earlyhelp.demo.tables import Table, tables

# Loads this big or bigger rebuild constraints and indexes at the end on PostgreSQL (see the module docstring).
REBUILD_INDEXES_FROM_CHILDREN = 50_000
BATCH_SIZE = 2000


class DemoDataError(Exception):
    """The demo cannot be loaded as asked; the message says why and what to do."""


@dataclass
class LoadReport:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    strategy: str = ""

    @property
    def people(self) -> int:
        return self.rows.get("person", 0)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


class _Progress:
    """One tqdm bar per table on stderr; silent when quiet or when stderr is not a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bars: dict[str, object] = {}

    def update(self, table: str, count: int) -> None:
        if not self.enabled or not count:
            return
        if table not in self.bars:
            from tqdm import tqdm

            self.bars[table] = tqdm(desc=f"{table:<18}", unit=" rows", position=len(self.bars), file=sys.stderr,
                                    leave=True, dynamic_ncols=True)
        self.bars[table].update(count)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def has_data(using: str = "default") -> bool:
    from earlyhelp.accounts.models import User
    from earlyhelp.people.models import Person
    from earlyhelp.referrals.models import Contact

    return any(model.objects.using(using).exists() for model in (User, Person, Contact))


def _tables_to_empty() -> tuple[list[type[models.Model]], list[type[models.Model]]]:
    """The demo's tables and every table that points at them (merges, documents, devices...), except the
    audit trail: (case and other tables, organisation tables)."""
    from django.apps import apps

    from earlyhelp.audit.models import AuditEvent

    ours = {table.name: table.model for table in tables()}
    organisation = [ours[name] for name in ("user", "team", "agency", "locality")]
    targets = set(ours.values())
    grown = True
    while grown:
        grown = False
        for model in apps.get_models(include_auto_created=True):
            if model in targets or model is AuditEvent:
                continue
            if any(f.is_relation and f.related_model in targets for f in model._meta.concrete_fields):
                targets.add(model)
                grown = True
    others = sorted((m for m in targets if m not in organisation), key=lambda m: m._meta.db_table)
    return others, organisation


def flush(using: str = "default") -> None:
    """Empty the tables the demo fills (case records, people, teams, agencies, users) and the tables that
    point at them; keep reference data (levels of need, decision clocks, star templates)."""
    from earlyhelp.audit.models import AuditEvent

    connection = connections[using]
    others, organisation = _tables_to_empty()
    team = organisation[1]
    # One transaction, so foreign keys are checked once everything is gone (they are deferred).
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if AuditEvent.objects.using(using).filter(actor__isnull=False).exists():
            if connection.vendor == "postgresql":
                raise DemoDataError(
                    "The audit trail names existing users and is append-only, so they cannot be removed. "
                    "Load the demo into a new database instead (createdb, then migrate)."
                )
            cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table}")  # noqa: S608 (a local SQLite demo's trail)
        names = [m._meta.db_table for m in others]
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(names)} RESTART IDENTITY")
        else:
            for table in names:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (table names from the models)
        cursor.execute("DELETE FROM django_session")
        cursor.execute(f"UPDATE {team._meta.db_table} SET manager_id = NULL")  # noqa: S608
        for model in organisation:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608


def load(config: DemoConfig, *, using: str = "default", flush_first: bool = False, quiet: bool = False,
         rebuild_indexes: bool | None = None) -> LoadReport:
    """Generate the authority and load it in one transaction; refuse a non-empty database without ``flush_first``."""
    connection = connections[using]
    if not flush_first and has_data(using):
        raise DemoDataError(
            "The database already has users, people or contacts. Run again with --flush to replace them with "
            "the demo (reference data such as levels of need and star templates is kept)."
        )
    started = time.monotonic()
    report = LoadReport()
    progress = _Progress(quiet)
    try:
        with transaction.atomic(using=using):
            if flush_first:
                flush(using)
            if connection.vendor == "postgresql":
                rebuild = config.children >= REBUILD_INDEXES_FROM_CHILDREN if rebuild_indexes is None else rebuild_indexes
                report.strategy = "COPY, constraints and indexes rebuilt" if rebuild else "COPY"
                _load_postgresql(config, using, report, progress, rebuild)
            else:
                report.strategy = "bulk_create"
                _load_bulk_create(config, using, report, progress)
            _reset_sequences(using)
    finally:
        progress.close()
    report.seconds = time.monotonic() - started
    return report


def _reset_sequences(using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables()])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# --- SQLite (and any database): Django's bulk_create ---


@contextlib.contextmanager
def _keep_given_timestamps(all_tables: Iterable[Table]) -> Iterator[None]:
    """Let bulk_create store the generated updated_at instead of "now" (auto_now), so loads are repeatable."""
    switched = []
    for table in all_tables:
        for model_field in table.model._meta.concrete_fields:
            if getattr(model_field, "auto_now", False):
                model_field.auto_now = False
                switched.append(model_field)
    try:
        yield
    finally:
        for model_field in switched:
            model_field.auto_now = True


def _load_bulk_create(config: DemoConfig, using: str, report: LoadReport, progress: _Progress) -> None:
    all_tables = tables()
    builders = {table.name: _builder(table) for table in all_tables}
    with _keep_given_timestamps(all_tables):
        for rows in generate(config):
            for table in all_tables:
                batch = rows.by_table[table.name]
                if not batch:
                    continue
                build = builders[table.name]
                for offset in range(0, len(batch), BATCH_SIZE):
                    objects = [build(row) for row in batch[offset: offset + BATCH_SIZE]]
                    table.model.objects.using(using).bulk_create(objects)
                report.rows[table.name] = report.rows.get(table.name, 0) + len(batch)
                progress.update(table.name, len(batch))


def _builder(table: Table):
    """Turn a generated tuple into a model instance (positional, in the model's own field order)."""
    fields_in_order = [f.attname for f in table.model._meta.concrete_fields]
    position = {name: i for i, name in enumerate(table.columns)}
    defaults = dict(table.missing_defaults())
    order = [(position[name], None) if name in position else (None, defaults[name]) for name in fields_in_order]
    model = table.model

    def build(row: tuple) -> models.Model:
        return model(*[row[i] if i is not None else default for i, default in order])

    return build


# --- PostgreSQL: COPY ---

# Loads this big generate rows in a second process while this one copies them into PostgreSQL.
GENERATE_IN_PARALLEL_FROM_CHILDREN = 20_000


def _chunks(config: DemoConfig, parallel: bool) -> Iterator[dict[str, list[tuple]]]:
    """The generated rows, chunk by chunk; from a separate process when ``parallel`` (it uses another core)."""
    references = reference_ids()
    if not parallel:
        for rows in generate(config, references):
            yield rows.by_table
        return
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no shared database connection
    queue = context.Queue(maxsize=3)
    worker = context.Process(target=_generate_into, args=(queue, config, references), daemon=True)
    worker.start()
    try:
        while True:
            item = queue.get()
            if item is None:
                break
            if isinstance(item, str):
                raise DemoDataError(f"Generating the demo failed:\n{item}")
            yield pickle.loads(item)  # noqa: S301 (our own child process's rows)
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()


def _generate_into(queue, config: DemoConfig, references) -> None:
    """Run in the generating process: put each chunk of rows on the queue, then None (or the error's text)."""
    import traceback

    import django

    django.setup()
    try:
        for rows in generate(config, references):
            # Pickled now: the queue would pickle later, in a thread, after the generator refilled the lists.
            queue.put(pickle.dumps(rows.by_table, protocol=pickle.HIGHEST_PROTOCOL))
        queue.put(None)
    except Exception:  # noqa: BLE001 (reported to the loading process, which raises it)
        queue.put(traceback.format_exc())


def _load_postgresql(config: DemoConfig, using: str, report: LoadReport, progress: _Progress, rebuild: bool) -> None:
    connection = connections[using]
    connection.ensure_connection()
    all_tables = tables()
    plans = {table.name: _CopyPlan(table, connection) for table in all_tables}
    parallel = config.children >= GENERATE_IN_PARALLEL_FROM_CHILDREN
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        saved = []
        if rebuild:
            # More memory for this transaction's index builds (sorting in memory, not on disk).
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            saved = _drop_constraints_and_indexes(cursor, all_tables)
        raw = cursor.cursor  # the psycopg cursor, for COPY
        for by_table in _chunks(config, parallel):
            for table in all_tables:
                batch = by_table[table.name]
                if batch:
                    plans[table.name].copy(raw, batch)
                    report.rows[table.name] = report.rows.get(table.name, 0) + len(batch)
                    progress.update(table.name, len(batch))
        for statement in saved:
            cursor.execute(statement)
        if rebuild:
            cursor.execute(f"ANALYZE {', '.join(t.db_table for t in all_tables)}")


class _CopyPlan:
    """How to COPY one table's rows in PostgreSQL's binary format: its columns, their types, and defaults
    for any column the generator does not write."""

    def __init__(self, table: Table, connection) -> None:
        extras = table.missing_defaults()
        self.extra_values = tuple(Jsonb(v) if isinstance(v, dict | list) else v for _, v in extras)
        columns = list(table.columns) + [name for name, _ in extras]
        by_attname = {f.attname: f for f in table.model._meta.concrete_fields}
        self.types = [by_attname[column].db_type(connection).split("(")[0] for column in columns]
        self.json_columns = [i for i, column in enumerate(table.columns) if self.types[i] == "jsonb"]
        quoted = ", ".join(f'"{column}"' for column in columns)
        self.statement = f'COPY "{table.db_table}" ({quoted}) FROM STDIN (FORMAT BINARY)'

    def copy(self, raw, batch: list[tuple]) -> None:
        with raw.copy(self.statement) as copy:
            copy.set_types(self.types)
            write = copy.write_row
            if self.json_columns or self.extra_values:
                for row in batch:
                    if self.json_columns:
                        row = list(row)
                        for i in self.json_columns:
                            row[i] = Jsonb(row[i])
                    write((*row, *self.extra_values))
            else:
                for row in batch:
                    write(row)


def _drop_constraints_and_indexes(cursor, all_tables: list[Table]) -> list[str]:
    """Drop foreign keys, check constraints and secondary indexes of the loaded tables; return the SQL that
    recreates them exactly (from PostgreSQL's own definitions). Primary keys and unique constraints stay."""
    names = [table.db_table for table in all_tables]
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
        FROM pg_constraint c
        WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'c')
        ORDER BY c.contype, c.conname
        """,
        [names],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT i.indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [names],
    )
    indexes = cursor.fetchall()
    recreate = []
    for table, name, definition, _kind in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        recreate.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for index, definition in indexes:
        cursor.execute(f"DROP INDEX {index}")
        recreate.insert(0, definition)
    return recreate
