"""Contacts in bulk from a CSV file: good rows kept, bad rows reported by number, the same file twice is safe."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.models import AgencyType, Role
from earlyhelp.audit.models import AuditAction, AuditEvent
from earlyhelp.core.testing import make_agency, make_user, sign_in_client
from earlyhelp.referrals import imports
from earlyhelp.referrals.models import Contact, EntryPoint
from earlyhelp.referrals.tests.factories import make_front_door

pytestmark = pytest.mark.django_db

GOOD = {
    "received_at": "2026-01-05 09:30",
    "referral_source": "",
    "urgency": "urgent",
    "referrer_name": "PC Jones",
    "referrer_agency_code": "POL",
    "child_first_name": "Mia",
    "child_last_name": "Ashworth",
    "child_date_of_birth": "12/04/2016",
    "child_sex": "F",
    "address": "1 Mill Lane, Northmoor",
    "postcode": "nm1 4ab",
    "reasons": "Police attended a domestic incident; Mia was present.",
    "needs": "SF6; SF9",
    "consent_status": "not_sought",
    "consent_given_by": "",
    "reason_for_proceeding_without_consent": "Police notification: the family will be contacted by the hub.",
    "idempotency_key": "",
}


def csv_bytes(rows: list[dict], columns=imports.COLUMNS, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def row(**kw) -> dict:
    return {**GOOD, **kw}



@pytest.fixture
def police():
    return make_agency(code="POL", label="Northmoor Police", agency_type=AgencyType.POLICE)


def test_good_rows_are_kept_and_bad_rows_reported_by_number(front_door, police):
    future = (timezone.localdate() + timedelta(days=3)).strftime("%d/%m/%Y")
    content = csv_bytes([
        row(),
        row(child_first_name="", child_date_of_birth=future, needs="SF6;SF99"),
        row(child_first_name="Leo", consent_status="given", consent_given_by="Jo Ashworth"),
        row(child_first_name="Ava", consent_status="refused", reason_for_proceeding_without_consent=""),
    ])

    report = imports.contacts_import(actor=front_door, content=content)

    assert (report.imported, report.already_imported, report.refused) == (2, 0, 2)
    refused = {r.row: dict(r.problems) for r in report.refused_rows}
    assert refused[3] == {
        "child_date_of_birth": "Date of birth of child 1 must be today or in the past",
        "needs": "Needs must be Supporting Families codes (SF1 to SF10): SF99 is not one",
        "child_first_name": "Enter the first name of child 1",
    }
    assert refused[5] == {
        "reason_for_proceeding_without_consent": "Enter why this request should go ahead without the family's agreement"
    }
    contacts = Contact.objects.order_by("id")
    assert [c.named_people.get().first_name for c in contacts] == ["Mia", "Leo"]
    mia = contacts[0]
    assert mia.entry_point == EntryPoint.CSV_IMPORT
    assert (mia.referrer_name, mia.referrer_agency, mia.referral_source, mia.urgency) == ("PC Jones", police, "6", "urgent")
    assert timezone.localtime(mia.received_at).strftime("%Y-%m-%d %H:%M") == "2026-01-05 09:30"
    assert mia.named_people.get().postcode == "NM1 4AB"
    assert sorted(mia.needs.values_list("area", flat=True)) == ["SF6", "SF9"]
    assert mia.recorded_by == front_door
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(mia.pk), actor=front_door).exists()


@pytest.mark.parametrize("keyed", [True, False])
def test_importing_the_same_file_again_records_nothing_new(front_door, police, keyed):
    rows = [row(), row(child_first_name="Leo"), row(child_first_name="")]
    if keyed:
        rows = [{**r, "idempotency_key": f"police-batch-7-row-{n:04d}"} for n, r in enumerate(rows)]
    content = csv_bytes(rows)
    first = imports.contacts_import(actor=front_door, content=content)
    events = AuditEvent.objects.count()

    again = imports.contacts_import(actor=make_front_door(), content=content)

    assert (first.imported, first.refused) == (2, 1)
    assert (again.imported, again.already_imported, again.refused) == (0, 2, 1)
    assert [r.reference for r in again.rows[:2]] == [r.reference for r in first.rows[:2]]
    assert Contact.objects.count() == 2
    assert AuditEvent.objects.count() == events


def test_a_dry_run_checks_every_row_and_records_nothing(front_door, police):
    report = imports.contacts_import(actor=front_door, content=csv_bytes([row(), row(reasons="")]), dry_run=True)
    assert (report.imported, report.refused) == (1, 1)
    assert "Row 2: would be imported" in report.lines()[0]
    assert not Contact.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"received_at": "yesterday"}, "received_at", "real date and time"),
        ({"received_at": "2999-01-01"}, "received_at", "now or in the past"),
        ({"urgency": "asap"}, "urgency", "immediate, urgent or routine"),
        ({"referral_source": "ZZ"}, "referral_source", "census code"),
        ({"referrer_agency_code": "NOPE"}, "referrer_agency_code", "no organisation"),
        ({"child_date_of_birth": "31/02/2016"}, "child_date_of_birth", "real date"),
        ({"child_date_of_birth": "01/01/1066"}, "child_date_of_birth", "after 1900"),
        ({"child_sex": "X"}, "child_sex", "M, F or U"),
        ({"postcode": "not a postcode"}, "postcode", "real postcode"),
        ({"consent_status": "perhaps"}, "consent_status", "given, refused or not_sought"),
        ({"idempotency_key": "short"}, "idempotency_key", "16 to 100"),
        ({"child_last_name": "A" * 101}, "child_last_name", "100 characters"),
    ],
)
def test_each_problem_names_its_column(front_door, police, change, column, words):
    report = imports.contacts_import(actor=front_door, content=csv_bytes([row(**change)]))
    problems = dict(report.rows[0].problems)
    assert report.rows[0].outcome == "refused"
    assert words in problems[column], problems
    assert not Contact.objects.exists()


def test_a_row_with_an_unreadable_character_is_refused_before_the_service():
    parsed = imports.parse_row(row(consent_given_by="Jo\x00"), agencies={}, now=timezone.now())
    assert ("consent_given_by", "Remove the unreadable character from this answer") in parsed.problems


def test_html_in_a_row_is_stored_as_text(front_door, police):
    imports.contacts_import(actor=front_door, content=csv_bytes([row(reasons="<script>alert(1)</script>")]))
    assert Contact.objects.get().reasons == "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        ("child_first_name,reasons\nMia,é\n".encode("cp1252"), "UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "UTF-8"),
        (b"hello\x00world\n", "different kind of file"),
        (b"just some words\nnot a csv file\n", "no column called"),
        (",".join(imports.COLUMNS).encode() + b"\n", "no contacts"),
        (",".join(imports.COLUMNS).encode() + b'\n"' + b"x" * 200_000 + b"\n", "could not be read as CSV"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole_with_a_clear_message(front_door, content, words):
    with pytest.raises(imports.ImportRefused) as refused:
        imports.contacts_import(actor=front_door, content=content)
    assert words in refused.value.message
    assert not Contact.objects.exists()


def test_headings_are_matched_loosely_and_unused_columns_reported(front_door, police):
    columns = {"Child First Name": "Mia", "CHILD_LAST_NAME": "Ashworth", " reasons ": "Worried", "Consent status": "given",
               "consent given by": "Jo", "Shoe size": "4"}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    writer.writerow(columns)
    report = imports.contacts_import(actor=front_door, content=out.getvalue().encode("utf-8-sig"))
    assert report.imported == 1
    assert report.ignored_columns == ["shoe_size"]


def test_only_the_front_door_can_import():
    with pytest.raises(imports.PermissionDenied):
        imports.contacts_import(actor=make_user(Role.PARTNER_REFERRER), content=csv_bytes([row()]))


# --- The command ----------------------------------------------------------------------------------


def test_the_command_prints_a_report_per_row(tmp_path, front_door, police):
    path = tmp_path / "contacts.csv"
    path.write_bytes(csv_bytes([row(), row(reasons="")]))
    out = io.StringIO()

    call_command("contacts_import", str(path), "--as", front_door.username, stdout=out)
    call_command("contacts_import", str(path), "--as", front_door.username, stdout=out)

    lines = out.getvalue().splitlines()
    reference = Contact.objects.get().reference
    assert lines[0] == f"Row 2: imported as {reference}"
    assert lines[1] == "Row 3: refused: Enter what you are worried about (column reasons)"
    assert lines[2] == "1 row imported, 0 already imported, 1 refused"
    assert lines[3] == f"Row 2: already imported as {reference}, nothing new recorded"
    assert Contact.objects.count() == 1


def test_the_command_dry_run_and_its_refusals(tmp_path, front_door, police):
    path = tmp_path / "contacts.csv"
    path.write_bytes(csv_bytes([row()]))
    out = io.StringIO()
    call_command("contacts_import", str(path), "--as", front_door.username, "--dry-run", stdout=out)
    assert out.getvalue().startswith("Dry run: nothing was recorded")
    assert not Contact.objects.exists()

    with pytest.raises(CommandError, match="No active user"):
        call_command("contacts_import", str(path), "--as", "nobody")
    with pytest.raises(CommandError, match="only the front door"):
        call_command("contacts_import", str(path), "--as", make_user(Role.PARTNER_REFERRER).username)
    with pytest.raises(CommandError, match="No file"):
        call_command("contacts_import", str(tmp_path / "missing.csv"), "--as", front_door.username)
    (tmp_path / "latin.csv").write_bytes("child_first_name\né\n".encode("cp1252"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("contacts_import", str(tmp_path / "latin.csv"), "--as", front_door.username)


# --- The upload page ------------------------------------------------------------------------------


def _upload(client, content: bytes, name="contacts.csv", **data):
    return client.post(reverse("referrals:import"), {"file": SimpleUploadedFile(name, content, "text/csv"), **data})


def test_the_front_door_uploads_a_file_and_sees_the_report(client, front_door, police):
    sign_in_client(client, front_door)
    assert client.get(reverse("referrals:import")).status_code == 200

    response = _upload(client, csv_bytes([row(), row(child_first_name="<b>Leo</b>", reasons="")]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-report"' in html
    assert "1 contact imported" in html
    assert "1 row refused" in html
    assert "Enter what you are worried about" in html
    assert Contact.objects.get().reference in html
    assert "<b>Leo</b>" not in html


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        ("child_first_name\né\n".encode("cp1252"), "contacts.csv", "UTF-8"),
        (b"%PDF-1.4 binary", "contacts.pdf", "must be a CSV file"),
        (b"x" * (5 * 1024 * 1024 + 1), "big.csv", "smaller than 5 MB"),
        (b"", "empty.csv", "is empty"),
    ],
)
def test_a_bad_file_is_shown_next_to_the_field_never_a_500(client, front_door, content, name, words):
    sign_in_client(client, front_door)
    response = _upload(client, content, name)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "govuk-file-upload--error" in html
    assert words in html
    assert not Contact.objects.exists()


def test_no_file_chosen_is_an_error(client, front_door):
    sign_in_client(client, front_door)
    response = client.post(reverse("referrals:import"), {})
    assert "Select a CSV file" in response.content.decode()
