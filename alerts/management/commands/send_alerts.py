from django.core.management.base import BaseCommand

from alerts import sending


class Command(BaseCommand):
    help = (
        "Send the email digests that are due (immediately, daily, weekly) and delete unconfirmed requests that have "
        "expired. Safe to run every few minutes, and twice at once: each window of publications is sent once."
    )

    def handle(self, *args, verbosity, **options):
        report = sending.send_due()
        if verbosity >= 1:
            self.stdout.write(
                f"{report.sent} digests sent, {report.empty} follows with nothing new, {report.failed} failed "
                f"(tried again at a later run), {report.purged} expired requests deleted."
            )
