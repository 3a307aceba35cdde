"""The customs mutual assistance agreements of the CMAA research (shared/data/cmaa.json): each loaded once, with
its passages, its dates at their precision and its predecessor; the CMAA list says how complete it is."""

import re
from collections import Counter

import pytest

from agreements.models import Agreement, AgreementKind, AgreementParty, AgreementStatus

# Every agreement of the research, in its order: slug, signed on, in force on (South Africa keeps the year its
# record already had from S19's context, where the research gives none).
RESEARCH = [
    ("us-france-customs-frauds-notes-1936", "1936-12", "1936-12-15"),
    ("us-austria-cmaa", "1976-09-15", "1978-07-03"),
    ("us-canada-cmaa", "1984-06-20", "1985-01-08"),
    ("us-republic-of-korea-cmaa", "1986-11-03", "1987-03-10"),
    ("us-sweden-cmaa", "1987-07-08", "1988-05-08"),
    ("us-finland-cmaa", "", ""),
    ("us-italy-cmaa", "", "1989-11-01"),
    ("us-ussr-cmaa", "1990-06-02", ""),
    ("us-spain-cmaa", "1990-07-03", ""),
    ("us-poland-cmaa", "1990-08-08", ""),
    ("us-czechoslovakia-cmaa", "1991-05-07", ""),
    ("us-belgium-cmaa", "1991-06-26", "1993-05-01"),
    ("us-greece-cmaa", "", ""),
    ("us-france-cmaa", "1993-12-03", "1994-07-01"),
    ("us-russia-cmaa", "1994-09-28", ""),
    ("us-mongolia-cmaa", "1996", ""),
    ("us-netherlands-cmaa", "1996-10-28", ""),
    ("eu-us-customs-cooperation-agreement", "1997-05-28", "1997-08-01"),
    ("us-kazakhstan-cmaa", "1997-11-18", "2000-08-21"),
    ("us-latvia-cmaa", "1998-04-17", "1999-07-23"),
    ("us-romania-cmaa", "1998-07-16", "1999-06-01"),
    ("us-china-cmaa", "1999-04-09", "2003-04-10"),
    ("us-colombia-cmaa", "1999-09-21", "1999-09-21"),
    ("us-mexico-cmaa", "2000-06-20", "2000-06-20"),
    ("us-philippines-cmaa", "2000-07-27", ""),
    ("us-bulgaria-cmaa", "2000-11-06", "2004-04-01"),
    ("us-south-africa-cmaa", "2000", "2001-08-01"),
    ("ait-tecro-cmaa", "2001-01-17", "2001-01-17"),
    ("us-brazil-cmaa", "2002-06-20", ""),
    ("us-india-cmaa", "2004-12-15", ""),
    ("us-jordan-cmaa", "2004-12-09", ""),
    ("us-dominican-republic-cmaa", "2005-10-31", ""),
    ("us-peru-cmaa", "2006-03-01", ""),
    ("us-azerbaijan-cmaa", "2007-02-07", "2007-06-25"),
    ("us-bahrain-cmaa", "2010", ""),
    ("us-morocco-cmaa", "2013-11-21", ""),
    ("us-uruguay-cmaa", "2014-05", "2015"),
    ("us-chile-cmaa", "2014-06-30", "2014-08-14"),
    ("us-kenya-cmaa", "2014-08-06", ""),
    ("us-singapore-cmaa", "2014-12-01", ""),
    ("us-malaysia-cmaa", "2014-12-09", ""),
    ("us-ukraine-cmaa", "2016-05-23", ""),
    ("us-bolivia-cmaa", "", ""),
    ("us-georgia-cmaa", "", ""),
    ("us-kuwait-cmaa", "2017-09-07", ""),
    ("us-tunisia-cmaa", "", ""),
    ("us-vietnam-cmaa", "2019-12-06", "2020-05-20"),
    ("us-paraguay-cmaa", "2020-07-13", ""),
    ("us-united-kingdom-cmaa", "2020-12-16", ""),
    ("us-guatemala-cmaa", "2022", ""),
    ("us-armenia-cmaa", "2024-06-11", ""),
    ("us-uzbekistan-cmaa", "2024", ""),
    ("us-el-salvador-cmaa", "2024-10-08", ""),
    ("us-cabo-verde-cmaa", "", ""),
    ("us-costa-rica-cmaa", "", ""),
    ("us-japan-cmaa", "", ""),
]
PREDECESSORS = [
    ("us-france-cmaa", "us-france-customs-frauds-notes-1936"),
    ("us-russia-cmaa", "us-ussr-cmaa"),
]
US_PARTIES = {"government-of-the-united-states", "cbp", "us-customs-service", "american-institute-in-taiwan"}


def test_every_agreement_of_the_research_is_published_with_its_dates_at_their_precision(dataset):
    agreements = Agreement.objects.published().in_bulk([slug for slug, _, _ in RESEARCH], field_name="slug")

    assert len(agreements) == len(RESEARCH) == 56
    for slug, signed_on, in_force_on in RESEARCH:
        assert (agreements[slug].signed_on, agreements[slug].in_force_on) == (signed_on, in_force_on), slug


def test_each_counterpart_has_one_customs_mutual_assistance_agreement(dataset):
    rows = AgreementParty.objects.filter(role="party", agreement__kind=AgreementKind.CMAA).exclude(
        organization__slug__in=US_PARTIES
    )
    counterparts = Counter(rows.values_list("organization__slug", flat=True))

    assert len(counterparts) == Agreement.objects.published().filter(kind=AgreementKind.CMAA).count() == 55
    assert {slug: count for slug, count in counterparts.items() if count != 1} == {}


@pytest.mark.parametrize(("slug", "signed_on", "in_force_on"), RESEARCH, ids=[slug for slug, _, _ in RESEARCH])
def test_research_agreement_cites_its_passages_and_the_source_of_its_status(dataset, slug, signed_on, in_force_on):
    agreement = Agreement.objects.get(slug=slug)
    passages = agreement.citations.exclude(excerpt="")

    assert passages.exists()
    assert agreement.certainty_note_en and agreement.certainty_note_es
    if in_force_on:
        assert agreement.status == AgreementStatus.IN_FORCE
        assert passages.filter(source=agreement.status_source).exists()


def test_conflicts_are_disputed_and_inferred_years_unverified(dataset):
    certainty = dict(Agreement.objects.values_list("slug", "certainty"))

    assert {slug for slug, level in certainty.items() if level == "disputed"} >= {
        "us-uzbekistan-cmaa",
        "us-uruguay-cmaa",
        "eu-us-customs-cooperation-agreement",
    }
    assert certainty["us-kuwait-cmaa"] == certainty["us-philippines-cmaa"] == "unverified"


def test_predecessors_are_linked_as_succeeded(dataset):
    for successor, predecessor in PREDECESSORS:
        agreement = Agreement.objects.get(slug=successor)
        assert agreement.relations_from.filter(kind="succeeds", target__slug=predecessor).exists()


def test_guatemala_agreement_has_the_year_of_its_signing(dataset):
    assert Agreement.objects.get(slug="us-guatemala-cmaa").signed_on == "2022"


def coverage_note(response):
    found = re.search(r'<p class="list-note" id="cmaa-coverage">(.*?)</p>', response.content.decode(), re.S)
    return found and found.group(1)


def test_cmaa_list_says_how_many_cbp_counts_and_how_many_pacta_holds(dataset, client):
    held = Agreement.objects.published().filter(kind=AgreementKind.CMAA).count()

    note = coverage_note(client.get("/agreements/?kind=cmaa"))

    assert "82 customs mutual assistance agreements by 2020" in note
    assert "mid-80s" in note
    assert f"Pacta holds {held} of them" in note


@pytest.mark.parametrize("query", ["", "?kind=mou", "?kind=cmaa&kind=mou", "?kind=cmaa&q=Austria", "?kind=bogus"])
def test_coverage_note_is_shown_only_on_the_list_of_cmaas_alone(dataset, client, query):
    assert coverage_note(client.get(f"/agreements/{query}")) is None
