"""Every public page at size, served by gunicorn, cold and warm against the bare page and the lists against Datasette;
then 20 clients at once on the filtered list and search, and one worker's memory over 1,000 mixed requests.

    .venv/bin/python bench/size.py --database-url sqlite:////tmp/demo100k.sqlite3   # an existing database
    .venv/bin/python bench/size.py --agreements 100000    # generates one in a temporary SQLite file first
    .venv/bin/python bench/size.py --database-url postgres://… --parts concurrency

A benchmark, not a test: it prints and exits with 1 only when a page answers anything but 200. See bench/README.md.
"""

import argparse
import contextlib
import itertools
import math
import os
import statistics
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import servers  # noqa: E402

PARTS = ("pages", "concurrency", "memory")
DATASETTE = ROOT / "var" / "bench-venv" / "bin" / "datasette"
# The targets (pages served by gunicorn from SQLite, page cache off unless said).
SEARCH_MS, HOME_TOPIC_COUNTRY_MS, DETAIL_X_BARE, WARM_X_BARE, LIST_X_DATASETTE = 150, 200, 10, 1.2, 1.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an existing, migrated database (default: generate one in SQLite)")
    parser.add_argument("--agreements", type=int, default=100_000, help="demo agreements to generate (default 100000)")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"what to run (default {','.join(PARTS)})")
    parser.add_argument("--rounds", type=int, default=10, help="timed requests per page (default 10)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed requests per page first (default 1)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--seconds", type=float, default=30, help="length of the concurrency run (default 30)")
    parser.add_argument("--workers", type=int, help="gunicorn workers of the concurrency run (default gunicorn.conf)")
    parser.add_argument("--memory-requests", type=int, default=1000, help="requests of the memory run (default 1000)")
    parser.add_argument("--datasette", type=Path, default=DATASETTE, help=f"Datasette (default {DATASETTE})")
    args = parser.parse_args()
    args.parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    if unknown := set(args.parts) - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    return args


def setup(database_url, directory, agreements):
    """Django in this process, on `database_url` or on a new SQLite file filled with demo data; returns the URL."""
    if database_url is None:
        database_url = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["CACHE_URL"] = f"file://{directory / 'cache'}"
    # Queries are counted on pages built by their views.
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    # WhiteNoise warns once about the missing collectstatic directory; the benchmark serves no static file.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django

    django.setup()
    if not database_url.endswith(f"{directory / 'bench.sqlite3'}"):
        return database_url
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("generate_demo_data", agreements=agreements, verbosity=0)
    print(f"generated {agreements:,} demo agreements in {time.perf_counter() - started:.0f} s")
    return database_url


def sample(database_url):
    """What the pages and the mixes request, chosen from the data: the topic and the countries with the most
    agreements, a year with some, the first published record of each type, words of topic names for search."""
    from django.db.models import Count

    from agreements.models import Agreement, Event, Topic, TrainingProgram
    from people.models import Organization, Person

    topics = list(Topic.objects.published().annotate(n=Count("agreements")).order_by("-n", "slug"))
    countries = list(
        Organization.objects.published()
        .exclude(country="")
        .values_list("country", flat=True)
        .annotate(n=Count("party_rows"))
        .order_by("-n", "country")[:10]
    )
    words = sorted({word for topic in topics for word in topic.name.lower().split() if len(word) > 4})
    models = (Agreement, TrainingProgram, Event, Person, Organization)
    # The first records are the most linked in demo data (organization 1 is a party to a quarter of the agreements):
    # the pages show them, the memory run goes through the last, as most readers would.
    records = {model: list(model.objects.published().order_by("pk")[:1]) for model in models}
    typical = {model: list(model.objects.published().order_by("-pk")[:200]) for model in models}
    return {
        "topics": topics,
        "countries": countries,
        "words": words,
        "records": records,
        "typical": typical,
        "url": database_url,
    }


def _last_page(model, wanted=2000, per_page=20):
    return min(wanted, max(1, math.ceil(model.objects.published().count() / per_page)))


def pages(data):
    """(label, kind, Pacta URL, Datasette URL or None) for every public page type; kind says which target applies."""
    from django.urls import reverse

    from agreements.models import Agreement, Event, TrainingProgram
    from people.models import Organization, Person

    topic, country = data["topics"][0], data["countries"][0]
    year = "2000-01-01"
    agreements = reverse("agreements:agreement-list")
    rows = [
        ("bare base.html", "bare", reverse("bench-bare"), None),
        ("home", "home", reverse("home"), None),
        ("about", "other", reverse("about"), None),
        (f"search ?q={data['words'][0]}", "search", f"{reverse('search')}?q={data['words'][0]}", None),
        ("topic tree", "other", reverse("agreements:topic-list"), None),
        (f"topic {topic.slug}", "topic", topic.get_absolute_url(), None),
        (f"country {country}", "country", reverse("country-detail", kwargs={"code": country}), None),
        ("agreements", "list", agreements, datasette_url(data)),
        ("agreements, one topic", "list", f"{agreements}?topic={topic.slug}", datasette_url(data, topic)),
        (
            "agreements, 3 filters",
            "list",
            f"{agreements}?topic={topic.slug}&country={country}&signed_after={year}",
            datasette_url(data, topic, country, year),
        ),
    ]
    page = _last_page(Agreement)
    rows.append((f"agreements, page {page}", "list", f"{agreements}?page={page}", datasette_url(data, page=page)))
    for label, name, model, filters in (
        ("programs", "agreements:program-list", TrainingProgram, f"topic={topic.slug}&country={country}&when=past"),
        ("events", "agreements:event-list", Event, f"topic={topic.slug}&country={country}&after=2000"),
    ):
        url = reverse(name)
        page = _last_page(model)
        rows += [
            (label, "list", url, None),
            (f"{label}, one topic", "list", f"{url}?topic={topic.slug}", None),
            (f"{label}, 3 filters", "list", f"{url}?{filters}", None),
            (f"{label}, page {page}", "list", f"{url}?page={page}", None),
        ]
    for label, name, model, filters in (
        ("people", "people:person-list", Person, f"country={country}&current=1&sort=title"),
        ("organizations", "people:organization-list", Organization, f"country={country}&kind=agency&sort=title"),
    ):
        url = reverse(name)
        page = _last_page(model)
        rows += [
            (label, "list", url, None),
            (f"{label}, 3 filters", "list", f"{url}?{filters}", None),
            (f"{label}, page {page}", "list", f"{url}?page={page}", None),
        ]
    for model, records in data["records"].items():
        rows.append((f"{model._meta.verbose_name} detail", "detail", records[0].get_absolute_url(), None))
    return rows


def datasette_url(data, topic=None, country=None, signed_after=None, page=None):
    """Datasette's table page for the agreements with two facets, 20 rows, and the filters it can express: a topic (and
    the topics below it) and a party's country as `_where` subqueries, the signing date as a column filter. Its pages
    go by key (`_next`: the last id of the page before), where Pacta's count an offset."""
    from urllib.parse import urlencode

    from agreements.filters import TopicTree

    database = Path(data["url"].removeprefix("sqlite:///")).stem
    query = [("_facet", "kind"), ("_facet", "status"), ("_size", "20")]
    # The SQL is Datasette's to run, from ids and a country code of this database.
    if topic is not None:
        pks = ",".join(str(pk) for pk in sorted(TopicTree(names_only=True).subtree_pks([topic])))
        topics = f"select agreement_id from agreements_agreement_topics where topic_id in ({pks})"  # noqa: S608
        query.append(("_where", f"id in ({topics})"))
    if country is not None:
        join = "agreements_agreementparty join people_organization on people_organization.id = organization_id"
        parties = f"select agreement_id from {join} where country = '{country}'"  # noqa: S608
        query.append(("_where", f"id in ({parties})"))
    if signed_after is not None:
        query.append(("signed_on__gte", signed_after))
    if page is not None:
        query.append(("_next", str((page - 1) * 20)))
    return f"/{database}/agreements_agreement?{urlencode(query)}"


def count_queries(rows):
    """{Pacta URL: database queries of the page built by its view}, through the test client in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    for _label, _kind, url, _datasette in rows:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[url] = len(queries)
    return counts


def p95(times):
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def time_pages(rows, cold, warm, datasette, rounds, warmup):
    """{(server, URL): (status, HTML bytes, [seconds…])}: every page in turn, round after round, on the servers side by
    side: `cold` (page cache off), `warm` (timed on the second request, so that the page is surely cached) and
    Datasette's comparable page."""
    results = {}
    for round_ in range(warmup + rounds):
        if round_ == warmup:
            results.clear()
        for _label, _kind, url, datasette_url in rows:
            requests = [("cold", cold, url), ("warm", warm, url)]
            if datasette and datasette_url:
                requests.append(("datasette", datasette, datasette_url))
            for server, port, path in requests:
                if server == "warm":
                    servers.get(port, path)
                status, body, seconds = servers.get(port, path)
                statuses, sizes, times = results.setdefault((server, path), (set(), [], []))
                statuses.add(status)
                sizes.append(len(body))
                times.append(seconds)
    return results


def report_pages(rows, results, queries):
    def stats(server, url):
        """(status: the one every request got, or the worst, HTML bytes of the last, median, p95)."""
        statuses, sizes, times = results[(server, url)]
        status = 200 if statuses == {200} else max(statuses - {200})
        return status, sizes[-1], statistics.median(times), p95(times)

    bare = {server: stats(server, rows[0][2])[2] for server in ("cold", "warm")}
    width = max(len(label) for label, *_ in rows)
    print(
        f"{'page':<{width}}  status  queries  HTML KB   cold ms      p95  × bare   warm ms      p95  × bare"
        "   Datasette ms      p95  HTML KB  × Datasette  target"
    )
    failures, misses = [], []
    for label, kind, url, datasette_url in rows:
        status, size, cold, cold_p95 = stats("cold", url)
        warm_status, _size, warm, warm_p95 = stats("warm", url)
        row = f"{label:<{width}}  {status:>6}  {queries[url]:>7}  {size / 1024:>7.1f}"
        row += f"  {cold * 1000:>8.1f} {cold_p95 * 1000:>8.1f}  {cold / bare['cold']:>6.1f}"
        row += f"  {warm * 1000:>8.1f} {warm_p95 * 1000:>8.1f}  {warm / bare['warm']:>6.2f}"
        ratio = None
        if ("datasette", datasette_url) in results:
            ds_status, ds_size, ds, ds_p95 = stats("datasette", datasette_url)
            ratio = cold / ds
            row += f"  {ds * 1000:>13.1f} {ds_p95 * 1000:>8.1f}  {ds_size / 1024:>7.1f}  {ratio:>11.2f}"
            if ds_status != 200:
                failures.append(f"Datasette for {label} ({ds_status})")
        else:
            row += " " * 45
        missed = missed_targets(kind, cold, cold / bare["cold"], warm / bare["warm"], ratio)
        row += "  " + ("; ".join(missed) if missed else "ok")
        print(row)
        misses += [f"{label}: {miss}" for miss in missed]
        if status != 200 or warm_status != 200:
            failures.append(f"{label} ({status}, warm {warm_status})")
    print(
        f"\ntargets: lists ≤ {LIST_X_DATASETTE:.1f}× Datasette's page (cold), search ≤ {SEARCH_MS} ms, home, topic and "
        f"country ≤ {HOME_TOPIC_COUNTRY_MS} ms, details ≤ {DETAIL_X_BARE}× bare (cold); every page ≤ {WARM_X_BARE}× "
        f"bare warm; {len(misses)} missed"
    )
    if failures:
        print(f"not 200: {', '.join(failures)}")
    return bool(failures)


def missed_targets(kind, cold, cold_x_bare, warm_x_bare, x_datasette):
    missed = []
    if kind == "list" and x_datasette is not None and x_datasette > LIST_X_DATASETTE:
        missed.append(f"cold {x_datasette:.2f}× Datasette")
    if kind == "search" and cold * 1000 > SEARCH_MS:
        missed.append(f"cold > {SEARCH_MS} ms")
    if kind in ("home", "topic", "country") and cold * 1000 > HOME_TOPIC_COUNTRY_MS:
        missed.append(f"cold > {HOME_TOPIC_COUNTRY_MS} ms")
    if kind == "detail" and cold_x_bare > DETAIL_X_BARE:
        missed.append(f"cold > {DETAIL_X_BARE}× bare")
    if kind != "bare" and warm_x_bare > WARM_X_BARE:
        missed.append(f"warm > {WARM_X_BARE}× bare")
    return missed


def concurrency_mix(data):
    """(kind, URL) in turn: a filtered agreement list (topic, country, signed since) and a search, varied."""
    from django.urls import reverse

    lists = [
        f"{reverse('agreements:agreement-list')}?topic={topic.slug}&country={country}&signed_after={year}"
        for topic, country, year in itertools.product(data["topics"][:5], data["countries"][:4], ("1990", "2010"))
    ]
    searches = [f"{reverse('search')}?q={word}" for word in data["words"][:40]]
    return [("filtered list", lists[i % len(lists)]) for i in range(40)], [("search", url) for url in searches]


def run_concurrency(port, mix, clients, seconds):
    """{kind: [(status, seconds)…]}: `clients` threads, each requesting the next URL of `mix` until `seconds` pass."""
    urls = itertools.cycle(mix)
    lock = threading.Lock()
    results = {kind: [] for kind, _url in mix}
    deadline = time.monotonic() + seconds

    def client():
        while time.monotonic() < deadline:
            with lock:
                kind, url = next(urls)
            status, _body, elapsed = servers.get(port, url)
            with lock:
                results[kind].append((status, elapsed))

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def report_concurrency(results, elapsed):
    print(f"{'':<14}  requests  req/s  median ms   p95 ms   max ms  errors")
    everything = [result for kind_results in results.values() for result in kind_results]
    for kind, kind_results in [*results.items(), ("all", everything)]:
        times = [seconds for _status, seconds in kind_results] or [0]
        errors = sum(1 for status, _seconds in kind_results if status != 200)
        print(
            f"{kind:<14}  {len(kind_results):>8}  {len(kind_results) / elapsed:>5.1f}"
            f"  {statistics.median(times) * 1000:>9.0f}  {p95(times) * 1000:>7.0f}  {max(times) * 1000:>7.0f}"
            f"  {errors:>6}"
        )


def memory_mix(data):
    """Every page type in turn, over many records: details and searches of ever other records and words, topic and
    country pages of every topic and country, the lists over their first ten pages."""
    from django.urls import reverse

    from agreements.models import Agreement, Event, TrainingProgram

    details = itertools.cycle(
        record.get_absolute_url() for records in zip(*data["typical"].values(), strict=False) for record in records
    )
    topics, countries = itertools.cycle(data["topics"]), itertools.cycle(data["countries"])
    words = itertools.cycle(data["words"])
    lists = itertools.cycle(
        f"{reverse(name)}?page={page}"
        for page in range(1, 11)
        for name, model in (
            ("agreements:agreement-list", Agreement),
            ("agreements:program-list", TrainingProgram),
            ("agreements:event-list", Event),
        )
        if page <= _last_page(model)
    )
    pattern = itertools.cycle(["detail", "detail", "search", "topic", "detail", "country", "list", "home", "detail"])
    for kind in pattern:
        if kind == "detail":
            yield next(details)
        elif kind == "search":
            yield f"{reverse('search')}?q={next(words)}"
        elif kind == "topic":
            yield next(topics).get_absolute_url()
        elif kind == "country":
            yield reverse("country-detail", kwargs={"code": next(countries)})
        elif kind == "list":
            yield next(lists)
        else:
            yield reverse("home")


def run_memory(port, mix, requests):
    """One worker's RSS at the start, every 100 requests of `mix` and at the end, then what a full collection finds."""
    start = servers.worker_memory(port)
    pid = start["pid"]
    print(f"worker pid {pid}\nrequests   RSS MB  elapsed s")
    print(f"{0:>8}  {start['rss_kb'] / 1024:>7.1f}  {0:>9.0f}")
    started, errors = time.monotonic(), []
    for done, url in enumerate(itertools.islice(mix, requests), start=1):
        status, _body, _seconds = servers.get(port, url)
        if status != 200:
            errors.append(f"{url} ({status})")
        if done % 100 == 0 or done == requests:
            print(f"{done:>8}  {servers.rss_kb(pid) / 1024:>7.1f}  {time.monotonic() - started:>9.0f}")
    end = servers.worker_memory(port, collect=True)
    if end["pid"] != pid:
        print(f"the worker was replaced (pid {end['pid']}): a request timed out or crashed it")
    before, after = start["gc_stats"][2], end["gc_stats"][2]
    if errors:
        print(f"{len(errors)} errors: {', '.join(errors[:5])}")
    print(
        f"full collections during the run: {after['collections'] - before['collections']}"
        f" (they freed {after['collected'] - before['collected']} objects); a full collection at the end"
        f" found {end['unreachable']} unreachable objects, RSS {end['rss_kb'] / 1024:.1f} →"
        f" {end['rss_kb_after_collect'] / 1024:.1f} MB"
    )


def engine(database_url):
    return "PostgreSQL" if database_url.startswith("postgres") else "SQLite"


def main():
    args = parse_args()
    status = 0
    with tempfile.TemporaryDirectory(prefix="pacta-size-") as name:
        directory = Path(name)
        database_url = setup(args.database_url, directory, args.agreements)
        data = sample(database_url)
        from agreements.models import Agreement

        print(f"{engine(database_url)}, {Agreement.objects.published().count():,} published agreements\n")
        cache, log = directory / "cache", directory / "servers.log"
        if "pages" in args.parts:
            rows = pages(data)
            with_datasette = engine(database_url) == "SQLite" and args.datasette.exists()
            if not with_datasette:
                rows = [(label, kind, url, None) for label, kind, url, _datasette in rows]
                reason = "not SQLite" if engine(database_url) != "SQLite" else f"no {args.datasette}: make bench-venv"
                print(f"without Datasette ({reason})")
            queries = count_queries(rows)
            with (
                servers.gunicorn(database_url, cache, log, workers=2, page_cache_seconds=0) as cold,
                servers.gunicorn(database_url, cache, log, workers=2) as warm,
                servers.datasette(args.datasette, database_url.removeprefix("sqlite:///"), log)
                if with_datasette
                else contextlib.nullcontext() as datasette,
            ):
                results = time_pages(rows, cold, warm, datasette, args.rounds, args.warmup)
            print(
                f"{args.rounds} requests per page after {args.warmup} untimed, one at a time, interleaved; gunicorn "
                "(2 workers), cold: page cache off, warm: page cache on\n"
            )
            status = report_pages(rows, results, queries)
        if "concurrency" in args.parts:
            lists, searches = concurrency_mix(data)
            mix = [item for pair in zip(lists, itertools.cycle(searches), strict=False) for item in pair]
            # As gunicorn.conf.py: two workers a core plus one.
            workers = args.workers or os.cpu_count() * 2 + 1
            print(
                f"\n{args.clients} clients for {args.seconds:.0f} s, filtered lists and searches in turn, gunicorn "
                f"({workers} workers), page cache off, {engine(database_url)}"
            )
            with servers.gunicorn(database_url, cache, log, workers=workers, page_cache_seconds=0) as port:
                # Untimed first, so that every worker has compiled its templates and loaded what it keeps.
                run_concurrency(port, mix, args.clients, min(5, args.seconds))
                report_concurrency(*run_concurrency(port, mix, args.clients, args.seconds))
        if "memory" in args.parts:
            print(
                f"\n{args.memory_requests} mixed requests, one gunicorn worker, page cache on, {engine(database_url)}:"
            )
            with servers.gunicorn(database_url, cache, log, workers=1) as port:
                run_memory(port, memory_mix(data), args.memory_requests)
    return status


if __name__ == "__main__":
    sys.exit(main())
