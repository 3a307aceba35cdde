"""The data-quality dashboard on the admin index, and the curation scenario of issue 4 from end to end."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Agreement
from records.models import Citation, PublicationStatus
from tests import factories
from tests.helpers import admin_listed, resubmit_data

pytestmark = pytest.mark.django_db


def _dashboard(client):
    """{(section, records): (count, url)} as the admin index shows it."""
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {
        (str(title), str(line["label"])): (line["count"], line["url"])
        for title, lines in response.context["sections"]
        for line in lines
    }


def test_each_count_matches_the_data_and_links_to_exactly_those_records(staff_client):
    in_review = factories.AgreementFactory(publication_status=PublicationStatus.IN_REVIEW)
    unsourced = factories.AgreementFactory(sources=[])
    untopical = factories.EventFactory()
    undated = factories.TrainingProgramFactory(start="")
    ended_in_force = factories.AgreementFactory(status="in_force", signed_on="2020", ended_on="2021-05")
    expired_without_end = factories.AgreementFactory(status="expired")
    negotiating_but_signed = factories.AgreementFactory(status="negotiating", signed_on="2022")
    factories.AgreementFactory(status="in_force", signed_on="2020", in_force_on="2021")
    jobless = factories.PersonFactory()
    factories.PositionFactory(person=factories.PersonFactory())
    factories.PositionFactory(person=jobless, end="2023", ended=True)

    dashboard = _dashboard(staff_client)

    expected = {
        ("Waiting for review", "agreements"): {in_review},
        ("Published without a cited source", "agreements"): {unsourced},
        ("Published without a topic", "events"): {untopical},
        ("Published without a date", "training programs"): {undated},
        ("Status contradicts the dates", "agreements"): {ended_in_force, expired_without_end, negotiating_but_signed},
        ("Published people without a current post", "people"): {jobless},
    }
    for key, records in expected.items():
        count, url = dashboard[key]
        assert count == len(records), key
        assert admin_listed(staff_client, url) == records, key
    assert dashboard[("Waiting for review", "events")][0] == 0


def test_the_dashboard_is_shown_on_the_admin_index_with_links(staff_client):
    factories.AgreementFactory(publication_status=PublicationStatus.IN_REVIEW)
    content = staff_client.get(reverse("admin:index")).content.decode()
    assert "Data quality" in content
    assert 'href="/admin/agreements/agreement/?publication_status__exact=review">1 agreements</a>' in content


def test_ten_agreements_imported_reviewed_published_deleted_and_recovered(client, django_user_model):
    """Issue 4, "Done when": every step through the admin, with the dashboard count at each step."""
    from django.contrib.auth.models import Group
    from django.test import Client

    def member(name):
        user = django_user_model.objects.create_user(name, is_staff=True)
        user.groups.add(Group.objects.get(name=name))
        logged_in = Client()
        logged_in.force_login(user)
        return logged_in

    editor, publisher = member("Editors"), member("Publishers")
    factories.TopicFactory(slug="border-security")
    factories.OrganizationFactory(slug="cbp")
    factories.PersonFactory(slug="troy-miller")
    factories.SourceFactory(url="https://www.cbp.gov/newsroom/visit")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["slug", "title", "kind", "status", "signed_on", "topics", "parties", "signatories", "sources"])
    for n in range(10):
        writer.writerow(
            [
                f"agreement-{n}",
                f"Agreement {n}",
                "mou",
                "signed",
                "2024-10",
                "border-security",
                "cbp:party",
                "troy-miller:cbp:Acting Commissioner",
                "https://www.cbp.gov/newsroom/visit",
            ]
        )
    review_key = ("Waiting for review", "agreements")

    # The editor imports the file as drafts, after a preview of ten new rows.
    preview = editor.post(
        reverse("admin:agreements_agreement_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("ten.csv", out.getvalue().encode())},
    )
    assert [row.import_type for row in preview.context["result"].rows] == ["new"] * 10
    form = preview.context["confirm_form"]
    editor.post(reverse("admin:agreements_agreement_process_import"), {n: form.initial[n] for n in form.fields})
    assert Agreement.objects.filter(publication_status=PublicationStatus.DRAFT).count() == 10

    # The editor submits them for review; the dashboard counts ten waiting.
    pks = list(Agreement.objects.values_list("pk", flat=True))
    changelist = reverse("admin:agreements_agreement_changelist")
    editor.post(changelist, {"action": "submit_for_review", "_selected_action": pks})
    assert _dashboard(publisher)[review_key][0] == 10

    # The publisher publishes them; none waits any more, none lacks a source.
    publisher.post(changelist, {"action": "publish", "_selected_action": pks})
    dashboard = _dashboard(publisher)
    assert dashboard[review_key][0] == 0
    assert dashboard[("Published without a cited source", "agreements")][0] == 0
    assert Agreement.objects.published().count() == 10

    # The publisher deletes one by mistake; a signatory and a party go with it.
    lost = Agreement.objects.get(slug="agreement-3")
    publisher.post(reverse("admin:agreements_agreement_delete", args=[lost.pk]), {"post": "yes"})
    assert Agreement.objects.published().count() == 9
    assert _dashboard(publisher)[("Published without a topic", "agreements")][0] == 0

    # And recovers it with its signatory, its party, its citation and its topic.
    [deleted] = publisher.get(reverse("admin:agreements_agreement_recoverlist")).context["deleted"]
    recover = reverse("admin:agreements_agreement_recover", args=[deleted.pk])
    assert publisher.post(recover, resubmit_data(publisher.get(recover))).status_code == 302
    recovered = Agreement.objects.get(slug="agreement-3")
    assert recovered.publication_status == PublicationStatus.PUBLISHED
    assert [(s.person.slug, s.title) for s in recovered.signatories.all()] == [("troy-miller", "Acting Commissioner")]
    assert [row.organization.slug for row in recovered.party_rows.all()] == ["cbp"]
    assert recovered.citations.count() == 1
    assert [topic.slug for topic in recovered.topics.all()] == ["border-security"]
    assert Agreement.objects.published().count() == 10


def test_citations_without_their_passage_are_counted_and_listed_with_the_record_citing_them(staff_client):
    quoted = factories.AgreementFactory()
    unquoted = factories.EventFactory(title="Visit with an unquoted source")
    Citation.objects.exclude(pk__in=unquoted.citations.values("pk")).update(excerpt="a passage of the source")

    count, url = _dashboard(staff_client)[("Citations without the passage they rely on", "citations")]

    assert count == 1
    assert admin_listed(staff_client, url) == set(unquoted.citations.all())
    listed = staff_client.get(url).content.decode()
    assert "Visit with an unquoted source" in listed
    assert quoted.title not in listed
