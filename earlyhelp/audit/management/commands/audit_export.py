"""Export the audit trail for a period as CSV (for a subject access request or a practice review)."""

from __future__ import annotations

import csv
from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from earlyhelp.audit.models import AuditEvent
from earlyhelp.audit.selectors import EXPORT_COLUMNS, export_rows


def _day(value: str, *, end: bool) -> datetime:
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Dates are YYYY-MM-DD, not {value!r}") from error
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


class Command(BaseCommand):
    help = "Write the audit trail between two dates (inclusive) as CSV to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="Last day, YYYY-MM-DD")
        parser.add_argument("--person", type=int, help="Only events about this person id")

    def handle(self, *args, start, end, person=None, **options):
        events = AuditEvent.objects.filter(
            occurred_at__gte=_day(start, end=False), occurred_at__lte=_day(end, end=True)
        ).order_by("occurred_at", "id")
        if person is not None:
            events = events.filter(person_id=person)
        writer = csv.writer(self.stdout)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(export_rows(events.iterator(chunk_size=5000)))
