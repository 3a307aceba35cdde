"""The site-wide pages: home, search, about, the country index and a country's page, the language switch, and the
"Report an error" form of every record page."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django_countries import countries
from django_countries.fields import Country
from rest_framework.exceptions import NotFound

from agreements.charts import agreement_chart
from agreements.filters import TopicTree
from agreements.models import Agreement, Event, TrainingProgram
from agreements.views import RecordGroup, count_topic_records
from people.models import Organization, Person
from portal.countries import COUNTRY_RECORD_TYPES, country_index, country_map, country_record_groups
from portal.routing import is_api_address
from records.cache import cache_public_page, remember
from records.clients import client_address
from records.forms import ErrorReportForm
from records.limits import WindowLimit
from records.models import CERTAINTY_EXPLANATIONS, Certainty, Citation

logger = logging.getLogger(__name__)

# Longer than any title or name anyone types; a longer query is cut, not refused.
MAX_QUERY_LENGTH = 200
HOME_ITEMS = 5
# Records of each type the search page shows before "See all N", under a summary that jumps to each type: five
# keep a phone's page to a few screens whatever the search.
SEARCH_GROUP_SIZE = 5


@cache_public_page
def home(request):
    tree = TopicTree(names_only=True)
    count_topic_records(tree)
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
            "agreements": Agreement.objects.published().for_card()[:HOME_ITEMS],
            "events": Event.objects.published().top_level().for_card()[:HOME_ITEMS],
            "programs": TrainingProgram.objects.published().for_card()[:HOME_ITEMS],
            "topics": [topic for topic in tree.roots if topic.count],
            "year_chart": agreement_chart(Agreement.objects.published()),
        },
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


@cache_public_page(parameters=["q"])
def search(request):
    q, problems = clean_query(request.GET.get("q", ""))
    groups = []
    if q:
        groups = [
            RecordGroup(
                _("Agreements"),
                Agreement.objects.published().for_card().search(q),
                "agreement",
                "agreements:agreement-list",
                {"q": q},
                SEARCH_GROUP_SIZE,
            ),
            RecordGroup(
                _("Training programs"),
                TrainingProgram.objects.published().for_card().search(q),
                "program",
                "agreements:program-list",
                {"q": q},
                SEARCH_GROUP_SIZE,
            ),
            RecordGroup(
                _("Events"),
                Event.objects.published().for_card().search(q),
                "event",
                "agreements:event-list",
                {"q": q},
                SEARCH_GROUP_SIZE,
            ),
            RecordGroup(
                _("Officials"),
                Person.objects.published().for_card().search(q),
                "person",
                "people:person-list",
                {"q": q},
                SEARCH_GROUP_SIZE,
            ),
            RecordGroup(
                _("Organizations"),
                Organization.objects.published().for_card().search(q),
                "organization",
                "people:organization-list",
                {"q": q},
                SEARCH_GROUP_SIZE,
            ),
        ]
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


@cache_public_page
def about(request):
    levels = [(level, CERTAINTY_EXPLANATIONS[level]) for level in Certainty]
    return render(
        request,
        "portal/about.html",
        {"site_url": request.build_absolute_uri("/"), "passages": passage_coverage(), "certainty_levels": levels},
    )


def passage_coverage():
    """How many of the published records' citations carry the passage they rely on, of how many: the About page
    states the figure rather than promising a passage for every claim."""

    def count(_name):
        return Citation.objects.published().passage_coverage()

    return remember("passage-coverage", {"coverage": "published"}, count)["coverage"]


@cache_public_page
def country_list(request):
    headings = [title for _key, title, _list in COUNTRY_RECORD_TYPES]
    context = {"countries": country_index(), "headings": headings, "world_map": country_map()}
    return render(request, "portal/country_list.html", context)


@cache_public_page
def country_detail(request, code):
    code = code.upper()
    if len(code) != 2 or code not in countries:
        raise Http404(_("No country has the code %(code)s.") % {"code": code})
    context = {
        "country": Country(code),
        "groups": country_record_groups(code),
        "year_chart": agreement_chart(Agreement.objects.published().with_party_from(code), {"country": code}),
    }
    return render(request, "portal/country_detail.html", context)


@never_cache
def choose_language(request):
    """Where the old footer form led (?language=es&next=/agreements/): the same page in that language.

    Each language's pages have addresses of their own now (/es/acuerdos/), linked from the header; nothing is
    remembered, since the address says the language.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        next_url = translate_url(next_url, language)
    return HttpResponseRedirect(next_url)


# The records whose pages link to the "Report an error" form, by the type name in the form's address.
REPORTABLE = {model._meta.model_name: model for model in (Organization, Person, Agreement, TrainingProgram, Event)}
# settings.REPORTS_PER_HOUR reports from one client address are saved per window.
REPORTS = WindowLimit("error-reports", 60 * 60)
# When to try again after a report could not be saved (the database read-only or full, as in a restore).
REPORT_RETRY_AFTER_SECONDS = 300


def _reported_record(record_type, slug):
    """The published record a report is about; 404 for an unknown type, an unknown slug or an unpublished record."""
    model = REPORTABLE.get(record_type)
    if model is None:
        raise Http404(_("There is no such kind of record."))
    return get_object_or_404(model.objects.published(), slug=slug)


def report_error(request, record_type, slug):
    """A reader's report that a record's page is wrong: the form, and on a valid POST the report, then thanks.

    A filled honeypot is a bot: it is thanked and nothing is kept. A report past the client's limit answers 429 with
    what the reader wrote; one the database refuses (read-only or full) is shown back in the form, with a 503."""
    record = _reported_record(record_type, slug)
    if request.method != "POST":
        return render(request, "portal/report_form.html", {"record": record, "form": ErrorReportForm()})
    form = ErrorReportForm(request.POST)
    valid = form.is_valid()
    if form.is_spam():
        return redirect("report-thanks", record_type, slug)
    if not valid:
        return render(request, "portal/report_form.html", {"record": record, "form": form})
    if REPORTS.reached(client_address(request), settings.REPORTS_PER_HOUR):
        response = render(
            request,
            "portal/report_limited.html",
            {"record": record, "message": form.cleaned_data["message"], "hours": REPORTS.window_seconds // 3600},
            status=429,
        )
        # The window's end is not kept beside the count: its full length is a time by which the limit has lifted.
        response["Retry-After"] = str(REPORTS.window_seconds)
        return response
    report = form.save(commit=False)
    report.content_type = ContentType.objects.get_for_model(record)
    report.object_id = record.pk
    report.page_url = record.get_absolute_url()
    try:
        # A savepoint, so that the request's connection stays usable after the refusal.
        with transaction.atomic():
            report.save()
    except DatabaseError:
        logger.exception("A reader's report on %s could not be saved.", report.page_url)
        response = render(
            request, "portal/report_form.html", {"record": record, "form": form, "not_saved": True}, status=503
        )
        response["Retry-After"] = str(REPORT_RETRY_AFTER_SECONDS)
        return response
    REPORTS.count(client_address(request))
    return redirect("report-thanks", record_type, slug)


def report_thanks(request, record_type, slug):
    return render(request, "portal/report_thanks.html", {"record": _reported_record(record_type, slug)})


def page_not_found(request, exception):
    """The site's 404 page; under /api/, the API's JSON 404 instead, so that an address no API route matches (a
    slug with a dot, an id that is no number) answers as the schema says every API 404 does."""
    if is_api_address(request):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)
