from collections import Counter

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from agreements.charts import AGREEMENTS_BY_YEAR, EVENTS_BY_YEAR, PROGRAMS_BY_YEAR, agreement_chart
from agreements.exports import AGREEMENT_EXPORT, EVENT_EXPORT, PROGRAM_EXPORT
from agreements.filters import AgreementFilter, EventFilter, ProgramFilter, TopicTree
from agreements.models import Agreement, AgreementKind, Event, TrainingProgram
from agreements.tables import AGREEMENT_COLUMNS, EVENT_COLUMNS, PROGRAM_COLUMNS
from people.models import post_held_on
from records.cache import CachedPageMixin, remember
from records.detail import RecordDetailMixin
from records.exports import ExportableListMixin
from records.lists.views import FilteredListMixin

TOPIC_RECORD_MODELS = (Agreement, TrainingProgram, Event)
# Records shown per type on the topic, search and country pages; each group links to its full, filtered list.
GROUP_SIZE = 20
# Parties and signatories an agreement's page shows; it says how many more there are.
AGREEMENT_PAGE_ROWS = 50


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


def count_topic_records(tree):
    """Set `.count` on every topic of the TopicTree: its published agreements, programs and events, subtopics
    included; a record tagged with a topic and one of its subtopics counts once. Runs one grouped query a level of
    the tree per record type (TopicTree.subtree_counts), or none when the counts of this content version are in the
    cache (records.cache.remember: the home page, the topic tree and every topic page share them)."""

    def count(_name):
        counts = Counter()
        for model in TOPIC_RECORD_MODELS:
            counts.update(tree.subtree_counts(model.objects.published()))
        return dict(counts)

    counts = remember("topic-counts", {"counts": sorted(tree.by_pk)}, count)["counts"]
    for topic in tree.by_pk.values():
        topic.count = counts.get(topic.pk, 0)


class AgreementDetailView(CachedPageMixin, RecordDetailMixin, DetailView):
    model = Agreement

    def fetch(self, rows):
        return rows.for_detail(limit=AGREEMENT_PAGE_ROWS)

    def get_context_data(self, **kwargs):
        countries = [row.organization.country for row in self.object.country_rows]
        return super().get_context_data(
            parties=self.object.party_rows.all(),
            countries=sorted(countries, key=lambda country: country.name),
            **kwargs,
        )


class ProgramDetailView(CachedPageMixin, RecordDetailMixin, DetailView):
    model = TrainingProgram


class EventDetailView(CachedPageMixin, RecordDetailMixin, DetailView):
    model = Event

    def get_context_data(self, **kwargs):
        participants = self.object.linked_participants()
        sources = {citation.source_id for citation in self.object.citations.all()}
        for person in participants:
            person.post_then = post_held_on(person.positions.all(), self.object.start, sources)
        return super().get_context_data(participants=participants, programs=self.object.linked_programs(), **kwargs)


class TopicListView(CachedPageMixin, TemplateView):
    template_name = "agreements/topic_list.html"

    def get_context_data(self, **kwargs):
        tree = TopicTree(names_only=True)
        count_topic_records(tree)
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
        count_topic_records(self.tree)
        ids = self.tree.subtree_pks([topic])
        params = {"topic": topic.slug}
        chart = agreement_chart(Agreement.objects.published().tagged(ids), params)
        groups = [
            RecordGroup(
                _("Agreements"),
                Agreement.objects.published().tagged(ids).for_card(),
                "agreement",
                "agreements:agreement-list",
                params,
            ),
            RecordGroup(
                _("Training programs"),
                TrainingProgram.objects.published().tagged(ids).for_card(),
                "program",
                "agreements:program-list",
                params,
            ),
            RecordGroup(
                _("Events"),
                Event.objects.published().tagged(ids).for_card(),
                "event",
                "agreements:event-list",
                params,
            ),
        ]
        return super().get_context_data(groups=groups, year_chart=chart, **kwargs)


class AgreementListView(CachedPageMixin, ExportableListMixin, FilteredListMixin, FilterView):
    filterset_class = AgreementFilter
    export = AGREEMENT_EXPORT
    description = _(
        "Treaties, memoranda of understanding and other agreements between governments and their agencies, "
        "with their parties, signatories and status."
    )
    card_template = "includes/cards/agreement_card.html"
    table_columns = AGREEMENT_COLUMNS
    feed_name = "agreements:agreement-feed"
    year_series = AGREEMENTS_BY_YEAR
    map_facet = "country"
    map_title = _("Agreements by country of a party")

    def get_queryset(self):
        return Agreement.objects.published().for_card()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.shows_only_cmaas(context["chips"]):
            context["cmaas_held"] = count_published_cmaas()
        return context

    def shows_only_cmaas(self, chips):
        """Whether the list is filtered to customs mutual assistance agreements and nothing else: the page that
        says how many of them CBP counts and how many Pacta holds."""
        kinds = self.filterset.form.data.getlist("kind")
        return self.filterset.is_valid() and len(chips) == 1 and kinds == [AgreementKind.CMAA]


def count_published_cmaas():
    """How many customs mutual assistance agreements Pacta publishes (each has its sources): one count query, or
    none when the count of this content version is in the cache (records.cache.remember, as the facet counts)."""

    def count(_name):
        return Agreement.objects.published().filter(kind=AgreementKind.CMAA).count()

    return remember("cmaa-count", {"count": AgreementKind.CMAA}, count)["count"]


class ProgramListView(CachedPageMixin, ExportableListMixin, FilteredListMixin, FilterView):
    filterset_class = ProgramFilter
    export = PROGRAM_EXPORT
    description = _(
        "Courses, workshops and assistance programs that governments run together: who hosts them, who teaches, "
        "who takes part."
    )
    card_template = "includes/cards/program_card.html"
    table_columns = PROGRAM_COLUMNS
    feed_name = "agreements:program-feed"
    calendar_name = "agreements:program-calendar"
    year_series = PROGRAMS_BY_YEAR

    def get_queryset(self):
        return TrainingProgram.objects.published().for_card()


class EventListView(CachedPageMixin, ExportableListMixin, FilteredListMixin, FilterView):
    filterset_class = EventFilter
    export = EVENT_EXPORT
    description = _("Official visits, meetings and signings: who took part, where and when, and what was agreed.")
    card_template = "includes/cards/event_card.html"
    table_columns = EVENT_COLUMNS
    feed_name = "agreements:event-feed"
    calendar_name = "agreements:event-calendar"
    year_series = EVENTS_BY_YEAR

    def get_queryset(self):
        return Event.objects.published().for_card()
