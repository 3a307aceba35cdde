"""The "Follow by email" form: what it accepts, what it refuses with a message (never a 500), and its limits."""

import pytest

from alerts.models import Follow
from tests import factories
from tests.alerts.conftest import follow, link

BAD_ADDRESSES = [
    ("/agreements/?topic=no-such-topic", "“no-such-topic” is not among the published records."),
    ("/agreements/?country=XX", "Country of a party"),
    ("/agreements/?signed_after=yesterday", "Signed on or after"),
    ("/agreements/?" + "q=customs&" * 1000, "This address is too long to follow."),
    ("/about/", "Only a list, topic, country, organization or person page can be followed."),
    ("/no/such/page/", "Only a list, topic, country, organization or person page can be followed."),
    ("https://example.org/agreements/", "Only a list, topic, country, organization or person page can be followed."),
    ("", "Only a list, topic, country, organization or person page can be followed."),
    ("/topics/no-such-topic/", "“no-such-topic” is not among the published records."),
    ("/countries/ZZ/", "Country"),
]


@pytest.mark.parametrize(("url", "message"), BAD_ADDRESSES)
def test_an_address_that_cannot_be_followed_is_refused_with_a_message(client, outbox, customs, url, message):
    shown = client.get("/follow/", {"url": url})
    posted = follow(client, url=url)

    for response in (shown, posted):
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Follow.objects.exists()
    assert outbox == []


def test_a_malformed_email_address_is_refused_with_a_message(client, outbox, customs, salvador):
    response = follow(client, email="ana@")

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Follow.objects.exists()


def test_an_unknown_frequency_or_language_is_refused_with_a_message(client, outbox, customs, salvador):
    assert follow(client, frequency="hourly").status_code == 400
    assert follow(client, language="fr").status_code == 400
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    ("url", "target", "subject", "query"),
    [
        (
            "/agreements/?country=SV&topic=customs&sort=title&page=2&view=table&utm=x",
            "agreements",
            "",
            "country=SV&topic=customs",
        ),
        ("/es/acuerdos/?topic=customs&country=SV", "agreements", "", "country=SV&topic=customs"),
        ("/people/", "people", "", ""),
        ("/topics/customs/", "topic", "customs", ""),
        ("/countries/sv/", "country", "SV", ""),
        ("/organizations/dgme/", "organization", "dgme", ""),
    ],
)
def test_a_followed_address_is_stored_as_its_target_and_normalised_filters(
    client, outbox, customs, salvador, url, target, subject, query
):
    follow(client, url=url)

    assert Follow.objects.values_list("target", "subject", "query").get() == (target, subject, query)


def test_a_person_page_can_be_followed(client, outbox):
    person = factories.PersonFactory(slug="ana-perez")

    assert f'href="/follow/?url=/people/{person.slug}/"' in client.get(person.get_absolute_url()).content.decode()
    assert follow(client, url=f"/people/{person.slug}/").status_code == 302
    assert Follow.objects.get().target == "person"


def test_two_addresses_of_the_same_selection_are_one_follow(client, outbox, customs, salvador):
    follow(client, url="/agreements/?topic=customs&country=SV")
    follow(client, url="/agreements/?country=SV&topic=customs&topic=customs&sort=oldest")

    assert Follow.objects.count() == 1


def test_one_address_gets_at_most_one_confirmation_an_hour(client, outbox, customs, salvador):
    factories.TopicFactory(slug="energy")
    first = follow(client)
    second = follow(client, url="/agreements/?topic=energy")

    assert first.url == "/follow/sent/"
    assert second.url == "/follow/sent/?again=1"
    assert "already went to this address" in client.get(second.url).content.decode()
    assert len(outbox) == 1
    assert Follow.objects.unconfirmed().count() == 2


def test_the_first_confirmation_link_confirms_a_request_made_after_it(client, outbox, customs, salvador):
    factories.TopicFactory(slug="energy", name="Energy")
    follow(client)
    follow(client, url="/agreements/?topic=energy")

    page = client.get(link(outbox[0], "confirm")).content.decode()

    assert "Agreements (Topic: Customs; Country of a party: El Salvador)" in page
    assert "Agreements (Topic: Energy)" in page


def test_the_form_is_limited_per_client(client, outbox, customs, salvador, settings):
    settings.FOLLOW_REQUESTS_PER_HOUR = 2
    follow(client, email="a@example.org")
    follow(client, email="b@example.org")

    response = follow(client, email="c@example.org")

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "too many requests" in response.content.decode()
    assert Follow.objects.count() == 2
    assert follow(client, email="c@example.org", REMOTE_ADDR="192.0.2.7").status_code == 302


def test_a_confirmed_follow_asked_again_stays_as_it_was(client, outbox, followed):
    follow(client, frequency="weekly")

    assert Follow.objects.get().frequency == "immediately"


def test_a_mail_server_that_refuses_answers_503_with_the_form(client, outbox, customs, salvador, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)

    response = follow(client)

    assert response.status_code == 503
    assert "could not be sent" in response.content.decode()
