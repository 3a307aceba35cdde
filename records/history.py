"""A record's public history, read from django-reversion: when its content last changed and what changed, in words.

One rule: a record's revisions count while it is published, and a revision counts only when it changes something a
reader sees (a field, or the rows that belong to the record: its sources, parties, posts…) since the last one that
counted; the first one is the record's arrival. Bookkeeping (ids, timestamps, who published when, the sort order of
rows) never counts. A reload of the dataset that changes nothing writes no revision (agreements/loader/engine.py).

The date of the newest revision that counts is kept on the record (`changed_at`), set as each revision is saved, so
that pages, feeds and sitemaps read it without a query; the Changes section lists the revisions themselves.
"""

import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from reversion.signals import post_revision_commit

from records.languages import column, languages, translated_fields
from records.models import Citation, PublicationStatus, Publishable

# Revisions a record page lists; the rest are counted ("and 4 earlier changes").
SHOWN = 10
# Fields that record how a row was kept, not what it says.
BOOKKEEPING = {
    "id",
    "created_at",
    "updated_at",
    "changed_at",
    "published_at",
    "published_by",
    "publication_status",
    "position",
    "content_type",
    "object_id",
}
# What a reader calls a kind of row, where its model's plural name is a curator's word.
ROW_NAMES = {Citation: _("sources")}


@dataclass
class Change:
    """A published revision of a record: when, and the names of what changed (none for the record's arrival)."""

    date: object
    changed: list = field(default_factory=list)

    @property
    def added(self):
        return not self.changed


def _fields(version):
    """The version's stored fields, without its primary key."""
    return json.loads(version.serialized_data)[0]["fields"]


def _record_state(model, version):
    """{label: value} of what a reader sees of the record itself; a text kept in each language is one label."""
    columns = {column(name, language): name for name in translated_fields(model) for language in languages()}
    state = {}
    for name, value in _fields(version).items():
        if name in BOOKKEEPING or name in translated_fields(model):
            continue
        label = str(model._meta.get_field(columns.get(name, name)).verbose_name)
        # A text not written is None or "" alike (a factory leaves None where a form saves "").
        state.setdefault(label, []).append("" if value is None else value)
    return state


def _row_state(rows):
    """{label: sorted values} of the rows saved with a version (other versions of its revision)."""
    state = {}
    for row in rows:
        model = ContentType.objects.get_for_id(row.content_type_id).model_class()
        if model is None:
            continue
        label = str(ROW_NAMES.get(model, model._meta.verbose_name_plural))
        values = {name: value for name, value in _fields(row).items() if name not in BOOKKEEPING}
        state.setdefault(label, []).append(json.dumps(values, sort_keys=True, default=str))
    return {label: sorted(values) for label, values in state.items()}


def _changed(before, after):
    return [label for label in after.keys() | before.keys() if before.get(label) != after.get(label)]


def changes(record):
    """The record's published revisions that changed what readers see, newest first. Runs two queries."""
    model = type(record)
    versions = list(
        Version.objects.get_for_object(record).select_related("revision").order_by("revision__date_created", "pk")
    )
    rows = {}
    for row in (
        Version.objects.filter(revision__in=[version.revision_id for version in versions])
        .exclude(pk__in=[version.pk for version in versions])
        .only("revision_id", "content_type_id", "serialized_data")
    ):
        rows.setdefault(row.revision_id, []).append(row)
    found, previous = [], None
    for version in versions:
        if _fields(version).get("publication_status") != PublicationStatus.PUBLISHED:
            continue
        state = (_record_state(model, version), _row_state(rows.get(version.revision_id, [])))
        if previous is None:
            found.append(Change(version.revision.date_created))
        else:
            changed = _changed(previous[0], state[0]) + _changed(previous[1], state[1])
            if changed:
                # Fields in the order the model declares them, then rows, alphabetically.
                found.append(Change(version.revision.date_created, sorted(changed, key=_order(model))))
        previous = state
    found.reverse()
    return found


def _order(model):
    labels = [str(field.verbose_name) for field in model._meta.get_fields() if hasattr(field, "verbose_name")]
    return lambda label: (labels.index(label), "") if label in labels else (len(labels), str(label))


# last_changed() in SQL, for sitemaps' dates of whole sections.
LAST_CHANGED = Coalesce("changed_at", "updated_at")


def last_changed(record):
    """When the record's content last changed in Pacta; a record written without history (bulk imports, the
    demo data) falls back to its last save."""
    return record.changed_at or record.updated_at


def _date_revised_records(sender, revision, versions, **kwargs):
    """Keep `changed_at` of each record saved in the revision: the date of its newest revision that counts."""
    for version in versions:
        model = ContentType.objects.get_for_id(version.content_type_id).model_class()
        if model is None or not issubclass(model, Publishable):
            continue
        record = model._base_manager.filter(pk=version.object_id).first()
        if record is None:
            continue
        found = changes(record)
        if found and found[0].date != record.changed_at:
            # update(): saving would stamp updated_at and start another revision's bookkeeping.
            model._base_manager.filter(pk=record.pk).update(changed_at=found[0].date)


def connect_signals():
    post_revision_commit.connect(_date_revised_records, dispatch_uid="records.history")
