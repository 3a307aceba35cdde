import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Make sure a local curator can sign in: create a superuser with a one-time password if there is none."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "A superuser exists; sign in at /admin/ with its password (or: manage.py changepassword)."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the superuser {username!r} with the one-time password {password}\n"
                "Sign in at /admin/ and change it (top right: Change password)."
            )
        )
