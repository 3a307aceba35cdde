from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from agreements.feeds import CountryFeed
from portal import views
from portal.routing import API_PATH
from portal.sitemaps import SITEMAPS, robots_txt

handler404 = views.page_not_found

# Pages that do not depend on the reader's language, at one address each.
urlpatterns = [
    path("language/", views.choose_language, name="choose-language"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path(API_PATH, include("portal.api_urls")),
    # Sources and reader reports moved from the portal app to records: curators' bookmarks still lead to them.
    path(
        "admin/portal/<path:rest>",
        RedirectView.as_view(url="/admin/records/%(rest)s", permanent=True, query_string=True),
    ),
    path("admin/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

# The public pages in each language: English where they always were (/agreements/), Spanish under /es/ with
# Spanish paths (/es/acuerdos/); the paths are translated in locale/es. The address names the page's language.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("search/"), views.search, name="search"),
    path(_("about/"), views.about, name="about"),
    path(_("countries/"), views.country_list, name="country-list"),
    path(_("countries/<str:code>/"), views.country_detail, name="country-detail"),
    path(_("countries/<str:code>/feed/"), CountryFeed(), name="country-feed"),
    path(_("report/<slug:record_type>/<slug:slug>/"), views.report_error, name="report-error"),
    path(_("report/<slug:record_type>/<slug:slug>/thanks/"), views.report_thanks, name="report-thanks"),
    path("", include("alerts.urls")),
    path("", include("people.urls")),
    path("", include("agreements.urls")),
    prefix_default_language=False,
)

# Every error Django did not otherwise handle: a 503 while the database is unavailable, else the 500 page.
handler500 = "portal.database.server_error"
