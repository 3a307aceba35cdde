"""The filters, facets and sorts of the agreement, program and event lists."""

import datetime
from collections import defaultdict

import django_filters
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementKind, AgreementStatus, EventKind, ProgramFormat, Topic
from people.models import Organization, Person
from records.dates import on_or_after, on_or_before
from records.lists.facets import ChoiceFacet, CountryFacet, Facet, Option, RelatedFacet
from records.lists.filters import (
    CertaintyFilter,
    CountryFilter,
    DateBoundFilter,
    InPageLanguage,
    ListFilterSet,
    PartialDateFilter,
    RelatedFilter,
    SortFilter,
    TextFilter,
    newest_first,
    oldest_first,
)


class TopicTree:
    """The published topics as a tree, loaded in one query, in name order: `roots` at the top, `by_pk` every one,
    and on each topic `subtopics`, its published children.

    A published topic under a draft parent stands at the top of the public tree, so that it stays reachable.
    `names_only` loads only each topic's name and slug (and parent), for pages that show no more of them.
    """

    def __init__(self, names_only=False):
        topics = Topic.objects.published()
        if names_only:
            topics = topics.only("pk", "name", "slug", "parent_id")
        topics = list(topics)
        self.by_pk = {topic.pk: topic for topic in topics}
        self.roots = []
        for topic in topics:
            topic.subtopics = []
        for topic in topics:
            parent = self.by_pk.get(topic.parent_id)
            (parent.subtopics if parent else self.roots).append(topic)

    def get(self, slug):
        """The published topic with this slug, or None."""
        return next((topic for topic in self.by_pk.values() if topic.slug == slug), None)

    def ancestors(self, topic):
        """The published topics above `topic`, from the top down."""
        ancestors = []
        parent = self.by_pk.get(topic.parent_id)
        while parent is not None and parent not in ancestors:
            ancestors.insert(0, parent)
            parent = self.by_pk.get(parent.parent_id)
        return ancestors

    def subtree_pks(self, topics):
        """The topics given and every published topic below them."""
        pks, stack = set(), [topic.pk for topic in topics]
        while stack:
            pk = stack.pop()
            if pk not in pks:
                pks.add(pk)
                stack.extend(child.pk for child in self._subtopics(pk))
        return pks

    def walk(self):
        """(topic, depth) in tree order, each topic once."""
        seen, stack = set(), [(topic, 0) for topic in reversed(self.roots)]
        while stack:
            topic, depth = stack.pop()
            if topic.pk in seen:
                continue
            seen.add(topic.pk)
            yield topic, depth
            stack.extend((child, depth + 1) for child in reversed(topic.subtopics))

    def subtree_counts(self, records):
        """{topic pk: how many of `records` (agreements, programs or events) carry the topic or one below it}.

        Runs one grouped query a level of the tree, over the links between `records` and published topics: at
        level d each link counts for its topic's ancestor at depth d, and a record is counted once an ancestor
        (COUNT DISTINCT), however many of its topics fall under it. No link row is loaded into Python.
        """
        through = records.model.topics.through
        record_field = f"{records.model._meta.model_name}_id"
        links = through.objects.filter(**{f"{record_field}__in": records.values("pk")})
        levels = defaultdict(list)
        for topic, depth in self.walk():
            levels[depth].append(topic)
        counts = {}
        for topics in levels.values():
            branches = {topic.pk: self.subtree_pks([topic]) for topic in topics}
            branch = Case(
                *(When(topic_id__in=pks, then=Value(pk)) for pk, pks in branches.items()),
                output_field=IntegerField(),
            )
            rows = (
                links.filter(topic_id__in=set().union(*branches.values()))
                .values(branch=branch)
                .annotate(records=Count(record_field, distinct=True))
                .order_by()
            )
            counts.update((row["branch"], row["records"]) for row in rows)
        return counts

    def _subtopics(self, pk):
        topic = self.by_pk.get(pk)
        return topic.subtopics if topic else ()


class TopicFilter(RelatedFilter):
    """Records under any of the chosen topics, a topic including its subtopics."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Topic.objects.published())
        kwargs.setdefault("label", _("Topic"))
        super().__init__("topics", *args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.tagged(self.parent.topic_tree.subtree_pks(value))


class TopicFacet(Facet):
    """Each published topic with the records under it or its subtopics, in tree order.

    A list page shows the whole tree while it is small, else the top-level topics and the chosen ones; the "show
    all" page always shows the whole tree.
    """

    # A tree of up to this many topics (with records) is shown as it is.
    tree_limit = 25

    def __init__(self):
        super().__init__("topic", "topics", published_via="topics")

    def options(self, filterset, queryset):
        """Runs one query a level of the tree (see TopicTree.subtree_counts)."""
        tree = filterset.topic_tree
        counts = tree.subtree_counts(queryset)
        selected = self.selected(filterset)
        return [
            Option(topic.slug, topic.name, counts.get(topic.pk, 0), topic.slug in selected, depth)
            for topic, depth in tree.walk()
            if counts.get(topic.pk) or topic.slug in selected
        ]

    def shown(self, options):
        if len(options) <= self.tree_limit:
            return options
        return [option for option in options if option.depth == 0 or option.selected]


class TopicListFilterSet(ListFilterSet):
    @cached_property
    def topic_tree(self):
        """Shared by the topic filter and its facet. Runs one query, once."""
        return TopicTree(names_only=True)


def organization_facet(name, path):
    """Organizations by name and acronym; each link row joins one record to one organization (a unique pair), so
    they count without DISTINCT."""
    return RelatedFacet(name, path, label_fields=("name", "acronym"), distinct=False)


class AgreementFilter(TopicListFilterSet):
    # What the shortcuts mean; "ended" also catches a stale status once a known end date has surely passed. A
    # signature with no entry into force recorded is not "not yet in force": only a source can say that.
    LIFECYCLES = {
        "signed": (AgreementStatus.SIGNED.label, lambda today: Q(status=AgreementStatus.SIGNED)),
        "not_in_force": (AgreementStatus.NOT_IN_FORCE.label, lambda today: Q(status=AgreementStatus.NOT_IN_FORCE)),
        "in_force": (
            _("In force"),
            lambda today: Q(status=AgreementStatus.IN_FORCE) & (Q(ended_on="") | on_or_after("ended_on", today)),
        ),
        "ended": (
            _("Ended (expired or terminated)"),
            lambda today: (
                Q(status__in=[AgreementStatus.EXPIRED, AgreementStatus.TERMINATED])
                | (~Q(ended_on="") & ~on_or_after("ended_on", today))
            ),
        ),
    }
    BINDING = {"yes": True, "no": False, "unknown": None}

    q = TextFilter(label=_("Words"))
    topic = TopicFilter()
    country = CountryFilter("parties__country", published_via="parties", label=_("Country of a party"))
    party = RelatedFilter("parties", queryset=Organization.objects.published(), label=_("Party"))
    signatory = RelatedFilter("signatories__person", queryset=Person.objects.published(), label=_("Signatory"))
    kind = django_filters.MultipleChoiceFilter(choices=AgreementKind.choices, distinct=False, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=AgreementStatus.choices, distinct=False, label=_("Status"))
    lifecycle = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _condition) in LIFECYCLES.items()],
        method="filter_lifecycle",
        empty_label=_("Any"),
        label=_("Stage"),
    )
    binding = django_filters.ChoiceFilter(
        choices=[("yes", _("Yes")), ("no", _("No")), ("unknown", _("Not known"))],
        method="filter_binding",
        empty_label=_("Any"),
        label=_("Legally binding"),
    )
    signed_after = DateBoundFilter("signed_on", bound="after", label=_("Signed on or after"))
    signed_before = DateBoundFilter("signed_on", bound="before", label=_("Signed on or before"))
    in_force_after = DateBoundFilter("in_force_on", bound="after", label=_("In force on or after"))
    in_force_before = DateBoundFilter("in_force_on", bound="before", label=_("In force on or before"))
    certainty = CertaintyFilter()
    sort = SortFilter(
        orderings={
            "newest": [*newest_first("signed_on"), "title", "pk"],
            "oldest": [*oldest_first("signed_on"), "title", "pk"],
            "title": [InPageLanguage("title"), "pk"],
            "updated": ["-updated_at", "pk"],
            # The table's "In force" column; unknown dates ("") come last.
            "in_force": [*newest_first("in_force_on"), "title", "pk"],
        }
    )

    facets = (
        TopicFacet(),
        CountryFacet("country", "parties__country", published_via="parties"),
        organization_facet("party", "parties"),
        RelatedFacet("signatory", "signatories__person"),
        ChoiceFacet("kind"),
        ChoiceFacet("status"),
        ChoiceFacet("certainty"),
    )

    def filter_lifecycle(self, queryset, name, value):
        return queryset.filter(self.LIFECYCLES[value][1](timezone.localdate()))

    def filter_binding(self, queryset, name, value):
        binding = self.BINDING[value]
        return queryset.filter(binding__isnull=True) if binding is None else queryset.filter(binding=binding)


class ProgramFilter(TopicListFilterSet):
    # A program may be running now and upcoming at once while its dates are known only to the month or year.
    WHEN = {
        "now": (
            _("Running now"),
            lambda today: on_or_before("start", today) & (Q(end="") | on_or_after("end", today)),
        ),
        "upcoming": (_("Upcoming"), lambda today: on_or_after("start", today + datetime.timedelta(days=1))),
        "past": (_("Past"), lambda today: ~Q(end="") & ~on_or_after("end", today)),
    }

    q = TextFilter(label=_("Words"))
    topic = TopicFilter()
    host = RelatedFilter("host", queryset=Organization.objects.published(), label=_("Host"))
    instructor = RelatedFilter(
        "instructors", queryset=Organization.objects.published(), label=_("Instructing organization")
    )
    country = CountryFilter("country", label=_("Country held in"))
    participant_country = CountryFilter("participant_countries__country", label=_("Participant country"))
    kind = django_filters.MultipleChoiceFilter(
        "format", choices=ProgramFormat.choices, distinct=False, label=_("Format")
    )
    when = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _condition) in WHEN.items()],
        method="filter_when",
        empty_label=_("Any time"),
        label=_("When"),
    )
    start_after = DateBoundFilter("start", bound="after", label=_("Began on or after"))
    start_before = DateBoundFilter("start", bound="before", label=_("Began on or before"))
    certainty = CertaintyFilter()
    sort = SortFilter(
        orderings={
            "newest": [*newest_first("start"), "title", "pk"],
            "oldest": [*oldest_first("start"), "title", "pk"],
            "title": [InPageLanguage("title"), "pk"],
            "updated": ["-updated_at", "pk"],
        }
    )

    facets = (
        TopicFacet(),
        organization_facet("host", "host"),
        organization_facet("instructor", "instructors"),
        CountryFacet("country"),
        CountryFacet("participant_country", "participant_countries__country"),
        ChoiceFacet("kind", "format"),
        ChoiceFacet("certainty"),
    )

    def filter_when(self, queryset, name, value):
        return queryset.filter(self.WHEN[value][1](timezone.localdate()))


class EventFilter(TopicListFilterSet):
    q = TextFilter(label=_("Words"))
    topic = TopicFilter()
    kind = django_filters.MultipleChoiceFilter(choices=EventKind.choices, distinct=False, label=_("Kind"))
    country = CountryFilter("country", label=_("Country"))
    participant = RelatedFilter("participants", queryset=Person.objects.published(), label=_("Participant"))
    organization = RelatedFilter("organizations", queryset=Organization.objects.published(), label=_("Organization"))
    after = PartialDateFilter(method="filter_after", label=_("On or after"))
    before = DateBoundFilter("start", bound="before", label=_("On or before"))
    certainty = CertaintyFilter()
    sort = SortFilter(
        orderings={
            "newest": [*newest_first("start"), "title", "pk"],
            "oldest": [*oldest_first("start"), "title", "pk"],
            "title": [InPageLanguage("title"), "pk"],
            "updated": ["-updated_at", "pk"],
        }
    )

    facets = (
        TopicFacet(),
        ChoiceFacet("kind"),
        CountryFacet("country"),
        RelatedFacet("participant", "participants"),
        organization_facet("organization", "organizations"),
        ChoiceFacet("certainty"),
    )

    def filter_after(self, queryset, name, value):
        """Events that may still be going on at the start of the date given: a visit of 7–9 October is "after 8
        October"."""
        day = value.lower
        return queryset.filter(on_or_after("end", day) | (Q(end="") & on_or_after("start", day)))
