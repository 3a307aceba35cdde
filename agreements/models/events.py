"""Events: official visits, meetings, signings, and what happened there."""

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from agreements.models.agreements import Agreement
from agreements.models.programs import TrainingProgram
from agreements.models.topics import TaggedQuerySet, Topic, public_topics
from people.models import Organization, Person, Position
from records import languages
from records.dates import PartialDateField, range_is_ordered
from records.models import Record, public_or_none, published_via


class EventKind(models.TextChoices):
    VISIT = "visit", _("Official visit")
    MEETING = "meeting", _("Meeting")
    SIGNING = "signing", _("Signing")
    TRAINING = "training", _("Training")
    ANNOUNCEMENT = "announcement", _("Announcement")
    OTHER = "other", _("Other")


class EventQuerySet(TaggedQuerySet):
    def for_card(self):
        """What includes/cards/event_card.html shows: the parent event and published topics (one more query)."""
        return self.select_related("parent").prefetch_related(public_topics())

    def for_detail(self):
        """Events with the public sub-events, participants and their posts, and what happened there.

        Nine more queries, whatever the number of related rows.
        """
        positions = Position.objects.public().select_related("organization").with_citations()
        participants = Person.objects.published().prefetch_related(Prefetch("positions", queryset=positions))
        return (
            self.for_card()
            .prefetch_related(
                Prefetch("children", queryset=Event.objects.published().order_by("start", "title")),
                Prefetch("participants", queryset=participants),
                Prefetch("organizations", queryset=Organization.objects.published()),
                Prefetch("agreements_signed", queryset=Agreement.objects.published()),
                Prefetch("programs", queryset=TrainingProgram.objects.published()),
            )
            .with_citations()
            .with_aliases()
        )

    def top_level(self):
        """Events that are not part of a published event: the visit, not each of its meetings."""
        return self.filter(Q(parent__isnull=True) | ~published_via("parent"))

    def with_organization(self, organization):
        return self.filter(pk__in=Event.organizations.through.objects.filter(organization=organization).values("event"))


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
    participants = models.ManyToManyField(
        Person, through="EventParticipant", blank=True, related_name="events", verbose_name=_("participants")
    )
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="events", verbose_name=_("organizations")
    )
    programs = models.ManyToManyField(
        TrainingProgram,
        through="EventProgram",
        blank=True,
        related_name="events",
        verbose_name=_("programs involved"),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="events", verbose_name=_("topics"))
    summary = models.TextField(_("summary"), blank=True)

    # What search and the list's words filter look through, by weight (records/search.py).
    search_fields = {"title": "A", "summary": "B", "location": "C"}

    objects = EventQuerySet.as_manager()

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
            # The event list: published, newest first (and the default order).
            models.Index(fields=["publication_status", "-start", "title", "id"], name="agreements_event_list_idx"),
            # The event list sorted "title".
            *languages.sort_indexes("title", "agreements_event_title"),
            # The event list sorted "updated".
            models.Index(fields=["publication_status", "-updated_at", "id"], name="agreements_event_updated"),
            # ?certainty= on the event list (few records are unverified or disputed) and the certainty facet.
            models.Index(fields=["publication_status", "certainty"], name="agreements_event_certainty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:event-detail", kwargs={"slug": self.slug})

    @property
    def public_parent(self):
        return public_or_none(self.parent)

    def linked_participants(self):
        """The published participants (as for_detail fetches them), each with `link`: its EventParticipant row,
        which says how sure it is that they took part. Runs one query."""
        return with_links(self.participants.all(), self.participant_rows.all(), "person_id")

    def linked_programs(self):
        """The published programs involved (as for_detail fetches them), each with `link`: its EventProgram row.
        Runs one query."""
        return with_links(self.programs.all(), self.program_rows.all(), "program_id")


def with_links(records, rows, field):
    """`records` as a list, each with `link` set to its row among `rows` (whose `field` points to it)."""
    by_record = {getattr(row, field): row for row in rows}
    records = list(records)
    for record in records:
        record.link = by_record.get(record.pk)
    return records
