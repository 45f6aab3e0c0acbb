"""`earlyhelp people find-duplicates [--threshold T] [--limit N] [--csv]`: people recorded twice.

Scans the whole register with the front door's matcher (through the match index, so a million
people take minutes, not days), stores the likely duplicates as the list the "Possible duplicate
records" page shows (replacing the last scan's), and prints them best first: a summary by default,
or CSV ``person_a_id,person_a_la_id,person_a_name,person_b_id,person_b_la_id,person_b_name,score,reasons``
with ``--csv``. Nothing is merged: a practitioner decides each pair on the page.
"""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand, CommandError

from earlyhelp.people.duplicates import MIN_SHARED_KINDS, duplicates_find, duplicates_refresh
from earlyhelp.people.models import Person


class Command(BaseCommand):
    help = "Find people recorded twice across the register; store the list for the duplicates page and print it."

    def add_arguments(self, parser):
        from earlyhelp.people.matching import DEFAULT_THRESHOLD

        parser.add_argument(
            "--threshold", type=float, default=None,
            help=f"lowest score proposed, 0..1 (default {DEFAULT_THRESHOLD}, the front door's)",
        )
        parser.add_argument("--limit", type=int, default=None, help="print at most this many pairs (all are stored)")
        parser.add_argument("--csv", action="store_true", help="write the pairs as CSV to standard output")
        parser.add_argument(
            "--min-shared-kinds", type=int, default=MIN_SHARED_KINDS,
            help=f"kinds of blocking key two records must share to be scored (default {MIN_SHARED_KINDS}; lower finds more, slower)",
        )
        parser.add_argument("--dry-run", action="store_true", help="print the pairs without storing them")

    def handle(self, *args, **options):
        threshold = options["threshold"]
        if threshold is not None and not 0 < threshold <= 1:
            raise CommandError("--threshold must be more than 0 and at most 1")
        if options["limit"] is not None and options["limit"] < 0:
            raise CommandError("--limit must be 0 or more")
        if options["min_shared_kinds"] < 1:
            raise CommandError("--min-shared-kinds must be at least 1")
        progress = (lambda text: self.stderr.write(text)) if options["verbosity"] > 1 else None
        find = duplicates_find if options["dry_run"] else duplicates_refresh
        result = find(threshold=threshold, progress=progress, min_shared_kinds=options["min_shared_kinds"])
        pairs = result.pairs if options["limit"] is None else result.pairs[: options["limit"]]
        people = Person.objects.in_bulk({p.person_a for p in pairs} | {p.person_b for p in pairs})
        if options["csv"]:
            writer = csv.writer(self.stdout)
            writer.writerow(["person_a_id", "person_a_la_id", "person_a_name", "person_b_id", "person_b_la_id",
                             "person_b_name", "score", "reasons"])
            for pair in pairs:
                a, b = people[pair.person_a], people[pair.person_b]
                writer.writerow([a.pk, a.la_id, a.full_name, b.pk, b.la_id, b.full_name, f"{pair.score:.4f}",
                                 "; ".join(pair.reasons)])
            return
        stored = "" if options["dry_run"] else " (stored for the duplicates page)"
        self.stdout.write(
            f"Scanned {result.people:,} people in {result.seconds:.1f}s: {result.pairs_scored:,} pairs scored, "
            f"{len(result.pairs):,} likely duplicates at or above {result.threshold:g}{stored}."
        )
        for pair in pairs:
            a, b = people[pair.person_a], people[pair.person_b]
            self.stdout.write(
                f"{pair.score:.3f}  {a.full_name} ({a.la_id}) and {b.full_name} ({b.la_id}): {'; '.join(pair.reasons)}"
            )
