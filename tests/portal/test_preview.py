"""Draft preview: staff open an unpublished record's public page, marked as a preview; nobody else can."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from records.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW, PublicationStatus.PUBLISHED

RECORD_FACTORIES = {
    "organization": (factories.OrganizationFactory, "name"),
    "person": (factories.PersonFactory, "name"),
    "agreement": (factories.AgreementFactory, "title"),
    "program": (factories.TrainingProgramFactory, "title"),
    "event": (factories.EventFactory, "title"),
}
BANNER = "Preview — this record is"


def _record(kind, status):
    factory, title_field = RECORD_FACTORIES[kind]
    record = factory(publication_status=status)
    return record, getattr(record, title_field)


def _preview(client, record):
    return client.get(f"{record.get_absolute_url()}?preview=1")


@pytest.mark.parametrize("kind", RECORD_FACTORIES)
@pytest.mark.parametrize(("status", "label"), [(DRAFT, "draft"), (IN_REVIEW, "in review")])
def test_staff_preview_an_unpublished_record_with_a_banner_noindex_and_no_public_caching(
    staff_client, kind, status, label
):
    record, title = _record(kind, status)

    response = _preview(staff_client, record)

    assert response.status_code == 200
    content = response.content.decode()
    assert title in content
    assert 'role="status"' in content
    assert f"{BANNER} {label} and not public." in content
    assert '<meta name="robots" content="noindex">' in content
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    opts = record._meta
    assert reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]) in content


@pytest.mark.parametrize("kind", RECORD_FACTORIES)
def test_anonymous_readers_get_the_same_404_as_for_an_unknown_slug(client, kind):
    record, title = _record(kind, DRAFT)
    unknown = record.get_absolute_url().replace(record.slug, "no-such-record")

    previewed = _preview(client, record)
    not_found = client.get(f"{unknown}?preview=1")

    assert previewed.status_code == not_found.status_code == 404
    assert [t.name for t in previewed.templates] == [t.name for t in not_found.templates]
    assert title not in previewed.content.decode()


@pytest.mark.parametrize("kind", RECORD_FACTORIES)
def test_a_logged_in_reader_who_is_not_staff_gets_a_404(client, django_user_model, kind):
    client.force_login(django_user_model.objects.create_user("reader"))
    record, _ = _record(kind, IN_REVIEW)

    assert _preview(client, record).status_code == 404


def test_an_editor_whose_staff_status_was_removed_gets_a_404(client, django_user_model):
    former = django_user_model.objects.create_user("former-editor", is_staff=False)
    former.groups.add(Group.objects.get(name="Editors"))
    client.force_login(former)
    record, _ = _record("agreement", IN_REVIEW)

    assert _preview(client, record).status_code == 404


def test_staff_without_permission_to_see_the_record_type_get_a_404(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("intern", is_staff=True))
    record, _ = _record("agreement", DRAFT)

    assert _preview(client, record).status_code == 404


def test_an_editor_may_preview_what_they_are_about_to_submit(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    record, title = _record("event", DRAFT)

    response = _preview(client, record)

    assert response.status_code == 200
    assert title in response.content.decode()


def test_without_the_preview_parameter_staff_see_the_public_404(staff_client):
    record, _ = _record("person", DRAFT)

    assert staff_client.get(record.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", RECORD_FACTORIES)
@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_a_published_record_page_is_the_same_for_everyone_with_or_without_the_parameter(
    client, staff_client, kind, who
):
    record, title = _record(kind, PUBLISHED)
    reader = staff_client if who == "staff" else client

    for url in (record.get_absolute_url(), f"{record.get_absolute_url()}?preview=1"):
        response = reader.get(url)
        content = response.content.decode()
        assert response.status_code == 200
        assert title in content
        assert BANNER not in content
        assert '<meta name="robots" content="noindex">' not in content
        assert reverse("report-error", args=[record._meta.model_name, record.slug]) in content


def test_a_preview_shows_only_published_related_records_as_the_public_page_will(staff_client):
    agreement = factories.AgreementFactory(publication_status=DRAFT)
    public_party = factories.AgreementPartyFactory(agreement=agreement).organization
    draft_party = factories.AgreementPartyFactory(
        agreement=agreement, organization=factories.OrganizationFactory(publication_status=DRAFT)
    ).organization
    draft_topic = factories.TopicFactory(publication_status=DRAFT)
    agreement.topics.add(draft_topic)

    content = _preview(staff_client, agreement).content.decode()

    assert public_party.name in content
    assert draft_party.name not in content
    assert draft_topic.name not in content


def test_a_preview_has_no_report_form(staff_client):
    record, _ = _record("organization", DRAFT)

    content = _preview(staff_client, record).content.decode()

    assert reverse("report-error", args=["organization", record.slug]) not in content
    assert "Report an error" not in content


@pytest.mark.parametrize("kind", RECORD_FACTORIES)
def test_the_admin_change_form_links_to_the_preview_of_an_unpublished_record(staff_client, kind):
    record, _ = _record(kind, IN_REVIEW)
    opts = record._meta

    response = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]))

    assert f'href="{record.get_absolute_url()}?preview=1"' in response.content.decode()
    assert _preview(staff_client, record).status_code == 200


def test_the_admin_change_form_links_to_the_public_page_of_a_published_record(staff_client):
    record, _ = _record("agreement", PUBLISHED)

    response = staff_client.get(reverse("admin:agreements_agreement_change", args=[record.pk]))

    assert f'href="{record.get_absolute_url()}"' in response.content.decode()


def test_an_unpublished_topic_has_no_view_on_site_link_since_its_page_has_no_preview(staff_client):
    topic = factories.TopicFactory(publication_status=DRAFT)

    content = staff_client.get(reverse("admin:agreements_topic_change", args=[topic.pk])).content.decode()

    assert topic.get_absolute_url() not in content
