"""Load a synthetic local authority (Northmoor Borough Council) for demos, tests and benchmarks.

    manage.py demo_data                          # 2,000 children, 3 years of history, ending today
    manage.py demo_data --flush --seed 7 --children 20000 --years 10 --today 2026-03-31
    manage.py demo_data --matching-set out/ --matching-queries 2000   # CSV files only, no database

Every demo sign-in (partner, frontdoor, practitioner, manager, performance, admin) uses the
password ``early-help-demo``: demo data only, never real families.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from earlyhelp.demo.generator import DemoConfig
from earlyhelp.demo.loaders import DemoDataError, load
from earlyhelp.demo.matching_set import write_matching_set
from earlyhelp.demo.organisation import DEMO_PASSWORD, DEMO_USERNAMES


class Command(BaseCommand):
    help = "Load a synthetic local authority's early help records (demo data only), or write a person-matching test set."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=42, help="Random seed: the same seed and --today give the same data.")
        parser.add_argument("--children", type=int, default=2000, help="How many children the authority knows (adults come too).")
        parser.add_argument("--years", type=int, default=3, help="Years of history, ending on --today.")
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="The last day of history (YYYY-MM-DD).")
        parser.add_argument("--flush", action="store_true", help="Empty the demo's tables first (needed if the database has data).")
        parser.add_argument("--quiet", action="store_true", help="No progress bars.")
        parser.add_argument("--matching-set", type=Path, default=None, metavar="DIR",
                            help="Only write the person-matching CSV files to DIR (no database).")
        parser.add_argument("--matching-queries", type=int, default=1000, help="How many queries in the matching set.")
        parser.add_argument("--status", action="store_true",
                            help="Print 'empty' or 'loaded' (whether the database holds any people) and stop.")
        parser.add_argument("--no-match-index", action="store_true",
                            help="Skip building the person-matching index after loading (build it later with "
                                 "people_rebuild_match_index).")
        parser.add_argument("--rebuild-indexes", choices=("auto", "yes", "no"), default="auto",
                            help="PostgreSQL: drop and rebuild constraints and indexes around the load (auto: big loads).")

    def handle(self, *args, **options) -> None:
        if options["status"]:
            from earlyhelp.people.models import Person

            self.stdout.write("loaded" if Person.objects.exists() else "empty")
            return
        config = DemoConfig(seed=options["seed"], children=options["children"], years=options["years"],
                            today=options["today"] or timezone.localdate())
        if config.children < 10 or config.years < 1:
            raise CommandError("Use at least 10 children and 1 year.")
        if options["matching_set"] is not None:
            paths = write_matching_set(config, options["matching_set"], queries=options["matching_queries"])
            for path in paths:
                self.stdout.write(f"Wrote {path}")
            return
        rebuild = {"auto": None, "yes": True, "no": False}[options["rebuild_indexes"]]
        try:
            report = load(config, flush_first=options["flush"], quiet=options["quiet"], rebuild_indexes=rebuild)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Loaded Northmoor Borough Council: {report.people:,} people, {report.total:,} rows in "
            f"{report.seconds:.1f} s ({report.strategy}), history {config.start} to {config.today}, seed {config.seed}."
        ))
        if not options["no_match_index"]:
            from earlyhelp.people.matching import rebuild_match_index

            started = time.monotonic()
            keys = rebuild_match_index()
            self.stdout.write(f"Indexed the register for matching: {keys:,} keys in {time.monotonic() - started:.1f} s.")
        self.stdout.write(
            f"Demo sign-ins (demo data only): {', '.join(DEMO_USERNAMES)}; password: {DEMO_PASSWORD}"
        )
