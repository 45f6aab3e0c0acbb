"""`earlyhelp people match-file REGISTER.csv QUERIES.csv [--threshold T]`: match two CSV files, no database.

Reads ``id,first_name,last_name,date_of_birth,sex,address,postcode,nhs_number`` (ISO dates, other
columns ignored, empty values allowed) and writes ``query_id,candidate_id,score`` to standard
output, best candidates first for each query, only pairs scoring at or above the threshold.
A register may give a person in several rows with the same id (the first the person now, later ones
their other names and past addresses); see earlyhelp/people/matching/files.py.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from earlyhelp.people.matching import DEFAULT_THRESHOLD, engine, files


class Command(BaseCommand):
    help = "Match the people in QUERIES.csv against REGISTER.csv in memory; CSV of candidate pairs to stdout."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("register", help="CSV of register people")
        parser.add_argument("queries", help="CSV of people to look for")
        parser.add_argument(
            "--threshold", type=float, default=DEFAULT_THRESHOLD,
            help=f"lowest score written, 0..1 (default {DEFAULT_THRESHOLD}, the front door's)",
        )
        parser.add_argument("--limit", type=int, default=None, help="at most this many candidates per query")
        parser.add_argument("--model", help="a model JSON file instead of the packaged one")
        parser.add_argument(
            "--learn", action="store_true",
            help="learn m and u from these two files first (unsupervised, as Splink does)",
        )
        parser.add_argument(
            "--one-to-one", action="store_true",
            help="link two deduplicated lists: family guards off, each record paired at most once "
                 "(not what the front door does)",
        )

    def handle(self, *args, **options):
        threshold = options["threshold"]
        if not 0 <= threshold <= 1:
            raise CommandError("--threshold must be between 0 and 1")
        model = engine.load_model(options["model"]) if options["model"] else None
        try:
            files.match_file(
                options["register"], options["queries"], self.stdout,
                threshold=threshold, model=model, learn=options["learn"], limit=options["limit"],
                one_to_one=options["one_to_one"],
            )
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
