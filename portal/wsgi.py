"""
WSGI config for portal project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

from portal.database import require_database_file

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

# In production, a SQLite DATABASE_URL must name an existing file: the server refuses to start instead of creating
# an empty database (`manage.py migrate` creates one).
require_database_file()
