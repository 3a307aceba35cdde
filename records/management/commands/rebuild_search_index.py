from django.core.management.base import BaseCommand

from records.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Write the search index afresh from every searchable record. Safe to run at any time; needed after writes "
        "that send no signals (bulk_create, update, raw SQL), such as a bulk import or generated data."
    )

    def handle(self, *args, verbosity, **options):
        entries = rebuild_index()
        if verbosity >= 1:
            self.stdout.write(f"Search index rebuilt: {entries} records.")
