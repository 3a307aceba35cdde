"""History and restore through the admin: every change is a version with its author, a readable diff,
restoring an earlier version, and recovering a deleted record with all its rows."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from agreements.models import Agreement
from people.models import Person
from records.languages import column, languages, translated_fields
from records.models import PublicationStatus
from tests import factories
from tests.helpers import resubmit_data

pytestmark = pytest.mark.django_db


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _snapshot(agreement):
    """The agreement's fields and every row that belongs to it, comparable across a delete and a recovery."""
    agreement = Agreement.objects.get(pk=agreement.pk)
    translations = {column(name, language) for name in translated_fields(Agreement) for language in languages()}
    fields = {
        # A text not written in a language is None or "" alike (a form saves "" where a factory left None).
        field.attname: getattr(agreement, field.attname)
        if field.attname not in translations
        else (getattr(agreement, field.attname) or "")
        for field in Agreement._meta.concrete_fields
        # Timestamps: saving stamps updated_at, the history dates changed_at, and versions keep times to the
        # millisecond only.
        if field.attname not in ("created_at", "updated_at", "changed_at")
    }
    return {
        "fields": fields,
        "topics": sorted(agreement.topics.values_list("pk", flat=True)),
        "parties": sorted(agreement.party_rows.values_list("pk", "organization", "role")),
        "signatories": sorted(agreement.signatories.values_list("pk", "person", "name", "organization", "title")),
        "relations": sorted(
            [
                *agreement.relations_from.values_list("pk", "target", "kind"),
                *agreement.relations_to.values_list("pk", "source", "kind"),
            ]
        ),
        "citations": sorted(agreement.citations.values_list("pk", "source", "excerpt", "position")),
    }


def _full_agreement():
    agreement = factories.AgreementFactory(title="Customs Mutual Assistance Agreement", summary="Original summary.")
    factories.AgreementPartyFactory(agreement=agreement)
    factories.AgreementPartyFactory(agreement=agreement, role="executing_agency")
    factories.SignatoryFactory(agreement=agreement, title="Acting Commissioner")
    factories.SignatoryFactory(agreement=agreement, person=None, name="Director of DGME")
    factories.AgreementFactory().relations_from.create(target=agreement, kind="amends")
    agreement.relations_from.create(target=factories.AgreementFactory(), kind="succeeds")
    agreement.topics.add(factories.TopicFactory())
    return agreement


def test_saving_in_the_admin_records_a_version_with_its_author_and_a_readable_diff(staff_client):
    agreement = _full_agreement()
    url = _url(Agreement, "change", agreement.pk)
    staff_client.post(url, resubmit_data(staff_client.get(url)) | {"summary_en": "A first edit."})
    staff_client.post(
        url, resubmit_data(staff_client.get(url)) | {"summary_en": "A second edit.", "status": "in_force"}
    )

    response = staff_client.get(_url(Agreement, "history", agreement.pk))

    newest, older = response.context["entries"]
    assert newest["revision"].user.username == "curator"
    assert ("Summary", "A first edit.", "A second edit.") in newest["changes"]
    assert ("Status", "Signed — entry into force not recorded", "In force") in newest["changes"]
    content = response.content.decode()
    assert "<del>A first edit.</del> → <ins>A second edit.</ins>" in content


def test_restoring_an_earlier_version_brings_back_its_fields_and_rows(staff_client):
    agreement = _full_agreement()
    url = _url(Agreement, "change", agreement.pk)
    staff_client.post(url, resubmit_data(staff_client.get(url)))
    original = _snapshot(agreement)
    data = resubmit_data(staff_client.get(url)) | {
        "title_en": "Renamed",
        "summary_en": "Changed.",
        "signatories-0-DELETE": "on",
    }
    assert staff_client.post(url, data).status_code == 302
    assert _snapshot(agreement) != original

    first = Version.objects.get_for_object(agreement).order_by("pk").first()
    revision_url = _url(Agreement, "revision", agreement.pk, first.pk)
    response = staff_client.post(revision_url, resubmit_data(staff_client.get(revision_url)))

    assert response.status_code == 302
    restored = _snapshot(agreement)
    # Fields and rows alike, the deleted signatory included under its own id.
    assert restored == original


def test_deleted_agreement_is_recovered_with_its_parties_signatories_relations_and_citations(staff_client):
    agreement = _full_agreement()
    original = _snapshot(agreement)
    pk = agreement.pk

    response = staff_client.post(_url(Agreement, "delete", pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Agreement.objects.filter(pk=pk).exists()

    listing = staff_client.get(_url(Agreement, "recoverlist"))
    [deleted] = listing.context["deleted"]
    recover_url = _url(Agreement, "recover", deleted.pk)
    response = staff_client.post(recover_url, resubmit_data(staff_client.get(recover_url)))

    assert response.status_code == 302
    assert _snapshot(agreement) == original


def test_bulk_deleted_records_are_recovered_one_by_one(staff_client):
    first, second = _full_agreement(), _full_agreement()
    second_original = _snapshot(second)
    staff_client.post(
        _url(Agreement, "changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    deleted = {version.object_id: version for version in Version.objects.get_deleted(Agreement)}
    recover_url = _url(Agreement, "recover", deleted[str(second.pk)].pk)
    staff_client.post(recover_url, resubmit_data(staff_client.get(recover_url)))

    assert _snapshot(second) == second_original
    assert not Agreement.objects.filter(pk=first.pk).exists()


def test_a_person_is_recovered_with_their_posts(staff_client):
    person = factories.PersonFactory(name="Troy A. Miller")
    factories.PositionFactory(person=person, title="Acting Commissioner")
    staff_client.post(_url(Person, "delete", person.pk), {"post": "yes"})
    [deleted] = Version.objects.get_deleted(Person)
    recover_url = _url(Person, "recover", deleted.pk)
    staff_client.post(recover_url, resubmit_data(staff_client.get(recover_url)))
    person = Person.objects.get(name="Troy A. Miller")
    assert [position.title for position in person.positions.all()] == ["Acting Commissioner"]
    assert person.positions.get().citations.exists()


def test_bulk_actions_save_one_revision_per_record_with_the_author(staff_client):
    agreements = [factories.AgreementFactory(publication_status=PublicationStatus.DRAFT) for _ in range(2)]
    staff_client.post(
        _url(Agreement, "changelist"),
        {"action": "submit_for_review", "_selected_action": [agreement.pk for agreement in agreements]},
    )
    revisions = {Version.objects.get_for_object(agreement).get().revision for agreement in agreements}
    assert len(revisions) == 2
    assert {revision.user.username for revision in revisions} == {"curator"}
    assert {revision.get_comment() for revision in revisions} == {"Submitted for review."}


def test_restoring_one_record_leaves_those_changed_in_the_same_bulk_action_alone(staff_client):
    first, second = (factories.AgreementFactory(publication_status=PublicationStatus.DRAFT) for _ in range(2))
    changelist = _url(Agreement, "changelist")
    staff_client.post(changelist, {"action": "submit_for_review", "_selected_action": [first.pk, second.pk]})
    with reversion.create_revision():
        first.summary = "Edited later."
        first.save()
    with reversion.create_revision():
        second.summary = "Edited later too."
        second.save()
    earlier = Version.objects.get_for_object(first).order_by("pk").first()

    url = _url(Agreement, "revision", first.pk, earlier.pk)
    staff_client.post(url, resubmit_data(staff_client.get(url)))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.summary == ""
    assert second.summary == "Edited later too."


def test_an_editor_restoring_a_version_keeps_the_current_publication_status(editor_client):
    with reversion.create_revision():
        agreement = factories.AgreementFactory(publication_status=PublicationStatus.DRAFT, summary="Draft text.")
    with reversion.create_revision():
        agreement.publication_status = PublicationStatus.PUBLISHED
        agreement.summary = "Published text."
        agreement.save()
    with reversion.create_revision():
        agreement.publication_status = PublicationStatus.DRAFT
        agreement.save()
    published_version = Version.objects.get_for_object(agreement).order_by("pk")[1]

    url = _url(Agreement, "revision", agreement.pk, published_version.pk)
    response = editor_client.post(url, resubmit_data(editor_client.get(url)))

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.summary, agreement.publication_status) == ("Published text.", PublicationStatus.DRAFT)


def test_history_page_explains_restore_and_links_each_earlier_version(staff_client):
    agreement = factories.AgreementFactory()
    for summary in ["One.", "Two."]:
        with reversion.create_revision():
            agreement.summary = summary
            agreement.save()
    content = staff_client.get(_url(Agreement, "history", agreement.pk)).content.decode()
    earlier = Version.objects.get_for_object(agreement).order_by("pk").first()
    assert _url(Agreement, "revision", agreement.pk, earlier.pk) in content
    assert "Open a version to see it in full and restore it" in content


def test_the_dataset_loader_saves_each_record_in_a_revision_of_its_own(dataset):
    agreement = Agreement.objects.first()
    version = Version.objects.get_for_object(agreement).get()
    assert version.revision.get_comment() == "Loaded from the dataset files (load_dataset)."
    assert {v.object_id for v in version.revision.version_set.filter(content_type=version.content_type)} == {
        str(agreement.pk)
    }
    assert agreement.published_at is not None
