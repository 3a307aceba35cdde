"""Curators see follows and their counts; only Publishers see the addresses."""

import pytest
from django.test import Client

from alerts.models import Follow
from tests.alerts.conftest import follow, member_client

CHANGELIST = "/admin/alerts/follow/"


@pytest.fixture
def follows(client, outbox, customs, salvador):
    follow(client, email="ana@example.org")
    follow(client, email="ben@example.org")
    follow(client, email="ana@example.org", url="/topics/customs/")


def test_an_editor_sees_the_follows_and_counts_but_no_address(follows, django_user_model):
    editor = member_client("Editors", django_user_model, Client())

    page = editor.get(CHANGELIST).content.decode()
    search = editor.get(CHANGELIST, {"q": "ana"}).content.decode()
    detail = editor.get(f"{CHANGELIST}{Follow.objects.first().pk}/change/")

    assert detail.status_code == 200
    assert "Agreements (Topic: Customs; Country of a party: El Salvador)" in page
    assert "<td>0</td><td>2</td>" in page, "two unconfirmed follows of the list"
    assert "example.org" not in page + search + detail.content.decode()


def test_a_publisher_sees_the_addresses(follows, django_user_model):
    publisher = member_client("Publishers", django_user_model, Client())

    page = publisher.get(CHANGELIST, {"q": "ana"}).content.decode()

    assert "ana@example.org" in page
    assert "ben@example.org" not in page


def test_nobody_adds_or_edits_a_follow_in_the_admin(follows, django_user_model):
    publisher = member_client("Publishers", django_user_model, Client())

    assert publisher.get(f"{CHANGELIST}add/").status_code == 403
    change = f"{CHANGELIST}{Follow.objects.first().pk}/change/"
    assert publisher.post(change, {"frequency": "weekly"}).status_code == 403
    assert Follow.objects.filter(frequency="weekly").count() == 0
