"""The admin of a record with a publication status, and the inlines of the sources it cites and its other names."""

from django.contrib.contenttypes.admin import GenericTabularInline
from django.urls import resolve
from modeltranslation.admin import TranslationGenericTabularInline

from records.admin.spreadsheets import CurationAdmin
from records.admin.workflow import (
    PublishableForm,
    RequiredToPublishFormSetMixin,
    RequiredToPublishGenericFormSet,
    may,
    publish,
    submit_for_review,
    withdraw,
)
from records.detail import RecordDetailMixin, preview_url
from records.models import Alias, Citation, PublicationStatus


class CitationInline(GenericTabularInline):
    """The sources a record cites, each with the passage relied on; used on every Record admin."""

    model = Citation
    formset = RequiredToPublishGenericFormSet
    relation = "citations"
    fields = ["source", "excerpt", "position"]
    autocomplete_fields = ["source"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class AliasInline(TranslationGenericTabularInline):
    """The other names a record goes by (spellings, acronyms, labels sources use), each with the source that uses
    it and how sure that is; used on every Record admin."""

    model = Alias
    fields = ["name", "source", "certainty", "certainty_note"]
    autocomplete_fields = ["source"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class PublishableAdmin(CurationAdmin):
    """The admin of a record with a publication status: the workflow actions, the roles' limits, the checks.

    `required_to_publish` lists (field, what it is) pairs a record needs before it can be published; inlines
    whose rows are needed set `required_to_publish` on their formset and name their `relation`. Restoring a
    version never changes the publication status for someone who may not publish: the record stays as
    public, or as hidden, as it was.
    """

    form = PublishableForm
    actions = [submit_for_review, publish, withdraw]
    required_to_publish = ()

    def has_submit_permission(self, request):
        return may(request, "submit", self.model)

    def has_publish_permission(self, request):
        return may(request, "publish", self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "published_by", "published_at"]
        if obj is not None and obj.is_published and not self.has_publish_permission(request):
            readonly.append("publication_status")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": [*options["fields"], "published_by", "published_at"]})
            if "publication_status" in options["fields"]
            else (name, options)
            for name, options in fieldsets
        ]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # Those who may not publish choose between draft and (if they may submit) in review only.
        if db_field.name == "publication_status" and not self.has_publish_permission(request):
            allowed = [PublicationStatus.DRAFT]
            if self.has_submit_permission(request):
                allowed.append(PublicationStatus.IN_REVIEW)
            kwargs["choices"] = [(status.value, status.label) for status in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.required_to_publish = self.required_to_publish
        return form

    def view_on_site(self, obj):
        """The record's public page, or for an unpublished one its staff preview; None when it has neither."""
        if not hasattr(obj, "get_absolute_url"):
            return None
        url = obj.get_absolute_url()
        if obj.is_published:
            return url
        previewable = issubclass(getattr(resolve(url).func, "view_class", object), RecordDetailMixin)
        return preview_url(obj) if previewable else None

    def missing_for_publication(self, obj):
        """What `obj` lacks to be published, in words; queries once per required inline."""
        missing = [label for name, label in self.required_to_publish if not getattr(obj, name)]
        for inline in self.inlines:
            if getattr(inline, "relation", None) and issubclass(inline.formset, RequiredToPublishFormSetMixin):
                if not getattr(obj, inline.relation).exists():
                    missing.append(inline.formset.required_to_publish)
        return missing

    def save_model(self, request, obj, form, change):
        before = getattr(request, "record_before_restore", None)
        if before is not None and not self.has_publish_permission(request):
            # Restoring brings back a version's content; only a publisher may change what is public with it.
            obj.publication_status = before.publication_status
            obj.published_by_id, obj.published_at = before.published_by_id, before.published_at
        elif "publication_status" in form.changed_data:
            # The same move as records.services.change_status, less what the change form already does: its
            # revision (VersionAdmin) and its log entry (ModelAdmin.log_change) carry the whole edit.
            status = obj.publication_status
            obj.publication_status = form.initial.get("publication_status", PublicationStatus.DRAFT)
            obj.set_publication_status(status, request.user)
        super().save_model(request, obj, form, change)
