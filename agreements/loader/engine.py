"""The engine that loads the dataset files by the schema's descriptions, one record type after the other.

A run creates what is missing and leaves existing records as curators left them; with `refresh` it rewrites them
(fields and relation rows) from the files. Each record is written in a django-reversion revision of its own.
"""

from collections import Counter
from pathlib import Path

import reversion
from django.db import transaction

from agreements.loader.description import Nested, field_name, read_fields
from agreements.loader.entries import DataError, parents_first, read_file, within
from agreements.loader.schema import SCHEMA
from agreements.loader.writing import CREATED, REFRESHED, UNCHANGED, check, snapshot, validate, write_all
from records.languages import column, languages, translated_fields
from records.models import Publishable
from records.search import rebuild_index
from records.services import publish_new

REVISION_COMMENT = "Loaded from the dataset files (load_dataset)."


def load(directory, refresh=False, log=None):
    """Load the files in `directory` in one transaction; return the counts by type: created, unchanged, refreshed.

    A broken file raises DataError (or IntegrityError, for a database rule the checks do not foresee) and writes
    nothing. `log` is called with a line for each record created or refreshed.
    """
    loader = Loader(directory, refresh, log)
    with transaction.atomic():
        loader.load()
        # Each record saved is indexed as it is written; the rebuild also covers records written without signals.
        rebuild_index()
    return loader.counts


def summary(counts):
    """The counts as a table, one line per type."""
    lines = [f"{'':<16}{CREATED:>10}{UNCHANGED:>11}{REFRESHED:>11}"]
    for label, count in counts.items():
        lines.append(f"{label:<16}{count[CREATED]:>10}{count[UNCHANGED]:>11}{count[REFRESHED]:>11}")
    return "\n".join(lines)


class Loader:
    def __init__(self, directory, refresh, log):
        self.directory = Path(directory)
        self.refresh = refresh
        self.log = log
        nested = {kind.name: [part.name for part in kind.inlines if isinstance(part, Nested)] for kind in SCHEMA}
        self.counts = {label: Counter() for kind in SCHEMA for label in [kind.name, *nested[kind.name]]}
        self.indexes = {kind.name: kind.index() for kind in SCHEMA}

    def load(self):
        """Every file is read and checked for shape before anything is stored."""
        files = {kind.name: read_file(self.directory, kind.name, kind.keys, kind.key) for kind in SCHEMA}
        for kind in SCHEMA:
            self.load_type(kind, files[kind.name])

    def load_type(self, kind, entries):
        existing = kind.model.objects.in_bulk(field_name=kind.match)
        index = self.indexes[kind.name]
        if kind.parent:
            entries = parents_first(entries, kind.parent, index)
        now = [*kind.many, *(part for part in kind.inlines if not getattr(part, "later", False))]
        later = [part for part in kind.inlines if getattr(part, "later", False)]
        keys = self.indexes
        if later:
            # Until the whole file is stored, what is written later refers to the file's keys.
            keys = {**self.indexes, kind.name: kind.index()}
            keys[kind.name].update((entry.key, entry.key) for _, entry in entries)
        matched, pending = {}, []
        for place, entry in entries:
            with within(place):
                # The name that finds the record in the database; a file key is known to be unique in its file.
                name = entry.key if kind.match == kind.stored_as else entry.text(kind.match)
                if name in matched:
                    raise DataError(f"{kind.match}: already used by {matched[name]}")
                matched[name] = place
                fields = {kind.stored_as: entry.key, **read_fields(entry, kind.fields, self.indexes)}
                writers = [part.writer(entry, self.indexes, self, name) for part in now]
                links = [(inline, inline.read(entry, keys)) for inline in later]
                instance, state = self.store(kind.model, existing.get(name), fields, writers)
            index[entry.key] = instance
            if later:
                pending.append((place, instance, state, name, links))
            else:
                self.tally(kind.name, state, name)
        for place, instance, state, name, links in pending:
            with within(place):
                writers = [inline.rows(self.stored(kind, inline, values)) for inline, values in links]
                state = self.store_later(instance, state, writers)
            self.tally(kind.name, state, name)

    def stored(self, kind, inline, rows):
        """The rows' values with the keys of the type's own records replaced by the records stored for them."""
        own = [field_name(field) for field in inline.fields if getattr(field, "target", "") == kind.name]
        index = self.indexes[kind.name]
        return [{**values, **{name: index.get(values[name]) for name in own}} for values in rows]

    def tally(self, label, state, name):
        self.counts[label][state] += 1
        if self.log and state != UNCHANGED:
            self.log(f"{state} {label}: {name}")

    def store(self, model, instance, fields, writers=()):
        """Create the record, or with refresh rewrite it; return it and what happened.

        Each record is written in a revision of its own (django-reversion), so its history in the admin starts
        here and restoring one record's version never touches the others loaded with it.
        """
        with reversion.create_revision(atomic=False):
            reversion.set_comment(REVISION_COMMENT)
            instance, state = self._store(model, instance, fields, writers)
            if state != UNCHANGED:
                # Again, now that its rows are written (citations, parties…): the version holds them too, so that
                # the record's history (records/history.py) tells a later change of its rows from their arrival.
                reversion.add_to_revision(instance)
            return instance, state

    def _store(self, model, instance, fields, writers):
        """Create the record, or with refresh rewrite it; return it and what happened.

        An existing record is left as it is without refresh, relation rows included.
        Its publication status is never changed: the files do not carry one.
        """
        if instance is None:
            instance = model(**fields)
            validate(instance)
            if isinstance(instance, Publishable):
                publish_new(instance, comment=REVISION_COMMENT)
            else:
                instance.save()
            write_all(instance, writers, created=True, touch=False)
            return instance, CREATED
        if not self.refresh:
            check(model, fields)
            for writer in writers:
                writer.check()
            return instance, self._fill_missing_texts(instance, fields)
        before = snapshot(instance)
        for name, value in fields.items():
            setattr(instance, name, value)
        validate(instance)
        changed = snapshot(instance) != before
        if changed:
            instance.save()
        relations_changed = write_all(instance, writers, created=False, touch=not changed)
        return instance, REFRESHED if changed or relations_changed else UNCHANGED

    def _fill_missing_texts(self, instance, fields):
        """Give a record the texts of the file in the languages it has none in (a translation added to the file
        since), leaving every text it has as it is: what curators wrote survives. Whether anything was filled."""
        texts = {column(name, language) for name in translated_fields(type(instance)) for language in languages()}
        missing = {
            name: value for name, value in fields.items() if name in texts and value and not getattr(instance, name)
        }
        if not missing:
            return UNCHANGED
        for name, value in missing.items():
            setattr(instance, name, value)
        validate(instance)
        instance.save(update_fields=[*missing, "updated_at"])
        return REFRESHED

    def store_later(self, instance, state, writers):
        """Write the rows that waited for the whole file (outside the record's revision); return what happened."""
        if state != CREATED and not self.refresh:
            for writer in writers:
                writer.check()
            return state
        if write_all(instance, writers, created=state == CREATED, touch=state == UNCHANGED) and state == UNCHANGED:
            return REFRESHED
        return state
