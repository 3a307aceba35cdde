"""The curation site's shared pieces, one module each; importing the package registers Source and reader reports.

- base: list columns and filters, links between admin pages (every app's admin builds on them)
- history: history with a readable diff, restore, and recovery of deleted records
- spreadsheets: CSV/XLSX import and export, and the admin every curated model shares
- workflow: the publication actions, bulk actions with a choice, what a record needs to be published
- publishable: the admin of a record with a publication status, and the citation inline
- sources, reports: the admins of Source and of every citation (read-only), and of readers' error reports

Roles (groups created by portal/migrations/0002_curation_groups.py):
- Editors add and change records and submit them for review ("submit_<model>" permission); they cannot
  publish, withdraw or delete a record, and may restore an earlier version of a record (its publication
  status stays as it is).
- Publishers may also publish and withdraw ("publish_<model>"), delete, and recover deleted records.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from records.admin import reports, sources  # noqa: F401 - registering their admins is what importing them does

admin.site.site_header = _("Pacta curation")
admin.site.site_title = _("Pacta curation")
admin.site.index_title = _("Records")
