"""The site-wide pages: home, search, about and a country's page."""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import Country

from agreements.models import Agreement, AgreementParty, Event, TrainingProgram
from agreements.views import RecordGroup, count_topic_records, published_topic_tree
from people.models import Organization, Person, Position
from portal.models import PublicationStatus

PUBLISHED = PublicationStatus.PUBLISHED

# Longer than any title or name anyone types; a longer query is cut, not refused.
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 10
HOME_ITEMS = 5


def _programs_with_host():
    return TrainingProgram.objects.published().select_related("host")


def _people_with_current_posts():
    current = (
        Position.objects.published()
        .current()
        .filter(organization__publication_status=PUBLISHED)
        .select_related("organization")
    )
    return Person.objects.published().prefetch_related(Prefetch("positions", queryset=current, to_attr="current_posts"))


def _top_level_events():
    """Events that are not part of a published event: the visit, not each of its meetings."""
    return Event.objects.published().filter(Q(parent__isnull=True) | ~Q(parent__publication_status=PUBLISHED))


def home(request):
    roots = published_topic_tree()[0]
    count_topic_records(roots)
    counts = [
        (_("Agreements"), Agreement.objects.published().count(), reverse("agreements:agreement-list")),
        (_("Training programs"), TrainingProgram.objects.published().count(), reverse("agreements:program-list")),
        (_("Events"), Event.objects.published().count(), reverse("agreements:event-list")),
        (_("Officials"), Person.objects.published().count(), reverse("people:person-list")),
        (_("Organizations"), Organization.objects.published().count(), reverse("people:organization-list")),
    ]
    return render(
        request,
        "portal/home.html",
        {
            "counts": counts,
            "agreements": Agreement.objects.published()[:HOME_ITEMS],
            "events": _top_level_events()[:HOME_ITEMS],
            "programs": _programs_with_host()[:HOME_ITEMS],
            "topics": [topic for topic in roots if topic.count],
        },
    )


# What search looks through, per type: the fields matched, the first of them weighted highest on PostgreSQL.
SEARCH_FIELDS = {
    "agreements": ("title", "short_name", "summary"),
    "programs": ("title", "short_name", "description"),
    "events": ("title", "location", "summary"),
    "people": ("name", "bio"),
    "organizations": ("name", "acronym", "description"),
}


def _icontains(fields, terms):
    """Every term found in at least one of the fields."""
    return reduce(
        operator.and_,
        (reduce(operator.or_, (Q(**{f"{field}__icontains": term}) for field in fields)) for term in terms),
    )


def _search(queryset, fields, q, terms):
    """`queryset` narrowed to matches of `q`, best first.

    On PostgreSQL, full-text search ranks the matches; icontains still catches what it misses (a part of a word,
    an acronym inside a longer token). Elsewhere (SQLite), icontains alone, in the list's own order.
    """
    if connection.vendor != "postgresql":
        return queryset.filter(_icontains(fields, terms))
    weights = ("A", "A", "B")
    vector = reduce(
        operator.add,
        (SearchVector(field, weight=weight, config="simple") for field, weight in zip(fields, weights, strict=False)),
    )
    query = SearchQuery(q, search_type="websearch", config="simple")
    return (
        queryset.annotate(document=vector, rank=SearchRank(vector, query))
        .filter(Q(document=query) | _icontains(fields, terms))
        .order_by("-rank", *queryset.query.order_by or queryset.model._meta.ordering)
    )


def clean_query(raw):
    """The search text made safe to run, and what was changed in it for the reader to know."""
    problems = []
    q = raw.replace("\x00", "")
    if q != raw:
        problems.append(_("Characters that cannot be searched for were removed from your search."))
    q = " ".join(q.split())
    if len(q) > MAX_QUERY_LENGTH:
        q = q[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or q[:MAX_QUERY_LENGTH]
        problems.append(
            _("Your search was longer than %(limit)s characters; only its beginning was searched for.")
            % {"limit": MAX_QUERY_LENGTH}
        )
    return q, problems


def search(request):
    q, problems = clean_query(request.GET.get("q", ""))
    groups = []
    if q:
        terms = q.split()[:MAX_QUERY_TERMS]
        querysets = {
            "agreements": Agreement.objects.published(),
            "programs": _programs_with_host(),
            "events": Event.objects.published(),
            "people": _people_with_current_posts(),
            "organizations": Organization.objects.published(),
        }
        titles = {
            "agreements": (_("Agreements"), "agreements:agreement-list"),
            "programs": (_("Training programs"), "agreements:program-list"),
            "events": (_("Events"), "agreements:event-list"),
            "people": (_("Officials"), "people:person-list"),
            "organizations": (_("Organizations"), "people:organization-list"),
        }
        for key, queryset in querysets.items():
            title, list_name = titles[key]
            matches = _search(queryset, SEARCH_FIELDS[key], q, terms)
            groups.append(RecordGroup(key, title, matches, list_name, {"q": q}))
    return render(
        request,
        "portal/search.html",
        {
            "q": q,
            "problems": problems,
            "groups": [group for group in groups if group.total],
            "total": sum(group.total for group in groups),
        },
    )


def about(request):
    return render(request, "portal/about.html", {"site_url": request.build_absolute_uri("/")})


def country_detail(request, code):
    code = code.upper()
    if len(code) != 2 or code not in countries:
        raise Http404(_("No country has the code %(code)s.") % {"code": code})
    country = Country(code)
    party_rows = AgreementParty.objects.filter(organization__country=code, organization__publication_status=PUBLISHED)
    programs = _programs_with_host().filter(
        Q(country=code) | Q(pk__in=TrainingProgram.objects.filter(participant_countries__country=code).values("pk"))
    )
    groups = [
        RecordGroup(
            "agreements",
            _("Agreements"),
            Agreement.objects.published().filter(pk__in=party_rows.values("agreement_id")),
            "agreements:agreement-list",
            {"country": code},
        ),
        RecordGroup(
            "organizations",
            _("Organizations"),
            Organization.objects.published().filter(country=code),
            "people:organization-list",
            {"country": code},
        ),
        RecordGroup(
            "people",
            _("Officials"),
            _people_with_current_posts().filter(country=code),
            "people:person-list",
            {"country": code},
        ),
        RecordGroup("programs", _("Training programs"), programs, "agreements:program-list", {"country": code}),
        RecordGroup(
            "events",
            _("Events"),
            Event.objects.published().filter(country=code),
            "agreements:event-list",
            {"country": code},
        ),
    ]
    return render(request, "portal/country_detail.html", {"country": country, "groups": groups})
