from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from people.models import Organization, Person, Position
from portal.admin import CitationInline, PublishableAdmin, partial_date_column


@admin.register(Organization)
class OrganizationAdmin(PublishableAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent", "publication_status"]
    list_select_related = ["parent"]
    list_filter = [
        "publication_status",
        "kind",
        ("country", CountryFilter),
        ("parent", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "kind", "country", "parent", "website", "description"]}),
        (_("Publication"), {"fields": ["publication_status", "note"]}),
    ]
    inlines = [CitationInline]


class PositionInline(admin.TabularInline):
    model = Position
    fields = ["title", "organization", "start", "end", "ended", "publication_status"]
    autocomplete_fields = ["organization"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


@admin.register(Person)
class PersonAdmin(PublishableAdmin):
    list_display = ["name", "country", "current_posts", "publication_status"]
    list_filter = ["publication_status", ("country", CountryFilter)]
    search_fields = [
        "name",
        "slug",
        "positions__title",
        "positions__organization__name",
        "positions__organization__acronym",
    ]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "bio"]}),
        (_("Publication"), {"fields": ["publication_status", "note"]}),
    ]
    inlines = [PositionInline, CitationInline]

    def get_queryset(self, request):
        current = Position.objects.current().select_related("organization")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("positions", queryset=current, to_attr="current_positions"))
        )

    @admin.display(description=_("current posts"))
    def current_posts(self, obj):
        return "; ".join(str(position) for position in obj.current_positions)


@admin.register(Position)
class PositionAdmin(PublishableAdmin):
    list_display = [
        "title",
        "person",
        "organization",
        partial_date_column("start", _("start")),
        partial_date_column("end", _("end")),
        "ended",
        "publication_status",
    ]
    list_select_related = ["person", "organization"]
    list_filter = ["publication_status", "ended", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "person__name", "organization__name", "organization__acronym"]
    autocomplete_fields = ["person", "organization"]
    fieldsets = [
        (None, {"fields": ["person", "organization", "title", "start", "end", "ended"]}),
        (_("Publication"), {"fields": ["publication_status", "note"]}),
    ]
    inlines = [CitationInline]
