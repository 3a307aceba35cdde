"""The demo records: rows with their ids, built from a seed without reading the database."""

import datetime
import random
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries

from agreements.models import (
    Agreement,
    AgreementKind,
    Event,
    EventKind,
    ParticipantCountry,
    ProgramFormat,
    Topic,
    TrainingProgram,
)
from people.models import Organization, Person, Position
from portal.demo_data import vocabulary as words
from portal.demo_data.agreements import AgreementsMixin
from portal.demo_data.draws import Dates, Skewed
from portal.demo_data.rows import DEMO_URL, Org, Row
from records.models import Citation, Record, Reliability, Source
from records.services import published_columns

PREFIX = "demo-"
# The proportions for 100,000 agreements; topics are a vocabulary and stay at sixty whatever the size.
PER_AGREEMENT = {Organization: 0.02, Person: 0.05, TrainingProgram: 0.1, Event: 0.2, Source: 0.05}
AT_LEAST = {Organization: 10, Person: 20, TrainingProgram: 5, Event: 10, Source: 5}
# The models given explicit ids, so that rows can refer to them before they are written.
NUMBERED = [Source, Topic, Organization, Person, Position, TrainingProgram, Event, Agreement]


def counts_for(agreements):
    """How many records of each type go with `agreements` agreements."""
    return {model: max(AT_LEAST[model], round(agreements * share)) for model, share in PER_AGREEMENT.items()} | {
        Agreement: agreements
    }


class DemoData(AgreementsMixin):
    """Every demo record and row for `agreements` agreements and seed `seed`; ids start at `first_ids[model]`."""

    def __init__(self, agreements, *, seed, first_ids):
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
        self.dates = Dates(self.rng)
        self.counts = counts_for(agreements)
        self.next_ids = dict(first_ids)
        self.now = timezone.now()
        self.content_types = {model: ContentType.objects.get_for_model(model) for model in NUMBERED}
        self.country_names = {country.code: str(country.name) for country in countries}
        ranked = words.LEADING_COUNTRIES + [code for code in self.country_names if code not in words.LEADING_COUNTRIES]
        self.countries = Skewed(self.rng, ranked)
        self.labels = {choice: str(choice.label) for choices in (AgreementKind, ProgramFormat) for choice in choices}

    def records(self):
        """The rows to write, each record followed by its rows and citations."""
        yield from self.sources()
        yield from self.topics()
        yield from self.organizations()
        yield from self.people()
        yield from self.programs()
        yield from self.events()
        yield from self.agreements()

    def _new(self, model, **fields):
        fields["id"] = self.next_ids[model]
        self.next_ids[model] += 1
        if issubclass(model, Record | Topic):
            fields.update(published_columns(self.now))
        return Row(model, fields)

    def _cited(self, record):
        """`record` and its citation of a demo source (a fifth of records cite two)."""
        yield record
        for position in range(self.rng.choice((1, 1, 1, 1, 2))):
            source_id = self.first_source + self.rng.randrange(self.counts[Source])
            content_type_id = self.content_types[record.model].id
            yield Row.of(
                Citation, source_id=source_id, content_type_id=content_type_id, object_id=record.id, position=position
            )

    def _slug(self, text, index):
        return f"{PREFIX}{slugify(text)[:90]}-{index}"

    def _person_name(self):
        names = [self.rng.choice(words.FIRST_NAMES), self.rng.choice(words.LAST_NAMES)]
        if self.rng.random() < 0.3:
            names.append(self.rng.choice(words.LAST_NAMES))
        return " ".join(names)

    def sources(self):
        self.first_source = self.next_ids[Source]
        for index in range(1, self.counts[Source] + 1):
            publisher = self.rng.choice(words.PUBLISHERS)
            yield self._new(
                Source,
                key=f"{PREFIX}{index}",
                title=f"{publisher}, bulletin {index}",
                publisher=publisher,
                url=f"{DEMO_URL}/sources/{index}",
                published=self.dates.partial(),
                language=self.rng.choices(("en", "es", "fr"), weights=(6, 3, 1))[0],
                reliability=self.rng.choices(Reliability.values, weights=(5, 4, 1))[0],
            )

    def topics(self):
        """Twelve broad topics with four subtopics each; the subtopics are what records mostly carry."""
        subtopics = []
        for name, children in words.TOPIC_TREE.items():
            parent = self._new(Topic, name=name, slug=f"{PREFIX}{slugify(name)}", description=f"Cooperation on {name}.")
            yield parent
            for rank, child in enumerate(children):
                topic = self._new(Topic, name=child, slug=f"{PREFIX}{slugify(child)}", parent_id=parent.id)
                subtopics.append((rank, topic.id, child.lower()))
                yield topic
        # Each broad topic's first subtopic, then each one's second…: a few big topics across fields, a long tail.
        self.topic_picker = Skewed(self.rng, [(topic_id, name) for _, topic_id, name in sorted(subtopics)])

    def organizations(self):
        self.orgs_by_country = defaultdict(list)
        ministries = defaultdict(list)
        kinds, weights = zip(*words.ORGANIZATION_KIND_WEIGHTS.items(), strict=True)
        orgs = []
        for index in range(1, self.counts[Organization] + 1):
            kind = self.rng.choices(kinds, weights=weights)[0]
            country = "" if kind == "intergovernmental" else self.countries.one()
            name = self._organization_name(kind, country)
            acronym = (
                ""
                if kind in ("government", "embassy", "media")
                else "".join(w[0] for w in name.split() if w[0].isupper())
            )
            parent = None
            if kind in ("agency", "police", "academy") and ministries[country] and self.rng.random() < 0.6:
                parent = self.rng.choice(ministries[country])
            org = self._new(
                Organization,
                name=name,
                acronym=acronym[:40],
                slug=self._slug(name, index),
                kind=kind,
                country=country,
                parent_id=parent,
                description=f"A demo {kind} record.",
            )
            if kind == "ministry":
                ministries[country].append(org.id)
            orgs.append(Org(org.id, country, acronym or name))
            self.orgs_by_country[country].append(orgs[-1])
            yield from self._cited(org)
        self.org_picker = Skewed(self.rng, orgs)

    def _organization_name(self, kind, country):
        name = self.country_names.get(country, "")
        choose = self.rng.choice
        return {
            "government": f"Government of {name}",
            "ministry": f"Ministry of {choose(words.MINISTRIES)} of {name}",
            "agency": f"{name} {choose(words.AGENCIES)}",
            "police": f"{choose(words.POLICE_FORCES)} of {name}",
            "embassy": f"Embassy of {name} in {self.country_names[self.countries.one()]}",
            "academy": f"{choose(words.ACADEMIES)} {name}",
            "intergovernmental": f"{choose(words.INTERNATIONAL_BODIES)} for {choose(words.FIELDS)}",
            "ngo": f"{name} {choose(words.NGO_NAMES)} for {choose(words.FIELDS)}",
            "media": f"{name} {choose(words.MEDIA_NAMES)}",
            "other": f"{name} Chamber of Commerce",
        }[kind]

    def people(self):
        """People with one or two posts each, in organizations of their country when it has any."""
        self.posts_by_org = defaultdict(list)
        people = []
        for index in range(1, self.counts[Person] + 1):
            name = self._person_name()
            country = self.countries.one()
            person = self._new(
                Person, name=name, slug=self._slug(name, index), country=country, bio=f"A demo official of {country}."
            )
            people.append((person.id, name))
            yield from self._cited(person)
            start = self.dates.partial()
            posts = self.rng.choice((1, 2))
            for number in range(posts):
                org = self.rng.choice(self.orgs_by_country.get(country) or [self.org_picker.one()])
                title = self.rng.choice(words.POSITION_TITLES)
                current = number == posts - 1 and self.rng.random() < 0.7
                end = "" if current else self.dates.after(start, 8 * 365)
                post = self._new(
                    Position,
                    person_id=person.id,
                    organization_id=org.id,
                    title=title,
                    start=start,
                    end=end,
                    ended=not current,
                )
                self.posts_by_org[org.id].append((person.id, title))
                yield from self._cited(post)
                start = self.dates.after(end or start, 2 * 365)
                if not start:
                    break
        self.person_picker = Skewed(self.rng, people)

    def programs(self):
        formats = ProgramFormat.values
        self.program_ids = []
        for index in range(1, self.counts[TrainingProgram] + 1):
            topics = self.topic_picker.distinct(self.rng.choice((1, 1, 2)))
            host = self.org_picker.one()
            country = host.country or self.countries.one()
            program_format = self.rng.choices(formats, weights=(30, 20, 15, 10, 10, 10, 5))[0]
            label = self.labels[program_format]
            title = f"{label} on {topics[0][1]} in {self.country_names[country]}"
            start = self.dates.partial()
            program = self._new(
                TrainingProgram,
                title=title,
                slug=self._slug(title, index),
                format=program_format,
                host_id=host.id,
                location=self.country_names[country],
                country=country,
                audience=self.rng.choice(words.AUDIENCES),
                start=start,
                end=self.dates.after(start, 400) if self.rng.random() < 0.7 else "",
                description=f"A demo {label.lower()} for officials.",
            )
            self.program_ids.append(program.id)
            yield from self._cited(program)
            for org in self.org_picker.distinct(self.rng.choice((1, 2))):
                yield Row.of(TrainingProgram.instructors.through, trainingprogram_id=program.id, organization_id=org.id)
            for code in self.countries.distinct(self.rng.randint(1, 4)):
                yield Row.of(ParticipantCountry, program_id=program.id, country=code)
            yield from self._tags(TrainingProgram, program.id, topics)

    def _tags(self, model, record_id, topics):
        through = model.topics.through
        field = f"{model._meta.model_name}_id"
        for topic_id, _ in topics:
            yield Row.of(through, **{field: record_id, "topic_id": topic_id})

    def events(self):
        """Events of every kind; some meetings are part of a recent visit, at its date and place."""
        kinds, weights = zip(*words.EVENT_KIND_WEIGHTS.items(), strict=True)
        visits, self.signings = [], []
        for index in range(1, self.counts[Event] + 1):
            kind = self.rng.choices(kinds, weights=weights)[0]
            topics = self.topic_picker.distinct(self.rng.choice((1, 1, 2)))
            participants = self.person_picker.distinct(self.rng.randint(1, 3))
            day, country, parent = self.dates.day(), self.countries.one(), None
            if kind == EventKind.MEETING and visits and self.rng.random() < 0.3:
                parent, day, country = self.rng.choice(visits[-50:])
            title = words.EVENT_TITLES[kind].format(
                topic=topics[0][1], country=self.country_names[country], person=participants[0][1]
            )
            long = kind in (EventKind.VISIT, EventKind.TRAINING)
            event = self._new(
                Event,
                title=title,
                slug=self._slug(title, index),
                kind=kind,
                start=day.isoformat() if long or parent else self.dates.partial(day),
                end=(day + datetime.timedelta(days=self.rng.randint(1, 5))).isoformat() if long else "",
                parent_id=parent,
                location=self.country_names[country],
                country=country,
                summary=f"A demo {kind.label.lower()} on {topics[0][1]}.",
            )
            if kind == EventKind.VISIT:
                visits.append((event.id, day, country))
            elif kind == EventKind.SIGNING:
                self.signings.append((event.id, event.fields["start"]))
            yield from self._cited(event)
            for person_id, _ in participants:
                yield Row.of(Event.participants.through, event_id=event.id, person_id=person_id)
            for org in self.org_picker.distinct(self.rng.randint(1, 3)):
                yield Row.of(Event.organizations.through, event_id=event.id, organization_id=org.id)
            if kind == EventKind.TRAINING and self.rng.random() < 0.5:
                yield Row.of(Event.programs.through, event_id=event.id, program_id=self.rng.choice(self.program_ids))
            yield from self._tags(Event, event.id, topics)
