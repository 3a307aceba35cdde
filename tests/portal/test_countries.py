"""The country index (/countries/) and the summary, jump links and first records of a country's page."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.models import ParticipantCountry
from portal.countries import COUNTRY_GROUP_SIZE
from records.models import PublicationStatus
from tests import factories
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def index_rows(html):
    """{country name: (link, [counts in the table's column order])} of the country index; each count's cell is
    labelled with its column's heading for a phone, which hides the cells of 0."""
    html = html[html.index('<div class="country-index">') :]
    headings = re.findall(r'<th scope="col">([^<]+)</th>', html)[1:]
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th>(.*?)</tr>', html)
    index = {}
    for href, name, cells in rows:
        found = re.findall(r'<td data-label="([^"]+)"( class="none")?>(\d+)</td>', cells)
        assert [label for label, _none, _count in found] == headings
        assert all((none != "") == (count == "0") for _label, none, count in found)
        index[name] = (href, [int(count) for _label, _none, count in found])
    return index


def salvadoran_records():
    """One published record of each type in El Salvador, and a draft of each beside it."""
    ministry = factories.OrganizationFactory(name="Ministerio de Hacienda", country="SV")
    agreement = factories.AgreementFactory(title="Customs agreement")
    factories.AgreementPartyFactory(agreement=agreement, organization=ministry)
    # A second Salvadoran party: the agreement still counts once.
    factories.AgreementPartyFactory(agreement=agreement, organization=factories.OrganizationFactory(country="SV"))
    factories.PersonFactory(country="SV")
    factories.TrainingProgramFactory(country="SV", host=None)
    abroad = factories.TrainingProgramFactory(country="US", host=None)
    ParticipantCountry.objects.create(program=abroad, country="SV")
    factories.EventFactory(country="SV")
    draft_party = factories.OrganizationFactory(country="SV", publication_status=DRAFT)
    factories.AgreementPartyFactory(agreement=factories.AgreementFactory(), organization=draft_party)
    factories.AgreementPartyFactory(
        agreement=factories.AgreementFactory(publication_status=DRAFT), organization=ministry
    )
    factories.PersonFactory(country="SV", publication_status=DRAFT)
    factories.TrainingProgramFactory(country="SV", publication_status=DRAFT, host=None)
    factories.EventFactory(country="SV", publication_status=DRAFT)


# The index


def test_country_index_lists_each_country_with_its_published_records_by_type(client):
    salvadoran_records()
    html = page_text(client, "/countries/")
    rows = index_rows(html)
    # Agreements, organizations, officials, training programs, events: the abroad program is the US's too.
    assert rows["El Salvador"] == ("/countries/SV/", [1, 2, 1, 2, 1])
    assert rows["United States of America"] == ("/countries/US/", [0, 0, 0, 1, 0])
    assert list(rows) == ["El Salvador", "United States of America"]


def test_country_index_counts_a_program_held_in_and_attended_by_a_country_once(client):
    program = factories.TrainingProgramFactory(country="SV", host=None)
    ParticipantCountry.objects.create(program=program, country="SV")
    assert index_rows(page_text(client, "/countries/"))["El Salvador"][1] == [0, 0, 0, 1, 0]


def test_country_index_leaves_out_countries_with_drafts_only(client):
    factories.OrganizationFactory(country="GT", publication_status=DRAFT)
    factories.EventFactory(country="HN", publication_status=DRAFT)
    factories.PersonFactory(country="SV")
    assert list(index_rows(page_text(client, "/countries/"))) == ["El Salvador"]


def test_country_index_counts_agree_with_each_country_page(client):
    salvadoran_records()
    _href, counts = index_rows(page_text(client, "/countries/"))["El Salvador"]
    summary = re.findall(r'<a href="#group-[a-z-]+"><strong>(\d+)</strong>', page_text(client, "/countries/SV/"))
    assert [int(n) for n in summary] == counts


def test_country_index_is_sorted_by_name_in_the_pages_language(client):
    for code in ("DE", "US", "ES", "MX"):
        factories.OrganizationFactory(country=code)
    assert list(index_rows(page_text(client, "/countries/"))) == [
        "Germany",
        "Mexico",
        "Spain",
        "United States of America",
    ]
    with translation.override("es"):
        spanish = reverse("country-list")
    assert spanish.startswith("/es/")
    rows = index_rows(page_text(client, spanish))
    assert list(rows) == ["Alemania", "España", "Estados Unidos", "México"]
    with translation.override("es"):
        assert rows["México"][0] == reverse("country-detail", args=["MX"])


def test_country_index_says_so_when_no_country_has_records(client):
    factories.OrganizationFactory(country="SV", publication_status=DRAFT)
    html = page_text(client, "/countries/")
    assert "No country has published records yet." in html
    assert "<table" not in html


@pytest.mark.parametrize("countries", [1, 12])
def test_country_index_runs_a_fixed_number_of_queries_whatever_the_number_of_countries(get_within_budget, countries):
    for code in ["SV", "GT", "HN", "MX", "US", "CA", "CR", "PA", "CO", "PE", "CL", "AR"][:countries]:
        organization = factories.OrganizationFactory(country=code)
        factories.AgreementPartyFactory(organization=organization)
        factories.PersonFactory(country=code)
        factories.EventFactory(country=code)
        ParticipantCountry.objects.create(
            program=factories.TrainingProgramFactory(country=code, host=None), country="BR"
        )
    html = get_within_budget("/countries/", 6).content.decode()
    assert len(index_rows(html)) == countries + 1


def test_country_index_counts_come_from_the_cache_until_a_record_changes(client, django_assert_num_queries):
    factories.PersonFactory(country="SV")
    page_text(client, "/countries/")
    with django_assert_num_queries(0):
        assert index_rows(page_text(client, "/countries/"))["El Salvador"][1] == [0, 0, 1, 0, 0]
    factories.PersonFactory(country="SV")
    assert index_rows(page_text(client, "/countries/"))["El Salvador"][1] == [0, 0, 2, 0, 0]


def test_country_page_breadcrumb_links_to_the_country_index(client):
    html = page_text(client, "/countries/SV/")
    assert '<li><a href="/countries/">Countries</a></li>' in html


def test_country_index_is_in_the_sitemap(client):
    assert "/countries/</loc>" in page_text(client, "/sitemap-pages.xml")


# A country's page


def test_country_page_opens_with_counts_by_type_linking_to_each_group(client):
    salvadoran_records()
    html = page_text(client, "/countries/SV/")
    summary = re.findall(r'<a href="#(group-[a-z-]+)"><strong>(\d+)</strong> ([^<]+)</a>', html)
    assert summary == [
        ("group-agreement-list", "1", "Agreements"),
        ("group-organization-list", "2", "Organizations"),
        ("group-person-list", "1", "Officials"),
        ("group-program-list", "2", "Training programs"),
        ("group-event-list", "1", "Events"),
    ]
    for anchor, _count, _title in summary:
        assert f'<h2 id="{anchor}">' in html


def test_country_page_shows_the_first_records_of_a_type_and_links_to_all_of_them(client):
    for number in range(COUNTRY_GROUP_SIZE + 2):
        factories.EventFactory(title=f"Visit number {number:02}", country="SV")
    html = page_text(client, "/countries/SV/")
    assert html.count("Visit number") == COUNTRY_GROUP_SIZE
    assert f'<a href="/events/?country=SV">See all {COUNTRY_GROUP_SIZE + 2} events</a>' in html
    list_html = page_text(client, "/events/?country=SV")
    assert list_html.count("Visit number") == COUNTRY_GROUP_SIZE + 2
