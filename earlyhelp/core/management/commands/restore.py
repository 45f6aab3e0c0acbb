"""`earlyhelp restore PATH [--force]`: put back a backup made by `earlyhelp backup` (see earlyhelp/core/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from earlyhelp.core import backup


class Command(BaseCommand):
    help = ("Restore the database and the uploaded files from a backup file. Refuses a database that already "
            "holds records unless --force is given; checks every table's row count against the backup's manifest.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="A backup file written by `earlyhelp backup`")
        parser.add_argument("--force", action="store_true", help="Replace a database that already holds records")
        parser.add_argument("--check", action="store_true", help="Only check the file is whole and show what it holds")

    def handle(self, *args, path, force, check, **options):
        try:
            if check:
                manifest = backup.read_manifest(path)
                self.stdout.write(
                    f"{path} is whole: a {manifest['engine']} backup made {manifest['created_at']}, "
                    f"{len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, "
                    f"{manifest['media_files']} uploaded files"
                )
                return
            report = backup.restore(path, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if report.mismatches:
            lines = [f"  {table}: {expected} in the backup, {found} now" for table, (expected, found) in report.mismatches.items()]
            raise CommandError("Restored, but these tables do not hold the rows the backup has:\n" + "\n".join(lines))
        self.stdout.write(
            f"Restored {report.tables} tables ({report.rows} rows) and {report.media_files} uploaded files from {path}; "
            "every table's row count matches the backup."
        )
