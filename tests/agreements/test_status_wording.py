"""An agreement's status says only what is known: a signature with no entry into force recorded is not "not yet in
force", which only a source can say; the page names the source of a status; the lists' stages and facets agree."""

import csv
import io
import json
import re

import pytest

from agreements.models import AgreementStatus
from tests import factories
from tests.helpers import admin_listed, facet, listed, page, page_text

pytestmark = pytest.mark.django_db

AGREEMENTS = "/agreements/"

WORDING = {
    AgreementStatus.SIGNED: "Signed — entry into force not recorded",
    AgreementStatus.NOT_IN_FORCE: "Signed — not yet in force",
    AgreementStatus.IN_FORCE: "In force",
    AgreementStatus.SUSPENDED: "Suspended",
}


def status_fact(html):
    """What the key facts say after "Status"."""
    return re.search(r"<dt>Status</dt><dd>(.*?)</dd>", html, re.S).group(1)


@pytest.mark.parametrize("status", [AgreementStatus.IN_FORCE, AgreementStatus.NOT_IN_FORCE, AgreementStatus.SUSPENDED])
def test_a_sourced_status_names_its_source_linked_to_its_entry_on_the_page(client, status):
    source = factories.SourceFactory(key="S12")
    agreement = factories.AgreementFactory(status=status, status_source=source, sources=[source])

    html = page(client, agreement)

    assert status_fact(html) == f'{WORDING[status]} (per <a href="#source-S12" class="source-ref">S12</a>)'
    assert 'id="source-S12"' in html


@pytest.mark.parametrize("status", [AgreementStatus.SIGNED, AgreementStatus.IN_FORCE])
def test_an_unsourced_status_is_shown_alone(client, status):
    agreement = factories.AgreementFactory(status=status)

    html = page(client, agreement)

    assert status_fact(html) == WORDING[status]
    assert "(per " not in html


def test_a_status_source_the_page_does_not_list_is_named_without_a_link(client):
    unlisted = factories.SourceFactory(key="S9")
    agreement = factories.AgreementFactory(status=AgreementStatus.IN_FORCE, status_source=unlisted)

    assert status_fact(page(client, agreement)) == "In force (per S9)"


def test_cards_tables_facets_and_exports_use_the_wording_and_exports_keep_the_code(client):
    source = factories.SourceFactory(key="S2")
    factories.AgreementFactory(slug="recorded", title="No record of force", status=AgreementStatus.SIGNED)
    factories.AgreementFactory(
        slug="not-yet", title="Not yet", status=AgreementStatus.NOT_IN_FORCE, status_source=source, sources=[source]
    )

    cards = page_text(client, AGREEMENTS)
    table = page_text(client, f"{AGREEMENTS}?view=table")
    for html in (cards, table):
        assert WORDING[AgreementStatus.SIGNED] in html
        assert WORDING[AgreementStatus.NOT_IN_FORCE] in html
        assert "Signed, not yet in force" not in html
    assert facet(client.get(AGREEMENTS), "status") == {"signed": 1, "not_in_force": 1}

    export = b"".join(client.get(f"{AGREEMENTS}?format=csv").streaming_content).decode("utf-8-sig")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(export))}
    assert (rows["recorded"]["status"], rows["recorded"]["status_display"]) == (
        "signed",
        WORDING[AgreementStatus.SIGNED],
    )
    assert rows["not-yet"]["status"] == "not_in_force"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lifecycle=signed", {"signed"}),
        ("lifecycle=not_in_force", {"not-yet"}),
        ("lifecycle=in_force", {"in-force"}),
        ("lifecycle=ended", {"expired"}),
        ("status=signed", {"signed"}),
        ("status=not_in_force", {"not-yet"}),
        ("status=signed&status=not_in_force", {"signed", "not-yet"}),
    ],
)
def test_stages_and_statuses_keep_an_unrecorded_entry_into_force_apart_from_a_sourced_not_yet(client, query, expected):
    source = factories.SourceFactory()
    factories.AgreementFactory(slug="signed", status=AgreementStatus.SIGNED)
    factories.AgreementFactory(slug="not-yet", status=AgreementStatus.NOT_IN_FORCE, status_source=source)
    factories.AgreementFactory(slug="in-force", status=AgreementStatus.IN_FORCE, in_force_on="2024-11")
    factories.AgreementFactory(slug="expired", status=AgreementStatus.EXPIRED, ended_on="2025")

    assert set(listed(client, f"{AGREEMENTS}?{query}")) == expected


def test_the_stage_choices_use_the_status_wording(client):
    html = page_text(client, AGREEMENTS)

    assert f'<option value="signed">{WORDING[AgreementStatus.SIGNED]}</option>' in html
    assert f'<option value="not_in_force">{WORDING[AgreementStatus.NOT_IN_FORCE]}</option>' in html


@pytest.mark.parametrize(
    ("status", "legal_force"),
    [
        (AgreementStatus.IN_FORCE, "https://schema.org/InForce"),
        (AgreementStatus.NOT_IN_FORCE, "https://schema.org/NotInForce"),
        (AgreementStatus.EXPIRED, "https://schema.org/NotInForce"),
        # No record of an entry into force says nothing about legal force.
        (AgreementStatus.SIGNED, None),
    ],
)
def test_structured_data_declares_legal_force_only_where_the_status_says(client, status, legal_force):
    source = factories.SourceFactory()
    agreement = factories.AgreementFactory(status=status, status_source=source)

    html = page(client, agreement)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))

    assert data.get("legislationLegalForce") == legal_force


def test_curators_see_a_not_yet_in_force_status_with_a_past_entry_into_force_as_a_contradiction(staff_client):
    source = factories.SourceFactory()
    stale = factories.AgreementFactory(
        status=AgreementStatus.NOT_IN_FORCE, status_source=source, signed_on="2019", in_force_on="2020-01-01"
    )
    factories.AgreementFactory(status=AgreementStatus.NOT_IN_FORCE, status_source=source)

    assert admin_listed(staff_client, "/admin/agreements/agreement/?dates_contradict=yes") == {stale}


def test_s_numbers_in_an_editorial_note_link_to_the_pages_sources_and_the_rest_stays_escaped(client):
    listed_source = factories.SourceFactory(key="S3")
    agreement = factories.AgreementFactory(
        note="Per S3 and S30 <b>not bold</b>; CBPS3 and S3a are no keys.", sources=[listed_source]
    )

    html = page(client, agreement)

    assert (
        'Per <a href="#source-S3" class="source-ref">S3</a> and S30 &lt;b&gt;not bold&lt;/b&gt;; CBPS3 and S3a are no'
        in html
    )
    assert '<li id="source-S3">' in html


def test_every_source_list_runs_in_the_order_of_the_keys_numbers(client):
    keys = ["S10", "S2", "Web", "S1", "S33", "Archive"]
    agreement = factories.AgreementFactory(sources=[factories.SourceFactory(key=key) for key in keys])

    assert re.findall(r'<li id="source-([^"]+)">', page(client, agreement)) == [
        "S1",
        "S2",
        "S10",
        "S33",
        "Archive",
        "Web",
    ]
