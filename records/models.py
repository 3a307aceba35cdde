from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from records.dates import PartialDateField
from records.search import SearchEntry, matching_ids, relevance, search_terms


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


def published_via(*paths):
    """A condition that the record at the end of each relation path is published ("organization", "agreement")."""
    return models.Q(**{f"{path}__publication_status": PublicationStatus.PUBLISHED for path in paths})


def first_of(model, lookup, queryset, limit, to_attr=None):
    """Prefetch the first `limit` rows of `queryset` through the relation `lookup` of `model` (a many-to-many field,
    from either side, or the reverse of a foreign key), as `to_attr` or else as the relation's own cache, each annotated
    with `relation_total`: how many rows of `queryset` the record has in all. One query, with two window functions,
    so that a card or a page stays small however many rows it has. With `limit` None, every row, without the total
    (the API lists them all).

    The rows are cut by their rank rather than by a slice, which Django takes only into `to_attr`.
    """
    if limit is None:
        return models.Prefetch(lookup, queryset=queryset, to_attr=to_attr)
    field = model._meta.get_field(lookup)
    # The rows of one record share the relation's far end: the foreign key or many-to-many field that points back.
    partition = models.F(field.field.name if field.auto_created and not field.concrete else field.related_query_name())
    order_by = [expression for expression, _ in queryset.query.get_compiler(queryset.db).get_order_by()]
    queryset = queryset.annotate(
        relation_total=models.Window(models.Count("pk"), partition_by=partition),
        relation_rank=models.Window(RowNumber(), partition_by=partition, order_by=order_by),
    ).filter(relation_rank__lte=limit)
    return models.Prefetch(lookup, queryset=queryset, to_attr=to_attr)


def relation_total(rows):
    """How many rows there are in all of which `rows`, prefetched by first_of(), are the first; len(rows) when they
    were fetched without a limit."""
    rows = list(rows)
    return getattr(rows[0], "relation_total", len(rows)) if rows else 0


def public_or_none(record):
    """The related record when the public may see it, else None: a draft parent, host or event is not shown."""
    return record if record is not None and record.publication_status == PublicationStatus.PUBLISHED else None


class PublishableQuerySet(models.QuerySet):
    """Where the rule "the public sees published records only" is written; every public surface starts here."""

    def published(self):
        """The only rows any public page, list, count, feed or export may show."""
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def in_review(self):
        """Rows waiting for a publisher."""
        return self.filter(publication_status=PublicationStatus.IN_REVIEW)


class RecordQuerySet(PublishableQuerySet):
    def with_citations(self):
        """Prefetch each record's citations with their sources, in the curators' order (one more query)."""
        return self.prefetch_related(
            models.Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )

    def with_aliases(self):
        """Prefetch each record's other names with the sources that use them (one more query)."""
        return self.prefetch_related(models.Prefetch("aliases", queryset=Alias.objects.select_related("source")))

    def matching(self, q):
        """Records with a word beginning with each word of `q`, case and accents aside ("mill" finds "Miller"),
        through the search index (records/search.py); none when `q` has no word."""
        terms = search_terms(q)
        return self.filter(pk__in=matching_ids(self.model, terms)) if terms else self.none()

    def search(self, q):
        """matching(q), best matches first (a title or name before a summary), then in the queryset's order."""
        ordering = self.query.order_by or self.model._meta.ordering
        return self.matching(q).order_by(relevance(search_terms(q)).desc(), *ordering)


class Publishable(models.Model):
    """A record with a publication status; only published ones are public."""

    publication_status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text=_("Only published records appear on the public site."),
    )
    # Removing a curator's account keeps what they published on the site.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set from the record's history as each revision is saved (records/history.py); pages show last_changed().
    changed_at = models.DateTimeField(
        _("content last changed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When readers last saw the record change: its newest published revision that changed something."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(publication_status__in=PublicationStatus.values),
                name="%(app_label)s_%(class)s_publication_status_valid",
            ),
        ]

    @property
    def is_published(self):
        return self.publication_status == PublicationStatus.PUBLISHED

    def set_publication_status(self, status, user):
        """Move to `status`, recording who published and when (cleared once no longer published); does not save."""
        if status == PublicationStatus.PUBLISHED and not self.is_published:
            self.published_by, self.published_at = user, timezone.now()
        elif status != PublicationStatus.PUBLISHED:
            self.published_by, self.published_at = None, None
        self.publication_status = status


class Certainty(models.TextChoices):
    """How sure Pacta is of a claim: a record, or a link between two (a participant at an event, a signatory…)."""

    CONFIRMED = "confirmed", _("Confirmed")
    REPORTED = "reported", _("Reported")
    UNVERIFIED = "unverified", _("Unverified")
    DISPUTED = "disputed", _("Disputed")


# What each certainty means, for the badge's explanation and the About page.
CERTAINTY_EXPLANATIONS = {
    Certainty.CONFIRMED: _("Confirmed by a primary source: the body concerned says so."),
    Certainty.REPORTED: _("Reported by secondary sources (news, analysis, mirrors); no primary source seen."),
    Certainty.UNVERIFIED: _("Unverified: a single weak source, or a claim the sources seen do not bear out."),
    Certainty.DISPUTED: _("Disputed: the sources disagree; the note says which says what."),
}


class Certain(models.Model):
    """A claim with a certainty and a note saying what it rests on (its S-numbers link to the sources)."""

    certainty = models.CharField(
        _("certainty"),
        max_length=10,
        choices=Certainty,
        default=Certainty.REPORTED,
        help_text=_("Confirmed: a primary source says so. Reported: secondary sources only."),
    )
    certainty_note = models.TextField(
        _("certainty note"), blank=True, help_text=_("Shown to readers: why the claim is uncertain, per which source.")
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(certainty__in=Certainty.values),
                name="%(app_label)s_%(class)s_certainty_valid",
            ),
        ]

    @property
    def certainty_explanation(self):
        return CERTAINTY_EXPLANATIONS[self.certainty]


class Record(Certain, Publishable):
    """A public record that cites its sources and may carry an editorial note and other names."""

    note = models.TextField(
        _("editorial note"),
        blank=True,
        help_text=_("Shown to readers: doubtful claims, conflicting sources, what is not known."),
    )
    citations = GenericRelation("records.Citation", related_query_name="cited_%(class)s")
    aliases = GenericRelation("records.Alias", related_query_name="aliased_%(class)s")
    # Types that declare `search_fields` ({field: weight}) are searchable (records/search.py).
    search_entries = GenericRelation(SearchEntry)

    objects = RecordQuerySet.as_manager()

    class Meta(Publishable.Meta):
        abstract = True
        constraints = [
            *Publishable.Meta.constraints,
            *Certain.Meta.constraints,
        ]


class Reliability(models.TextChoices):
    PRIMARY = "primary", _("Primary (the body concerned)")
    SECONDARY = "secondary", _("Secondary (news, analysis)")
    TERTIARY = "tertiary", _("Tertiary (reference works)")


class CitationQuerySet(models.QuerySet):
    def published(self):
        """Citations made by published records. Runs no query: one subquery per kind of record."""
        made_by_published = models.Q()
        for model in cited_record_models():
            made_by_published |= models.Q(
                content_type__app_label=model._meta.app_label,
                content_type__model=model._meta.model_name,
                object_id__in=model.objects.published().values("pk"),
            )
        return self.filter(made_by_published)

    def passage_coverage(self):
        """{"with_passage": how many of these carry the passage they rely on, "total": how many there are}."""
        return self.aggregate(total=models.Count("pk"), with_passage=models.Count("pk", filter=~models.Q(excerpt="")))


class SourceQuerySet(models.QuerySet):
    def published(self):
        """Sources cited by at least one published record."""
        return self.filter(pk__in=Citation.objects.published().values("source"))


def cited_record_models():
    """Every concrete kind of record that cites sources, whichever app declares it."""
    return [model for model in apps.get_models() if issubclass(model, Record)]


class Source(models.Model):
    """A public document that records cite."""

    key = models.CharField(
        _("reference"),
        max_length=20,
        unique=True,
        blank=True,
        help_text=_(
            "A short, unique reference that editorial notes can cite, such as S2. Left empty, the next free one."
        ),
    )
    title = models.CharField(_("title"), max_length=400)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=600, unique=True)
    published = PartialDateField(_("published"))
    language = models.CharField(
        _("language"), max_length=8, default="en", help_text=_("ISO 639-1 code of the text: en, es…")
    )
    reliability = models.CharField(_("reliability"), max_length=10, choices=Reliability, default=Reliability.SECONDARY)
    reliability_note = models.CharField(
        _("reliability note"),
        max_length=400,
        blank=True,
        help_text=_("What a reader should know: a mirror, a partial copy, an advocacy source…"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reliability__in=Reliability.values),
                name="records_source_reliability_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = self.next_key()
        super().save(*args, **kwargs)

    @classmethod
    def next_key(cls):
        """The S-number after the highest in use ("S99" → "S100"). Runs a query."""
        keys = cls.objects.filter(key__regex=r"^S[0-9]+$").values_list("key", flat=True)
        return f"S{max((int(key[1:]) for key in keys), default=0) + 1}"


class Citation(models.Model):
    """One source cited by one record, with the passage it relies on."""

    # Deleting a source that records still cite would leave claims unsourced.
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source"))
    # Any Record: organizations, people, positions, agreements, programs, events.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    excerpt = models.TextField(_("excerpt"), blank=True, help_text=_("The passage quoted from the source, verbatim."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        indexes = [
            # Detail pages fetch a record's citations; the curation checks count them per record.
            models.Index(fields=["content_type", "object_id"], name="records_citation_record_idx"),
        ]

    def __str__(self):
        return str(self.source)


class Alias(Certain):
    """Another name a record goes by: a spelling ("Kattan"), an acronym, a label a source uses ("ATS-G")."""

    # Any Record: organizations, people, positions, agreements, programs, events.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    name = models.CharField(_("name"), max_length=300)
    # The source that uses the name; deleting it would leave the name unsourced.
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aliases",
        verbose_name=_("source"),
        help_text=_("The source that uses this name, if any."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "name"], name="records_alias_unique"),
            *Certain.Meta.constraints,
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="records_alias_record_idx")]

    def __str__(self):
        return self.name


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Not yet handled")
    CLOSED = "closed", _("Handled")


class ErrorReport(models.Model):
    """A reader's report that something on a public record page is wrong, for the curators to handle."""

    # Any public record: organizations, people, agreements, programs, events. Without a GenericRelation on the
    # records, deleting a record keeps its reports, and restoring the record (same id) finds them again.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    page_url = models.CharField(_("page"), max_length=600, help_text=_("The public page the reader reported from."))
    message = models.TextField(_("message"), max_length=2000)
    email = models.EmailField(_("email address"), blank=True, help_text=_("Given by the reader; never published."))
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus, default=ReportStatus.OPEN)
    # Removing a curator's account keeps the reports they handled, and that they were handled.
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    curator_note = models.TextField(
        _("curator note"), blank=True, help_text=_("What was done about it; seen by curators only.")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reader report")
        verbose_name_plural = _("reader reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values),
                name="records_errorreport_status_valid",
            ),
        ]
        indexes = [
            # The dashboard counts open reports; the admin list filters by status, newest first.
            models.Index(fields=["status", "created_at"], name="records_errorreport_status_idx"),
        ]

    def __str__(self):
        return _("Report #%(id)s on %(record)s") % {"id": self.pk, "record": self.page_url}

    def close(self, user):
        """Mark as handled by `user`, now; does not save."""
        self.status, self.handled_by, self.handled_at = ReportStatus.CLOSED, user, timezone.now()
