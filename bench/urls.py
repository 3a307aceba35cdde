"""The site's URLs plus the bare page every other page is compared with."""

from django.shortcuts import render
from django.urls import include, path


def bare(request):
    """base.html and nothing else: the cost of a request through the middleware and the site's frame."""
    return render(request, "base.html")


urlpatterns = [
    path("__bench__/bare/", bare, name="bench-bare"),
    path("", include("portal.urls")),
]
