"""`earlyhelp backup` and `earlyhelp restore`: a round trip gives back every row (the audit trail too) and every
uploaded file; a missing, damaged or foreign file is refused with a clear message; a database that holds records
is only replaced with --force. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditEvent
from earlyhelp.audit.services import record_create, record_update, snapshot
from earlyhelp.core import backup
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user
from earlyhelp.people.models import HouseholdAddress, Person

pytestmark = pytest.mark.django_db(transaction=True)


def everything() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            rows[table] = [tuple(str(v) for v in row) for row in cursor.fetchall()]
    return rows


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    root = Path(settings.MEDIA_ROOT)
    (root / "documents" / "2026").mkdir(parents=True)
    (root / "documents" / "2026" / "plan.pdf").write_bytes(b"%PDF-1.4 synthetic plan")
    (root / "readme.txt").write_text("synthetic")
    return root


@pytest.fixture
def service(media):
    """A team, a worker, a family with an episode, and an audit trail of what happened."""
    team = make_team()
    worker = make_user(Role.LEAD_PRACTITIONER, team=team)
    episode = make_allocated_episode(lead_practitioner=worker)
    person = episode.household.memberships.first().person
    record_create(actor=worker, instance=episode)
    before = snapshot(person)
    person.first_name = "Renamed"
    person.save()
    record_update(actor=worker, instance=person, before=before)
    return {"worker": worker, "episode": episode, "person": person}


def test_a_round_trip_gives_back_every_row_the_audit_trail_and_the_files(service, media, tmp_path):
    archive = tmp_path / "earlyhelp.tar"
    before = everything()
    audit_before = AuditEvent.objects.count()

    call_command("backup", str(archive))
    # Things change after the backup: a name, a deleted address, a new person, more audit events, a new file.
    person = Person.objects.get(pk=service["person"].pk)
    old = snapshot(person)
    person.last_name = "Changed"
    person.save()
    record_update(actor=service["worker"], instance=person, before=old)
    HouseholdAddress.objects.filter(household=service["episode"].household).delete()
    record_create(actor=service["worker"], instance=Person.objects.create(la_id="X0000001", first_name="New",
                                                                         last_name="Person"))
    (media / "documents" / "2026" / "plan.pdf").write_bytes(b"overwritten")
    (media / "extra.txt").write_text("not in the backup")
    assert everything() != before

    call_command("restore", str(archive), "--force")

    assert everything() == before
    assert AuditEvent.objects.count() == audit_before
    assert (media / "documents" / "2026" / "plan.pdf").read_bytes() == b"%PDF-1.4 synthetic plan"
    assert (media / "readme.txt").read_text() == "synthetic"
    assert not (media / "extra.txt").exists()


def test_the_manifest_counts_every_table_and_checksums_every_member(service, tmp_path):
    archive = tmp_path / "b.tar"

    manifest = backup.backup(archive)

    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["audit_auditevent"] == AuditEvent.objects.count()
    assert manifest["tables"]["people_person"] == Person.objects.count()
    assert manifest["media_files"] == 2
    with tarfile.open(archive) as tar:
        assert set(tar.getnames()) == {"manifest.json", manifest["database"], *manifest["checksums"]}


def test_restore_refuses_a_database_that_holds_records_without_force(service, tmp_path):
    archive = tmp_path / "b.tar"
    call_command("backup", str(archive))
    Person.objects.create(la_id="X0000002", first_name="Kept", last_name="Person")

    with pytest.raises(CommandError, match="already holds records.*--force"):
        call_command("restore", str(archive))

    assert Person.objects.filter(la_id="X0000002").exists()


def test_a_missing_file_is_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="There is no backup file at"):
        call_command("restore", str(tmp_path / "nothing.tar"), "--force")


def test_a_file_that_is_not_a_backup_is_refused_clearly(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"this is not a tar file at all" * 100)

    with pytest.raises(CommandError, match="damaged or is not an Early Help backup"):
        call_command("restore", str(junk), "--force")


def test_a_truncated_backup_is_refused_and_nothing_changes(service, tmp_path):
    archive = tmp_path / "b.tar"
    call_command("backup", str(archive))
    data = archive.read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(data[: len(data) // 2])
    before = everything()

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(cut), "--force")

    assert everything() == before


def test_a_backup_whose_database_was_altered_fails_its_checksum(service, tmp_path):
    archive = tmp_path / "b.tar"
    manifest = backup.backup(archive)
    altered = tmp_path / "altered.tar"
    with tarfile.open(archive) as source, tarfile.open(altered, "w") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == manifest["database"]:
                content = content[:-10] + b"0123456789"
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))

    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(altered), "--force")


def test_a_backup_of_the_other_kind_of_database_is_refused(service, tmp_path):
    archive = tmp_path / "b.tar"
    manifest = backup.backup(archive)
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    foreign = tmp_path / "foreign.tar"
    with tarfile.open(archive) as source, tarfile.open(foreign, "w") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "manifest.json":
                content = json.dumps({**manifest, "engine": other}).encode()
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))

    with pytest.raises(CommandError, match=f"backup is of a {other} database"):
        call_command("restore", str(foreign), "--force")


def test_check_reports_what_a_whole_backup_holds(service, tmp_path, capsys):
    archive = tmp_path / "b.tar"
    call_command("backup", str(archive))

    call_command("restore", str(archive), "--check")

    assert "is whole" in capsys.readouterr().out


def test_backup_refuses_a_folder_as_its_target(tmp_path):
    with pytest.raises(CommandError, match="is a folder"):
        call_command("backup", str(tmp_path))
