import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import resolve
from django.utils import timezone, translation

from records.models import PublicationStatus
from tests import factories

FOLLOWED = "/agreements/?topic=customs&country=SV"


class Clock:
    """The time every timezone.now() reads while the test runs, moved on by hand."""

    def __init__(self, now):
        self.now = now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def outbox(db, mailoutbox):
    """The emails sent (the locmem backend's outbox), set up after the database, whose set-up empties it."""
    return mailoutbox


@pytest.fixture
def customs(db):
    return factories.TopicFactory(slug="customs", name="Customs", name_es="Aduanas")


@pytest.fixture
def salvador(db):
    return factories.OrganizationFactory(slug="dgme", country="SV")


def agreement(title, topic, party, *, published=True, **fields):
    """An agreement on `topic` with `party`, saved as a draft and then, if `published`, published now (its
    published_at is the clock's time)."""
    record = factories.AgreementFactory(title=title, publication_status=PublicationStatus.DRAFT, **fields)
    record.topics.add(topic)
    factories.AgreementPartyFactory(agreement=record, organization=party)
    if published:
        record.set_publication_status(PublicationStatus.PUBLISHED, None)
        record.save()
    return record


def links(message):
    """The paths of the links in an email's plain text."""
    return [urlsplit(url).path for url in re.findall(r"https?://\S+", message.body)]


def link(message, kind):
    """The path of the email's one link to a page of `kind` (confirm, manage, unsubscribe), in either language."""
    (found,) = [path for path in links(message) if page_name(path) == kind]
    return found


def page_name(path):
    """The URL name of `path`, read in the language its prefix says (a Spanish address is translated)."""
    with translation.override("es" if path.startswith("/es/") else "en"):
        return resolve(path or "/").url_name


def follow(client, url=FOLLOWED, email="ana@example.org", language="en", frequency="immediately", **options):
    return client.post(
        "/follow/" if language == "en" else "/es/seguir/",
        {"url": url, "email": email, "language": language, "frequency": frequency},
        **options,
    )


def confirm(client, message):
    """Open the confirmation link of `message` and confirm every request it lists."""
    path = link(message, "confirm")
    page = client.get(path)
    ids = re.findall(r'name="follow" value="(\d+)"', page.content.decode())
    return client.post(path, {"follow": ids})


@pytest.fixture
def followed(client, outbox, clock, customs, salvador):
    """ana@example.org follows FOLLOWED immediately, confirmed; the confirmation email is cleared from the outbox."""
    follow(client)
    confirm(client, outbox[0])
    outbox.clear()
    clock.advance(minutes=1)


def member_client(group_name, django_user_model, client):
    user = django_user_model.objects.create_user(group_name.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return client
