"""What can be followed, and what is new there.

A follow names one of the list pages with its query string, or a topic, country, organization or person; the latter
are read as the list filters that show their records, as their pages and feeds do (a person: the agreements they
signed and the events they took part in). Either way the records are what the list pages' own FilterSets give for
that query string on published records, so that a followed address means exactly what its page shows.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from agreements.filters import AgreementFilter, EventFilter, ProgramFilter
from agreements.models import Agreement, Event, TrainingProgram
from alerts.models import Target
from people.filters import OrganizationFilter, PersonFilter
from people.models import Organization, Person
from records import labels, languages
from records.lists.forms import CountryCodesField

# A longer address is no page of the site anyone copied; a longer normalised query does not fit the follow's column.
MAX_URL_LENGTH = 2000
MAX_QUERY_LENGTH = 1000


@dataclass(frozen=True)
class ListPage:
    url_name: str
    model: type
    filterset_class: type


LISTS = {
    Target.AGREEMENTS: ListPage("agreements:agreement-list", Agreement, AgreementFilter),
    Target.PROGRAMS: ListPage("agreements:program-list", TrainingProgram, ProgramFilter),
    Target.EVENTS: ListPage("agreements:event-list", Event, EventFilter),
    Target.PEOPLE: ListPage("people:person-list", Person, PersonFilter),
    Target.ORGANIZATIONS: ListPage("people:organization-list", Organization, OrganizationFilter),
}
# A record page followed: its URL name, the URL argument naming the record, and the lists with the filter that
# shows its records on each (as the page and its feed gather them).
SUBJECTS = {
    Target.TOPIC: (
        "agreements:topic-detail",
        "slug",
        [(Target.AGREEMENTS, "topic"), (Target.PROGRAMS, "topic"), (Target.EVENTS, "topic")],
    ),
    Target.COUNTRY: (
        "country-detail",
        "code",
        [
            (Target.AGREEMENTS, "country"),
            (Target.ORGANIZATIONS, "country"),
            (Target.PEOPLE, "country"),
            (Target.PROGRAMS, "country"),
            (Target.PROGRAMS, "participant_country"),
            (Target.EVENTS, "country"),
        ],
    ),
    Target.ORGANIZATION: (
        "people:organization-detail",
        "slug",
        [
            (Target.AGREEMENTS, "party"),
            (Target.PROGRAMS, "host"),
            (Target.PROGRAMS, "instructor"),
            (Target.EVENTS, "organization"),
        ],
    ),
    Target.PERSON: ("people:person-detail", "slug", [(Target.AGREEMENTS, "signatory"), (Target.EVENTS, "participant")]),
}
# The text of each type of record a digest shows, and its dates (start, end) where it has them.
SUMMARY_FIELDS = {
    Agreement: "summary",
    TrainingProgram: "description",
    Event: "summary",
    Person: "bio",
    Organization: "description",
}
SUMMARY_WORDS = 30
DATE_FIELDS = {Agreement: ("signed_on", None), TrainingProgram: ("start", "end"), Event: ("start", "end")}


@dataclass(frozen=True)
class Followed:
    """A target as a follow stores it (alerts.models.Follow's target, subject and query)."""

    target: str
    subject: str = ""
    query: str = ""

    @classmethod
    def of(cls, follow):
        return cls(follow.target, follow.subject, follow.query)

    def parts(self):
        """(list, query) pairs whose records together are the target's."""
        if self.target in LISTS:
            return [(LISTS[self.target], QueryDict(self.query))]
        _url_name, _argument, filters = SUBJECTS[self.target]
        return [(LISTS[name], _query(parameter, self.subject)) for name, parameter in filters]

    def filtersets(self):
        """Each part's FilterSet, bound to its query string, over published records."""
        return [
            page.filterset_class(data=query, queryset=page.model.objects.published()) for page, query in self.parts()
        ]

    def errors(self):
        """What the lists' filters refused in this target, as messages; [] when they accept it all."""
        messages = []
        for filterset in self.filtersets():
            if filterset.is_valid():
                continue
            for name, errors in filterset.form.errors.items():
                label = filterset.form.fields[name].label if name in filterset.form.fields else ""
                messages.extend(f"{label}: {error}" if label else str(error) for error in errors)
        return list(dict.fromkeys(messages))

    def url(self):
        """The followed page, in the active language."""
        if self.target in LISTS:
            path = reverse(LISTS[self.target].url_name)
            return f"{path}?{self.query}" if self.query else path
        url_name, argument, _filters = SUBJECTS[self.target]
        return reverse(url_name, kwargs={argument: self.subject})

    def describe(self):
        """What is followed, in the active language: "Agreements (Topic: Customs; Country of a party: El Salvador)",
        "Topic: Customs". Runs the filters' queries for the records named."""
        filterset = self.filtersets()[0]
        if self.target in LISTS:
            title = str(Target(self.target).label)
            chosen = [
                f"{filterset.form.fields[name].label}: {_value_text(filterset, name)}"
                for name in filterset.form.fields
                if filterset.form.data.getlist(name)
            ]
            return f"{title} ({'; '.join(chosen)})" if chosen else title
        _url_name, _argument, filters = SUBJECTS[self.target]
        return f"{Target(self.target).label}: {_value_text(filterset, filters[0][1])}"

    def published_between(self, start, end, limit):
        """The records published after `start` up to `end` that the target shows, earliest first, at most `limit`
        (one more tells that there were more). A part whose filters no longer hold (a topic since withdrawn)
        shows nothing. Runs one query per part."""
        found = {}
        for filterset in self.filtersets():
            if not filterset.is_valid():
                continue
            records = filterset.qs.filter(published_at__gt=start, published_at__lte=end).order_by("published_at", "pk")
            for record in records[: limit + 1]:
                found[(type(record), record.pk)] = record
        return sorted(found.values(), key=lambda record: (record.published_at, record.pk))[: limit + 1]


def _query(name, value):
    query = QueryDict(mutable=True)
    query[name] = value
    return query


def normalize_query(page, query):
    """The query string with only the list's filters, in one order: no sort, page or view, no empty value, each
    value once, sorted, so that two addresses of the same selection are one follow."""
    kept = QueryDict(mutable=True)
    # The page, the view (cards or table) and any other parameter are no filters; the sort orders, it chooses nothing.
    for name in sorted(set(page.filterset_class.base_filters) - {"sort"}):
        values = sorted({value for value in query.getlist(name) if value.strip()})
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def from_url(url):
    """The Followed of a page's address (path and query string, in any language of the site); ValidationError
    with a message for an address that is too long, is not a list, topic, country, organization or person page,
    or whose filters the list refuses."""
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(_("This address is too long to follow."), code="too_long")
    path, _sep, query_string = url.partition("?")
    try:
        # The path names its language (/es/acuerdos/), whatever the language of the page that asks.
        with translation.override(get_language_from_path(path) or settings.LANGUAGE_CODE):
            match = resolve(path)
    except Resolver404:
        raise ValidationError(
            _("Only a list, topic, country, organization or person page can be followed."), code="page"
        ) from None
    followed = _followed(match, QueryDict(query_string))
    if followed is None:
        raise ValidationError(
            _("Only a list, topic, country, organization or person page can be followed."), code="page"
        )
    if len(followed.query) > MAX_QUERY_LENGTH:
        raise ValidationError(_("These filters are too long to follow."), code="too_long")
    errors = followed.errors()
    if errors:
        raise ValidationError([ValidationError(message, code="filters") for message in errors])
    return followed


def _followed(match, query):
    for target, page in LISTS.items():
        if match.view_name == page.url_name:
            return Followed(target, query=normalize_query(page, query))
    for target, (url_name, argument, _filters) in SUBJECTS.items():
        if match.view_name == url_name:
            subject = match.kwargs[argument]
            return Followed(target, subject=subject.upper() if target == Target.COUNTRY else subject)
    return None


def _value_text(filterset, name):
    """The values of one filter as the reader chose them: records and countries by name, choices by label."""
    field = filterset.form.fields[name]
    raw = filterset.form.data.getlist(name)
    cleaned = filterset.form.cleaned_data.get(name) if filterset.is_valid() else None
    if isinstance(field, forms.ModelMultipleChoiceField) and cleaned is not None:
        return ", ".join(languages.marked(languages.text(record, "name")) for record in cleaned)
    if isinstance(field, CountryCodesField):
        return ", ".join(labels.country_name(code) for code in raw)
    if isinstance(field, forms.ChoiceField):
        choices = {str(value): label for value, label in field.choices}
        return ", ".join(str(choices.get(value, value)) for value in raw)
    return ", ".join(f"“{value}”" for value in raw)


def record_facts(record):
    """What a digest says of a record: its type, title, dates (start, end; "" where unknown), one-line summary."""
    start, end = DATE_FIELDS.get(type(record), (None, None))
    title_field = "name" if type(record) in (Person, Organization) else "title"
    return {
        "record": record,
        "type": record._meta.verbose_name,
        "title": languages.marked(languages.text(record, title_field)),
        "start": getattr(record, start) if start else "",
        "end": getattr(record, end) if end else "",
        "summary": Truncator(languages.marked(languages.text(record, SUMMARY_FIELDS[type(record)]))).words(
            SUMMARY_WORDS
        ),
    }
