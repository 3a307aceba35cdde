from collections import defaultdict

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from agreements.exports import AGREEMENT_EXPORT, EVENT_EXPORT, PROGRAM_EXPORT
from agreements.filters import AgreementFilter, EventFilter, ProgramFilter, TopicTree
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
from people.views import citations_prefetch
from records.cache import CachedPageMixin
from records.dates import PartialDate
from records.detail import RecordDetailMixin
from records.exports import ExportableListMixin
from records.lists.views import FilteredListMixin
from records.models import PublicationStatus

PUBLISHED = PublicationStatus.PUBLISHED

TOPIC_RECORD_MODELS = (Agreement, TrainingProgram, Event)
# Records shown per type on the topic, search and country pages; each group links to its full, filtered list.
GROUP_SIZE = 20


class RecordGroup:
    """Published records of one type for a grouped page, with their total and a link to the full, filtered list.

    `queryset` must fetch what the type's card shows (see agreement_cards and the like). Runs the count, then the
    first `size` records.
    """

    def __init__(self, title, queryset, card, list_name, params, size=GROUP_SIZE):
        self.key = list_name.rpartition(":")[2]
        self.title = title
        self.card = f"includes/cards/{card}_card.html"
        self.total = queryset.count()
        self.items = list(queryset[:size]) if self.total else []
        self.list_url = f"{reverse(list_name)}?{urlencode(params)}"

    @property
    def truncated(self):
        return self.total > len(self.items)


def count_topic_records(roots):
    """Set `.count` on every topic of the tree: its published agreements, programs and events, subtopics included.

    A record tagged with a topic and one of its subtopics counts once. Runs one query per record type.
    """
    tagged = defaultdict(set)
    for model in TOPIC_RECORD_MODELS:
        through = model.topics.through
        record_field = model._meta.model_name
        rows = through.objects.filter(
            **{f"{record_field}__publication_status": PublicationStatus.PUBLISHED},
            topic__publication_status=PublicationStatus.PUBLISHED,
        ).values_list("topic_id", f"{record_field}_id")
        for topic_id, record_id in rows:
            tagged[topic_id].add((record_field, record_id))

    def count(topic):
        records = set(tagged[topic.pk])
        for child in topic.subtopics:
            records |= count(child)
        topic.count = len(records)
        return records

    for root in roots:
        count(root)


def tagged(model, topic_ids):
    """The ids of `model` records tagged with any of the topics, as a subquery (a record once, however many)."""
    field = model._meta.model_name
    return model.topics.through.objects.filter(topic__in=topic_ids).values(f"{field}_id")


def published_topics():
    return Prefetch("topics", queryset=Topic.objects.published())


def visible_signatories(signatories):
    """Signatories a reader may see: a published person, else the recorded name; nameless drafts are left out."""
    visible = []
    for signatory in signatories:
        person_is_public = signatory.person_id is not None and signatory.person.is_published
        if person_is_public or signatory.name:
            signatory.public_person = signatory.person if person_is_public else None
            signatory.public_name = signatory.person.name if person_is_public else signatory.name
            visible.append(signatory)
    return visible


def _partial_date(value):
    """`value` as a PartialDate; None when unknown or malformed (a malformed value must not break a page)."""
    try:
        return PartialDate(value) if value else None
    except ValueError:
        return None


def post_held_on(positions, day):
    """The post, among `positions`, that may have been held on the partial date `day`; None when none fits.

    A post fits when it began by the end of `day` and did not end before `day` began (an unknown end does not rule
    it out: sources often say a post is over without saying when). A post whose start is unknown never fits. Of
    several fits the latest begun wins: the one held by then.
    """
    day = _partial_date(day)
    if day is None:
        return None
    fits = []
    for position in positions:
        start, end = _partial_date(position.start), _partial_date(position.end)
        if start is None or start.lower > day.upper:
            continue
        if end is not None and end.upper < day.lower:
            continue
        fits.append((start.lower, position))
    return max(fits, key=lambda fit: fit[0], default=(None, None))[1]


class AgreementDetailView(CachedPageMixin, RecordDetailMixin, DetailView):
    queryset = Agreement.objects.published()

    def get_queryset(self):
        """The agreement with its published parties, signatories, relations and topics (seven queries)."""
        parties = (
            AgreementParty.objects.filter(organization__publication_status=PUBLISHED)
            .select_related("organization")
            .order_by("role", "organization__name")
        )
        relations_from = AgreementRelation.objects.filter(target__publication_status=PUBLISHED).select_related("target")
        relations_to = AgreementRelation.objects.filter(source__publication_status=PUBLISHED).select_related("source")
        return self.queryset.select_related("signed_at").prefetch_related(
            Prefetch("party_rows", queryset=parties),
            Prefetch("signatories", queryset=Signatory.objects.select_related("person", "organization")),
            Prefetch("relations_from", queryset=relations_from),
            Prefetch("relations_to", queryset=relations_to),
            published_topics(),
            citations_prefetch(),
        )

    def get_context_data(self, **kwargs):
        agreement = self.object
        parties = agreement.party_rows.all()
        countries = {
            row.organization.country.code: row.organization.country for row in parties if row.organization.country
        }
        return super().get_context_data(
            parties=parties,
            countries=sorted(countries.values(), key=lambda country: country.name),
            signatories=visible_signatories(agreement.signatories.all()),
            signed_at=agreement.signed_at if agreement.signed_at and agreement.signed_at.is_published else None,
            **kwargs,
        )


class ProgramDetailView(CachedPageMixin, RecordDetailMixin, DetailView):
    queryset = TrainingProgram.objects.published()

    def get_queryset(self):
        """The program with its published instructors, participant countries, topics and events (six queries)."""
        return self.queryset.select_related("host").prefetch_related(
            Prefetch("instructors", queryset=Organization.objects.published()),
            Prefetch("participant_countries", queryset=ParticipantCountry.objects.all()),
            published_topics(),
            Prefetch("events", queryset=Event.objects.published().order_by("start", "title")),
            citations_prefetch(),
        )

    def get_context_data(self, **kwargs):
        host = self.object.host
        return super().get_context_data(host=host if host and host.is_published else None, **kwargs)


class EventDetailView(CachedPageMixin, RecordDetailMixin, DetailView):
    queryset = Event.objects.published()

    def get_queryset(self):
        """The event with its published sub-events, participants and their posts, and what happened there.

        Nine queries, whatever the number of related rows.
        """
        positions = (
            Position.objects.published()
            .filter(organization__publication_status=PUBLISHED)
            .select_related("organization")
        )
        participants = Person.objects.published().prefetch_related(Prefetch("positions", queryset=positions))
        return self.queryset.select_related("parent").prefetch_related(
            Prefetch("children", queryset=Event.objects.published().order_by("start", "title")),
            Prefetch("participants", queryset=participants),
            Prefetch("organizations", queryset=Organization.objects.published()),
            Prefetch("agreements_signed", queryset=Agreement.objects.published()),
            Prefetch("programs", queryset=TrainingProgram.objects.published()),
            published_topics(),
            citations_prefetch(),
        )

    def get_context_data(self, **kwargs):
        event = self.object
        participants = list(event.participants.all())
        for person in participants:
            person.post_then = post_held_on(person.positions.all(), event.start)
        parent = event.parent if event.parent and event.parent.is_published else None
        return super().get_context_data(participants=participants, parent=parent, **kwargs)


class TopicListView(CachedPageMixin, TemplateView):
    template_name = "agreements/topic_list.html"

    def get_context_data(self, **kwargs):
        tree = TopicTree(names_only=True)
        count_topic_records(tree.roots)
        return super().get_context_data(topics=tree.roots, **kwargs)


class TopicDetailView(CachedPageMixin, DetailView):
    def get_object(self, queryset=None):
        """The published topic, found in the published tree so that its subtopics come with it."""
        self.tree = TopicTree()
        topic = self.tree.get(self.kwargs["slug"])
        if topic is None:
            raise Http404(_("No topic is published at this address."))
        topic.ancestors = self.tree.ancestors(topic)
        return topic

    def get_context_data(self, **kwargs):
        topic = self.object
        count_topic_records(self.tree.roots)
        ids = self.tree.subtree_pks([topic])
        params = {"topic": topic.slug}
        groups = [
            RecordGroup(
                _("Agreements"),
                agreement_cards(Agreement.objects.published().filter(pk__in=tagged(Agreement, ids))),
                "agreement",
                "agreements:agreement-list",
                params,
            ),
            RecordGroup(
                _("Training programs"),
                program_cards(TrainingProgram.objects.published().filter(pk__in=tagged(TrainingProgram, ids))),
                "program",
                "agreements:program-list",
                params,
            ),
            RecordGroup(
                _("Events"),
                event_cards(Event.objects.published().filter(pk__in=tagged(Event, ids))),
                "event",
                "agreements:event-list",
                params,
            ),
        ]
        return super().get_context_data(groups=groups, **kwargs)


def public_topics_prefetch():
    """The published topics, as `public_topics`, for the record cards."""
    return Prefetch("topics", queryset=Topic.objects.published(), to_attr="public_topics")


def agreement_cards(queryset):
    """`queryset` with what includes/cards/agreement_card.html shows: published topics and parties (two queries)."""
    return queryset.prefetch_related(
        public_topics_prefetch(),
        Prefetch("parties", queryset=Organization.objects.published(), to_attr="public_parties"),
    )


def program_cards(queryset):
    """`queryset` with what includes/cards/program_card.html shows: host, published topics and instructors."""
    return queryset.select_related("host").prefetch_related(
        public_topics_prefetch(),
        Prefetch("instructors", queryset=Organization.objects.published(), to_attr="public_instructors"),
    )


def event_cards(queryset):
    """`queryset` with what includes/cards/event_card.html shows: the parent event and published topics."""
    return queryset.select_related("parent").prefetch_related(public_topics_prefetch())


class AgreementListView(CachedPageMixin, ExportableListMixin, FilteredListMixin, FilterView):
    filterset_class = AgreementFilter
    export = AGREEMENT_EXPORT
    description = _(
        "Treaties, memoranda of understanding and other agreements between governments and their agencies, "
        "with their parties, signatories and status."
    )
    card_template = "includes/cards/agreement_card.html"
    feed_name = "agreements:agreement-feed"

    def get_queryset(self):
        return agreement_cards(Agreement.objects.published())


class ProgramListView(CachedPageMixin, ExportableListMixin, FilteredListMixin, FilterView):
    filterset_class = ProgramFilter
    export = PROGRAM_EXPORT
    description = _(
        "Courses, workshops and assistance programs that governments run together: who hosts them, who teaches, "
        "who takes part."
    )
    card_template = "includes/cards/program_card.html"
    feed_name = "agreements:program-feed"
    calendar_name = "agreements:program-calendar"

    def get_queryset(self):
        return program_cards(TrainingProgram.objects.published())


class EventListView(CachedPageMixin, ExportableListMixin, FilteredListMixin, FilterView):
    filterset_class = EventFilter
    export = EVENT_EXPORT
    description = _("Official visits, meetings and signings: who took part, where and when, and what was agreed.")
    card_template = "includes/cards/event_card.html"
    feed_name = "agreements:event-feed"
    calendar_name = "agreements:event-calendar"

    def get_queryset(self):
        return event_cards(Event.objects.published())
