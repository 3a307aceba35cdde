"""From the "Follow by email" link of a filtered list to the one digest of what was published there."""

from django.core.management import call_command
from django.utils import translation

from alerts.models import Follow
from tests import factories
from tests.alerts.conftest import FOLLOWED, agreement, confirm, follow, link, links


def test_the_list_links_to_the_follow_form_with_its_filters(client, customs, salvador):
    page = client.get(FOLLOWED).content.decode()

    assert 'href="/follow/?url=/agreements/%3Ftopic%3Dcustoms%26country%3DSV"' in page


def test_the_follow_form_says_what_is_followed(client, customs, salvador):
    response = client.get("/follow/", {"url": FOLLOWED})

    assert response.status_code == 200
    assert "Agreements (Topic: Customs; Country of a party: El Salvador)" in response.content.decode()


def test_a_confirmed_follow_gets_one_digest_of_the_matching_record(client, outbox, clock, customs, salvador):
    response = follow(client, email="Ana@Example.org")
    assert response.status_code == 302
    (confirmation,) = outbox
    assert confirmation.to == ["ana@example.org"]
    assert confirmation.subject == "Confirm your Pacta email alerts"
    assert "Agreements (Topic: Customs; Country of a party: El Salvador)" in confirmation.body
    assert not any("ana" in path for path in links(confirmation)), "the links name a key, not the address"

    clock.advance(minutes=1)
    agreement("Published before confirmation", customs, salvador)
    call_command("send_alerts", verbosity=0)
    assert len(outbox) == 1, "nothing but the confirmation before the address confirms"

    clock.advance(minutes=1)
    page = confirm(client, confirmation)
    assert "Confirmed." in page.content.decode()
    clock.advance(minutes=1)
    agreement("Customs cooperation with El Salvador", customs, salvador, summary="Exchange of customs information.")
    agreement("Customs cooperation with Guatemala", customs, factories.OrganizationFactory(country="GT"))
    agreement("Draft customs cooperation with El Salvador", customs, salvador, published=False)
    clock.advance(minutes=1)
    call_command("send_alerts", verbosity=0)

    assert len(outbox) == 2
    digest = outbox[1]
    assert digest.to == ["ana@example.org"]
    assert digest.subject == "1 new record on Agreements (Topic: Customs; Country of a party: El Salvador) · Pacta"
    assert "Customs cooperation with El Salvador" in digest.body
    assert "Exchange of customs information." in digest.body
    assert "8 October 2024" in digest.body
    for absent in ("Guatemala", "Draft", "Published before confirmation"):
        assert absent not in digest.body
    html, mimetype = digest.alternatives[0]
    assert mimetype == "text/html"
    assert "Customs cooperation with El Salvador" in html and "Guatemala" not in html
    unsubscribe = link(digest, "unsubscribe")
    assert digest.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{unsubscribe}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    clock.advance(minutes=5)
    call_command("send_alerts", verbosity=0)
    assert len(outbox) == 2, "a second run sends nothing new"


def test_a_spanish_follow_gets_its_emails_in_spanish(client, outbox, clock, customs, salvador):
    follow(client, url="/es/acuerdos/?topic=customs&country=SV", language="es")
    (confirmation,) = outbox
    assert "Acuerdos (Tema: Aduanas; País de una parte: El Salvador)" in confirmation.body
    assert link(confirmation, "confirm").startswith("/es/")
    confirm(client, confirmation)
    clock.advance(minutes=1)
    record = agreement("Customs cooperation", customs, salvador, title_es="Cooperación aduanera")
    clock.advance(minutes=1)

    call_command("send_alerts", verbosity=0)

    digest = outbox[1]
    with translation.override("es"):
        assert record.get_absolute_url() in digest.body
    assert "Cooperación aduanera" in digest.body
    assert "8 de octubre de 2024" in digest.body
    assert '<html lang="es">' in digest.alternatives[0][0]
    assert Follow.objects.get().language == "es"
