"""Load the curated dataset (dataset/*.json) into the database, as often as one likes.

A run creates what is missing and leaves existing records as curators left them;
`--refresh` rewrites them (fields and relation rows) from the files. Records are
matched by natural key: slug, a source's URL, a position's (person, organization,
title, start). Everything happens in one transaction: a broken file writes nothing.
"""

import json
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    Event,
    ParticipantCountry,
    Signatory,
    Topic,
    TrainingProgram,
)
from people.models import Organization, Person, Position
from records.models import Citation, PublicationStatus, Publishable, Source

CREATED, UNCHANGED, REFRESHED = "created", "unchanged", "refreshed"

SOURCE_KEYS = {"id", "title", "publisher", "url", "published", "language", "reliability", "reliability_note"}
CITATION_KEYS = {"source", "excerpt"}
TOPIC_KEYS = {"slug", "name", "parent", "description"}
ORGANIZATION_KEYS = {
    *("slug", "name", "acronym", "kind", "country", "parent", "website", "description", "note", "citations"),
}
PERSON_KEYS = {"slug", "name", "country", "bio", "note", "citations", "positions"}
POSITION_KEYS = {"organization", "title", "start", "end", "ended", "note", "citations"}
PROGRAM_KEYS = {
    *("slug", "title", "short_name", "format", "host", "instructors", "location", "country", "audience"),
    *("participant_countries", "start", "end", "description", "note", "topics", "citations"),
}
EVENT_KEYS = {
    *("slug", "title", "kind", "start", "end", "parent", "location", "country", "participants"),
    *("organizations", "programs", "topics", "summary", "note", "citations"),
}
AGREEMENT_KEYS = {
    *("slug", "title", "short_name", "kind", "binding", "scope", "status", "signed_on", "place_signed"),
    *("in_force_on", "ended_on", "summary", "text_url", "note", "topics", "parties", "signatories"),
    *("relations", "signed_at", "citations"),
}
PARTY_KEYS = {"organization", "role"}
SIGNATORY_KEYS = {"person", "name", "organization", "title"}
RELATION_KEYS = {"kind", "agreement"}


class DataError(Exception):
    """A problem in the data files; the message says where and what."""


@contextmanager
def within(place):
    """Prefix the message of a DataError raised inside with the place it happened."""
    try:
        yield
    except DataError as error:
        raise DataError(f"{place}: {error}") from None


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


class Index(dict):
    """The records of one file by file key, so that other records can refer to them."""

    def __init__(self, noun, file):
        super().__init__()
        self.noun = noun
        self.file = file


class Entry:
    """One JSON object from a data file, read with checks that name the key at fault."""

    def __init__(self, data, keys, key_field=None):
        if not isinstance(data, dict):
            raise DataError(f"expected a JSON object, got {data!r}")
        unknown = data.keys() - keys
        if unknown:
            raise DataError(f"unknown key(s): {', '.join(sorted(unknown))}")
        self.data = data
        self.key = None
        if key_field:
            self.key = data.get(key_field)
            if not isinstance(self.key, str) or not self.key:
                raise DataError(f"{key_field}: missing or not a string")

    def text(self, key):
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise DataError(f"{key}: expected a string, got {value!r}")
        return value

    def flag(self, key, default):
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, bool):
            raise DataError(f"{key}: expected true, false or null, got {value!r}")
        return value

    def items(self, key):
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise DataError(f"{key}: expected a list, got {value!r}")
        return value

    def read_each(self, name, label, keys, read):
        """read(number, item) for each object of the list `name`, read as an Entry with `keys`; a problem in one is
        reported as "<label> <number>"."""
        results = []
        for number, data in enumerate(self.items(name), start=1):
            with within(f"{label} {number}"):
                results.append(read(number, Entry(data, keys)))
        return results

    def texts(self, key):
        values = self.items(key)
        for value in values:
            if not isinstance(value, str):
                raise DataError(f"{key}: expected strings, got {value!r}")
        return values

    def ref(self, key, index):
        return resolve(self.data.get(key), key, index)

    def refs(self, key, index):
        return [resolve(value, key, index) for value in self.items(key)]


def resolve(value, key, index):
    if value is None:
        return None
    if not isinstance(value, str) or value not in index:
        raise DataError(f"{key}: no {index.noun} {value!r} in {index.file}")
    return index[value]


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


class Positions:
    """A person's posts, from the file: created with the person; matched and rewritten on --refresh."""

    def __init__(self, loader, entries):
        self.loader = loader
        self.entries = entries

    def check(self):
        for number, _key, fields, relations in self.entries:
            with within(f"position {number}"):
                check(Position, fields)
                for relation in relations:
                    relation.check()

    def write(self, person, created):
        existing = {} if created else {(p.organization_id, p.title, p.start): p for p in person.positions.all()}
        changed = False
        for number, key, fields, relations in self.entries:
            with within(f"position {number}"):
                position, state = self.loader.store(
                    Position, existing.pop(key, None), {"person": person, **fields}, relations
                )
            self.loader.tally("positions", state, f"{person.slug}: {position}")
            changed |= state != UNCHANGED
        for position in existing.values():
            position.delete()
            changed = True
        return changed


class Loader:
    def __init__(self, directory, refresh, log):
        self.directory = Path(directory)
        self.refresh = refresh
        self.log = log
        labels = ["sources", "topics", "organizations", "people", "positions", "programs", "events", "agreements"]
        self.counts = {label: Counter() for label in labels}
        self.sources = Index("source", "sources.json")
        self.topics = Index("topic", "topics.json")
        self.organizations = Index("organization", "organizations.json")
        self.people = Index("person", "people.json")
        self.programs = Index("program", "programs.json")
        self.events = Index("event", "events.json")
        self.agreements = Index("agreement", "agreements.json")

    def load(self):
        files = {
            name: self.read(name, keys, key_field)
            for name, keys, key_field in [
                ("sources", SOURCE_KEYS, "id"),
                ("topics", TOPIC_KEYS, "slug"),
                ("organizations", ORGANIZATION_KEYS, "slug"),
                ("people", PERSON_KEYS, "slug"),
                ("programs", PROGRAM_KEYS, "slug"),
                ("events", EVENT_KEYS, "slug"),
                ("agreements", AGREEMENT_KEYS, "slug"),
            ]
        }
        self.load_sources(files["sources"])
        self.load_topics(files["topics"])
        self.load_organizations(files["organizations"])
        self.load_people(files["people"])
        self.load_programs(files["programs"])
        self.load_events(files["events"])
        self.load_agreements(files["agreements"])

    def read(self, name, keys, key_field):
        """A file's records as (place, Entry) pairs, each record checked for shape and a unique key."""
        path = self.directory / f"{name}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DataError(f"{path}: file not found") from None
        except json.JSONDecodeError as error:
            raise DataError(
                f"{name}.json: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
            ) from None
        if not isinstance(data, list):
            raise DataError(f"{name}.json: expected a list of records")
        entries, places = [], {}
        for number, record in enumerate(data, start=1):
            place = f"{name}.json, record {number}"
            with within(place):
                entry = Entry(record, keys, key_field)
            place = f"{place} ({entry.key})"
            if entry.key in places:
                raise DataError(f"{place}: {key_field} {entry.key!r} already used by {places[entry.key]}")
            places[entry.key] = place
            entries.append((place, entry))
        return entries

    def tally(self, label, state, name):
        self.counts[label][state] += 1
        if self.log and state != UNCHANGED:
            self.log(f"{state} {label}: {name}")

    def store(self, model, instance, fields, relations=()):
        """Create the record, or with --refresh rewrite it; return it and what happened.

        Each record is written in a revision of its own (django-reversion), so its history in the admin starts
        here and restoring one record's version never touches the others loaded with it.
        """
        with reversion.create_revision(atomic=False):
            reversion.set_comment("Loaded from the dataset files (load_dataset).")
            return self._store(model, instance, fields, relations)

    def _store(self, model, instance, fields, relations):
        """Create the record, or with --refresh rewrite it; return it and what happened.

        An existing record is left as it is without --refresh, relation rows included.
        Its publication status is never changed: the files do not carry one.
        """
        if instance is None:
            instance = model(**fields)
            if isinstance(instance, Publishable):
                instance.set_publication_status(PublicationStatus.PUBLISHED, None)
            validate(instance)
            instance.save()
            for relation in relations:
                relation.write(instance, created=True)
            return instance, CREATED
        if not self.refresh:
            check(model, fields)
            for relation in relations:
                relation.check()
            return instance, UNCHANGED
        before = snapshot(instance)
        for name, value in fields.items():
            setattr(instance, name, value)
        validate(instance)
        changed = snapshot(instance) != before
        if changed:
            instance.save()
        relations_changed = [relation.write(instance, created=False) for relation in relations]
        if any(relations_changed) and not changed:
            instance.save(update_fields=["updated_at"])
        return instance, REFRESHED if changed or any(relations_changed) else UNCHANGED

    def citations(self, entry):
        values = entry.read_each(
            "citations",
            "citation",
            CITATION_KEYS,
            lambda number, citation: {
                "source": citation.ref("source", self.sources),
                "excerpt": citation.text("excerpt"),
                "position": number - 1,
            },
        )
        return Rows(
            "citation",
            Citation,
            lambda record: {"content_type": ContentType.objects.get_for_model(record), "object_id": record.pk},
            values,
            fields=("source", "excerpt", "position"),
            ordered=True,
        )

    def parents_first(self, entries, index):
        """The file's records ordered so that every parent is stored before its children."""
        by_key = {entry.key: (place, entry) for place, entry in entries}
        ordered, placed = [], set()
        for item in entries:
            chain, seen = [], set()
            while item[1].key not in placed:
                place, entry = item
                if entry.key in seen:
                    raise DataError(f"{place}: parent: {entry.key!r} is its own ancestor")
                seen.add(entry.key)
                chain.append(item)
                parent = entry.data.get("parent")
                if parent is None:
                    break
                if not isinstance(parent, str) or parent not in by_key:
                    raise DataError(f"{place}: parent: no {index.noun} {parent!r} in {index.file}")
                item = by_key[parent]
            for place, entry in reversed(chain):
                placed.add(entry.key)
                ordered.append((place, entry))
        return ordered

    def load_sources(self, entries):
        existing = Source.objects.in_bulk(field_name="url")
        urls = {}
        for place, entry in entries:
            with within(place):
                url = entry.text("url")
                if url in urls:
                    raise DataError(f"url: already used by {urls[url]}")
                urls[url] = place
                fields = {
                    "key": entry.key,
                    "title": entry.text("title"),
                    "publisher": entry.text("publisher"),
                    "url": url,
                    "published": entry.text("published"),
                    "language": entry.text("language"),
                    "reliability": entry.text("reliability"),
                    "reliability_note": entry.text("reliability_note"),
                }
                source, state = self.store(Source, existing.get(url), fields)
            self.sources[entry.key] = source
            self.tally("sources", state, url)

    def load_topics(self, entries):
        existing = Topic.objects.in_bulk(field_name="slug")
        for place, entry in self.parents_first(entries, self.topics):
            with within(place):
                fields = {
                    "name": entry.text("name"),
                    "slug": entry.key,
                    "parent": entry.ref("parent", self.topics),
                    "description": entry.text("description"),
                }
                topic, state = self.store(Topic, existing.get(entry.key), fields)
            self.topics[entry.key] = topic
            self.tally("topics", state, entry.key)

    def load_organizations(self, entries):
        existing = Organization.objects.in_bulk(field_name="slug")
        for place, entry in self.parents_first(entries, self.organizations):
            with within(place):
                fields = {
                    "name": entry.text("name"),
                    "acronym": entry.text("acronym"),
                    "slug": entry.key,
                    "kind": entry.text("kind"),
                    "country": entry.text("country"),
                    "parent": entry.ref("parent", self.organizations),
                    "website": entry.text("website"),
                    "description": entry.text("description"),
                    "note": entry.text("note"),
                }
                relations = [self.citations(entry)]
                organization, state = self.store(Organization, existing.get(entry.key), fields, relations)
            self.organizations[entry.key] = organization
            self.tally("organizations", state, entry.key)

    def load_people(self, entries):
        existing = Person.objects.in_bulk(field_name="slug")
        for place, entry in entries:
            with within(place):
                fields = {
                    "name": entry.text("name"),
                    "slug": entry.key,
                    "country": entry.text("country"),
                    "bio": entry.text("bio"),
                    "note": entry.text("note"),
                }
                positions = self.positions(entry)
                person, state = self.store(
                    Person, existing.get(entry.key), fields, [self.citations(entry), Positions(self, positions)]
                )
            self.people[entry.key] = person
            self.tally("people", state, entry.key)
            if state == UNCHANGED and not self.refresh:
                self.counts["positions"][UNCHANGED] += len(positions)

    def positions(self, entry):
        """The person's posts as (number in the file, natural key, fields, relations), checked for repeats."""
        keys = set()

        def read(number, position):
            organization = position.ref("organization", self.organizations)
            fields = {
                "organization": organization,
                "title": position.text("title"),
                "start": position.text("start"),
                "end": position.text("end"),
                "ended": position.flag("ended", default=False),
                "note": position.text("note"),
            }
            key = (getattr(organization, "pk", None), fields["title"], fields["start"])
            if key in keys:
                raise DataError("the same organization, title and start appear twice")
            keys.add(key)
            return number, key, fields, [self.citations(position)]

        return entry.read_each("positions", "position", POSITION_KEYS, read)

    def load_programs(self, entries):
        existing = TrainingProgram.objects.in_bulk(field_name="slug")
        for place, entry in entries:
            with within(place):
                fields = {
                    "title": entry.text("title"),
                    "short_name": entry.text("short_name"),
                    "slug": entry.key,
                    "format": entry.text("format"),
                    "host": entry.ref("host", self.organizations),
                    "location": entry.text("location"),
                    "country": entry.text("country"),
                    "audience": entry.text("audience"),
                    "start": entry.text("start"),
                    "end": entry.text("end"),
                    "description": entry.text("description"),
                    "note": entry.text("note"),
                }
                relations = [
                    ManyToMany("instructors", entry.refs("instructors", self.organizations)),
                    ManyToMany("topics", entry.refs("topics", self.topics)),
                    Rows(
                        "participant country",
                        ParticipantCountry,
                        lambda program: {"program": program},
                        [{"country": country} for country in entry.texts("participant_countries")],
                        fields=("country",),
                        ordered=False,
                        unique=("country",),
                    ),
                    self.citations(entry),
                ]
                program, state = self.store(TrainingProgram, existing.get(entry.key), fields, relations)
            self.programs[entry.key] = program
            self.tally("programs", state, entry.key)

    def load_events(self, entries):
        existing = Event.objects.in_bulk(field_name="slug")
        for place, entry in self.parents_first(entries, self.events):
            with within(place):
                fields = {
                    "title": entry.text("title"),
                    "slug": entry.key,
                    "kind": entry.text("kind"),
                    "start": entry.text("start"),
                    "end": entry.text("end"),
                    "parent": entry.ref("parent", self.events),
                    "location": entry.text("location"),
                    "country": entry.text("country"),
                    "summary": entry.text("summary"),
                    "note": entry.text("note"),
                }
                relations = [
                    ManyToMany("participants", entry.refs("participants", self.people)),
                    ManyToMany("organizations", entry.refs("organizations", self.organizations)),
                    ManyToMany("programs", entry.refs("programs", self.programs)),
                    ManyToMany("topics", entry.refs("topics", self.topics)),
                    self.citations(entry),
                ]
                event, state = self.store(Event, existing.get(entry.key), fields, relations)
            self.events[entry.key] = event
            self.tally("events", state, entry.key)

    def load_agreements(self, entries):
        """Agreements, then the relations between them, which may point to agreements later in the file."""
        existing = Agreement.objects.in_bulk(field_name="slug")
        file_slugs = Index("agreement", "agreements.json")
        file_slugs.update((entry.key, entry.key) for _, entry in entries)
        stored = []
        for place, entry in entries:
            with within(place):
                fields = {
                    "title": entry.text("title"),
                    "short_name": entry.text("short_name"),
                    "slug": entry.key,
                    "kind": entry.text("kind"),
                    "binding": entry.flag("binding", default=None),
                    "scope": entry.text("scope"),
                    "status": entry.text("status"),
                    "signed_on": entry.text("signed_on"),
                    "place_signed": entry.text("place_signed"),
                    "in_force_on": entry.text("in_force_on"),
                    "ended_on": entry.text("ended_on"),
                    "summary": entry.text("summary"),
                    "text_url": entry.text("text_url"),
                    "note": entry.text("note"),
                    "signed_at": entry.ref("signed_at", self.events),
                }
                relations = [
                    ManyToMany("topics", entry.refs("topics", self.topics)),
                    self.parties(entry),
                    self.signatories(entry),
                    self.citations(entry),
                ]
                links = self.relations(entry, file_slugs)
                agreement, state = self.store(Agreement, existing.get(entry.key), fields, relations)
            self.agreements[entry.key] = agreement
            stored.append((place, agreement, state, links))
        for place, agreement, state, links in stored:
            with within(place):
                rows = Rows(
                    "relation",
                    AgreementRelation,
                    lambda source: {"source": source},
                    [{"kind": kind, "target": self.agreements[slug]} for kind, slug in links],
                    fields=("target", "kind"),
                    ordered=False,
                    unique=("target", "kind"),
                )
                if state != CREATED and not self.refresh:
                    rows.check()
                elif rows.write(agreement, created=state == CREATED) and state == UNCHANGED:
                    agreement.save(update_fields=["updated_at"])
                    state = REFRESHED
            self.tally("agreements", state, agreement.slug)

    def parties(self, entry):
        values = entry.read_each(
            "parties",
            "party",
            PARTY_KEYS,
            lambda number, party: {
                "organization": party.ref("organization", self.organizations),
                "role": party.text("role"),
            },
        )
        return Rows(
            "party",
            AgreementParty,
            lambda agreement: {"agreement": agreement},
            values,
            fields=("organization", "role"),
            ordered=False,
            unique=("organization",),
        )

    def signatories(self, entry):
        values = entry.read_each(
            "signatories",
            "signatory",
            SIGNATORY_KEYS,
            lambda number, signatory: {
                "person": signatory.ref("person", self.people),
                "name": signatory.text("name"),
                "organization": signatory.ref("organization", self.organizations),
                "title": signatory.text("title"),
                "position": number - 1,
            },
        )
        return Rows(
            "signatory",
            Signatory,
            lambda agreement: {"agreement": agreement},
            values,
            fields=("person", "name", "organization", "title", "position"),
            ordered=True,
        )

    def relations(self, entry, file_slugs):
        """(kind, slug) pairs; the slugs are checked against the file, written once every agreement exists."""

        def read(number, relation):
            target = relation.ref("agreement", file_slugs)
            if target == entry.key:
                raise DataError("agreement: an agreement cannot be related to itself")
            return relation.text("kind"), target

        return entry.read_each("relations", "relation", RELATION_KEYS, read)

    def summary(self):
        lines = [f"{'':<16}{CREATED:>10}{UNCHANGED:>11}{REFRESHED:>11}"]
        for label, counts in self.counts.items():
            lines.append(f"{label:<16}{counts[CREATED]:>10}{counts[UNCHANGED]:>11}{counts[REFRESHED]:>11}")
        return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Load the dataset files: create missing records (published) and leave existing ones as curators left them. "
        "Safe to run again. With --refresh, rewrite existing records and their relations from the files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=settings.BASE_DIR / "dataset",
            help="Folder holding sources.json, topics.json… (default: the repository's dataset/).",
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Rewrite records that already exist (fields and relation rows) from the files. "
            "Publication status is kept; records not in the files are left alone.",
        )

    def handle(self, *args, path, refresh, verbosity, **options):
        loader = Loader(path, refresh, log=self.stdout.write if verbosity >= 2 else None)
        try:
            with transaction.atomic():
                loader.load()
        except DataError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        except IntegrityError as error:
            raise CommandError(f"Nothing was loaded: the files break a database rule ({error}).") from None
        if verbosity >= 1:
            self.stdout.write(loader.summary())
