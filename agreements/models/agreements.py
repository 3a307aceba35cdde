"""Agreements: their kinds, statuses, and what a card, a download and a page fetch of them."""

from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models.rows import AgreementParty, AgreementRelation, Signatory
from agreements.models.topics import TaggedQuerySet, Topic, public_topics
from people.models import Organization
from records import languages
from records.dates import PartialDateField, range_is_ordered
from records.models import Certainty, Record, Source, first_of, public_or_none, published_via


class AgreementKind(models.TextChoices):
    TREATY = "treaty", _("Treaty")
    EXECUTIVE_AGREEMENT = "executive_agreement", _("Executive agreement")
    CMAA = "cmaa", _("Customs mutual assistance agreement")
    MOU = "mou", _("Memorandum of understanding")
    INFORMATION_SHARING = "information_sharing", _("Information-sharing arrangement")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
    OTHER = "other", _("Other")


class AgreementStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Under negotiation")
    # Signed, and no source seen gives an entry into force: absence of a record is not a "not yet".
    SIGNED = "signed", _("Signed — entry into force not recorded")
    # Only when a source says it is not yet in force (the status source).
    NOT_IN_FORCE = "not_in_force", _("Signed — not yet in force")
    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class AgreementScope(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral")
    MULTILATERAL = "multilateral", _("Multilateral")


# Parties a card names; it says how many more there are (a multilateral convention may have hundreds).
CARD_PARTIES = 5


class AgreementQuerySet(TaggedQuerySet):
    def for_card(self):
        """What includes/cards/agreement_card.html shows: published topics, and the first CARD_PARTIES published
        parties as `card_parties` with how many there are in all (two more queries)."""
        parties = Organization.objects.published()
        return self.prefetch_related(
            public_topics(), first_of(self.model, "parties", parties, CARD_PARTIES, to_attr="card_parties")
        )

    def with_public_parties(self):
        """Every published party, as `public_parties` (one more query): the downloads and the API give them all."""
        return self.prefetch_related(
            Prefetch("parties", queryset=Organization.objects.published(), to_attr="public_parties")
        )

    def for_detail(self, limit=None):
        """Agreements with the public parties, signatories, relations and topics their page and API
        detail show (six more queries).

        With a `limit` (the page), at most that many parties and signatories, each with its total (first_of), and
        the parties' countries, each once, as `country_rows` (one more query): a convention may bind hundreds.
        """
        parties = AgreementParty.objects.filter(published_via("organization"))
        parties = parties.select_related("organization").order_by("role", "organization__name")
        signatories = Signatory.objects.named_publicly().select_related("person", "organization")
        countries = parties.one_a_country()
        countries = [] if limit is None else [Prefetch("party_rows", queryset=countries, to_attr="country_rows")]
        return (
            self.select_related("signed_at", "status_source")
            .prefetch_related(
                first_of(self.model, "party_rows", parties, limit),
                first_of(self.model, "signatories", signatories, limit, to_attr="public_signatories"),
                *countries,
                Prefetch(
                    "relations_from", queryset=AgreementRelation.objects.to_public("target").select_related("target")
                ),
                Prefetch(
                    "relations_to", queryset=AgreementRelation.objects.to_public("source").select_related("source")
                ),
                public_topics(),
            )
            .with_citations()
            .with_aliases()
        )

    def with_party_from(self, code):
        """Agreements with a published party from the country `code`."""
        return self.filter(
            pk__in=AgreementParty.objects.public().filter(organization__country=code).values("agreement")
        )

    def with_party(self, organization):
        return self.filter(pk__in=AgreementParty.objects.filter(organization=organization).values("agreement"))


class Agreement(Record):
    title = models.CharField(_("title"), max_length=400)
    short_name = models.CharField(_("short name"), max_length=80, blank=True, help_text=_("CMAA, ACA…"))
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind, default=AgreementKind.OTHER)
    binding = models.BooleanField(
        _("legally binding"), null=True, blank=True, help_text=_("Leave unknown unless a source says.")
    )
    scope = models.CharField(_("scope"), max_length=12, choices=AgreementScope, default=AgreementScope.BILATERAL)
    status = models.CharField(_("status"), max_length=12, choices=AgreementStatus, default=AgreementStatus.SIGNED)
    # The source that states the status; required for "not yet in force", which no silence can show.
    status_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_statuses",
        verbose_name=_("source of the status"),
        help_text=_("The source that states the status. Needed for “not yet in force”."),
    )
    signed_on = PartialDateField(_("signed on"))
    place_signed = models.CharField(_("place signed"), max_length=200, blank=True)
    in_force_on = PartialDateField(_("in force on"))
    ended_on = PartialDateField(_("ended on"), help_text=_("When it expired or was terminated."))
    summary = models.TextField(_("summary"), blank=True)
    text_url = models.URLField(_("link to the text"), max_length=600, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="agreements", verbose_name=_("topics"))
    # The event is context; losing it must not lose the agreement.
    signed_at = models.ForeignKey(
        "Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements_signed",
        verbose_name=_("signed at event"),
    )
    signed_at_certainty = models.CharField(
        _("certainty of the signing event"),
        max_length=10,
        choices=Certainty,
        default=Certainty.REPORTED,
        help_text=_("How sure it is that the agreement was signed at that event."),
    )
    signed_at_certainty_note = models.TextField(_("note on the signing event"), blank=True)
    parties = models.ManyToManyField(
        Organization, through="AgreementParty", related_name="agreements", verbose_name=_("parties")
    )

    # What search and the list's words filter look through, by weight (records/search.py).
    search_fields = {"title": "A", "short_name": "A", "summary": "B", "place_signed": "C"}
    # Rows edited on the agreement's page whose texts its page shows: a signatory's title untranslated is the
    # agreement's (records/languages.py).
    translated_rows = ["signatories"]

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(kind__in=AgreementKind.values), name="agreements_agreement_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AgreementStatus.values), name="agreements_agreement_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(scope__in=AgreementScope.values), name="agreements_agreement_scope_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AgreementStatus.NOT_IN_FORCE) | models.Q(status_source__isnull=False),
                name="agreements_agreement_not_in_force_sourced",
            ),
            models.CheckConstraint(
                condition=models.Q(signed_at_certainty__in=Certainty.values),
                name="agreements_agreement_signed_at_certainty_valid",
            ),
            models.CheckConstraint(
                condition=range_is_ordered("signed_on", "in_force_on"),
                name="agreements_agreement_in_force_after_signing",
            ),
            models.CheckConstraint(
                condition=range_is_ordered("signed_on", "ended_on"), name="agreements_agreement_ended_after_signing"
            ),
            models.CheckConstraint(
                condition=range_is_ordered("in_force_on", "ended_on"), name="agreements_agreement_ended_after_in_force"
            ),
        ]
        indexes = [
            # The agreement list sorted "newest" (the default), its count, and ?signed_after / ?signed_before: the
            # whole order, so that a deep page walks the index instead of sorting every agreement.
            models.Index(
                fields=["publication_status", "-signed_on", "title", "id"], name="agreements_agreement_newest"
            ),
            # The agreement list sorted "title".
            *languages.sort_indexes("title", "agreements_agreement_title"),
            # The agreement list sorted "updated".
            models.Index(fields=["publication_status", "-updated_at", "id"], name="agreements_agreement_updated"),
            # ?in_force_after / ?in_force_before on the agreement list, and its sort "in_force".
            models.Index(fields=["publication_status", "in_force_on"], name="agreements_agreement_in_force"),
            # ?kind= and the kind facet's grouped count.
            models.Index(fields=["publication_status", "kind"], name="agreements_agreement_kind"),
            # ?status= and the status facet's grouped count.
            models.Index(fields=["publication_status", "status"], name="agreements_agreement_status"),
            # ?certainty= on the agreement list (few records are unverified or disputed) and the certainty facet.
            models.Index(fields=["publication_status", "certainty"], name="agreements_agreement_certainty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:agreement-detail", kwargs={"slug": self.slug})

    @property
    def parties_not_on_card(self):
        """How many published parties the card leaves out; needs for_card()."""
        shown = self.card_parties
        return shown[0].relation_total - len(shown) if shown else 0

    @property
    def public_signed_at(self):
        return public_or_none(self.signed_at)
