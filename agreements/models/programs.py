"""Training programs and the countries whose officials take part in them."""

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from agreements.models.topics import TaggedQuerySet, Topic, public_topics
from people.models import Organization
from records import languages
from records.dates import PartialDateField, range_is_ordered
from records.models import Record, public_or_none, published_via


class ProgramFormat(models.TextChoices):
    COURSE = "course", _("Course")
    WORKSHOP = "workshop", _("Workshop")
    SEMINAR = "seminar", _("Seminar")
    CONFERENCE = "conference", _("Conference")
    EXCHANGE = "exchange", _("Exchange")
    PROGRAM = "program", _("Assistance programme")
    OTHER = "other", _("Other")


class TrainingProgramQuerySet(TaggedQuerySet):
    def for_card(self):
        """What includes/cards/program_card.html and the downloads show: host, published topics and instructors."""
        return self.select_related("host").prefetch_related(
            public_topics(),
            Prefetch("instructors", queryset=Organization.objects.published(), to_attr="public_instructors"),
        )

    def for_detail(self):
        """Programs with the public instructors, participant countries, topics and events their page and
        API detail show (five more queries)."""
        from agreements.models.events import Event  # events.py imports this module: import it once both are loaded

        return (
            self.for_card()
            .prefetch_related(
                "participant_countries",
                Prefetch("events", queryset=Event.objects.published().order_by("start", "title")),
            )
            .with_citations()
            .with_aliases()
        )

    def related_to_country(self, code):
        """Programs held in the country `code` or with participants from it."""
        participating = ParticipantCountry.objects.filter(country=code).values("program")
        return self.filter(Q(country=code) | Q(pk__in=participating))

    def related_to_organization(self, organization):
        """Programs the organization hosts or teaches."""
        instructed = TrainingProgram.instructors.through.objects.filter(organization=organization)
        return self.filter(Q(host=organization) | Q(pk__in=instructed.values("trainingprogram")))


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

    # What search and the list's words filter look through, by weight (records/search.py).
    search_fields = {"title": "A", "short_name": "A", "description": "B", "audience": "C", "location": "C"}

    objects = TrainingProgramQuerySet.as_manager()

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
            # The program list: published, newest first (and the default order).
            models.Index(fields=["publication_status", "-start", "title", "id"], name="agreements_program_list_idx"),
            # The program list sorted "title".
            *languages.sort_indexes("title", "agreements_program_title"),
            # The program list sorted "updated".
            models.Index(fields=["publication_status", "-updated_at", "id"], name="agreements_program_updated"),
            # ?certainty= on the program list (few records are unverified or disputed) and the certainty facet.
            models.Index(fields=["publication_status", "certainty"], name="agreements_program_certainty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:program-detail", kwargs={"slug": self.slug})

    @property
    def public_host(self):
        return public_or_none(self.host)


class ParticipantCountryQuerySet(models.QuerySet):
    def public(self):
        """Participant countries of published programs."""
        return self.filter(published_via("program"))


class ParticipantCountry(models.Model):
    """A country whose officials take part in a program."""

    # Part of its program.
    program = models.ForeignKey(TrainingProgram, on_delete=models.CASCADE, related_name="participant_countries")
    country = CountryField(_("country"))

    objects = ParticipantCountryQuerySet.as_manager()

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
