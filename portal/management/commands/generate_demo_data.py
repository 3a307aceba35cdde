import time

from django.core.management.base import BaseCommand, CommandError

from portal import demo_data


class Command(BaseCommand):
    help = (
        "Fill the configured database with synthetic, published demo records (slugs starting with demo-) in the "
        "proportions of a large portal, to try Pacta at size; --delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agreements", type=int, default=1000, help="How many agreements (default 1000).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same records (default 1).")
        parser.add_argument(
            "--force", action="store_true", help="Write even though the database holds records that are not demo ones."
        )
        parser.add_argument("--delete", action="store_true", help="Delete the demo records, and write none.")

    def handle(self, *args, agreements, seed, force, delete, verbosity, **options):
        started = time.perf_counter()
        try:
            counts = demo_data.delete() if delete else demo_data.generate(agreements, seed=seed, force=force)
        except demo_data.DemoDataError as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            self.stdout.write(f"{'Deleted' if delete else 'Wrote'} in {time.perf_counter() - started:.1f} s:")
            for model, count in sorted(counts.items(), key=lambda item: item[0]._meta.db_table):
                self.stdout.write(f"  {model._meta.db_table:<40} {count:>9,}")
            self.stdout.write(f"  {'total':<40} {sum(counts.values()):>9,}")
