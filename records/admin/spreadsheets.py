"""Spreadsheet import and export (django-import-export), and the admin every curated model shares."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm, ImportForm

from records.admin.formats import SpreadsheetCSV, SpreadsheetXLSX
from records.admin.history import HistoryAdmin

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class SpreadsheetImportForm(ImportForm):
    """The import form, refusing a file too big to be a curator's spreadsheet before reading a byte of it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("This file is %(size)d MB; files up to %(limit)d MB can be imported. Split it and import each part."),
                params={"size": upload.size // (1024 * 1024), "limit": MAX_IMPORT_BYTES // (1024 * 1024)},
                code="too_big",
            )
        return upload


class CurationAdmin(ImportMixin, ExportActionMixin, HistoryAdmin):
    """What every curated model's admin shares: history and restore, spreadsheet import and export, roles."""

    # A link pasted without its scheme ("cbp.gov/newsroom/…") is an https one, as on every government site now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_per_page = 50

    change_list_template = "admin/curation/change_list.html"
    import_template_name = "admin/curation/import.html"
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_form_class = SpreadsheetImportForm
    # Every column, always: an export is a file that imports back to the same records.
    export_form_class = ExportForm
    formats = [CSV, XLSX]
    # Imported files are read within limits, and a CSV file strictly (records.admin.formats).
    import_formats = [SpreadsheetCSV, SpreadsheetXLSX]
    show_change_form_export = False

    # Permissions: importing creates and changes records; exporting shows them.

    def has_import_permission(self, request):
        return bool(self.resource_classes) and self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return bool(self.resource_classes) and self.has_view_or_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        # A forged POST of an action the user may not run is refused outright, not just ignored.
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action not in self.get_actions(request):
            raise PermissionDenied
        extra_context = {**(extra_context or {}), "has_recover_permission": self.has_recover_permission(request)}
        return super().changelist_view(request, extra_context)

    # Import: one revision per row (see CurationResource); the message names the file.

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ValidationError):
            form.add_error("import_file", e)
            return
        form.add_error(
            "import_file",
            _("This file could not be read as %(format)s. Choose a CSV or XLSX spreadsheet and its format.")
            % {"format": self.get_import_formats()[int(form.cleaned_data["format"])]().get_title()},
        )

    def get_import_data_kwargs(self, **kwargs):
        # All or nothing: an invalid row rolls back the rows already written, even after the preview.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                _("Nothing was imported: the data changed since the preview and some rows are now invalid."),
                messages.ERROR,
            )
            return self.import_action(request)
        return super().process_result(result, request)

    def get_valid_export_item_pks(self, request):
        # The rows a curator may select for export are those of the list; overridden to skip the library's
        # deprecation warning on its own default.
        return self.get_queryset(request).values_list("pk", flat=True)

    def get_import_context_data(self, **kwargs):
        opts = self.model._meta
        return {
            **super().get_import_context_data(**kwargs),
            "template_file": f"import-templates/{opts.model_name}.csv",
            "max_import_rows": settings.IMPORT_MAX_ROWS,
        }
