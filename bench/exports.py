"""Downloads and API pages at size, on an existing database of many agreements.

    DATABASE_URL=sqlite:////tmp/exports100k.sqlite3 .venv/bin/python bench/exports.py [--url /agreements/?topic=…]

A benchmark, not a test: it prints figures and fails on nothing. Make the database once with
`manage.py generate_demo_data --agreements 100000` (see bench/README.md); the script only reads it.

For each download (CSV and JSON of the list at --url): the time to the first byte and to the last, rows a second,
bytes, and memory: the growth of the process's peak RSS over the download, then, in a second download under
tracemalloc (slower, so not timed), the most memory Python held at once. For the API list at --api-url: the
queries and time of its first page and of a page --depth records in.
"""

import argparse
import gc
import os
import resource
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url",
        default="/agreements/?topic=demo-border-security&topic=demo-customs",
        help="the list whose downloads are measured (default: two demo topics, about 50,000 agreements)",
    )
    parser.add_argument("--api-url", default="/api/agreements/", help="the API list measured (default: agreements)")
    parser.add_argument("--depth", type=int, default=50_000, help="records before the deep API page (50,000)")
    return parser.parse_args()


def setup():
    sys.path.insert(0, str(ROOT))
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a database made by manage.py generate_demo_data (see bench/README.md).")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django

    django.setup()


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def download(client, url):
    """(first byte seconds, total seconds, bytes, first chunk) of one streamed download, chunks dropped as a server
    would."""
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    chunks = iter(response.streaming_content)
    first = next(chunks)
    first_byte = time.perf_counter() - start
    size = len(first)
    for chunk in chunks:
        size += len(chunk)
    return first_byte, time.perf_counter() - start, size, first


def traced_peak_mb(client, url):
    """The most memory Python held at once while the download was produced, chunks dropped as a server would."""
    gc.collect()
    tracemalloc.start()
    try:
        response = client.get(url)
        for _chunk in response.streaming_content:
            pass
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def measure_downloads(client, url):
    separator = "&" if "?" in url else "?"
    # Imports, translation catalogs and per-language labels are loaded once per process: not measured.
    client.get(f"{url}{separator}format=csv&q=zzzz-nothing")
    print(f"downloads of {url}")
    print(
        f"{'format':<6}  {'rows':>7}  {'first byte s':>12}  {'total s':>7}  {'rows/s':>7}  {'MB':>6}  "
        f"{'RSS growth MB':>13}  {'traced peak MB':>14}"
    )
    rows = None
    for export_format in ("json", "csv"):
        address = f"{url}{separator}format={export_format}"
        gc.collect()
        rss_before = peak_rss_mb()
        first_byte, total, size, first = download(client, address)
        rss_growth = peak_rss_mb() - rss_before
        # Both formats hold the same rows; the JSON begins with their count.
        rows = rows or int(first.split(b",")[0].split(b":")[1])
        traced = traced_peak_mb(client, address)
        print(
            f"{export_format:<6}  {rows:>7}  {first_byte:>12.3f}  {total:>7.2f}  {rows / total:>7.0f}  "
            f"{size / 2**20:>6.1f}  {rss_growth:>13.1f}  {traced:>14.1f}"
        )


def api_page(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT="application/json")
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return len(queries), elapsed, response.json()


def deep_page_url(client, url, depth):
    """The address of the API page that starts `depth` records in."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}page={depth // 50 + 1}"


def measure_api(client, url, depth):
    api_page(client, url)
    print(f"\nAPI list {url}")
    print(f"{'page':<40}  {'queries':>7}  {'ms':>8}  {'items':>5}")
    deep = deep_page_url(client, url, depth)
    for label, address in [
        ("first", url),
        ("first, page_size=2", f"{url}?page_size=2"),
        ("first, page_size=200", f"{url}?page_size=200"),
        (f"{depth:,} records in", deep),
    ]:
        queries, elapsed, body = api_page(client, address)
        print(f"{label:<40}  {queries:>7}  {elapsed * 1000:>8.1f}  {len(body['results']):>5}")


def main():
    args = parse_args()
    setup()
    from django.db import connection
    from django.test import Client

    client = Client()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}\n")
    measure_downloads(client, args.url)
    measure_api(client, args.api_url, args.depth)


if __name__ == "__main__":
    main()
