"""Median server time of every public page on the loaded dataset, cold and warm, against a bare page (base.html only).

    .venv/bin/python bench/pages.py [--requests 50] [--warmup 5]

A benchmark, not a test: it loads the dataset into a throwaway SQLite file, then requests every page in turn,
round after round, through Django's test client, so that the bare page and the real ones are measured side by
side under the same conditions: "cold" with the cache emptied before every request (every page built by its view),
"warm" with the page cache as an anonymous reader finds it after the first request. See bench/README.md.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 3.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first (default 5)")
    return parser.parse_args()


def setup(database):
    """Point Django at a fresh SQLite file, migrate it and load the dataset."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    # WhiteNoise warns once about the missing collectstatic directory; the benchmark serves no static file.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_dataset", verbosity=0)


def pages():
    """(label, URL) for every public page: lists (plain and filtered), a few detail pages of each type, topics,
    a country, search, home and about. Detail pages are the reader's path from the issue plus the first records."""
    from django.urls import reverse

    from agreements.models import Agreement, Event, Topic, TrainingProgram
    from people.models import Organization, Person

    urls = [
        ("bare base.html", reverse("bench-bare")),
        ("home", reverse("home")),
        ("about", reverse("about")),
        ("search ?q=customs", f"{reverse('search')}?q=customs"),
        ("topic tree", reverse("agreements:topic-list")),
        ("country SV", reverse("country-detail", kwargs={"code": "SV"})),
        ("agreement list", reverse("agreements:agreement-list")),
        (
            "agreement list, filtered",
            f"{reverse('agreements:agreement-list')}?topic=border-security&country=SV&signed_after=2024-01-01",
        ),
        ("program list", reverse("agreements:program-list")),
        ("program list, filtered", f"{reverse('agreements:program-list')}?topic=law-enforcement-training&when=now"),
        ("event list", reverse("agreements:event-list")),
        ("event list, filtered", f"{reverse('agreements:event-list')}?country=SV&after=2024&sort=oldest"),
        ("person list", reverse("people:person-list")),
        ("person list, filtered", f"{reverse('people:person-list')}?organization=cbp&current=1"),
        ("organization list", reverse("people:organization-list")),
        ("organization list, filtered", f"{reverse('people:organization-list')}?country=SV&kind=agency"),
    ]
    details = [
        (Topic, "topic", ["border-security"]),
        (Agreement, "agreement", ["us-el-salvador-cmaa"]),
        (TrainingProgram, "program", []),
        (Event, "event", ["miller-visit-el-salvador-2024"]),
        (Person, "person", ["troy-miller"]),
        (Organization, "organization", ["cbp"]),
    ]
    for model, label, wanted in details:
        records = list(model.objects.published().filter(slug__in=wanted)) + list(
            model.objects.published().exclude(slug__in=wanted).order_by("pk")[:2]
        )
        urls.extend((f"{label} {record.slug}", record.get_absolute_url()) for record in records)
    return urls


def measure(urls, requests, warmup):
    """{URL: (status, (cold queries, warm queries), {"cold": [seconds…], "warm": [seconds…]})}, page by page."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for _label, url in urls:
        for _ in range(warmup):
            client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            status = client.get(url).status_code
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        results[url] = (status, (len(cold), len(warm)), {"cold": [], "warm": []})
    for _ in range(requests):
        for _label, url in urls:
            cache.clear()
            start = time.perf_counter()
            client.get(url)
            results[url][2]["cold"].append(time.perf_counter() - start)
            client.get(url)
            start = time.perf_counter()
            client.get(url)
            results[url][2]["warm"].append(time.perf_counter() - start)
    return results


def report(urls, results):
    bare = {kind: statistics.median(results[urls[0][1]][2][kind]) for kind in ("cold", "warm")}
    width = max(len(label) for label, _url in urls)
    print(f"{'page':<{width}}  status  queries cold/warm  cold ms  × bare  warm ms  × bare")
    slowest = {}
    for label, url in urls:
        status, queries, times = results[url]
        row = f"{label:<{width}}  {status:>6}  {f'{queries[0]}/{queries[1]}':>17}"
        over = []
        for kind in ("cold", "warm"):
            median = statistics.median(times[kind])
            ratio = median / bare[kind]
            row += f"  {median * 1000:>7.2f}  {ratio:>6.2f}"
            if ratio > TARGET_RATIO:
                over.append(kind)
            if url != urls[0][1] and (kind not in slowest or median > slowest[kind][1]):
                slowest[kind] = (label, median, ratio)
        print(row + (f"  over target ({', '.join(over)})" if over else ""))
    for kind in ("cold", "warm"):
        label, median, ratio = slowest[kind]
        print(f"\nslowest {kind}: {label}, {median * 1000:.2f} ms, {ratio:.2f}× the bare page", end="")
    print(f"\ntarget: every list and detail page within {TARGET_RATIO:.0f}× the bare page")
    failures = [label for label, url in urls if results[url][0] != 200]
    if failures:
        print(f"not 200: {', '.join(failures)}")
        return 1
    return 0


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="pacta-bench-") as directory:
        setup(Path(directory) / "bench.sqlite3")
        urls = pages()
        results = measure(urls, args.requests, args.warmup)
        print(f"{args.requests} requests per page after {args.warmup} untimed, Django test client, SQLite\n")
        return report(urls, results)


if __name__ == "__main__":
    sys.exit(main())
