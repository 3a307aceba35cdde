"""The admin of Source, the documents records cite, and the history of sources, citations and other names."""

import reversion
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from records.admin.base import count_of, partial_date_column
from records.admin.languages import BilingualAdmin
from records.admin.spreadsheets import CurationAdmin
from records.models import Alias, Citation, Source
from records.resources import SourceResource

reversion.register(Source)
reversion.register(Citation)
reversion.register(Alias)


@admin.register(Source)
class SourceAdmin(CurationAdmin, BilingualAdmin):
    resource_classes = [SourceResource]
    list_display = [
        "key",
        "title",
        "publisher",
        partial_date_column("published", _("published")),
        "language",
        "reliability",
        "citation_count",
    ]
    list_filter = ["reliability", "language", "publisher"]
    search_fields = ["key", "title", "publisher", "url"]
    fields = ["key", "title", "publisher", "url", "published", "language", "reliability", "reliability_note"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=count_of(Citation.objects.all(), "source"))

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count
