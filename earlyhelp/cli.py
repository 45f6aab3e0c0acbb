"""The `earlyhelp` command: set-up, demo data, imports, exports and benchmarks.

It is Django's manage.py with the service's own words: `earlyhelp demo-data` runs the
`demo_data` management command, `earlyhelp serve` the development server, and any other
manage.py command passes straight through (`earlyhelp migrate`, `earlyhelp check --deploy`).
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "demo-data": "demo_data",
    "serve": "runserver",
    "setup": "migrate",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    if args[:1] == ["people"]:
        # `earlyhelp people match-file ...` style sub-commands: `people_match_file`.
        args = ["people_" + args[1].replace("-", "_"), *args[2:]] if len(args) > 1 else ["help", "people"]
    execute_from_command_line(["earlyhelp", *args])


if __name__ == "__main__":
    main()
