"""The data-quality dashboard on the admin index: what curators should look at next, each count a link.

It lives in `agreements`, the app that may see every record type. Each count uses the very list filter its
link applies (`matching()`), so the number and the list it opens always agree.
"""

from django import template
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from agreements.admin.agreements import StatusContradictsDatesFilter
from agreements.admin.topics import HasTopicFilter
from agreements.models import Agreement, Event, Topic, TrainingProgram
from people.admin import CurrentPostFilter
from people.models import Organization, Person, Position
from records.admin.base import HasPassageFilter, HasSourceFilter, changelist_url, has_date_filter
from records.languages import language_name, languages, untranslated_counts
from records.models import Certainty, Citation, ErrorReport, PublicationStatus, ReportStatus

register = template.Library()

REVIEWED = [Organization, Person, Position, Topic, Agreement, TrainingProgram, Event]
SOURCED = [Organization, Person, Position, Agreement, TrainingProgram, Event]
WITH_TOPICS = [Agreement, TrainingProgram, Event]
DATED = {Agreement: "signed_on", TrainingProgram: "start", Event: "start"}

PUBLISHED = {"publication_status__exact": PublicationStatus.PUBLISHED}

# The levels of certainty, the doubtful first.
LEVELS = [Certainty.UNVERIFIED, Certainty.DISPUTED, Certainty.REPORTED, Certainty.CONFIRMED]

# The links that carry a certainty, each counted as the published records holding one at a level, which is what the
# record list its line opens shows: (model, path to the link's certainty, label, the filter that says a link exists).
LINKS = [
    (Event, "participant_rows__certainty", _("events, by a participant"), {}),
    (Event, "program_rows__certainty", _("events, by a program involved"), {}),
    (Agreement, "signatories__certainty", _("agreements, by a signatory"), {}),
    (Agreement, "signed_at_certainty", _("agreements, by the event signed at"), {"signed_at__isnull": False}),
]


def _line(model, queryset, **params):
    return {
        "label": model._meta.verbose_name_plural,
        "count": queryset.count(),
        "url": changelist_url(model, **params),
    }


def _translation_sections():
    """A section per language: the published records of each type missing a text in it (records.languages), counted
    for every language in one query per type; each links to the list's translation filter."""
    counts = {model: untranslated_counts(model.objects.published()) for model in REVIEWED}
    return [
        (
            _("Published with a text missing in %(language)s") % {"language": language_name(code)},
            [
                {
                    "label": model._meta.verbose_name_plural,
                    "count": counts[model][code],
                    "url": changelist_url(model, **PUBLISHED, translation=f"missing-{code}"),
                }
                for model in REVIEWED
            ],
        )
        for code in languages()
    ]


def _certainty_sections():
    """A section per level of certainty: the published records at that level, then the published records holding a
    link (a participant, a signatory…) at it, each a link to exactly those. One grouped query per line."""

    def counts(queryset, path):
        rows = queryset.order_by().values(path).annotate(count=Count("pk", distinct=True))
        return {row[path]: row["count"] for row in rows}

    records = [(model, counts(model.objects.published(), "certainty")) for model in SOURCED]
    links = [
        (model, path, label, exists, counts(model.objects.published().filter(**exists), path))
        for model, path, label, exists in LINKS
    ]
    return [
        (
            _("Published, certainty “%(level)s”") % {"level": level.label},
            [
                *(
                    {
                        "label": model._meta.verbose_name_plural,
                        "count": by_level.get(level, 0),
                        "url": changelist_url(model, **PUBLISHED, certainty__exact=level),
                    }
                    for model, by_level in records
                ),
                *(
                    {
                        "label": label,
                        "count": by_level.get(level, 0),
                        "url": changelist_url(model, **PUBLISHED, **exists, **{f"{path}__exact": level}),
                    }
                    for model, path, label, exists, by_level in links
                ),
            ],
        )
        for level in LEVELS
    ]


def dashboard_sections():
    """The dashboard's sections, each a title and lines of (records, how many, link to exactly those)."""
    return [
        (
            _("Waiting for review"),
            [
                _line(
                    model,
                    model.objects.in_review(),
                    publication_status__exact=PublicationStatus.IN_REVIEW,
                )
                for model in REVIEWED
            ],
        ),
        (
            _("Published without a cited source"),
            [
                _line(model, HasSourceFilter.matching(model.objects.published(), "no"), **PUBLISHED, has_source="no")
                for model in SOURCED
            ],
        ),
        (
            _("Citations without the passage they rely on"),
            [_line(Citation, HasPassageFilter.matching(Citation.objects.all(), "no"), has_passage="no")],
        ),
        (
            _("Published without a topic"),
            [
                _line(model, HasTopicFilter.matching(model.objects.published(), "no"), **PUBLISHED, has_topic="no")
                for model in WITH_TOPICS
            ],
        ),
        (
            _("Published without a date"),
            [
                _line(
                    model,
                    has_date_filter(field).matching(model.objects.published(), "no"),
                    **PUBLISHED,
                    has_date="no",
                )
                for model, field in DATED.items()
            ],
        ),
        (
            _("Status contradicts the dates"),
            [
                _line(
                    Agreement,
                    StatusContradictsDatesFilter.matching(Agreement.objects.all(), "yes"),
                    dates_contradict="yes",
                )
            ],
        ),
        (
            _("Published people without a current post"),
            [
                _line(
                    Person, CurrentPostFilter.matching(Person.objects.published(), "no"), **PUBLISHED, current_post="no"
                )
            ],
        ),
        (
            _("Reader reports not yet handled"),
            [
                _line(
                    ErrorReport,
                    ErrorReport.objects.filter(status=ReportStatus.OPEN),
                    status__exact=ReportStatus.OPEN,
                )
            ],
        ),
        *_certainty_sections(),
        *_translation_sections(),
    ]


@register.inclusion_tag("admin/curation/dashboard.html", takes_context=True)
def data_quality_dashboard(context):
    """The dashboard, for curators who may see records (one COUNT query per line, one per type for translations)."""
    user = context["request"].user
    may_view = user.has_perm("agreements.view_agreement")
    return {"sections": dashboard_sections() if may_view else []}
