"""The rows that link an agreement to others: its parties, its signatories, the agreements it relates to."""

from django.db import models
from django.db.models import Case, F, Q, When
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from people.models import Organization, Person
from records.models import Certain, public_or_none, published_via


class PartyRole(models.TextChoices):
    PARTY = "party", _("Party")
    EXECUTING_AGENCY = "executing_agency", _("Executing agency")


class AgreementPartyQuerySet(models.QuerySet):
    def public(self):
        """Party rows between a published agreement and a published organization."""
        return self.filter(published_via("agreement", "organization"))

    def one_a_country(self):
        """One row for each country among the rows' organizations, per agreement (the first by organization name)."""
        first = models.Window(
            RowNumber(),
            partition_by=[F("agreement"), F("organization__country")],
            order_by=["organization__name", "pk"],
        )
        return self.exclude(organization__country="").annotate(country_rank=first).filter(country_rank=1)


class AgreementParty(models.Model):
    """An organization bound by, or carrying out, an agreement."""

    # A party row is part of its agreement.
    agreement = models.ForeignKey("Agreement", on_delete=models.CASCADE, related_name="party_rows")
    # An organization that is party to an agreement on record cannot be deleted out from under it.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="party_rows")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole, default=PartyRole.PARTY)

    objects = AgreementPartyQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "role", "organization__name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organization"], name="agreements_agreementparty_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=PartyRole.values), name="agreements_agreementparty_role_valid"
            ),
        ]
        indexes = [
            # ?party= on the agreement list and the party facet's count: an organization's agreements, read from
            # the index alone.
            models.Index(fields=["organization", "agreement"], name="agreements_agreementparty_org"),
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class SignatoryQuerySet(models.QuerySet):
    def named_publicly(self):
        """Signatures by a published person, or by a name recorded with the signature: a signature whose only name
        is a draft person's is left out."""
        return self.filter(published_via("person") | ~Q(name=""))

    def with_public_signer(self):
        """Each signature with `public_signer_name` (what Signatory.public_name gives) and `public_signer_slug` (the
        person's slug, None when the person is not published), read in the same query."""
        person = published_via("person")
        return self.annotate(
            public_signer_name=Case(When(person, then=F("person__name")), default=F("name")),
            public_signer_slug=Case(When(person, then=F("person__slug"))),
        )


class Signatory(Certain):
    """Who signed an agreement, for whom, and under what title at the time."""

    # A signature is part of its agreement.
    agreement = models.ForeignKey("Agreement", on_delete=models.CASCADE, related_name="signatories")
    # A person who signed agreements cannot be deleted while the signatures stand.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="signatures", verbose_name=_("person")
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Only when the signer has no person record.")
    )
    # The organization signed for; its record is needed to say on whose behalf.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("on behalf of"),
    )
    title = models.CharField(_("title at signing"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SignatoryQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "position", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(name=""),
                name="agreements_signatory_person_or_name",
            ),
            *Certain.Meta.constraints,
        ]
        indexes = [
            # ?signatory= on the agreement list and the signatory facet's count: a person's agreements, read from
            # the index alone.
            models.Index(fields=["person", "agreement"], name="agreements_signatory_person"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.person.name if self.person_id else self.name

    @property
    def public_person(self):
        return public_or_none(self.person)

    @property
    def public_name(self):
        """The published person's name, else the name recorded with the signature."""
        return self.public_person.name if self.public_person else self.name

    @property
    def public_organization(self):
        return public_or_none(self.organization)


class RelationKind(models.TextChoices):
    SUCCEEDS = "succeeds", _("succeeds")
    AMENDS = "amends", _("amends")
    IMPLEMENTS = "implements", _("implements")


# How a relation reads from the other side.
INVERSE_RELATION_LABELS = {
    RelationKind.SUCCEEDS: _("succeeded by"),
    RelationKind.AMENDS: _("amended by"),
    RelationKind.IMPLEMENTS: _("implemented by"),
}


class AgreementRelationQuerySet(models.QuerySet):
    def to_public(self, end):
        """Relations whose agreement at `end` ("source" or "target") is published: what the other one's page shows."""
        return self.filter(published_via(end))


class AgreementRelation(models.Model):
    """`source` succeeds, amends or implements `target`; shown on both agreements."""

    # A relation means nothing once either agreement is gone.
    source = models.ForeignKey("Agreement", on_delete=models.CASCADE, related_name="relations_from")
    target = models.ForeignKey(
        "Agreement", on_delete=models.CASCADE, related_name="relations_to", verbose_name=_("other agreement")
    )
    kind = models.CharField(_("relation"), max_length=12, choices=RelationKind)

    objects = AgreementRelationQuerySet.as_manager()

    class Meta:
        ordering = ["source", "kind"]
        verbose_name = _("related agreement")
        verbose_name_plural = _("related agreements")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="agreements_agreementrelation_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="agreements_agreementrelation_not_self"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=RelationKind.values), name="agreements_agreementrelation_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def inverse_label(self):
        return INVERSE_RELATION_LABELS[self.kind]


class EventParticipant(Certain):
    """A person at an event, with how sure that is."""

    # The row is part of its event, and goes with the person too, as the plain many-to-many row did.
    event = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="participant_rows")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participant_rows")

    class Meta:
        # The table the plain many-to-many field made, kept as it was (with its unique pair) and given certainties.
        db_table = "agreements_event_participants"
        unique_together = [("event", "person")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [*Certain.Meta.constraints]

    def __str__(self):
        return str(self.person)


class EventProgram(Certain):
    """A training program involved in an event, with how sure that is."""

    event = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="program_rows")
    program = models.ForeignKey(
        "TrainingProgram", on_delete=models.CASCADE, related_name="event_rows", db_column="trainingprogram_id"
    )

    class Meta:
        db_table = "agreements_event_programs"
        unique_together = [("event", "program")]
        verbose_name = _("program involved")
        verbose_name_plural = _("programs involved")
        constraints = [*Certain.Meta.constraints]

    def __str__(self):
        return str(self.program)
