"""`earlyhelp backup PATH`: the database and the uploaded files in one archive (see earlyhelp/core/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from earlyhelp.core import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files to one archive file, with a manifest of counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file to write, e.g. /var/backups/earlyhelp-2026-11-20.tar")

    def handle(self, *args, path, **options):
        try:
            manifest = backup.backup(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backed up {manifest['engine']}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{manifest['media_files']} uploaded files, to {path}"
        )
