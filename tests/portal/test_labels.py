"""Country names, choice labels and record links worked out once per language or URL prefix (records/labels.py) read
exactly as Django's own lookups would, in whichever order languages and prefixes come."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, set_script_prefix
from django.utils import translation

from agreements.models import Agreement, AgreementKind, AgreementStatus
from records import labels
from tests import factories


@pytest.fixture
def cmaa(db):
    agreement = factories.AgreementFactory(title="Customs pact", slug="customs-pact")
    customs = factories.OrganizationFactory(name="Customs", slug="customs", country="US")
    factories.AgreementPartyFactory(agreement=agreement, organization=customs)
    agreement.topics.add(factories.TopicFactory(name="Border security", slug="border-security"))
    return agreement


def test_a_card_names_a_partys_country_in_each_pages_language_in_turn(client, cmaa):
    pages = [client.get(url) for url in ("/es/acuerdos/", "/agreements/", "/es/acuerdos/")]

    spanish, english, spanish_again = (page.content.decode() for page in pages)
    assert "(Estados Unidos" in spanish
    assert "(United States" in english
    assert "Estados Unidos" not in english
    assert "(Estados Unidos" in spanish_again


def test_the_country_facet_names_countries_in_the_pages_language(client, cmaa):
    with translation.override("es"):
        spanish_name = labels.country_name("US")

    response = client.get("/es/acuerdos/")

    options = next(control for control in response.context["filter_controls"] if control["field"].name == "country")
    assert [option.label for option in options["options"]] == [spanish_name]
    assert spanish_name.startswith("Estados Unidos")


def test_record_links_follow_the_script_prefix_in_force_at_each_call(cmaa):
    # What a WSGI server mounting the site under /pacta sets per request (the test client never sets it).
    set_script_prefix("/pacta/")
    try:
        prefixed = labels.record_url(cmaa)
    finally:
        clear_script_prefix()

    assert prefixed == "/pacta/agreements/customs-pact/"
    assert labels.record_url(cmaa) == "/agreements/customs-pact/"


@pytest.mark.parametrize("language", ["en", "es"])
def test_record_links_and_choice_labels_are_what_django_gives(db, language):
    records = [
        # "Not yet in force" needs the source that says so.
        factories.AgreementFactory(
            slug=f"agreement-{kind}",
            kind=kind,
            status=status,
            status_source=factories.SourceFactory() if status == AgreementStatus.NOT_IN_FORCE else None,
        )
        for kind, status in zip(AgreementKind.values, AgreementStatus.values * 2, strict=False)
    ]

    with translation.override(language):
        for record in records:
            assert labels.record_url(record) == record.get_absolute_url()
            assert labels.choice_label(record, "kind") == record.get_kind_display()
            assert labels.choice_label(record, "status") == record.get_status_display()


def test_a_value_outside_the_choices_is_shown_as_stored_as_django_does():
    record = Agreement(kind="retired_kind")

    assert labels.choice_label(record, "kind") == record.get_kind_display() == "retired_kind"


@pytest.mark.parametrize("slug", ["", "with space", "accentué"])
def test_a_slug_no_url_accepts_is_refused_as_reverse_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        labels.record_url(Agreement(slug=slug))


def test_an_unknown_or_missing_country_has_no_name():
    assert labels.country_name("") == ""
    assert labels.country_name(None) == ""
    assert labels.country_name("ZZ") == ""
