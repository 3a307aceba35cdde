from django.conf import settings
from django.db import models
from django.db.models import F, Prefetch, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from records import languages
from records.dates import PartialDate, PartialDateField, range_is_ordered
from records.labels import date_range_label, shown_date
from records.models import Record, RecordQuerySet, first_of, public_or_none, published_via


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("National government")
    MINISTRY = "ministry", _("Ministry or executive department")
    AGENCY = "agency", _("Government agency")
    EMBASSY = "embassy", _("Embassy or mission")
    POLICE = "police", _("Police or security force")
    ACADEMY = "academy", _("Academy or training centre")
    INTERGOVERNMENTAL = "intergovernmental", _("International organization")
    NGO = "ngo", _("Non-governmental organization")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


class DetailPrefetches:
    """What apps above people add to a person's or an organization's page: agreements adds signatures, parties,
    programs and events (AgreementsConfig.ready). people never names them; each entry is a function of `limit` (see
    for_detail) that returns Prefetch objects, called per query so that the querysets inside are fresh."""

    def __init__(self):
        self.builders = []

    def add(self, builder):
        self.builders.append(builder)
        return builder

    def __call__(self, limit):
        return [prefetch for builder in self.builders for prefetch in builder(limit)]


class OrganizationQuerySet(RecordQuerySet):
    detail_prefetches = DetailPrefetches()

    def for_card(self):
        """What includes/cards/organization_card.html and the downloads show: the parent, in the same query."""
        return self.select_related("parent")

    def for_detail(self, limit=None):
        """Organizations with the published units and posts their page and API detail show, plus what
        other apps add (detail_prefetches).

        With a `limit` (the page), at most that many rows of each related list, each with its total (first_of), and
        the posts as `current_posts`, `unknown_posts` (status unknown) and `past_posts`; without one (the API), every
        row, the posts as `positions`.
        """
        positions = Position.objects.published().filter(published_via("person"))
        positions = positions.select_related("person").order_by("-start", "person__name")
        if limit is None:
            posts = [Prefetch("positions", queryset=positions)]
        else:
            posts = [
                first_of(Organization, "positions", positions.current(), limit, to_attr="current_posts"),
                first_of(Organization, "positions", positions.unknown(), limit, to_attr="unknown_posts"),
                first_of(Organization, "positions", positions.past(), limit, to_attr="past_posts"),
            ]
        return (
            self.for_card()
            .prefetch_related(
                first_of(Organization, "children", Organization.objects.published(), limit),
                *posts,
                *self.detail_prefetches(limit),
            )
            .with_citations()
            .with_aliases()
        )


class Organization(Record):
    name = models.CharField(_("name"), max_length=300)
    # Of the name's columns (name_en, name_es), the one holding the official name; the other is its translation.
    official_language = models.CharField(
        _("language of the official name"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the organization's name is official in; the name in the other one translates it."),
    )
    acronym = models.CharField(_("acronym"), max_length=40, blank=True, help_text=_("CBP, DGME, ILEA…"))
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind, default=OrganizationKind.AGENCY)
    country = CountryField(
        _("country"), blank=True, help_text=_("Leave empty for international organizations."), db_index=True
    )
    # Removing a parent leaves its units standing, as independent bodies, until a curator re-parents them.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
        help_text=_("The body this one belongs to: CBP → Department of Homeland Security."),
    )
    website = models.URLField(_("website"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)

    # What search and the list's words filter look through, by weight (records/search.py).
    search_fields = {"name": "A", "acronym": "A", "description": "B"}

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganizationKind.values), name="people_organization_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="people_organization_not_own_parent"
            ),
            models.CheckConstraint(
                condition=models.Q(official_language__in=[code for code, _name in settings.LANGUAGES]),
                name="people_organization_official_language_valid",
            ),
        ]
        indexes = [
            # The organization list sorted "newest" and "oldest" (first added), one read backwards.
            models.Index(fields=["publication_status", "created_at", "id"], name="people_organization_created"),
            # The organization list sorted "title" (name A–Z), in each language (records.languages.sort_text).
            *languages.sort_indexes("name", "people_organization_name"),
            # The organization list sorted "updated".
            models.Index(fields=["publication_status", "-updated_at", "id"], name="people_organization_updated"),
            # ?certainty= on the organization list (few records are unverified or disputed) and the certainty facet.
            models.Index(fields=["publication_status", "certainty"], name="people_organization_certainty"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("people:organization-detail", kwargs={"slug": self.slug})

    @property
    def public_parent(self):
        return public_or_none(self.parent)


class PersonQuerySet(RecordQuerySet):
    detail_prefetches = DetailPrefetches()

    def for_card(self):
        """What includes/cards/person_card.html and the downloads show: the current public posts, as
        `current_posts` (one more query)."""
        posts = Position.objects.published().current().filter(published_via("organization"))
        posts = posts.select_related("organization")
        return self.prefetch_related(Prefetch("positions", queryset=posts, to_attr="current_posts"))

    def for_detail(self, limit=None):
        """People with the public posts (with their citations) their page and API detail show, plus what other apps
        add; with a `limit` (the page), at most that many rows of each, each with its total (first_of)."""
        positions = Position.objects.published().filter(published_via("organization"))
        positions = positions.select_related("organization").order_by("-start", "title").with_citations()
        return (
            self.prefetch_related(first_of(Person, "positions", positions, limit), *self.detail_prefetches(limit))
            .with_citations()
            .with_aliases()
        )


class Person(Record):
    name = models.CharField(_("full name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = CountryField(_("country"), blank=True, help_text=_("Nationality, or the country served."))
    bio = models.TextField(_("short biography"), blank=True)

    # What search and the list's words filter look through, by weight (records/search.py).
    search_fields = {"name": "A", "bio": "B"}

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [*Record.Meta.constraints]
        indexes = [
            # The person list sorted "newest" and "oldest" (first added), one read backwards.
            models.Index(fields=["publication_status", "created_at", "id"], name="people_person_created"),
            # The person list sorted "title" (name A–Z).
            models.Index(F("publication_status"), Lower("name"), F("id"), name="people_person_name"),
            # The person list sorted "updated".
            models.Index(fields=["publication_status", "-updated_at", "id"], name="people_person_updated"),
            # ?certainty= on the person list (few records are unverified or disputed) and the certainty facet.
            models.Index(fields=["publication_status", "certainty"], name="people_person_certainty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:person-detail", kwargs={"slug": self.slug})


def held_now(prefix=""):
    """The condition of a current post, on the posts' fields under `prefix` ("positions__" from a person): not ended,
    and a dated source shows it held (`held_as_of`). A post no source dates is of unknown status, not current."""
    return Q(**{f"{prefix}end": "", f"{prefix}ended": False}) & ~Q(**{f"{prefix}held_as_of": ""})


class PositionQuerySet(RecordQuerySet):
    def current(self):
        """Posts still held as far as the sources show (held_now)."""
        return self.filter(held_now())

    def unknown(self):
        """Posts not known to have ended that no dated source shows held: whether they are held is unknown."""
        return self.filter(end="", ended=False, held_as_of="")

    def past(self):
        """Posts no longer held: ended, with or without an end date."""
        return self.exclude(end="", ended=False)

    def public(self):
        """Published posts of a published person in a published organization."""
        return self.published().filter(published_via("person", "organization"))


class Position(Record):
    """A post a person held in an organization, for a time."""

    # A person's posts mean nothing without the person.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("person"))
    # An organization that still has posts on record cannot silently vanish from officials' careers.
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="positions", verbose_name=_("organization")
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("As the sources give it: Acting Commissioner."))
    start = PartialDateField(_("start"))
    end = PartialDateField(_("end"), help_text=_("Leave empty while the post is held."))
    held_as_of = PartialDateField(
        _("held as of"),
        help_text=_(
            "For a post not known to have ended: the date of the latest source that shows it held. Left empty, the "
            "post reads “status unknown”."
        ),
    )
    ended = models.BooleanField(
        _("has ended"),
        default=False,
        help_text=_("Tick when the post is over but its end date is not known; implied by an end date."),
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["person", "-start"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(condition=range_is_ordered("start", "end"), name="people_position_end_after_start"),
            models.CheckConstraint(
                condition=models.Q(end="") | models.Q(ended=True), name="people_position_end_implies_ended"
            ),
        ]
        indexes = [
            # People lists filter by organization and "current post only".
            models.Index(fields=["organization", "ended", "end"], name="people_position_current_idx"),
        ]

    def __str__(self):
        return f"{self.title}, {self.organization}"

    def clean(self):
        if self.end:
            self.ended = True

    @property
    def is_current(self):
        """Held as far as the sources show; the same rule as PositionQuerySet.current()."""
        return not self.end and not self.ended and bool(self.held_as_of)

    @property
    def is_unknown(self):
        """Not known to have ended, and no dated source shows it held."""
        return not self.end and not self.ended and not self.held_as_of

    @property
    def dates_label(self):
        """What is known of the post's dates, in the active language: "June 2019 – current as of 4 February 2025",
        "Current as of 2025" (start unknown), "2019 – status unknown", "November 2022 – end date not known",
        "Dates not known". A post is never shown as simply "present": the date of the latest source says how recent
        that knowledge is."""
        if self.is_current:
            as_of = gettext("current as of %(date)s") % {"date": shown_date(self.held_as_of)}
            return date_range_label(self.start, "", as_of) if self.start else capfirst(as_of)
        if self.is_unknown:
            if not self.start:
                return gettext("Status unknown")
            return date_range_label(self.start, "", gettext("status unknown"))
        if self.end:
            return date_range_label(self.start, self.end)
        if not self.start:
            return gettext("Dates not known")
        return date_range_label(self.start, "", gettext("end date not known"))


def _partial_date(value):
    """`value` as a PartialDate; None when unknown or malformed (a malformed value must not break a page)."""
    try:
        return PartialDate(value) if value else None
    except ValueError:
        return None


def post_held_on(positions, day, sources=()):
    """The post, among `positions`, that may have been held on the partial date `day` of an event reported by
    `sources` (Source pks); None when none fits.

    A post fits when it did not end before `day` began (an unknown end does not rule it out: sources often say a
    post is over without saying when) and either began by the end of `day`, or, its start unknown, a source shows it
    held on or after `day` (its `held_as_of`, or its end). Of several fits the latest begun wins, a known start before
    an unknown one: the one held by then. When no post fits so (the day unknown, or no date to compare), a post that
    cites a source reporting the event fits, unless its dates rule the day out: that source names the person with it.
    Reads each post's citations when `sources` are given (prefetch them).
    """
    day = _partial_date(day)
    fits = []
    for position in positions:
        start, end = _partial_date(position.start), _partial_date(position.end)
        if day is None:
            continue
        if end is not None and end.upper < day.lower:
            continue
        if start is None:
            seen_held = _partial_date(position.held_as_of) or end
            if seen_held is not None and seen_held.upper >= day.lower:
                fits.append(((0, day.lower), position))
            continue
        if start.lower <= day.upper:
            fits.append(((1, start.lower), position))
    if fits or not sources:
        return max(fits, key=lambda fit: fit[0], default=(None, None))[1]
    return next((position for position in positions if _reported_then(position, day, sources)), None)


def _reported_then(position, day, sources):
    """Whether `position` cites one of `sources` and its dates do not rule out the partial date `day` (None when
    unknown)."""
    if not {citation.source_id for citation in position.citations.all()} & set(sources):
        return False
    if day is None:
        return True
    start, end = _partial_date(position.start), _partial_date(position.end)
    return not (start is not None and start.lower > day.upper) and not (end is not None and end.upper < day.lower)
