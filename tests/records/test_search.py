"""Search through the index (records/search.py), on whichever database the suite runs: SQLite's FTS5 table or
PostgreSQL's tsvector with its GIN index; each word found by its beginning or by its Spanish or English stem."""

import pytest
from django.core.management import call_command

from agreements.models import Agreement
from people.models import Organization, Person
from records.models import PublicationStatus
from records.search import SearchEntry, fold
from tests import factories
from tests.helpers import listed, page_text

pytestmark = pytest.mark.django_db


def found(model, q):
    return [str(record) for record in model.objects.published().search(q)]


def found_on_page(client, search_page, q):
    """The slugs of the records the search page shows for `q`, in every group, or lists behind a group's "See all"
    (the first page of the list filtered by the same words)."""
    response = client.get(search_page, {"q": q})
    assert response.status_code == 200
    found = set()
    for group in response.context["groups"]:
        found.update(listed(client, group.list_url) if group.truncated else [record.slug for record in group.items])
    return found


def test_folding_drops_case_accents_and_punctuation():
    assert fold("Miguel KATTÁN, D.G.M.E.") == "miguel kattan d g m e"
    assert fold("Straße  Cucalón") == "strasse cucalon"


@pytest.mark.parametrize("q", ["kattan", "KATTAN", "Kattán", "kattán"])
def test_search_finds_a_name_whatever_its_case_and_accents(q):
    factories.PersonFactory(name="Miguel Kattán")
    assert found(Person, q) == ["Miguel Kattán"]


def test_search_with_an_accent_finds_a_record_written_without_it():
    factories.PersonFactory(name="Ricardo Cucalon")
    assert found(Person, "Cucalón") == ["Ricardo Cucalon"]


def test_search_finds_a_name_by_the_beginning_of_a_word():
    factories.PersonFactory(name="Troy A. Miller")
    factories.PersonFactory(name="Emil Smith")
    assert found(Person, "Mill") == ["Troy A. Miller"]
    assert found(Person, "troy mil") == ["Troy A. Miller"]


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("aduanas", "Acuerdo aduanero"),
        ("acuerdos", "Acuerdo aduanero"),
        ("asistencias", "Asistencia técnica"),
        ("asistente", "Asistencia técnica"),
        ("agreements", "Customs agreement"),
        ("trainings", "Training course"),
        ("policy", "Border policies"),
    ],
)
def test_a_word_finds_its_inflections_in_spanish_and_english(q, title):
    for other in ("Acuerdo aduanero", "Asistencia técnica", "Customs agreement", "Training course", "Border policies"):
        factories.AgreementFactory(title=other)
    assert found(Agreement, q) == [title]


@pytest.mark.parametrize("q", ["asist", "asistenc", "memorand", "aduaner", "agree", "custom"])
def test_a_word_is_still_found_by_its_beginning_where_stems_differ(q):
    factories.AgreementFactory(title="Customs agreements", title_es="Memorándum de asistencia aduanera")
    factories.AgreementFactory(title="Other")
    assert found(Agreement, q) == ["Customs agreements"]


def test_every_word_of_the_search_must_match():
    factories.AgreementFactory(title="Customs agreement", summary="Mutual assistance.")
    factories.AgreementFactory(title="Customs memorandum")
    assert found(Agreement, "customs mutual") == ["Customs agreement"]


def test_search_finds_a_record_by_the_title_of_a_source_it_cites():
    source = factories.SourceFactory(title="Guatemala y Estados Unidos suscriben acuerdo de asistencia mutua")
    factories.AgreementFactory(title="Customs Mutual Assistance Agreement", sources=[source])
    assert found(Agreement, "asistencia") == ["Customs Mutual Assistance Agreement"]


def test_a_title_match_ranks_before_a_summary_match_on_the_search_page(client):
    factories.AgreementFactory(title="Memorandum on ports", summary="Cooperation on customs.", signed_on="2025")
    factories.AgreementFactory(title="Customs agreement", summary="Ports.", signed_on="2001")
    html = page_text(client, "/search/?q=customs")
    assert html.index("Customs agreement") < html.index("Memorandum on ports")


def test_a_title_match_by_a_stem_ranks_before_a_summary_match():
    factories.AgreementFactory(title="Programa regional", summary="Asistencia técnica.", signed_on="2025")
    factories.AgreementFactory(title="Asistencia técnica", summary="Programa.", signed_on="2001")
    assert found(Agreement, "asistencias") == ["Asistencia técnica", "Programa regional"]


def test_an_acronym_match_ranks_before_a_description_match():
    factories.OrganizationFactory(name="Border agency", description="Works with the DGME.")
    factories.OrganizationFactory(name="Dirección General de Migración y Extranjería", acronym="DGME")
    assert found(Organization, "dgme") == ["Dirección General de Migración y Extranjería (DGME)", "Border agency"]


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW])
def test_search_never_finds_an_unpublished_record(client, status):
    factories.PersonFactory(name="Miguel Kattán", publication_status=status)
    assert found(Person, "kattan") == []
    assert "Nothing matches" in page_text(client, "/search/?q=kattan")
    assert listed(client, "/people/?q=kattan") == []


def test_an_edit_updates_the_index():
    person = factories.PersonFactory(name="Troy Miller")
    person.name = "Chris Magnus"
    person.save()
    assert found(Person, "miller") == []
    assert found(Person, "magnus") == ["Chris Magnus"]


def test_a_deleted_record_leaves_the_index():
    person = factories.PersonFactory(name="Troy Miller")
    factories.PersonFactory(name="Ana Miller")
    person.delete()
    Person.objects.filter(name="Ana Miller").delete()
    assert not SearchEntry.objects.exists()


def test_an_edited_source_title_updates_the_records_citing_it():
    source = factories.SourceFactory(title="A report")
    factories.AgreementFactory(title="Customs agreement", sources=[source])
    source.title = "Un informe sobre aduanas"
    source.save()
    assert found(Agreement, "informe") == ["Customs agreement"]


def test_rebuilding_the_index_finds_records_written_without_signals():
    Person.objects.bulk_create([Person(name="José Mayorga", slug="mayorga", publication_status="published")])
    assert found(Person, "jose") == []

    call_command("rebuild_search_index", verbosity=0)

    assert found(Person, "jose") == ["José Mayorga"]


def test_the_lists_words_filter_uses_the_same_index(client):
    factories.PersonFactory(name="Miguel Kattán", slug="kattan")
    factories.PersonFactory(name="Troy Miller", slug="miller")
    factories.AgreementFactory(title="Memorándum de entendimiento", slug="mou")
    assert listed(client, "/people/?q=KATTAN") == ["kattan"]
    assert listed(client, "/people/?q=mill") == ["miller"]
    assert listed(client, "/agreements/?q=memorandum") == ["mou"]
    assert listed(client, "/es/acuerdos/?q=memorandos") == ["mou"]


def test_a_search_of_punctuation_alone_finds_nothing(client):
    factories.PersonFactory(name="Troy Miller", slug="miller")
    assert found(Person, "%%% ***") == []
    assert listed(client, "/people/?q=%25%25") == []


def test_search_finds_the_seed_articles_people_and_agreements_in_the_dataset(dataset):
    assert "Miguel Kattán" in found(Person, "Kattan")
    assert "Ricardo Cucalón" in found(Person, "Cucalon")
    assert found(Agreement, "memorandum")
    assert found(Agreement, "asistencia")


CMAA, DGME_MOU = "us-el-salvador-cmaa", "cbp-dgme-passenger-information-mou"


@pytest.mark.parametrize(
    ("q", "slug"),
    [
        ("acuerdo", CMAA),
        ("acuerdos", CMAA),
        ("aduanas", CMAA),
        ("asistencia mutua", CMAA),
        ("acuerdo asistencia mutua", CMAA),
        ("Asistencia Mutua Aduanera", CMAA),
        ("memorándum", DGME_MOU),
        ("memorandum", DGME_MOU),
        ("memorandos", DGME_MOU),
        ("memorándum DGME viajeros", DGME_MOU),
        ("memorandum dgme", DGME_MOU),
        ("customs agreement", CMAA),
        ("customs agreements", CMAA),
        ("customs mutual assistance el salvador", CMAA),
        ("trainings", "miller-ilea-san-salvador-visit-2024"),
        ("Kattán", "miguel-kattan"),
        ("kattan", "miguel-kattan"),
        ("kat", "miguel-kattan"),
    ],
)
@pytest.mark.parametrize("search_page", ["/search/", "/es/buscar/"])
def test_search_finds_the_seed_records_by_their_spanish_and_english_texts(client, dataset, search_page, q, slug):
    assert slug in found_on_page(client, search_page, q)


def test_a_spanish_text_added_later_is_found_at_once():
    agreement = factories.AgreementFactory(title="Customs cooperation")
    assert found(Agreement, "cooperacion aduanera") == []

    agreement.title_es = "Cooperación aduanera"
    agreement.save(update_fields=["title_es"])

    assert found(Agreement, "cooperacion aduanera") == [str(agreement)]
