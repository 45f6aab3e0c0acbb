"""Write a subject access export for one person as JSON."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from earlyhelp.people.models import Person
from earlyhelp.people.subject_access import subject_access_export


class Command(BaseCommand):
    help = "Export everything held about a person (by LA id) as JSON, for a subject access request."

    def add_arguments(self, parser):
        parser.add_argument("la_id")
        parser.add_argument("--reason", required=True, help="The request's reference, recorded in the audit trail")
        parser.add_argument("--out", help="File to write (default: standard output)")

    def handle(self, *args, la_id, reason, out=None, **options):
        person = Person.objects.filter(la_id=la_id).first()
        if person is None:
            raise CommandError(f"No person with LA id {la_id!r}")
        document = json.dumps(subject_access_export(person=person, actor=None, reason=reason), indent=2, default=str)
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(document)
            self.stdout.write(f"Wrote {out}")
        else:
            self.stdout.write(document)
