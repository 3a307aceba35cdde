"""Atom feeds: any filtered agreement, program or event list (the list's own query string), and what is on a
topic, in a country or involving an organization. Only published records, with only their published topics."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_countries import countries
from django_countries.fields import Country

from agreements.filters import AgreementFilter, EventFilter, ProgramFilter, TopicTree
from agreements.models import Agreement, Event, Topic, TrainingProgram, public_topics
from people.models import Organization
from records import languages
from records.dates import PartialDate
from records.exports import bad_filters_response
from records.history import last_changed
from records.labels import choice_label, country_name

# Entries per feed: a reader subscribes to what changes, not to the whole archive (the CSV has that).
FEED_SIZE = 50
SUMMARY_WORDS = 60


class BadFilters(Exception):
    def __init__(self, form):
        super().__init__()
        self.form = form


def _with_topics(queryset):
    return queryset.prefetch_related(public_topics())


def _date_text(start, end=""):
    """The dates as read, each at its own precision: 8 October 2024, or October 2024 – 2025."""
    texts = []
    for value in (start, end):
        try:
            texts.append(PartialDate(value).display() if value else "")
        except ValueError:
            texts.append(value)
    return " – ".join(text for text in texts if text)


def place(record):
    """Where the program or event was, in the reader's language; a place written only in another language is
    followed by "(in English)"."""
    location = languages.marked(languages.text(record, "location"))
    return ", ".join(part for part in (location, country_name(record.country)) if part)


def entry_facts(item):
    """What the entry summary opens with (the record's type, then its kind, status, dates and place), and the
    record's text (a records.languages Text) that follows."""
    if isinstance(item, Agreement):
        signed = _("signed %(date)s") % {"date": _date_text(item.signed_on)} if item.signed_on else ""
        facts = [_("Agreement"), choice_label(item, "kind"), choice_label(item, "status"), signed]
        return facts, languages.text(item, "summary")
    if isinstance(item, TrainingProgram):
        facts = [_("Training program"), choice_label(item, "format"), _date_text(item.start, item.end), place(item)]
        return facts, languages.text(item, "description")
    facts = [_("Event"), choice_label(item, "kind"), _date_text(item.start, item.end), place(item)]
    return facts, languages.text(item, "summary")


def entry_title(item):
    """The record's title in the reader's language, followed by "(in English)" when written only in another."""
    return languages.marked(languages.text(item, "title"))


def short_text(found):
    """A Text cut to SUMMARY_WORDS words."""
    return found._replace(value=Truncator(found.value).words(SUMMARY_WORDS))


class RecordFeed(Feed):
    """Entries for agreements, programs and events: title, link, summary, when updated, topics as categories."""

    feed_type = Atom1Feed
    author_name = "Pacta"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadFilters as error:
            return bad_filters_response(error.form)

    def feed_url(self, obj):
        return obj["feed_url"]

    def link(self, obj):
        return obj["link"]

    def title(self, obj):
        return _("%(subject)s · Pacta") % {"subject": obj["title"]}

    def subtitle(self, obj):
        return _("The latest published records, most recently updated first.")

    def item_title(self, item):
        return entry_title(item)

    def item_description(self, item):
        """HTML: the facts, then the text, marked as pages mark it when it is in another language than the feed's.
        A title or summary holding "<" stays text."""
        facts, found = entry_facts(item)
        opening = escape(" · ".join(str(fact) for fact in facts if fact))
        if not found.value:
            return opening
        return format_html("{}. {}", opening, languages.marked_html(short_text(found)))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return last_changed(item)

    def item_categories(self, item):
        return [topic.name for topic in item.public_topics]


class ListFeed(RecordFeed):
    """The list at the same query string: the same FilterSet, so the same records, the latest FEED_SIZE of them.

    Unless the query asks for another order, the most recently updated come first, so that a subscriber sees an
    agreement added today even when it was signed years ago.
    """

    model = None
    filterset_class = None
    list_url_name = None
    subject = None

    def get_object(self, request):
        data = request.GET.copy()
        if not data.get("sort"):
            data["sort"] = "updated"
        filterset = self.filterset_class(data=data, queryset=self.model.objects.published(), request=request)
        if not filterset.is_valid():
            raise BadFilters(filterset.form)
        link = reverse(self.list_url_name)
        query = request.GET.urlencode()
        chosen = [
            f"{filterset.form.fields[name].label}: {', '.join(request.GET.getlist(name))}"
            for name in filterset.form.fields
            if name != "sort" and any(request.GET.getlist(name))
        ]
        return {
            "filterset": filterset,
            "title": f"{self.subject} ({'; '.join(chosen)})" if chosen else self.subject,
            "link": f"{link}?{query}" if query else link,
            "feed_url": request.get_full_path(),
        }

    def items(self, obj):
        return _with_topics(obj["filterset"].qs)[:FEED_SIZE]


class AgreementListFeed(ListFeed):
    model = Agreement
    filterset_class = AgreementFilter
    list_url_name = "agreements:agreement-list"

    @property
    def subject(self):
        return _("Agreements")


class ProgramListFeed(ListFeed):
    model = TrainingProgram
    filterset_class = ProgramFilter
    list_url_name = "agreements:program-list"

    @property
    def subject(self):
        return _("Training programs")


class EventListFeed(ListFeed):
    model = Event
    filterset_class = EventFilter
    list_url_name = "agreements:event-list"

    @property
    def subject(self):
        return _("Events")


class GroupFeed(RecordFeed):
    """Agreements, programs and events together, the most recently updated first."""

    def querysets(self, obj):
        raise NotImplementedError

    def items(self, obj):
        """Runs two queries per record type."""
        latest = []
        for queryset in self.querysets(obj):
            latest.extend(_with_topics(queryset.order_by("-updated_at", "pk"))[:FEED_SIZE])
        return sorted(latest, key=lambda item: item.updated_at, reverse=True)[:FEED_SIZE]


class TopicFeed(GroupFeed):
    def get_object(self, request, slug):
        topic = get_object_or_404(Topic.objects.published(), slug=slug)
        return {
            "topic": topic,
            "title": languages.marked(languages.text(topic, "name")),
            "link": topic.get_absolute_url(),
            "feed_url": request.path,
        }

    def querysets(self, obj):
        """The records on the topic or any of its published subtopics."""
        topics = TopicTree(names_only=True).subtree_pks([obj["topic"]])
        return [model.objects.published().tagged(topics) for model in (Agreement, TrainingProgram, Event)]


class CountryFeed(GroupFeed):
    def get_object(self, request, code):
        code = code.upper()
        if len(code) != 2 or code not in countries:
            raise Http404(_("No country has the code %(code)s.") % {"code": code[:10]})
        country = Country(code)
        return {
            "code": code,
            "title": str(country.name),
            "link": reverse("country-detail", kwargs={"code": code}),
            "feed_url": request.path,
        }

    def querysets(self, obj):
        """As on the country's page: agreements with a published party from the country, programs held there or
        with participants from it, events held there."""
        code = obj["code"]
        return [
            Agreement.objects.published().with_party_from(code),
            TrainingProgram.objects.published().related_to_country(code),
            Event.objects.published().filter(country=code),
        ]


class OrganizationFeed(GroupFeed):
    def get_object(self, request, slug):
        organization = get_object_or_404(Organization.objects.published(), slug=slug)
        return {
            "organization": organization,
            "title": str(organization),
            "link": organization.get_absolute_url(),
            "feed_url": request.path,
        }

    def querysets(self, obj):
        """Agreements it is party to, programs it hosts or teaches, events it took part in."""
        organization = obj["organization"]
        return [
            Agreement.objects.published().with_party(organization),
            TrainingProgram.objects.published().related_to_organization(organization),
            Event.objects.published().with_organization(organization),
        ]
