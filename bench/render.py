"""Where a page's time goes: SQL, template rendering and the rest of Python, page by page, on a database you give.

    DJANGO_SETTINGS_MODULE=bench.settings PAGE_CACHE_SECONDS=0 DATABASE_URL=sqlite:////tmp/big.sqlite3 \\
        .venv/bin/python bench/render.py [--requests 20] [--pages agreements,people]

A measurement, not a test: it prints figures. Each page is requested through Django's test client with the cache
emptied before every request (a cold page), and each request's time is split three ways:

- **sql**: time inside the database driver, executing *and* fetching. SQLite's execute() returns after the first
  row, so the time Django records per query under-counts; here the cursor's fetch calls are timed too.
- **template**: time inside the top-level template's render(), less the SQL run from within it (a lazy queryset).
- **python**: the rest (URL resolution, middleware, the view building its context, forms, prefetch joining).

It also prints the number of queries and the page's size. The page list needs the demo data's names
(`manage.py demo_data`: topics such as demo-border-security); pages it cannot find are skipped.
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per page first (default 2)")
    parser.add_argument("--pages", default="", help="comma-separated labels (or parts of them) to measure only")
    return parser.parse_args()


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to the database to measure, e.g. sqlite:////tmp/p100k.sqlite3.")
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()


class Clock:
    """Seconds spent in the database driver and in top-level template rendering during one request."""

    def __init__(self):
        self.sql = 0.0
        self.sql_in_template = 0.0
        self.template = 0.0
        self.queries = 0
        self.rendering = False

    def add_sql(self, seconds):
        self.sql += seconds
        if self.rendering:
            self.sql_in_template += seconds


CLOCK = Clock()


def _timed_sql(method):
    def timed(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            CLOCK.add_sql(time.perf_counter() - start)

    return timed


@contextmanager
def instrumented():
    """Time the driver's execute and fetch calls, and the backend template's render()."""
    from django.db.backends import utils
    from django.template.backends import django as django_backend

    saved = {}

    def patch(owner, name, replacement):
        saved[(owner, name)] = owner.__dict__.get(name)
        setattr(owner, name, replacement)

    def execute(self, sql, params=None):
        CLOCK.queries += 1
        return self.cursor.execute(sql, params) if params is not None else self.cursor.execute(sql)

    # The wrapper's own execute() goes through Django's debug/wrapper machinery; time the raw driver call only.
    patch(utils.CursorWrapper, "_execute", _timed_sql(lambda self, sql, params, *ignored: execute(self, sql, params)))
    for name in ("fetchone", "fetchmany", "fetchall"):
        patch(
            utils.CursorWrapper,
            name,
            _timed_sql(lambda self, *args, _name=name: getattr(self.cursor, _name)(*args)),
        )
    render = django_backend.Template.render

    def timed_render(self, *args, **kwargs):
        if CLOCK.rendering:
            return render(self, *args, **kwargs)
        CLOCK.rendering = True
        start = time.perf_counter()
        try:
            return render(self, *args, **kwargs)
        finally:
            CLOCK.template += time.perf_counter() - start
            CLOCK.rendering = False

    patch(django_backend.Template, "render", timed_render)
    try:
        yield
    finally:
        for (owner, name), value in saved.items():
            if value is None:
                delattr(owner, name)
            else:
                setattr(owner, name, value)


def pages():
    """(label, URL) of the pages the issue names, on the demo data; a page whose record is missing is left out."""
    from django.db.models import Count
    from django.urls import reverse

    from agreements.models import Agreement
    from people.models import Organization

    urls = [
        ("bare base.html", reverse("bench-bare")),
        ("home", reverse("home")),
        ("agreements", reverse("agreements:agreement-list")),
        ("agreements ?topic", f"{reverse('agreements:agreement-list')}?topic=demo-border-security"),
        ("agreements ?facet=party", f"{reverse('agreements:agreement-list')}?facet=party"),
        ("events", reverse("agreements:event-list")),
        ("programs", reverse("agreements:program-list")),
        ("organizations", reverse("people:organization-list")),
        ("people", reverse("people:person-list")),
        ("search ?q=customs", f"{reverse('search')}?q=customs"),
        ("topic demo-border-security", reverse("agreements:topic-detail", kwargs={"slug": "demo-border-security"})),
        ("country US", reverse("country-detail", kwargs={"code": "US"})),
    ]
    most_parties = (
        Agreement.objects.published().annotate(n=Count("party_rows")).order_by("-n", "pk").only("slug").first()
    )
    if most_parties is not None:
        urls.append((f"agreement, {most_parties.n} parties", most_parties.get_absolute_url()))
    busiest = Organization.objects.published().annotate(n=Count("party_rows")).order_by("-n", "pk").only("slug").first()
    if busiest is not None:
        urls.append((f"organization, party to {busiest.n}", busiest.get_absolute_url()))
    return urls


def measure(url, requests, warmup):
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    for _ in range(warmup):
        cache.clear()
        client.get(url)
    samples = []
    for _ in range(requests):
        cache.clear()
        CLOCK.__init__()
        start = time.perf_counter()
        response = client.get(url)
        total = time.perf_counter() - start
        template = CLOCK.template - CLOCK.sql_in_template
        samples.append((total, CLOCK.sql, template, total - CLOCK.sql - template, CLOCK.queries))
    return response, samples


def main():
    args = parse_args()
    setup()
    wanted = [word.strip() for word in args.pages.split(",") if word.strip()]
    urls = [(label, url) for label, url in pages() if not wanted or any(word in label for word in wanted)]
    width = max(len(label) for label, _url in urls)
    print(f"{args.requests} cold requests per page after {args.warmup}, medians in ms, Django test client\n")
    print(f"{'page':<{width}}  status  queries  total     sql  template  python      KB")
    with instrumented():
        for label, url in urls:
            response, samples = measure(url, args.requests, args.warmup)
            total, sql, template, python = (statistics.median(sample[i] for sample in samples) for i in range(4))
            print(
                f"{label:<{width}}  {response.status_code:>6}  {samples[-1][4]:>7}  {total * 1000:>5.1f}"
                f"  {sql * 1000:>6.1f}  {template * 1000:>8.1f}  {python * 1000:>6.1f}"
                f"  {len(response.content) / 1024:>6.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
