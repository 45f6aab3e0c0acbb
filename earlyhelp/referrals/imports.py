"""Contacts in bulk from a CSV file: each row one contact about one child, through ``contact_submit``.

The file is UTF-8 CSV (Excel's "CSV UTF-8"), with a heading row naming its columns in any order.
Headings are matched without regard to case, spaces or underscores.

============================================  ========  ==========================================================
column                                        required  what it holds
============================================  ========  ==========================================================
``received_at``                                         when the contact arrived: ``2026-11-20``, ``2026-11-20 14:30``
                                                        or ``20/11/2026 14:30`` (UK time); blank means now
``referral_source``                                     Children in Need census code (``2A``...); blank: from the
                                                        referrer's organisation, else 10 (unknown)
``urgency``                                             ``immediate``, ``urgent`` or ``routine`` (blank: routine)
``referrer_name``                                       who made the contact
``referrer_agency_code``                                their organisation's code in Early Help
``child_first_name``                          yes       the child the contact is about
``child_last_name``                           yes
``child_date_of_birth``                                 ``2016-04-12`` or ``12/04/2016``; today or in the past
``child_sex``                                           ``M``, ``F`` or ``U`` (or male, female, unknown; blank: U)
``address``                                             the child's address
``postcode``                                            the child's postcode
``reasons``                                   yes       what the referrer is worried about
``needs``                                               Supporting Families codes separated by ``;`` (``SF1;SF9``)
``consent_status``                            yes       ``given``, ``refused`` or ``not_sought``
``consent_given_by``                                    who agreed (needed when consent was given)
``reason_for_proceeding_without_consent``               needed when consent was refused or not sought
``idempotency_key``                                     a key for the row (16 to 100 letters, digits, ``-``, ``_``);
                                                        blank: a hash of the row's contents
============================================  ========  ==========================================================

Each row is sent in its own savepoint by the importing front-door practitioner (entry point
``csv_import``): good rows are kept, and each refused row is reported with its row number (the
heading is row 1, as in a spreadsheet) and every problem in plain English. A row whose key was
imported before is reported as already imported and nothing new is recorded, so importing the
same file again is safe. A dry run checks every row and records nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import Agency
from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.core.errors import ApplicationError
from earlyhelp.referrals import services
from earlyhelp.referrals.models import ConsentScope, ConsentStatus, Contact, EntryPoint

COLUMNS = (
    "received_at",
    "referral_source",
    "urgency",
    "referrer_name",
    "referrer_agency_code",
    "child_first_name",
    "child_last_name",
    "child_date_of_birth",
    "child_sex",
    "address",
    "postcode",
    "reasons",
    "needs",
    "consent_status",
    "consent_given_by",
    "reason_for_proceeding_without_consent",
    "idempotency_key",
)
REQUIRED_COLUMNS = ("child_first_name", "child_last_name", "reasons", "consent_status")
MAX_ROWS = 10_000
MAX_CELL = 10_000
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
SEX_WORDS = {"": "U", "m": "M", "male": "M", "f": "F", "female": "F", "u": "U", "unknown": "U", "not known": "U"}
CONSENT_WORDS = {"given": "given", "yes": "given", "refused": "refused", "no": "refused",
                 "not_sought": "not_sought", "not sought": "not_sought"}

KEY_USED = "This idempotency_key has been used for something else: give the row a new one"

# Where a service's problem belongs in the file.
SERVICE_FIELDS = {
    "children.0.first_name": "child_first_name",
    "children.0.last_name": "child_last_name",
    "children.0.date_of_birth": "child_date_of_birth",
    "children.0.sex": "child_sex",
    "children.0.address": "address",
    "children.0.postcode": "postcode",
    "children": "child_first_name",
    "consent.status": "consent_status",
    "consent.given_by_name": "consent_given_by",
    "consent.given_on": "consent_given_by",
    "consent.reason_for_proceeding": "reason_for_proceeding_without_consent",
    "consent.scopes": "consent_status",
}


class ImportRefused(ApplicationError):
    """The whole file was refused (not CSV, not UTF-8, a missing column): nothing was imported."""


@dataclass
class RowResult:
    row: int
    outcome: str  # "imported", "already_imported" or "refused"
    reference: str = ""
    contact_id: int | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult]
    dry_run: bool = False
    ignored_columns: list[str] = field(default_factory=list)

    def _count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def imported(self) -> int:
        return self._count("imported")

    @property
    def already_imported(self) -> int:
        return self._count("already_imported")

    @property
    def refused(self) -> int:
        return self._count("refused")

    @property
    def refused_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.outcome == "refused"]

    def lines(self) -> list[str]:
        """The report in plain lines, one a row, then the totals."""
        verb = "would be imported" if self.dry_run else "imported"
        out = []
        for row in self.rows:
            if row.outcome == "imported":
                out.append(f"Row {row.row}: {verb}" + (f" as {row.reference}" if row.reference else ""))
            elif row.outcome == "already_imported":
                out.append(f"Row {row.row}: already imported as {row.reference}, nothing new recorded")
            else:
                for column, message in row.problems:
                    out.append(f"Row {row.row}: refused: {message}" + (f" (column {column})" if column else ""))
        if self.ignored_columns:
            out.append(f"Columns not used: {', '.join(self.ignored_columns)}")
        out.append(
            f"{self.imported} row{'s' if self.imported != 1 else ''} {verb}, "
            f"{self.already_imported} already imported, {self.refused} refused"
        )
        return out


# --- Reading the file -----------------------------------------------------------------------------


def _heading(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", (name or "").strip().lstrip("\ufeff").lower())


def read_rows(content: bytes) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The file's rows (numbered as a spreadsheet numbers them) and the columns it has that are not used."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            "The file must be a CSV file saved as UTF-8: in Excel, choose Save as, then 'CSV UTF-8 (Comma delimited)'"
        ) from None
    if "\x00" in text:
        raise ImportRefused("The file must be a CSV file: this looks like a different kind of file")
    if not text.strip():
        raise ImportRefused("The file is empty")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headings = [_heading(name) for name in next(reader)]
        missing = [name for name in REQUIRED_COLUMNS if name not in headings]
        if missing:
            raise ImportRefused(
                "The file must have a heading row with the columns " + ", ".join(REQUIRED_COLUMNS)
                + f": it has no column called {', '.join(missing)}"
            )
        rows = []
        for number, cells in enumerate(reader, start=2):
            if len(rows) >= MAX_ROWS:
                raise ImportRefused(f"The file has more than {MAX_ROWS:,} rows: split it into smaller files")
            if not any(cell.strip() for cell in cells):
                continue
            values = {name: cells[index].strip() if index < len(cells) else "" for index, name in enumerate(headings)}
            rows.append((number, values))
    except csv.Error as error:
        raise ImportRefused(f"The file could not be read as CSV (row {reader.line_num}): {error}") from None
    ignored = [name for name in headings if name and name not in COLUMNS]
    return rows, ignored


# --- One row --------------------------------------------------------------------------------------


def row_key(values: dict[str, str]) -> str:
    """The row's one-time key: its own, else a hash of what it says (so the same row is the same contact)."""
    given = values.get("idempotency_key", "")
    if given:
        return given
    text = "\x1f".join(values.get(name, "") for name in COLUMNS)
    return "csv-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _date(value: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date, no time of day)
        except ValueError:
            continue
    return None


def _moment(value: str) -> datetime | None:
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                    "%d/%m/%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            naive = datetime.strptime(value, pattern)  # noqa: DTZ007 (made aware in the service's time zone below)
        except ValueError:
            continue
        return timezone.make_aware(naive)
    return None


@dataclass
class ParsedRow:
    key: str
    values: dict
    problems: list[tuple[str, str]]


def parse_row(values: dict[str, str], *, agencies: dict[str, Agency], now: datetime) -> ParsedRow:
    """A row as keyword arguments for ``contact_submit``, and what is wrong with it before it is sent."""
    problems: list[tuple[str, str]] = []
    for name, value in values.items():
        if "\x00" in value:
            problems.append((name, "Remove the unreadable character from this answer"))
        elif len(value) > MAX_CELL:
            problems.append((name, f"This answer must be {MAX_CELL:,} characters or fewer"))

    key = row_key(values)
    if not services.IDEMPOTENCY_KEY.match(key):
        problems.append(("idempotency_key", "The key must be 16 to 100 letters, digits, - or _"))

    received_at = None
    if values.get("received_at"):
        received_at = _moment(values["received_at"])
        if received_at is None:
            problems.append(("received_at", "When the contact arrived must be a real date and time, like 2026-11-20 14:30"))
        elif received_at > now:
            problems.append(("received_at", "When the contact arrived must be now or in the past"))

    source = values.get("referral_source", "").upper()
    if source and source not in services.REFERRAL_SOURCE_LABELS:
        problems.append(("referral_source", f"Referral source {source} is not a Children in Need census code"))
    urgency = values.get("urgency", "").lower() or "routine"
    if urgency not in services.URGENCY_CODES:
        problems.append(("urgency", "Urgency must be immediate, urgent or routine"))

    agency = None
    agency_code = values.get("referrer_agency_code", "")
    if agency_code:
        agency = agencies.get(agency_code.upper())
        if agency is None:
            problems.append(("referrer_agency_code", f"There is no organisation with the code {agency_code}"))

    date_of_birth = None
    if values.get("child_date_of_birth"):
        date_of_birth = _date(values["child_date_of_birth"])
        if date_of_birth is None:
            problems.append(("child_date_of_birth", "Date of birth must be a real date, like 2016-04-12 or 12/04/2016"))
        elif date_of_birth.year < 1900:
            problems.append(("child_date_of_birth", "Date of birth must be after 1900"))
    sex = SEX_WORDS.get(values.get("child_sex", "").lower())
    if sex is None:
        problems.append(("child_sex", "Sex must be M, F or U"))
    postcode = re.sub(r"\s+", " ", values.get("postcode", "").upper())
    if postcode:
        match = POSTCODE.match(postcode)
        if match:
            postcode = f"{match.group(1)} {match.group(2)}"
        else:
            problems.append(("postcode", "Postcode must be a real postcode, like NM1 4AB"))

    needs = [code.strip().upper() for code in values.get("needs", "").split(";") if code.strip()]
    unknown = [code for code in needs if code not in services.NEED_LABELS]
    if unknown:
        problems.append(("needs", f"Needs must be Supporting Families codes (SF1 to SF10): {', '.join(unknown)} is not one"))

    status_word = values.get("consent_status", "").lower().strip()
    consent = None
    if status_word:
        status = CONSENT_WORDS.get(status_word)
        if status is None:
            problems.append(("consent_status", "Consent status must be given, refused or not_sought"))
        else:
            consent = services.ConsentRecord(
                status=status,
                given_by_name=values.get("consent_given_by", "") if status == ConsentStatus.GIVEN else "",
                scopes=(ConsentScope.REFERRAL,),
                reason_for_proceeding=values.get("reason_for_proceeding_without_consent", ""),
            )

    return ParsedRow(
        key=key,
        problems=problems,
        values={
            "entry_point": EntryPoint.CSV_IMPORT,
            "received_at": received_at,
            "referral_source": source,
            "urgency": urgency,
            "referrer": services.Referrer(name=values.get("referrer_name", ""), agency=agency),
            "children": [
                services.NamedPerson(
                    first_name=values.get("child_first_name", ""),
                    last_name=values.get("child_last_name", ""),
                    date_of_birth=date_of_birth,
                    sex=sex or "U",
                    address=values.get("address", ""),
                    postcode=postcode,
                )
            ],
            "reasons": values.get("reasons", ""),
            "needs": [services.PresentingNeed(area=code) for code in needs if code in services.NEED_LABELS],
            "consent": consent,
            "idempotency_key": key,
        },
    )


def _column(service_field: str) -> str:
    return SERVICE_FIELDS.get(service_field, service_field)


def _import_row(number: int, values: dict[str, str], *, actor, agencies, now) -> RowResult:
    parsed = parse_row(values, agencies=agencies, now=now)
    if not parsed.problems:
        earlier = Contact.objects.submitted().filter(idempotency_key=parsed.key).first()
        if earlier is not None:
            return RowResult(number, "already_imported", earlier.reference, earlier.pk)
    try:
        with transaction.atomic():  # a savepoint: a refused row leaves the others as they were
            if parsed.problems:
                if any("unreadable" in message for _, message in parsed.problems):
                    return RowResult(number, "refused", problems=parsed.problems)
                # Still ask the service (and record nothing), so every problem with the row is reported at once.
                services.contact_submit(actor=actor, **{**parsed.values, "idempotency_key": None})
                transaction.set_rollback(True)
                return RowResult(number, "refused", problems=parsed.problems)
            contact = services.contact_submit(actor=actor, **parsed.values)
    except services.FieldProblems as refused:
        found = [
            (_column(f), KEY_USED if f == "idempotency_key" else m) for f, m in refused.field_problems
        ]
        columns = {column for column, _ in parsed.problems}
        extra = [(column, message) for column, message in found if column not in columns]
        return RowResult(number, "refused", problems=parsed.problems + extra)
    except ApplicationError as refused:
        return RowResult(number, "refused", problems=[*parsed.problems, ("", refused.message)])
    return RowResult(number, "imported", contact.reference, contact.pk)


def contacts_import(*, actor, content: bytes | BinaryIO, dry_run: bool = False) -> ImportReport:
    """Import a CSV file of contacts as ``actor`` (a front-door practitioner); see the module's docstring."""
    if not has_capability(actor, Capability.RECORD_CONTACT):
        raise PermissionDenied("Not allowed")
    if not isinstance(content, bytes):
        content = content.read()
    rows, ignored = read_rows(content)
    if not rows:
        raise ImportRefused("The file has a heading row but no contacts")
    agencies = {agency.code.upper(): agency for agency in Agency.objects.active()}
    now = timezone.now()
    results = []
    with transaction.atomic():
        for number, values in rows:
            results.append(_import_row(number, values, actor=actor, agencies=agencies, now=now))
        if dry_run:
            transaction.set_rollback(True)
    return ImportReport(rows=results, dry_run=dry_run, ignored_columns=ignored)
