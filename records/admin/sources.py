"""The admin of Source, the documents records cite, the list of every citation, and the history of sources,
citations and other names."""

import reversion
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from records.admin.base import HasPassageFilter, admin_link, count_of, partial_date_column
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


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    """Every citation with the record that makes it, so that curators can find those without their passage.

    A citation is added and edited with its record (the citation inline), where its order and the record's other
    sources are in view. Deleting stays allowed: deleting a record deletes its citations, which the admin permits
    only where each may be deleted.
    """

    list_display = ["source", "cited_by", "excerpt"]
    list_filter = [HasPassageFilter, "source__reliability"]
    search_fields = ["source__key", "source__title", "excerpt"]
    list_select_related = ["source"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("cited by"))
    def cited_by(self, citation):
        return admin_link(citation.record) if citation.record else "—"
