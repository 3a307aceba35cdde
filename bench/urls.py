"""The site's URLs plus the bare page every other page is compared with, and a worker's memory for bench/size.py."""

import gc
import os
from pathlib import Path

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def bare(request):
    """base.html and nothing else: the cost of a request through the middleware and the site's frame."""
    return render(request, "base.html")


def _rss_kb():
    status = Path(f"/proc/{os.getpid()}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))


def memory(request):
    """This process's pid, resident memory and garbage collector statistics; with ?collect=1, then a full collection:
    how many unreachable objects it found, and the resident memory after it."""
    data = {"pid": os.getpid(), "rss_kb": _rss_kb(), "gc_stats": gc.get_stats(), "gc_counts": gc.get_count()}
    if request.GET.get("collect"):
        data["unreachable"] = gc.collect()
        data["rss_kb_after_collect"] = _rss_kb()
    return JsonResponse(data)


# The site's own list, not include(): Django refuses language-prefixed patterns (i18n_patterns) in an included URLconf.
urlpatterns = [
    path("__bench__/bare/", bare, name="bench-bare"),
    path("__bench__/memory/", memory, name="bench-memory"),
    *site_urlpatterns,
]
