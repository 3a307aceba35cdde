"""What a person's and an organization's pages show from this app: people never names agreements, programs or
events, so this app adds them to the people QuerySets' for_detail()."""

from agreements.models.agreements import AgreementParty
from agreements.models.events import Event
from agreements.models.programs import TrainingProgram
from agreements.models.rows import Signatory
from people.models import Organization, OrganizationQuerySet, Person, PersonQuerySet
from records.models import first_of, published_via


@PersonQuerySet.detail_prefetches.add
def _on_a_persons_page(limit):
    """A person's page and API detail also show their signatures on published agreements and their events (at most
    `limit` of each, with their totals, when given)."""
    signatures = (
        Signatory.objects.filter(published_via("agreement"))
        .select_related("agreement", "organization")
        .order_by("-agreement__signed_on", "agreement__title")
    )
    return [
        first_of(Person, "signatures", signatures, limit),
        first_of(Person, "events", Event.objects.published().order_by("-start", "title"), limit),
    ]


@OrganizationQuerySet.detail_prefetches.add
def _on_an_organizations_page(limit):
    """An organization's page and API detail also show its agreements, programs and events (at most `limit` of
    each, with their totals, when given)."""
    party_rows = (
        AgreementParty.objects.filter(published_via("agreement"))
        .select_related("agreement")
        .order_by("-agreement__signed_on", "agreement__title")
    )
    return [
        first_of(Organization, "party_rows", party_rows, limit),
        first_of(Organization, "hosted_programs", TrainingProgram.objects.published(), limit),
        first_of(Organization, "instructed_programs", TrainingProgram.objects.published(), limit),
        first_of(Organization, "events", Event.objects.published().order_by("-start", "title"), limit),
    ]
