"""Writing what a record holds besides its own fields: validation, many-to-many targets and rows listed inside it.

Each writer has check(), run when an existing record is left as it is (so that a broken file fails every run), and
write(owner, created), which returns whether it changed anything.
"""

from collections import Counter

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from agreements.loader.entries import DataError, within

CREATED, UNCHANGED, REFRESHED = "created", "unchanged", "refreshed"


def validate(instance, exclude=frozenset(), unique=True):
    """full_clean(), step by step; a failure becomes a DataError. Runs queries: unique and constraint checks.

    Related records were just read from the database, so looking each of them up again
    (a query per foreign key per row) is left out; an empty foreign key is still checked.
    """
    fields = instance._meta.fields
    resolved = {field.name for field in fields if field.is_relation and field.value_from_object(instance)}
    try:
        instance.clean_fields(exclude=resolved | exclude)
        instance.clean()
        if unique:
            instance.validate_unique(exclude=exclude)
        instance.validate_constraints(exclude=exclude)
    except ValidationError as error:
        raise DataError(describe(error, instance)) from None


def check(model, values):
    """Validate file values that this run does not write, so that a broken file fails every run.

    Uniqueness is left out: the record in the database holds the same key. Runs queries (constraint checks).
    """
    unset = {field.name for field in model._meta.fields if field.name not in values}
    validate(model(**values), exclude=unset, unique=False)


def describe(error, instance):
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for field, messages in error.message_dict.items():
        text = " ".join(messages)
        if field == NON_FIELD_ERRORS:
            parts.append(text)
            continue
        # Field messages such as "Enter a date as YYYY-MM-DD…" do not repeat the value at fault.
        value = getattr(instance, field, None)
        shown = f" {value!r}" if isinstance(value, str) and value and value not in text else ""
        parts.append(f"{field}{shown}: {text}")
    return "; ".join(parts)


def snapshot(instance):
    """The values the database would hold for the instance, to tell whether a refresh changes anything."""
    return {
        field.attname: field.get_prep_value(field.value_from_object(instance))
        for field in instance._meta.concrete_fields
    }


def write_all(record, writers, created, touch):
    """Run every writer; whether any changed something. With `touch`, a change is dated on the record itself."""
    results = [writer.write(record, created) for writer in writers]  # every writer runs: no short circuit
    changed = any(results)
    if changed and touch:
        record.save(update_fields=["updated_at"])
    return changed


class ManyToMany:
    """The targets of a many-to-many field, as the file lists them."""

    def __init__(self, name, targets):
        self.name = name
        self.ids = {target.pk for target in targets}

    def check(self):
        """The targets were resolved from the files already."""

    def write(self, owner, created):
        manager = getattr(owner, self.name)
        if created:
            if self.ids:
                manager.set(self.ids)
            return bool(self.ids)
        if set(manager.values_list("pk", flat=True)) == self.ids:
            return False
        manager.set(self.ids)
        return True


class Rows:
    """Rows that belong to one record (citations, parties…): replaced as a whole when they differ from the file."""

    def __init__(self, label, model, owner, values, fields, ordered, unique=()):
        self.label = label
        self.model = model
        self.owner = owner
        self.values = values
        self.fields = fields
        self.ordered = ordered
        if unique:
            # An in-file repeat would otherwise surface only as an IntegrityError at insert time.
            seen = set()
            for number, row in enumerate(values, start=1):
                identity = tuple(getattr(row[name], "pk", row[name]) for name in unique)
                if identity in seen:
                    raise DataError(f"{label} {number}: repeats the {' and '.join(unique)} of an earlier one")
                seen.add(identity)

    def signature(self, rows):
        attnames = [self.model._meta.get_field(name).attname for name in self.fields]
        rows = [tuple(values[attname] for attname in attnames) for values in map(snapshot, rows)]
        return rows if self.ordered else Counter(rows)

    def check(self):
        for number, values in enumerate(self.values, start=1):
            with within(f"{self.label} {number}"):
                check(self.model, values)

    def write(self, owner, created):
        link = self.owner(owner)
        new = [self.model(**link, **values) for values in self.values]
        if not created:
            current = self.model.objects.filter(**link)
            if self.signature(current) == self.signature(new):
                return False
            current.delete()
        for number, row in enumerate(new, start=1):
            with within(f"{self.label} {number}"):
                validate(row)
        self.model.objects.bulk_create(new)
        return bool(new) or not created


class Children:
    """Records listed inside another (a person's posts): created with it; matched by natural key and rewritten on
    --refresh, and those no longer in the file deleted.

    `entries` are (number in the file, natural key, fields, writers); `loader` stores and counts them.
    """

    def __init__(self, loader, nested, name, entries):
        self.loader = loader
        self.nested = nested
        self.name = name
        self.entries = entries

    def check(self):
        for number, _key, fields, writers in self.entries:
            with within(f"{self.nested.label} {number}"):
                check(self.nested.model, fields)
                for writer in writers:
                    writer.check()
            self.loader.counts[self.nested.name][UNCHANGED] += 1

    def write(self, owner, created):
        existing = {} if created else {self.nested.key_of(child): child for child in self.nested.children(owner)}
        changed = False
        for number, key, fields, writers in self.entries:
            with within(f"{self.nested.label} {number}"):
                child, state = self.loader.store(
                    self.nested.model, existing.pop(key, None), {self.nested.owner: owner, **fields}, writers
                )
            self.loader.tally(self.nested.name, state, f"{self.name}: {child}")
            changed |= state != UNCHANGED
        for child in existing.values():
            child.delete()
            changed = True
        return changed
