from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from people.models import Organization, Person
from records.dates import PartialDateField, range_is_ordered
from records.models import Publishable, Record


class Topic(Publishable):
    """A subject readers browse by; topics form a tree (Security → Border security)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # Removing a broad topic keeps its subtopics, moved to the top of the tree.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent topic"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="agreements_topic_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agreements:topic-detail", kwargs={"slug": self.slug})


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
    SIGNED = "signed", _("Signed, not yet in force")
    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class AgreementScope(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral")
    MULTILATERAL = "multilateral", _("Multilateral")


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
    parties = models.ManyToManyField(
        Organization, through="AgreementParty", related_name="agreements", verbose_name=_("parties")
    )

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
            # The agreement list: published, newest signed first.
            models.Index(fields=["publication_status", "-signed_on"], name="agreements_agreement_list_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:agreement-detail", kwargs={"slug": self.slug})


class PartyRole(models.TextChoices):
    PARTY = "party", _("Party")
    EXECUTING_AGENCY = "executing_agency", _("Executing agency")


class AgreementParty(models.Model):
    """An organization bound by, or carrying out, an agreement."""

    # A party row is part of its agreement.
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="party_rows")
    # An organization that is party to an agreement on record cannot be deleted out from under it.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="party_rows")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole, default=PartyRole.PARTY)

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

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class Signatory(models.Model):
    """Who signed an agreement, for whom, and under what title at the time."""

    # A signature is part of its agreement.
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
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

    class Meta:
        ordering = ["agreement", "position", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(name=""),
                name="agreements_signatory_person_or_name",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.person.name if self.person_id else self.name


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


class AgreementRelation(models.Model):
    """`source` succeeds, amends or implements `target`; shown on both agreements."""

    # A relation means nothing once either agreement is gone.
    source = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="relations_from")
    target = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="relations_to", verbose_name=_("other agreement")
    )
    kind = models.CharField(_("relation"), max_length=12, choices=RelationKind)

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


class ProgramFormat(models.TextChoices):
    COURSE = "course", _("Course")
    WORKSHOP = "workshop", _("Workshop")
    SEMINAR = "seminar", _("Seminar")
    CONFERENCE = "conference", _("Conference")
    EXCHANGE = "exchange", _("Exchange")
    PROGRAM = "program", _("Assistance programme")
    OTHER = "other", _("Other")


class TrainingProgram(Record):
    title = models.CharField(_("title"), max_length=400)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    format = models.CharField(_("format"), max_length=12, choices=ProgramFormat, default=ProgramFormat.COURSE)
    # The host's record is needed to say where training happens.
    host = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_programs",
        verbose_name=_("host"),
        help_text=_("Where it is held: ILEA San Salvador."),
    )
    instructors = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="instructed_programs",
        verbose_name=_("instructing organizations"),
        help_text=_("Who teaches: CBP."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    audience = models.CharField(_("audience"), max_length=400, blank=True)
    start = PartialDateField(_("start"))
    end = PartialDateField(_("end"), help_text=_("Leave empty while it runs, or when not known."))
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="programs", verbose_name=_("topics"))

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("training program")
        verbose_name_plural = _("training programs")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(format__in=ProgramFormat.values), name="agreements_trainingprogram_format_valid"
            ),
            models.CheckConstraint(
                condition=range_is_ordered("start", "end"), name="agreements_trainingprogram_end_after_start"
            ),
        ]
        indexes = [
            # The program list: published, newest first.
            models.Index(fields=["publication_status", "-start"], name="agreements_program_list_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:program-detail", kwargs={"slug": self.slug})


class ParticipantCountry(models.Model):
    """A country whose officials take part in a program."""

    # Part of its program.
    program = models.ForeignKey(TrainingProgram, on_delete=models.CASCADE, related_name="participant_countries")
    country = CountryField(_("country"))

    class Meta:
        ordering = ["program", "country"]
        verbose_name = _("participant country")
        verbose_name_plural = _("participant countries")
        constraints = [
            models.UniqueConstraint(fields=["program", "country"], name="agreements_participantcountry_unique"),
        ]
        indexes = [
            # The program list's "participant country" filter and its facet counts.
            models.Index(fields=["country"], name="agreements_partcountry_idx"),
        ]

    def __str__(self):
        return self.country.name


class EventKind(models.TextChoices):
    VISIT = "visit", _("Official visit")
    MEETING = "meeting", _("Meeting")
    SIGNING = "signing", _("Signing")
    TRAINING = "training", _("Training")
    ANNOUNCEMENT = "announcement", _("Announcement")
    OTHER = "other", _("Other")


class Event(Record):
    title = models.CharField(_("title"), max_length=400)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind, default=EventKind.MEETING)
    start = PartialDateField(_("start"))
    end = PartialDateField(_("end"), help_text=_("Leave empty for a single day or when not known."))
    # A visit holds its meetings; removing the visit leaves the meetings as events of their own.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("The visit or conference this event belongs to."),
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    participants = models.ManyToManyField(Person, blank=True, related_name="events", verbose_name=_("participants"))
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="events", verbose_name=_("organizations")
    )
    programs = models.ManyToManyField(
        TrainingProgram, blank=True, related_name="events", verbose_name=_("programs involved")
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="events", verbose_name=_("topics"))
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(condition=models.Q(kind__in=EventKind.values), name="agreements_event_kind_valid"),
            models.CheckConstraint(condition=range_is_ordered("start", "end"), name="agreements_event_end_after_start"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="agreements_event_not_own_parent"),
        ]
        indexes = [
            # The event list: published, newest first.
            models.Index(fields=["publication_status", "-start"], name="agreements_event_list_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:event-detail", kwargs={"slug": self.slug})
