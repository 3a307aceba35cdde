from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from agreements.loader import DataError, load, summary


class Command(BaseCommand):
    help = (
        "Load the dataset files: create missing records (published) and leave existing ones as curators left them, "
        "only giving them the texts of a language they have none in. Safe to run again. With --refresh, rewrite "
        "existing records and their relations from the files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=settings.BASE_DIR / "dataset",
            help="Folder holding sources.json, topics.json… (default: the repository's dataset/).",
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Rewrite records that already exist (fields and relation rows) from the files. "
            "Publication status is kept; records not in the files are left alone.",
        )

    def handle(self, *args, path, refresh, verbosity, **options):
        try:
            counts = load(path, refresh, log=self.stdout.write if verbosity >= 2 else None)
        except DataError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        except IntegrityError as error:
            raise CommandError(f"Nothing was loaded: the files break a database rule ({error}).") from None
        if verbosity >= 1:
            self.stdout.write(summary(counts))
