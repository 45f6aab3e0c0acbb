"""Import contacts from a CSV file: `earlyhelp contacts_import FILE --as USERNAME [--dry-run]`.

The columns are described in `earlyhelp/referrals/imports.py`. Prints one line a row (imported,
already imported, or refused with each problem) and the totals; importing the same file again
records nothing new.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from earlyhelp.accounts.models import User
from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.referrals.imports import ImportRefused, contacts_import


class Command(BaseCommand):
    help = "Import contacts from a CSV file, one contact a row, as a front-door practitioner."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (UTF-8)")
        parser.add_argument("--as", dest="username", required=True, help="the front-door practitioner importing it")
        parser.add_argument("--dry-run", action="store_true", help="check every row and record nothing")

    def handle(self, *args, file, username, dry_run, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}")
        if not has_capability(user, Capability.RECORD_CONTACT):
            raise CommandError(f"{username} cannot record contacts: only the front door can import them")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file!r}")
        try:
            report = contacts_import(actor=user, content=path.read_bytes(), dry_run=dry_run)
        except ImportRefused as refused:
            raise CommandError(refused.message) from None
        if dry_run:
            self.stdout.write("Dry run: nothing was recorded")
        for line in report.lines():
            self.stdout.write(line)
