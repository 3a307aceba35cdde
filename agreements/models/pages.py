"""What a person's and an organization's pages show from this app: people never names agreements, programs or
events, so this app adds them to the people QuerySets' for_detail()."""

from django.db.models import Prefetch

from agreements.models.agreements import AgreementParty
from agreements.models.events import Event
from agreements.models.programs import TrainingProgram
from agreements.models.rows import Signatory
from people.models import OrganizationQuerySet, PersonQuerySet
from records.models import published_via


@PersonQuerySet.detail_prefetches.add
def _on_a_persons_page():
    """A person's page and API detail also show their signatures on published agreements and their events."""
    signatures = (
        Signatory.objects.filter(published_via("agreement"))
        .select_related("agreement", "organization")
        .order_by("-agreement__signed_on", "agreement__title")
    )
    return [
        Prefetch("signatures", queryset=signatures),
        Prefetch("events", queryset=Event.objects.published().order_by("-start", "title")),
    ]


@OrganizationQuerySet.detail_prefetches.add
def _on_an_organizations_page():
    """An organization's page and API detail also show its agreements, programs and events."""
    party_rows = (
        AgreementParty.objects.filter(published_via("agreement"))
        .select_related("agreement")
        .order_by("-agreement__signed_on", "agreement__title")
    )
    return [
        Prefetch("party_rows", queryset=party_rows),
        Prefetch("hosted_programs", queryset=TrainingProgram.objects.published()),
        Prefetch("instructed_programs", queryset=TrainingProgram.objects.published()),
        Prefetch("events", queryset=Event.objects.published().order_by("-start", "title")),
    ]
