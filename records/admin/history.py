"""History (django-reversion) with a readable diff per version, restore, and recovery of deleted records."""

import reversion
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from records.services import revision


class HistoryAdmin(VersionAdmin):
    """History with a diff per version, restore, and recovery of deleted records.

    Restore: anyone who may change a record may restore an earlier version of it; deleted records are
    recovered ("Recover deleted …" on the list) only by those who may delete them.
    """

    object_history_template = "admin/curation/object_history.html"
    history_latest_first = True

    def has_recover_permission(self, request):
        return self.has_delete_permission(request) and self.has_add_permission(request)

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the whole list page, bulk actions included, in one revision. Here each bulk
        # action saves one revision per record instead, so that restoring one record never reverts its neighbours.
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    def delete_model(self, request, obj):
        self._snapshot_before_deleting(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._snapshot_before_deleting(request, queryset)
        super().delete_queryset(request, queryset)

    def _snapshot_before_deleting(self, request, records):
        """Save each record with its rows as it stands, so that "Recover deleted" brings back exactly this."""
        for record in records:
            with revision(user=request.user, comment=_("Deleted.")):
                reversion.add_to_revision(record)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404
        if not self.has_change_permission(request, current):
            raise PermissionDenied
        # The record as it stands before the revert, for what a restore must not change (see
        # PublishableAdmin.save_model).
        request.record_before_restore = current
        return super().revision_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        entries = version_history(self.model, obj) if obj is not None else []
        extra_context = {
            **(extra_context or {}),
            "entries": entries,
            "may_restore": obj is not None and self.has_change_permission(request, obj),
        }
        return super().history_view(request, object_id, extra_context)


def _field_value(field, value):
    """A version's stored value as a curator reads it: choice labels, related records' names."""
    if value in (None, "", []):
        return "—"
    if field.many_to_many:
        return ", ".join(str(obj) for obj in field.related_model._base_manager.filter(pk__in=value)) or "—"
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else _("record #%(pk)s, since deleted") % {"pk": value}
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def version_history(model, obj):
    """Every saved version of `obj`, newest first, each with what changed since the one before.

    Runs one query per version for its revision's rows; the history page lists one record's versions only.
    """
    versions = list(
        Version.objects.get_for_object(obj).select_related("revision__user").order_by("revision__date_created", "pk")
    )
    fields = {field.attname: field for field in [*model._meta.concrete_fields, *model._meta.many_to_many]}
    skipped = {"id", "created_at", "updated_at", "changed_at"}
    entries = []
    previous_fields, previous_rows = {}, {}
    for version in versions:
        current_fields = version.field_dict
        changes = []
        for name, value in current_fields.items():
            if name not in fields or name in skipped or previous_fields.get(name) == value:
                continue
            if not previous_fields and value in (None, "", []):
                # The first version lists the fields it was created with, not every empty one.
                continue
            field = fields[name]
            before, after = _field_value(field, previous_fields.get(name)), _field_value(field, value)
            changes.append((capfirst(field.verbose_name), before, after))
        current_rows = {
            (row.content_type_id, row.object_id): row
            for row in version.revision.version_set.exclude(pk=version.pk).select_related("content_type")
        }
        row_changes = []
        for key in sorted(current_rows.keys() | previous_rows.keys(), key=lambda key: (key[0], key[1])):
            now, before = current_rows.get(key), previous_rows.get(key)
            label = capfirst((now or before).content_type.model_class()._meta.verbose_name)
            if before is None:
                row_changes.append((label, _("added"), now.object_repr))
            elif now is None:
                row_changes.append((label, _("removed"), before.object_repr))
            elif now.serialized_data != before.serialized_data:
                row_changes.append((label, _("changed"), now.object_repr))
        entries.append({"version": version, "revision": version.revision, "changes": changes, "rows": row_changes})
        previous_fields, previous_rows = current_fields, current_rows
    entries.reverse()
    return entries
