"""What search engines read: sitemap.xml (every published record's page and the site's fixed pages) and robots.txt.

/sitemap.xml is an index of one sitemap per section, so that no section has to share the protocol's 50,000
addresses a file with the others. Every page is listed in each language (/agreements/ and /es/acuerdos/), each
entry with its alternates in the other languages and an x-default (the unprefixed English address).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from agreements.models import Agreement, Event, ParticipantCountry, Topic, TrainingProgram
from people.models import Organization, Person
from records.history import LAST_CHANGED, last_changed


class BilingualSitemap(Sitemap):
    """Each page in every language of settings.LANGUAGES, with its alternates."""

    i18n = True
    alternates = True
    x_default = True


class RecordSitemap(BilingualSitemap):
    """The published records of `model`, each with the time it was last changed."""

    model = None

    def items(self):
        return self.model.objects.published().only("slug", "changed_at", "updated_at").order_by("pk")

    def lastmod(self, record):
        return last_changed(record)

    def get_latest_lastmod(self):
        """The index's date for the section: one aggregate, where Django's default would read every record."""
        return self.model.objects.published().aggregate(latest=Max(LAST_CHANGED))["latest"]


def record_sitemap(record_model):
    return type(f"{record_model.__name__}Sitemap", (RecordSitemap,), {"model": record_model})


class PageSitemap(BilingualSitemap):
    """The pages that are not records: home, the lists, the topic and country indexes, about."""

    def items(self):
        return [
            "home",
            "agreements:agreement-list",
            "agreements:program-list",
            "agreements:event-list",
            "people:person-list",
            "people:organization-list",
            "agreements:topic-list",
            "country-list",
            "about",
        ]

    def location(self, name):
        return reverse(name)


class ApiSitemap(Sitemap):
    """The API documentation, in one language at one address."""

    def items(self):
        return ["api:docs"]

    def location(self, name):
        return reverse(name)


class CountrySitemap(BilingualSitemap):
    """The pages of the countries that some published record is in (runs one query per record type)."""

    def items(self):
        codes = set()
        for model in (Organization, Person, TrainingProgram, Event):
            codes.update(model.objects.published().exclude(country="").values_list("country", flat=True))
        codes.update(ParticipantCountry.objects.public().values_list("country", flat=True))
        return sorted(codes)

    def location(self, code):
        return reverse("country-detail", args=[code])


SITEMAPS = {
    "pages": PageSitemap,
    "api": ApiSitemap,
    "agreements": record_sitemap(Agreement),
    "programs": record_sitemap(TrainingProgram),
    "events": record_sitemap(Event),
    "people": record_sitemap(Person),
    "organizations": record_sitemap(Organization),
    "topics": record_sitemap(Topic),
    "countries": CountrySitemap,
}


@require_GET
def robots_txt(request):
    """Crawl everything public; not the admin, nor the API's JSON (the same records as the pages), but its docs."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('api:api-root')}",
        f"Allow: {reverse('api:docs')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
