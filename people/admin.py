import reversion
from django.contrib import admin
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationTabularInline

from people.models import Organization, Person, Position
from people.resources import OrganizationResource, PersonResource
from records.admin.base import HasSourceFilter, YesNoFilter, partial_date_column
from records.admin.languages import BilingualAdmin
from records.admin.publishable import AliasInline, CitationInline, PublishableAdmin

# History: a person is restored with their posts, every record with its citations and other names.
reversion.register(Organization, follow=["citations", "aliases"])
reversion.register(Person, follow=["positions", "citations", "aliases"])
reversion.register(Position, follow=["citations", "aliases"])


class CurrentPostFilter(YesNoFilter):
    title = _("has a current post")
    parameter_name = "current_post"

    @staticmethod
    def condition(model):
        return Exists(Position.objects.current().filter(person=OuterRef("pk")))


@admin.register(Organization)
class OrganizationAdmin(PublishableAdmin, BilingualAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["name", "acronym", "kind", "country", "parent", "publication_status"]
    list_select_related = ["parent"]
    list_filter = [
        "publication_status",
        HasSourceFilter,
        "certainty",
        "kind",
        ("country", CountryFilter),
        ("parent", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "name_es", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *("name", "official_language", "acronym", "slug", "kind", "country", "parent", "website"),
                    "description",
                ]
            },
        ),
        (_("Publication"), {"fields": ["publication_status", "note", "certainty", "certainty_note"]}),
    ]
    inlines = [CitationInline, AliasInline]


class PositionInline(TranslationTabularInline):
    """A person's posts; each is published from its own page, where its sources are checked."""

    model = Position
    fields = ["title", "organization", "start", "end", "ended", "held_as_of", "publication_status"]
    readonly_fields = ["publication_status"]
    autocomplete_fields = ["organization"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


@admin.register(Person)
class PersonAdmin(PublishableAdmin, BilingualAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "country", "current_posts", "publication_status"]
    list_filter = ["publication_status", HasSourceFilter, "certainty", CurrentPostFilter, ("country", CountryFilter)]
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
        (_("Publication"), {"fields": ["publication_status", "note", "certainty", "certainty_note"]}),
    ]
    inlines = [PositionInline, CitationInline, AliasInline]

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
class PositionAdmin(PublishableAdmin, BilingualAdmin):
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
    list_filter = [
        "publication_status",
        HasSourceFilter,
        "certainty",
        "ended",
        ("organization", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "title_es", "person__name", "organization__name", "organization__acronym"]
    autocomplete_fields = ["person", "organization"]
    fieldsets = [
        (None, {"fields": ["person", "organization", "title", "start", "end", "ended", "held_as_of"]}),
        (_("Publication"), {"fields": ["publication_status", "note", "certainty", "certainty_note"]}),
    ]
    inlines = [CitationInline, AliasInline]
