from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import RedirectView

from agreements.feeds import CountryFeed
from portal import views
from portal.sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("about/", views.about, name="about"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("countries/<str:code>/feed/", CountryFeed(), name="country-feed"),
    path("language/", views.choose_language, name="choose-language"),
    path("report/<slug:record_type>/<slug:slug>/", views.report_error, name="report-error"),
    path("report/<slug:record_type>/<slug:slug>/thanks/", views.report_thanks, name="report-thanks"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("api/", include("portal.api_urls")),
    # Sources and reader reports moved from the portal app to records: curators' bookmarks still lead to them.
    path(
        "admin/portal/<path:rest>",
        RedirectView.as_view(url="/admin/records/%(rest)s", permanent=True, query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("", include("people.urls")),
    path("", include("agreements.urls")),
]
