"""Spreadsheet import and export (django-import-export): what every resource shares, and Source.

Relations are written by slug (topics "border-security, customs"), rows that belong to a record in a
small text syntax ("cbp:party, dgme:executing_agency"), cited sources by URL. A file is imported whole
or not at all: every row is validated first, and any invalid row stops the import.

A text that would start a spreadsheet formula is exported with a quote before it, taken off on import
(records.formulae).

Texts kept in each language have a column per language (title_en, title_es). A column named without its language
(title), as in files exported before the texts were, holds the default language's text (English).
"""

import datetime

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from records.dates import PartialDate
from records.formulae import escape, unescape
from records.languages import column, language_name, languages, translated_fields
from records.models import Citation, PublicationStatus, Publishable, Source


class PartialDateWidget(widgets.CharWidget):
    """A partial date: "2024-10-08", "2024-10" or "2024"; spreadsheet dates and year numbers are accepted too."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value).strip() if value is not None else ""
        if not value:
            return ""
        try:
            return PartialDate(value)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (2024-10-08, 2024-10 or 2024).")
                % {"value": value}
            ) from None


class SlugWidget(widgets.ForeignKeyWidget):
    """A related record named by its slug; an unknown slug is an error, never a silent blank."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(str(value).strip() if value else value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s with %(field)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from None


class SlugsWidget(widgets.ManyToManyWidget):
    """Related records named by comma-separated slugs; every slug must exist."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, separator=",", field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        wanted = [item.strip() for item in str(value or "").split(self.separator) if item.strip()]
        found = self.model.objects.filter(**{f"{self.field}__in": wanted})
        unknown = sorted(set(wanted) - {getattr(obj, self.field) for obj in found})
        if unknown:
            raise ValueError(
                _("No %(model)s with %(field)s %(values)s.")
                % {
                    "model": self.model._meta.verbose_name,
                    "field": self.field,
                    "values": ", ".join(f"“{slug}”" for slug in unknown),
                }
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return self.separator.join(sorted(getattr(related, self.field) for related in value.all())) if value else ""


class RowsField(fields.Field):
    """A column listing rows that belong to the record (parties, citations…), written once the record is saved.

    Subclasses say how to parse the cell into comparable items, read the record's current items and write them.
    """

    def __init__(self, column_name):
        # No attribute: import-export leaves the column to the resource, which writes it after saving the record.
        super().__init__(attribute=None, column_name=column_name)

    def parse(self, value):
        raise NotImplementedError

    def read(self, instance):
        raise NotImplementedError

    def write(self, instance, items):
        raise NotImplementedError

    def render(self, items):
        raise NotImplementedError

    def clean(self, row, **kwargs):
        value = row.get(self.column_name)
        return self.parse(str(value).strip() if value is not None else "")

    def export(self, instance, **kwargs):
        return self.render(self.read(instance)) if instance.pk else ""


class SourcesField(RowsField):
    """The sources a record cites, by URL, separated by spaces or line breaks; excerpts already cited are kept."""

    def parse(self, value):
        urls = list(dict.fromkeys(value.split()))
        found = {source.url: source for source in Source.objects.filter(url__in=urls)}
        unknown = [url for url in urls if url not in found]
        if unknown:
            raise ValueError(
                _("No source with URL %(urls)s: import or add the source first.")
                % {"urls": ", ".join(f"“{url}”" for url in unknown)}
            )
        return [found[url].url for url in urls]

    def read(self, instance):
        return [citation.source.url for citation in instance.citations.select_related("source")]

    def write(self, instance, items):
        sources = {source.url: source for source in Source.objects.filter(url__in=items)}
        instance.citations.exclude(source__url__in=items).delete()
        kept = set(instance.citations.values_list("source__url", flat=True))
        content_type = ContentType.objects.get_for_model(instance)
        for position, url in enumerate(items):
            if url not in kept:
                Citation.objects.create(
                    source=sources[url], content_type=content_type, object_id=instance.pk, position=position
                )

    def render(self, items):
        return " ".join(items)


def in_each_language(model, names):
    """A file's columns: `names`, each of `model`'s texts kept per language replaced by its column in each language,
    the default one first ("title" becomes "title_en", "title_es")."""
    texts = translated_fields(model)
    columns = []
    for name in names:
        columns += [column(name, code) for code in languages()] if name in texts else [name]
    return columns


class TextField(fields.Field):
    """A text column: an empty text is "" whether the database holds "" or NULL (modeltranslation's columns are
    nullable), so that a file exported and imported back unchanged is seen as unchanged."""

    def get_value(self, instance):
        return super().get_value(instance) or ""


class CurationResource(resources.ModelResource):
    """Shared import rules: all or nothing, each record validated as the admin form would, new records as drafts.

    Each row is saved in a revision of its own (author and comment included), so that restoring one record's
    version from its history never touches the records imported with it.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.comment = ""
        self.doubled_texts = []

    class Meta:
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        if not isinstance(django_field, models.CharField | models.TextField):
            return field
        return TextField(
            attribute=field.attribute,
            column_name=field.column_name,
            widget=field.widget,
            readonly=field.readonly,
            default=field.default,
        )

    def rows_fields(self):
        return [field for field in self.get_import_fields() if isinstance(field, RowsField)]

    def export_field(self, field, instance, **kwargs):
        """A cell of an exported file: a text that would start a formula is escaped (records.formulae)."""
        return escape(super().export_field(field, instance, **kwargs))

    def before_import(self, dataset, **kwargs):
        # An empty XLSX cell reads as None; the text columns it lands in mean "" by it, as in a CSV file. A text
        # escaped on export (or typed with a quote before a formula character) is read without the quote.
        rows = [tuple("" if cell is None else unescape(cell) for cell in row) for row in dataset]
        headers = dataset.headers
        dataset.wipe()
        dataset.headers = headers
        for row in rows:
            dataset.append(row)
        self.read_texts_without_language(dataset)
        self.comment = _("Imported from %(file)s") % {"file": kwargs.get("file_name") or _("a spreadsheet")}

    def read_texts_without_language(self, dataset):
        """A text's column named without its language ("title", from files older than the columns per language) is
        read as the default language's ("title_en"); with that column in the file too, every row is refused."""
        default = languages()[0]
        headers = list(dataset.headers or [])
        for name in translated_fields(self._meta.model):
            if name in headers and column(name, default) in headers:
                self.doubled_texts.append(name)
            elif name in headers:
                headers[headers.index(name)] = column(name, default)
        dataset.headers = headers

    def import_row(self, row, instance_loader, **kwargs):
        with reversion.create_revision(atomic=False):
            if kwargs.get("user") is not None:
                reversion.set_user(kwargs["user"])
            reversion.set_comment(self.comment)
            return super().import_row(row, instance_loader, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Also check the relation columns now, so that an unknown slug is reported on its row before any write."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if field.column_name in row and (
                isinstance(field, RowsField) or isinstance(field.widget, widgets.ManyToManyWidget)
            ):
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.column_name] = ValidationError(str(error), code="invalid")
        default = languages()[0]
        for name in self.doubled_texts:
            errors[name] = ValidationError(
                _(
                    "This file has both a “%(name)s” column and a “%(column)s” one, and both would be the "
                    "%(language)s text: keep only “%(column)s”."
                )
                % {"name": name, "column": column(name, default), "language": language_name(default)},
                code="doubled",
            )
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        return all(
            original.pk and field.clean(row) == field.read(original)
            for field in self.rows_fields()
            if field.column_name in row
        )

    def before_save_instance(self, instance, row, **kwargs):
        # Imported records wait for a publisher: a new one is a draft whatever the file says.
        if isinstance(instance, Publishable) and instance._state.adding:
            instance.set_publication_status(PublicationStatus.DRAFT, None)

    def after_save_instance(self, instance, row, **kwargs):
        for field in self.rows_fields():
            if field.column_name in row:
                field.write(instance, field.clean(row))


def publication_status_column():
    """Exported so a spreadsheet shows what is public; never imported (publishing happens in the admin)."""
    return fields.Field(attribute="publication_status", column_name="publication_status", readonly=True)


class SourceResource(CurationResource):
    published = fields.Field(attribute="published", column_name="published", widget=PartialDateWidget())

    class Meta(CurationResource.Meta):
        model = Source
        import_id_fields = ["url"]
        fields = in_each_language(
            Source,
            ["url", "key", "title", "publisher", "published", "language", "reliability", "reliability_note"],
        )
        export_order = fields
