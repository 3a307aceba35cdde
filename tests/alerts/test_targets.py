"""A topic, country, organization or person followed gets what its page's lists show of it."""

import pytest
from django.core.management import call_command

from records.models import PublicationStatus
from tests import factories
from tests.alerts.conftest import agreement, confirm, follow


def publish(record):
    record.set_publication_status(PublicationStatus.PUBLISHED, None)
    record.save()
    return record


def digest_for(client, outbox, clock, url, make_records):
    """Follow `url` (immediately, confirmed), let `make_records()` publish, run the sender: the digest's text, or ""
    when none was sent."""
    follow(client, url=url)
    confirm(client, outbox[0])
    outbox.clear()
    clock.advance(minutes=1)
    make_records()
    clock.advance(minutes=1)
    call_command("send_alerts", verbosity=0)
    return outbox[0].body if outbox else ""


@pytest.mark.parametrize("url", ["/topics/customs/", "/countries/SV/", "/organizations/dgme/"])
def test_a_record_page_links_to_the_follow_form(client, customs, salvador, url):
    assert f'href="/follow/?url={url}"' in client.get(url).content.decode()


def test_a_topic_follow_gets_agreements_programs_and_events_on_it(client, outbox, clock, customs, salvador):
    def make():
        agreement("Customs agreement", customs, salvador)
        program = factories.TrainingProgramFactory(title="Customs course", publication_status=PublicationStatus.DRAFT)
        program.topics.add(customs)
        publish(program)
        factories.EventFactory(title="Other meeting")  # no topic, and published without published_at

    body = digest_for(client, outbox, clock, "/topics/customs/", make)

    assert "Customs agreement" in body and "Customs course" in body
    assert "Other meeting" not in body


def test_a_country_follow_gets_what_its_page_shows(client, outbox, clock, customs, salvador):
    def make():
        agreement("Agreement with El Salvador", customs, salvador)
        publish(factories.PersonFactory(name="Salvadoran official", country="SV", publication_status="draft"))
        publish(factories.PersonFactory(name="Guatemalan official", country="GT", publication_status="draft"))

    body = digest_for(client, outbox, clock, "/countries/SV/", make)

    assert "Agreement with El Salvador" in body and "Salvadoran official" in body
    assert "Guatemalan official" not in body


def test_a_person_follow_gets_the_agreements_they_signed(client, outbox, clock, customs, salvador):
    person = factories.PersonFactory(slug="ana-perez")

    def make():
        signed = agreement("Signed by her", customs, salvador, published=False)
        factories.SignatoryFactory(agreement=signed, person=person)
        publish(signed)
        agreement("Signed by someone else", customs, salvador)

    body = digest_for(client, outbox, clock, "/people/ana-perez/", make)

    assert "Signed by her" in body
    assert "Signed by someone else" not in body


def test_an_organization_follow_gets_the_agreements_it_is_party_to(client, outbox, clock, customs, salvador):
    def make():
        agreement("Party to it", customs, salvador)
        agreement("Not party to it", customs, factories.OrganizationFactory())

    body = digest_for(client, outbox, clock, "/organizations/dgme/", make)

    assert "Party to it" in body
    assert "Not party to it" not in body


def test_a_follow_whose_topic_was_withdrawn_gets_nothing(client, outbox, clock, customs, salvador):
    def make():
        agreement("Customs agreement", customs, salvador)
        customs.publication_status = PublicationStatus.DRAFT
        customs.save()

    assert digest_for(client, outbox, clock, "/agreements/?topic=customs", make) == ""
