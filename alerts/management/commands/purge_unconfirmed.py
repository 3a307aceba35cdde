from django.core.management.base import BaseCommand

from alerts import sending
from alerts.models import CONFIRM_DAYS


class Command(BaseCommand):
    help = f"Delete the follow requests not confirmed within {CONFIRM_DAYS} days (send_alerts does it too)."

    def handle(self, *args, verbosity, **options):
        deleted = sending.purge_unconfirmed()
        if verbosity >= 1:
            self.stdout.write(f"{deleted} expired requests deleted.")
