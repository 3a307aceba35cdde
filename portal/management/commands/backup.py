from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import backup

DEFAULT_DIRECTORY = settings.BASE_DIR / "var" / "backups"


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the whole database (records, citations, history, accounts, reader reports, "
        "search index) to a zip file with a manifest, while the site keeps running; `restore` reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            help="A file to write, or a directory to write pacta-<UTC time>.zip in (default: var/backups/).",
        )

    def handle(self, *args, destination, verbosity, **options):
        if destination is None:
            DEFAULT_DIRECTORY.mkdir(parents=True, exist_ok=True)
            destination = DEFAULT_DIRECTORY
        try:
            path, manifest = backup.create(destination)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            self.stdout.write(f"Backup written to {path}:")
            self.stdout.write(backup.summary(manifest))
        if verbosity >= 2:
            for table, rows in manifest["tables"].items():
                self.stdout.write(f"  {table:<45} {rows:>9,}")
