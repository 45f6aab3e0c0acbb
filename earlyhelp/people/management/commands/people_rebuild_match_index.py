"""`earlyhelp people rebuild-match-index`: re-file every person in the matching index (after a bulk load)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from earlyhelp.people.matching import rebuild_match_index


class Command(BaseCommand):
    help = "Rebuild the person-matching index from the register (COPY on PostgreSQL)."

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        count = rebuild_match_index(progress=(lambda text: self.stderr.write(text)) if verbose else None)
        self.stdout.write(f"Indexed {count} people for matching.")
