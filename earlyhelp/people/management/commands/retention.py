"""Report (by default) or apply the retention rules: anonymise families whose retention has ended."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from earlyhelp.people.retention import household_anonymise, households_due, policy_from_settings


class Command(BaseCommand):
    help = "List families whose retention period has ended (dry run), or anonymise them with --apply."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Anonymise them (default: report only)")

    def handle(self, *args, apply=False, **options):
        policy = policy_from_settings()
        due = households_due(today=timezone.localdate(), policy=policy)
        self.stdout.write(
            f"Retention: {policy.years_after_closure} years after closure, and until the youngest child is "
            f"{policy.until_youngest_child_age}. {len(due)} famil{'y' if len(due) == 1 else 'ies'} due."
        )
        for candidate in due:
            self.stdout.write(f"  household {candidate.household_id}: last closed {candidate.last_closed_on}, "
                              f"{candidate.people} people")
        if not apply:
            self.stdout.write("Dry run: nothing changed. Run with --apply to anonymise.")
            return
        people = sum(household_anonymise(household_id=c.household_id) for c in due)
        self.stdout.write(f"Anonymised {len(due)} families ({people} people).")
