"""Back up and restore the whole service: the database and the uploaded files, in one archive.

An archive is a tar file holding ``manifest.json``, the database (``database.dump``, a ``pg_dump``
custom-format dump, on PostgreSQL; ``database.sqlite3``, made with SQLite's online backup API, on
SQLite) and every file under ``MEDIA_ROOT`` (``media/...``). The manifest records the format, the
database engine, when it was made, the latest migration of each app, the number of rows in every
table and the SHA-256 of every member, so a restore can refuse a damaged or foreign file before it
touches anything, and check afterwards that every table came back with the rows it had.

The audit trail is restored with everything else. On PostgreSQL its table refuses UPDATE, DELETE
and TRUNCATE (audit migration 0002); a restore does none of those: ``pg_restore --clean`` drops the
tables (and with them the triggers) and creates them again from the dump, triggers included, all in
one transaction, so a failed restore leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from glob import glob
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, connections

FORMAT = "earlyhelp-backup/1"
MANIFEST = "manifest.json"
PG_DUMP_NAME = "database.dump"
SQLITE_NAME = "database.sqlite3"
MEDIA_PREFIX = "media/"
# A database with any of these rows holds a service's records: restoring over it needs --force.
RECORD_TABLES = ("accounts_user", "people_person", "referrals_contact", "casework_episode", "audit_auditevent")


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a message for the person running it."""


@dataclass
class RestoreReport:
    tables: int
    rows: int
    media_files: int
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)


# --- Facts about the database --------------------------------------------------------------------


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups work on PostgreSQL and SQLite, not {vendor}.")
    return vendor


def table_counts() -> dict[str, int]:
    """Rows in every table of the database (Django's own tables too)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the catalogue)
            counts[table] = cursor.fetchone()[0]
    return counts


def holds_records() -> bool:
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in RECORD_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


def _migrations() -> dict[str, str]:
    tables = connection.introspection.table_names()
    if "django_migrations" not in tables:
        return {}
    latest: dict[str, str] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            latest[app] = name
    return latest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL tools ----------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise BackupError(f"{name} was not found. Install the PostgreSQL client tools (Debian: postgresql-client).")


def _pg_args_and_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    args += ["--dbname", str(db["NAME"])]
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")


# --- Backup --------------------------------------------------------------------------------------


def _dump_database(engine: str, into: Path) -> str:
    if engine == "postgresql":
        target = into / PG_DUMP_NAME
        args, env = _pg_args_and_env()
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args],
             env, "pg_dump")
        return PG_DUMP_NAME
    target = into / SQLITE_NAME
    connection.ensure_connection()
    with sqlite3.connect(target) as destination:
        connection.connection.backup(destination)
    destination.close()
    return SQLITE_NAME


def _media_files() -> list[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return [(p, MEDIA_PREFIX + p.relative_to(root).as_posix()) for p in sorted(root.rglob("*")) if p.is_file()]


def backup(path: str | os.PathLike) -> dict:
    """Write an archive of the database and the uploaded files to ``path``; return its manifest."""
    engine = _engine()
    target = Path(path)
    if target.is_dir():
        raise BackupError(f"{target} is a folder. Give the name of the backup file to write, e.g. {target}/earlyhelp.tar")
    if not target.parent.exists():
        raise BackupError(f"The folder {target.parent} does not exist.")
    with tempfile.TemporaryDirectory(prefix="earlyhelp-backup-") as work:
        workdir = Path(work)
        counts = table_counts()  # before the dump, so the restore can check what it got back
        database_name = _dump_database(engine, workdir)
        media = _media_files()
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": database_name,
            "migrations": _migrations(),
            "tables": counts,
            "media_files": len(media),
            "checksums": {database_name: _sha256(workdir / database_name),
                          **{name: _sha256(source) for source, name in media}},
        }
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(workdir / database_name, arcname=database_name)
            for source, name in media:
                archive.add(source, arcname=name)
        os.replace(partial, target)  # a backup file is whole or absent
    return manifest


# --- Restore -------------------------------------------------------------------------------------


def _safe_member(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts


def read_manifest(path: str | os.PathLike) -> dict:
    """The archive's manifest, after checking the archive is whole; a clear BackupError if it is not."""
    source = Path(path)
    if not source.exists():
        raise BackupError(f"There is no backup file at {source}.")
    if source.is_dir():
        raise BackupError(f"{source} is a folder, not a backup file.")
    try:
        with tarfile.open(source, "r") as archive:
            members = {m.name: m for m in archive.getmembers()}
            if MANIFEST not in members:
                raise BackupError(f"{source} is not an Early Help backup: it has no manifest.")
            manifest = json.loads(archive.extractfile(members[MANIFEST]).read())
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(f"{source} is not an Early Help backup this version can read.")
            for name, expected in manifest["checksums"].items():
                member = members.get(name)
                if member is None or not member.isfile() or not _safe_member(name):
                    raise BackupError(f"The backup {source} is damaged: {name} is missing.")
                digest = hashlib.sha256()
                handle = archive.extractfile(member)
                for chunk in iter(lambda h=handle: h.read(1 << 20), b""):
                    digest.update(chunk)
                if digest.hexdigest() != expected:
                    raise BackupError(f"The backup {source} is damaged: {name} does not match its checksum.")
    except (tarfile.TarError, EOFError, OSError, json.JSONDecodeError, UnicodeDecodeError, KeyError,
            AttributeError, TypeError) as error:
        raise BackupError(f"{source} is damaged or is not an Early Help backup ({error.__class__.__name__}).") from error
    return manifest


def restore(path: str | os.PathLike, *, force: bool = False) -> RestoreReport:
    """Replace the database and the uploaded files with those in the archive at ``path``."""
    engine = _engine()
    manifest = read_manifest(path)
    if manifest["engine"] != engine:
        raise BackupError(f"This backup is of a {manifest['engine']} database; this service runs on {engine}. "
                          "Restore it into a database of the same kind.")
    if not force and holds_records():
        raise BackupError("The database already holds records. Restoring replaces all of them: "
                          "run the command again with --force if that is what you want.")
    with tempfile.TemporaryDirectory(prefix="earlyhelp-restore-") as work:
        workdir = Path(work)
        with tarfile.open(path, "r") as archive:
            for name in manifest["checksums"]:
                archive.extract(name, workdir, filter="data")
        database = workdir / manifest["database"]
        if engine == "postgresql":
            _restore_postgresql(database)
        else:
            _restore_sqlite(database)
        media = _restore_media(workdir, [n for n in manifest["checksums"] if n.startswith(MEDIA_PREFIX)])
    counts = table_counts()
    mismatches = {t: (n, counts.get(t, -1)) for t, n in manifest["tables"].items() if counts.get(t, -1) != n}
    return RestoreReport(tables=len(manifest["tables"]), rows=sum(manifest["tables"].values()),
                         media_files=media, mismatches=mismatches)


def _restore_postgresql(dump: Path) -> None:
    connections.close_all()  # pg_restore drops the tables: no open connection may hold them
    args, env = _pg_args_and_env()
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, str(dump)], env, "pg_restore")


def _restore_sqlite(copy: Path) -> None:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    with sqlite3.connect(copy) as source:
        source.backup(connection.connection)
    source.close()


def _restore_media(workdir: Path, names: list[str]) -> int:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    for child in root.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    for name in names:
        target = root / name.removeprefix(MEDIA_PREFIX)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(workdir / name, target)
    return len(names)
