"""Generated requests to every public address of the URL map, in both languages: hostile query strings (the real
parameter names of each page and random ones, with NUL bytes, control characters, invalid UTF-8, very long text,
SQL and HTML payloads, numbers at and beyond every bound, malformed and extreme dates, repeated parameters) and
hostile path segments in place of each slug, code or id. None may answer a server error, on SQLite or PostgreSQL.

Hypothesis generates the requests from a fixed seed per address, so that a run is the same on every machine; the
cases of all addresses together number at least MIN_CASES. The admin is fuzzed by its own targeted tests
(tests/portal/test_admin.py): its pages are for signed-in curators only.
"""

import zlib
from urllib.parse import quote_from_bytes

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from alerts import tokens
from portal.sitemaps import SITEMAPS
from records.models import PublicationStatus, Source
from tests import factories
from tests.helpers import url_map
from tests.shared import shared_records

pytestmark = pytest.mark.django_db

# The cases every run makes, over all addresses together.
MIN_CASES = 10_000
# Addresses that read no query string and have no parameter in their path: fewer cases, enough to show that a query
# string changes nothing (the OpenAPI schema, generated for each request, costs far more than a page).
FEWER_CASES = {
    "home": 40,
    "about": 40,
    "robots-txt": 40,
    "api:api-root": 40,
    "api:docs": 40,
    "api:explorer": 40,
    "api:schema": 20,
}


def fuzzed_addresses():
    """Every address of the URL map but the admin's, in both languages."""
    return [address for address in url_map() if not address[0].startswith("admin/")]


ADDRESSES = fuzzed_addresses()
_FEWER = [FEWER_CASES[address[2]] for address in ADDRESSES if address[2] in FEWER_CASES]
# The rest of MIN_CASES, shared evenly by the other addresses (rounded up).
CASES_PER_ADDRESS = -(-(MIN_CASES - sum(_FEWER)) // (len(ADDRESSES) - len(_FEWER)))


def cases_for(address):
    return FEWER_CASES.get(address[2], CASES_PER_ADDRESS)


# Parameter names


def view_class(callback):
    """The class behind a view callable: a class-based view's, a DRF viewset's, or a feed (itself an instance)."""
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback


def parameter_names(callback):
    """The query parameters the view reads, as far as its class tells: its FilterSet's, its page's, the API's."""
    found = view_class(callback)
    names = set()
    filterset_class = getattr(found, "filterset_class", None)
    if filterset_class is not None:
        names |= set(filterset_class.base_filters)
    if hasattr(found, "page_parameters"):
        names |= set(found.page_parameters())
    pagination = getattr(found, "pagination_class", None)
    if pagination is not None:
        names |= {"page", pagination.page_size_query_param, getattr(pagination, "cursor_query_param", "cursor")}
    return names


# What every page may read whatever its class: the API's language and format, the search, previews, pagination,
# the language switch's target, the sitemap's page, exports, the address that the "Follow by email" form follows.
COMMON_NAMES = {"q", "lang", "format", "page", "p", "preview", "next", "language", "facet", "facet_q", "cursor", "url"}
ALL_NAMES = sorted(COMMON_NAMES.union(*(parameter_names(address[3].callback) for address in ADDRESSES)))


# Values

HOSTILE_TEXT = [
    "\x00",
    "cus\x00toms",
    "%00",
    "\x01\x08\x1b\x7f",
    "\u0085\u2028\u2029",
    "\ufeff\u200b\u202e",
    "\U0001f600",
    "Ñandú ÅÆ",
    "ＳＶ",
    "ı",
    "ß",
    "'",
    '"',
    "' OR '1'='1",
    "1; DROP TABLE records_source; --",
    "<script>alert(1)</script>",
    "{{ 7*7 }}{% debug %}",
    "../../etc/passwd",
    "%",
    "%s%s%n",
    "\\",
    "*",
    "_",
    "&",
    "=",
    " ",
    "",
    "null",
    "true",
    "[]",
    "-",
    ":*",
    "!()&|<->",
]
HOSTILE_NUMBERS = [
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "-0",
    "0x10",
    "٣",
    "²",
    "１",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999",
]
HOSTILE_DATES = [
    "0",
    "0000",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000",
    "99999-01-01",
    "2024-13",
    "2024-02-30",
    "2024-00-10",
    "-2024",
    "2024-1-1",
    "２０２４",
    "2024-10-08T00:00",
    "20241008",
    "1969-12-31",
    "1900-02-29",
]
# Bytes that are not UTF-8: a lone surrogate, a stray continuation byte, an overlong NUL, a cut sequence, Latin-1.
INVALID_UTF8 = [b"\xed\xa0\x80", b"\x80", b"\xc0\x80", b"\xe2\x82", b"\xff\xfe", b"caf\xe9"]
# Broken percent escapes and separators, written into the query string as they are.
RAW_FRAGMENTS = ["%", "%0", "%zz", "%%", "&&", "=", "==", ";", "+", "#", "%u0000"]


def encoded(text):
    return text.encode("utf-8", "surrogatepass")


def real_values():
    """Values that mean something to some page: the sorts, formats, languages, flags, dataset slugs and codes."""
    return [
        "newest",
        "oldest",
        "title",
        "updated",
        "csv",
        "json",
        "api",
        "en",
        "es",
        "1",
        "on",
        "SV",
        "sv",
        "US",
        "agreement",
        *SITEMAPS,
    ]


def values(slugs):
    """A query or path value as bytes: hostile, real, arbitrary, or a real one spoiled."""
    text = st.sampled_from(HOSTILE_TEXT + HOSTILE_NUMBERS + HOSTILE_DATES + real_values() + slugs).map(encoded)
    # Past the filters' 200 characters, past an index's row, many words: made when drawn, to keep reports short.
    long = st.tuples(st.sampled_from(["x", "é", "1", "word ", "a\x00"]), st.sampled_from([200, 201, 1000, 3000])).map(
        lambda repeated: encoded(repeated[0] * repeated[1])
    )
    numbers = st.integers().map(lambda number: str(number).encode())
    dates = st.tuples(st.integers(-1, 100_000), st.integers(-1, 99), st.integers(-1, 99), st.integers(1, 3)).map(
        lambda date: "-".join([f"{date[0]:04}", f"{date[1]:02}", f"{date[2]:02}"][: date[3]]).encode()
    )
    anything = st.one_of(st.text(max_size=40).map(encoded), st.binary(max_size=20), st.sampled_from(INVALID_UTF8))
    single = st.one_of(text, text, long, numbers, dates, anything)
    return st.one_of(single, st.tuples(single, single).map(b"".join))


def query_strings(own_names, slugs):
    """A query string of up to 6 parameters, some repeated, percent-encoded or raw."""
    names = st.one_of(
        st.sampled_from(sorted(own_names) or ALL_NAMES),
        st.sampled_from(ALL_NAMES),
        st.text(max_size=12).map(encoded),
    ).map(lambda name: name if isinstance(name, bytes) else name.encode())
    pair = st.tuples(names, values(slugs)).map(
        lambda pair: f"{quote_from_bytes(pair[0], safe='')}={quote_from_bytes(pair[1], safe='')}"
    )
    part = st.one_of(pair, pair, pair, st.sampled_from(RAW_FRAGMENTS))
    return st.tuples(st.lists(part, max_size=6), st.booleans()).map(
        lambda drawn: "&".join(drawn[0] + drawn[0][:1] if drawn[1] else drawn[0])
    )


def segments(real, slugs):
    """A path segment: the real value that fills the address, or a hostile one."""
    hostile = values(slugs).map(lambda value: quote_from_bytes(value, safe="-_.~!$'()*,;:@"))
    return st.one_of(st.just(str(real)), st.just(str(real)), hostile)


def requests(address, rows):
    """Strategy of full addresses (path and query string) for `address` of the URL map."""
    template, parameters, _name, pattern, _language = address
    path_values = st.fixed_dictionaries(
        {parameter: segments(rows["fill"](address, parameter), rows["slugs"]) for parameter in parameters}
    )
    query = query_strings(parameter_names(pattern.callback), rows["slugs"])
    return st.tuples(path_values, query).map(
        lambda parts: "/" + template % parts[0] + (f"?{parts[1]}" if parts[1] else "")
    )


# The records the addresses are filled with


@shared_records
def fuzz_records():
    """A few published records of each kind, linked to each other as the dataset links them, with Spanish texts, and
    a draft: enough for every filter and facet to have something to count, few enough to keep a case cheap."""
    customs = factories.TopicFactory(slug="customs", name="Customs", name_es="Aduanas")
    border = factories.TopicFactory(slug="border-security", name="Border security", parent=customs)
    cbp = factories.OrganizationFactory(slug="cbp", name="Customs and Border Protection", acronym="CBP")
    dgme = factories.OrganizationFactory(slug="dgme", name="Dirección General de Migración", country="SV")
    miller = factories.PersonFactory(slug="troy-miller", name="Troy Miller")
    factories.PositionFactory(person=miller, organization=cbp)
    agreement = factories.AgreementFactory(slug="cmaa", title="Customs mutual assistance", title_es="Asistencia mutua")
    agreement.topics.set([border])
    factories.AgreementPartyFactory(agreement=agreement, organization=cbp)
    factories.AgreementPartyFactory(agreement=agreement, organization=dgme)
    factories.SignatoryFactory(agreement=agreement, person=miller, organization=cbp)
    factories.AgreementFactory(slug="draft-agreement", publication_status=PublicationStatus.DRAFT)
    program = factories.TrainingProgramFactory(slug="border-course", host=dgme, start="2024-10-07", end="2024-10-11")
    program.topics.set([customs])
    event = factories.EventFactory(slug="miller-visit", start="2024-10-07", end="2024-10-09")
    event.topics.set([customs])
    event.participants.add(miller)
    event.organizations.add(cbp)
    return {
        "agreement": agreement,
        "program": program,
        "event": event,
        "person": miller,
        "organization": cbp,
        "topic": customs,
        "source": Source.objects.published().order_by("pk").first(),
    }


@pytest.fixture
def fuzz_rows(fuzz_records):
    """The real value of each path parameter of each address, and the records' slugs to mix into values."""

    def fill(address, parameter):
        short_name = (address[2] or "").rpartition(":")[2]
        record = fuzz_records.get(short_name.partition("-")[0])
        if short_name.startswith("report-"):
            record = fuzz_records["agreement"]
        known = {
            "format": "json",
            "section": next(iter(SITEMAPS)),
            "code": "SV",
            "record_type": "agreement",
            "token": alert_token(short_name),
        }
        if record is not None:
            known["slug"] = getattr(record, "slug", None)
            known["pk"] = record.pk
        assert known.get(parameter) is not None, f"{address[0]}: teach fuzz_rows() to fill {parameter}"
        return known[parameter]

    slugs = [record.slug for record in fuzz_records.values() if hasattr(record, "slug")]
    return {"fill": fill, "slugs": slugs}


def alert_token(short_name):
    """A valid token for the alert page named `short_name` (confirm, manage, unsubscribe), None for another page."""
    kind = {"confirm": tokens.CONFIRM, "manage": tokens.MANAGE, "unsubscribe": tokens.UNSUBSCRIBE}.get(short_name)
    return tokens.make(kind, "an-address-key") if kind else None


def answer(client, url):
    """The status of the site's answer to a GET of `url`, read to its end (a download streams), in a savepoint so
    that a failed query on PostgreSQL fails this case alone."""
    with transaction.atomic():
        response = client.get(url, HTTP_ACCEPT="text/html,*/*;q=0.8")
        if response.streaming:
            b"".join(response.streaming_content)
        return response.status_code


def test_the_fuzz_makes_enough_cases_over_addresses_of_every_kind():
    assert sum(cases_for(address) for address in ADDRESSES) >= MIN_CASES
    templates = {address[0] for address in ADDRESSES}
    assert {"agreements/", "es/acuerdos/%(slug)s/", "api/agreements/%(slug)s/", "events/calendar.ics"} <= templates
    assert {"agreements/feed/", "es/temas/%(slug)s/feed/", "sitemap-%(section)s.xml", "search/"} <= templates


@pytest.mark.parametrize("address", ADDRESSES, ids=[address[0] or "/" for address in ADDRESSES])
def test_no_generated_request_answers_a_server_error(address, fuzz_rows, client):
    cases = []

    @seed(zlib.crc32(address[0].encode()))
    @settings(
        max_examples=cases_for(address),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(requests(address, fuzz_rows))
    def case(url):
        cases.append(url)
        status = answer(client, url)
        assert status < 500, f"{url} answered {status}"

    case()
    assert len(cases) >= cases_for(address)
