"""What the country pages gather: the record types a country's page groups, and how many published records of each
every country has (the country index)."""

from collections import defaultdict

from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from agreements.charts import agreement_map
from agreements.models import Agreement, AgreementParty, Event, ParticipantCountry, TrainingProgram
from agreements.views import RecordGroup
from people.models import Organization, Person
from records.cache import remember

# The record types of a country's page, in its order: (key, heading, list page). The key is the list's URL name, as
# RecordGroup names its group (the anchor of the group's heading is "group-<key>"); each list filters by `?country=`.
COUNTRY_RECORD_TYPES = [
    ("agreement-list", _("Agreements"), "agreements:agreement-list"),
    ("organization-list", _("Organizations"), "people:organization-list"),
    ("person-list", _("Officials"), "people:person-list"),
    ("program-list", _("Training programs"), "agreements:program-list"),
    ("event-list", _("Events"), "agreements:event-list"),
]
# Records a country's page shows of each type; the summary at its top and each group's "See all" link give the rest.
COUNTRY_GROUP_SIZE = 6


def country_record_groups(code):
    """The RecordGroup of each type of COUNTRY_RECORD_TYPES for the country `code`: two queries a type (its count,
    its first COUNTRY_GROUP_SIZE records), plus what the type's cards prefetch."""
    records = {
        "agreement-list": ("agreement", Agreement.objects.published().with_party_from(code)),
        "organization-list": ("organization", Organization.objects.published().filter(country=code)),
        "person-list": ("person", Person.objects.published().filter(country=code)),
        "program-list": ("program", TrainingProgram.objects.published().related_to_country(code)),
        "event-list": ("event", Event.objects.published().filter(country=code)),
    }
    groups = []
    for key, title, list_name in COUNTRY_RECORD_TYPES:
        card, queryset = records[key]
        groups.append(RecordGroup(title, queryset.for_card(), card, list_name, {"country": code}, COUNTRY_GROUP_SIZE))
    return groups


def _grouped(rows, field, counted="pk", distinct=False):
    """(country code, count) for each country of `rows` (a published queryset) through `field`: one GROUP BY."""
    rows = rows.exclude(**{field: ""}).values(field).annotate(n=Count(counted, distinct=distinct))
    return rows.values_list(field, "n").order_by()


def _count_all(_name):
    """{code: {key: count}} of every country with published records, as each country's page counts them: agreements
    with a published party from it, its organizations and officials, programs held there or with participants from
    it, events held there. Six grouped queries whatever the number of countries."""
    counts = defaultdict(dict)

    def add(key, rows):
        for code, n in rows:
            counts[code][key] = counts[code].get(key, 0) + n

    add("agreement-list", _grouped(AgreementParty.objects.public(), "organization__country", "agreement", True))
    add("organization-list", _grouped(Organization.objects.published(), "country"))
    add("person-list", _grouped(Person.objects.published(), "country"))
    add("program-list", _grouped(TrainingProgram.objects.published(), "country"))
    # A program that a country both hosts and takes part in is counted once, as held there.
    participating = ParticipantCountry.objects.public().exclude(program__country=F("country"))
    add("program-list", _grouped(participating, "country", "program"))
    add("event-list", _grouped(Event.objects.published(), "country"))
    return dict(counts)


def country_record_counts():
    """{code: {key: count}} of every country with published records (keys of COUNTRY_RECORD_TYPES, a type without
    records left out). Runs six grouped queries, or none when the counts of this content version are in the cache
    (records.cache.remember, as the topic and facet counts)."""
    return remember("country-counts", {"counts": "all"}, _count_all)["counts"]


def country_index():
    """The countries with published records, sorted by name in the active language (as django_countries sorts them),
    each as (country, its (heading, count) in the order of COUNTRY_RECORD_TYPES)."""
    counts = country_record_counts()
    return [
        (country, [(title, counts[country.code].get(key, 0)) for key, title, _list in COUNTRY_RECORD_TYPES])
        for country in countries
        if country.code in counts
    ]


def country_map():
    """The world map of the countries' agreements (country_record_counts: no query when cached)."""
    return agreement_map({code: counts.get("agreement-list", 0) for code, counts in country_record_counts().items()})
