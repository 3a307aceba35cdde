from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from records.dates import PartialDateField, range_is_ordered
from records.models import PublishableQuerySet, Record


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


class Organization(Record):
    name = models.CharField(_("name"), max_length=300)
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
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("people:organization-detail", kwargs={"slug": self.slug})


class Person(Record):
    name = models.CharField(_("full name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = CountryField(_("country"), blank=True, help_text=_("Nationality, or the country served."))
    bio = models.TextField(_("short biography"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [*Record.Meta.constraints]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:person-detail", kwargs={"slug": self.slug})


class PositionQuerySet(PublishableQuerySet):
    def current(self):
        """Posts still held: no end date, and not marked as ended."""
        return self.filter(end="", ended=False)


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
        return not self.end and not self.ended
