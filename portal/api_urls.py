"""The read-only API under /api/: one list and one detail endpoint per public record type, the OpenAPI schema and its
documentation pages."""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from agreements.api import AgreementViewSet, EventViewSet, ProgramViewSet, TopicViewSet
from people.api import OrganizationViewSet, PersonViewSet
from portal.api import api_docs
from records.api import AnonymousThrottle, SourceViewSet

app_name = "api"

router = DefaultRouter()
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("programs", ProgramViewSet, basename="program")
router.register("events", EventViewSet, basename="event")
router.register("people", PersonViewSet, basename="person")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("topics", TopicViewSet, basename="topic")
router.register("sources", SourceViewSet, basename="source")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(throttle_classes=[AnonymousThrottle]), name="schema"),
    path("docs/", api_docs, name="docs"),
    # Swagger UI with its start-up script served as a file (the same address with ?script), not inline, and our
    # template, without drf-spectacular's inline <style>, so that it runs under the site's Content-Security-Policy;
    # its stylesheet draws icons as data: images.
    path(
        "docs/explorer/",
        csp_update({"img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema",
                template_name="portal/api_explorer.html",
                throttle_classes=[AnonymousThrottle],
            )
        ),
        name="explorer",
    ),
    *router.urls,
]
