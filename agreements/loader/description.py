"""The words the dataset's schema is written in: what a record type's file holds and how each key is read.

A field is a model field read from the key of the same name: a plain name is text, `Flag` a boolean, `Ref` a
foreign key written as the key of another record, `Text` a text with a default and `Texts` a text in each
language (`title`, `title_es`). References resolve through `indexes`, the records stored so far
by type name (or, for a list written once its whole file is stored, the keys of that file).
"""

from dataclasses import dataclass

from django.conf import settings

from agreements.loader.entries import DataError, Index
from agreements.loader.writing import Children, ManyToMany, Rows
from records.languages import column, languages
from records.models import Certainty, Reliability


@dataclass(frozen=True)
class Ref:
    """A foreign key, written as the key of a record of type `target`."""

    name: str
    target: str
    field: str = ""  # the model field, when it is not `name`
    itself: str = ""  # the message when a row refers to the record that lists it, which is then not allowed

    def read(self, entry, indexes):
        return entry.ref(self.name, indexes[self.target])


@dataclass(frozen=True)
class Flag:
    """true, false or null."""

    name: str
    default: bool | None

    def read(self, entry, indexes):
        return entry.flag(self.name, default=self.default)


@dataclass(frozen=True)
class Text:
    """A text whose key may be left out for the model's default (`default`)."""

    name: str
    default: str

    def read(self, entry, indexes):
        return entry.text(self.name) or self.default


@dataclass(frozen=True)
class Texts:
    """A text in each language of the site, each stored in the field's column for its language: the key `name` holds
    the English text (title → title_en), `<name>_<language>` the others (title_es → title_es)."""

    name: str

    def key(self, language):
        return self.name if language == settings.LANGUAGE_CODE else f"{self.name}_{language}"

    @property
    def keys(self):
        return {self.key(language) for language in languages()}

    @property
    def columns(self):
        return tuple(column(self.name, language) for language in languages())

    def read(self, entry, indexes):
        return {column(self.name, language): entry.text(self.key(language)) for language in languages()}


@dataclass(frozen=True)
class Sureness:
    """How sure a claim is (records.models.Certain): the key `<prefix>certainty` and its note in each language
    (`<prefix>certainty_note`, `<prefix>certainty_note_es`). The prefix names a claim a record makes besides its
    own (an agreement's `signed_at_`)."""

    prefix: str = ""

    @property
    def level(self):
        return f"{self.prefix}certainty"

    @property
    def note(self):
        return Texts(f"{self.prefix}certainty_note")

    @property
    def keys(self):
        return {self.level} | self.note.keys

    @property
    def columns(self):
        return (self.level, *self.note.columns)

    def read(self, entry, indexes):
        level, notes = self.derive(entry, indexes)
        return {self.level: level, **dict(zip(self.note.columns, notes.values(), strict=True))}

    def derive(self, entry, indexes):
        """(level, {column: note}) of the claim: the file's own, else the dataset's rule (dataset/README.md,
        "Certainty"). A claim that cites sources (its citations, an alias's source) is confirmed when one of them
        is primary, else reported. A claim citing none is as sure as the claim it belongs to: a link listed in a
        record (a participant, a program at an event, a signatory, a post without citations) and a record's further
        claim (the event an agreement was signed at) take the record's level and note; a record citing nothing is
        reported."""
        if entry.text(self.level):
            return entry.text(self.level), self.note.read(entry, indexes)
        if self.prefix:
            return Sureness().derive(entry, indexes)
        keys = [item.get("source") for item in entry.items("citations") if isinstance(item, dict)]
        keys += [entry.data["source"]] if "source" in entry.data else []  # an alias's source
        sources = [indexes["sources"].get(key) for key in keys if isinstance(key, str)]
        if not keys and entry.parent is not None:
            return self.derive(entry.parent, indexes)
        primary = any(source is not None and source.reliability == Reliability.PRIMARY for source in sources)
        level = Certainty.CONFIRMED if primary else Certainty.REPORTED
        return level, dict.fromkeys(self.note.columns, "")


def field_name(field):
    """The model field a key is stored in."""
    return field if isinstance(field, str) else getattr(field, "field", "") or field.name


def field_names(field):
    """The model fields a key (or, for Texts, its keys) is stored in."""
    return field.columns if isinstance(field, Texts | Sureness) else (field_name(field),)


def key_names(field):
    """The keys a field is read from."""
    if isinstance(field, str):
        return {field}
    return field.keys if isinstance(field, Texts | Sureness) else {field.name}


def read_field(entry, field, indexes):
    return entry.text(field) if isinstance(field, str) else field.read(entry, indexes)


def read_fields(entry, fields, indexes):
    """The values of `fields` from the entry, by model field, read in the order given."""
    values = {}
    for field in fields:
        if isinstance(field, Texts | Sureness):
            values.update(field.read(entry, indexes))
        else:
            values[field_name(field)] = read_field(entry, field, indexes)
    return values


@dataclass(frozen=True)
class Many:
    """A many-to-many field, written as a list of keys of records of type `target`."""

    name: str
    target: str

    def writer(self, entry, indexes, loader, name):
        return ManyToMany(self.name, entry.refs(self.name, indexes[self.target]))


@dataclass(frozen=True)
class Inline:
    """Rows listed inside a record (its citations, an agreement's parties), replaced as a whole when they differ.

    `owner` is the field linking a row to the record, or a function giving the link's values. `numbered` is the
    field that keeps each row's place in the list, which then matters. With `plain`, the list holds the values
    of the single field instead of objects. With `later`, references to the record's own file are written once
    every record of the file is stored, so that they may point further down the file.
    """

    name: str
    label: str
    model: type
    owner: object
    fields: tuple
    numbered: str = ""
    unique: tuple = ()
    plain: bool = False
    later: bool = False

    @property
    def keys(self):
        return set().union(*(key_names(field) for field in self.fields))

    def read(self, entry, indexes):
        """The rows' values, checked against the file; references are resolved through `indexes`."""
        if self.plain:
            (field,) = self.fields
            return [{field: value} for value in entry.texts(self.name)]

        def read(number, item):
            values = read_fields(item, self.fields, indexes)
            for field in self.fields:
                if getattr(field, "itself", "") and values[field_name(field)] == entry.key:
                    raise DataError(f"{field.name}: {field.itself}")
            if self.numbered:
                values[self.numbered] = number - 1
            return values

        return entry.read_each(self.name, self.label, self.keys, read)

    def writer(self, entry, indexes, loader, name):
        return self.rows(self.read(entry, indexes))

    def rows(self, values):
        """A writer of the rows; raises DataError when the file repeats a row that must be unique."""
        fields = tuple(name for field in self.fields for name in field_names(field))
        fields += (self.numbered,) if self.numbered else ()
        return Rows(self.label, self.model, self.link, values, fields, ordered=bool(self.numbered), unique=self.unique)

    def link(self, record):
        return self.owner(record) if callable(self.owner) else {self.owner: record}


@dataclass(frozen=True)
class Nested:
    """Records listed inside another (a person's posts), found again by their natural `key`, counted apart."""

    name: str
    label: str
    model: type
    owner: str
    fields: tuple
    key: tuple
    inlines: tuple = ()

    @property
    def keys(self):
        return set().union(*(key_names(field) for field in self.fields)) | {inline.name for inline in self.inlines}

    def read(self, entry, indexes):
        """(number in the file, natural key, fields, writers) for each record, checked for repeats."""
        seen = set()

        def read(number, item):
            fields = read_fields(item, self.fields, indexes)
            key = tuple(getattr(fields[name], "pk", fields[name]) for name in self.key)
            if key in seen:
                raise DataError(f"the same {', '.join(self.key[:-1])} and {self.key[-1]} appear twice")
            seen.add(key)
            return number, key, fields, [inline.rows(inline.read(item, indexes)) for inline in self.inlines]

        return entry.read_each(self.name, self.label, self.keys, read)

    def writer(self, entry, indexes, loader, name):
        """Stores and counts the records through `loader`; `name` is the owner's, for the log."""
        return Children(loader, self, name, self.read(entry, indexes))

    def children(self, record):
        return self.model.objects.filter(**{self.owner: record})

    def key_of(self, child):
        return tuple(getattr(child, self.model._meta.get_field(name).attname) for name in self.key)


@dataclass(frozen=True)
class RecordType:
    """One file of the dataset, `<name>.json`, and the model its records are stored as.

    `key` is the file's key for a record, unique in the file and how other records refer to it, stored in the
    model field `stored_as`; `match` is the field that finds the record in the database. A `Ref` to the type's
    own records (a parent) stores the parent first.
    """

    name: str
    noun: str
    model: type
    fields: tuple
    many: tuple = ()
    inlines: tuple = ()
    key: str = "slug"
    stored_as: str = "slug"
    match: str = "slug"

    @property
    def file(self):
        return f"{self.name}.json"

    @property
    def keys(self):
        parts = [self.fields, self.many, self.inlines]
        return {self.key}.union(*(key_names(field) for part in parts for field in part))

    @property
    def parent(self):
        """The key naming the record's parent, if records of this type form a tree."""
        return next((field.name for field in self.fields if getattr(field, "target", "") == self.name), "")

    def index(self):
        return Index(self.noun, self.file)
