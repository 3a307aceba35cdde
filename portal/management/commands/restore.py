import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal import backup


class Command(BaseCommand):
    help = (
        "Replace every row of the configured database with a backup written by `manage.py backup`, after checking "
        "the file; asks first, or needs --yes when run without a terminal."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file (a zip written by `manage.py backup`).")
        parser.add_argument(
            "--yes", action="store_true", help="Replace the database without asking (needed without a terminal)."
        )

    def handle(self, *args, file, yes, verbosity, **options):
        try:
            with backup.opened(file) as checked:
                self.stdout.write(f"{checked.path} is sound: {backup.summary(checked.manifest)}")
                if not yes:
                    self._confirm()
                restored = checked.restore()
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity >= 2:
            for table, rows in restored.counts.items():
                self.stdout.write(f"  {table:<45} {rows:>9,}")
        if restored.mismatches:
            lines = [
                f"  {table}: {expected:,} in the backup, {found:,} restored"
                for table, expected, found in restored.mismatches
            ]
            raise CommandError("The restored database differs from the backup:\n" + "\n".join(lines))
        self.stdout.write(
            f"Restored {sum(restored.counts.values()):,} rows in {len(restored.counts)} tables, as in the backup."
        )
        if restored.pending_migrations:
            self.stdout.write(
                f"The backup predates {len(restored.pending_migrations)} migrations of this code: "
                "run `manage.py migrate` before serving the site."
            )

    def _confirm(self):
        """Ask before replacing the database; without a terminal to ask on, refuse."""
        question = f"This replaces every row of the database {connection.settings_dict['NAME']} with the backup's."
        if not sys.stdin.isatty():
            raise CommandError(f"{question} Run again with --yes to confirm. Nothing was changed.")
        if input(f"{question} Type 'yes' to go on: ").strip() != "yes":
            raise CommandError("Restore cancelled. Nothing was changed.")
