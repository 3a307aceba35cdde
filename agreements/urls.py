from django.urls import path
from django.utils.translation import gettext_lazy as _

from agreements import calendars, feeds, views

app_name = "agreements"

urlpatterns = [
    path(_("agreements/"), views.AgreementListView.as_view(), name="agreement-list"),
    path(_("programs/"), views.ProgramListView.as_view(), name="program-list"),
    path(_("events/"), views.EventListView.as_view(), name="event-list"),
    # Before the detail pages, whose slugs would otherwise take "feed".
    path(_("agreements/feed/"), feeds.AgreementListFeed(), name="agreement-feed"),
    path(_("programs/feed/"), feeds.ProgramListFeed(), name="program-feed"),
    path(_("events/feed/"), feeds.EventListFeed(), name="event-feed"),
    path(_("programs/calendar.ics"), calendars.program_calendar, name="program-calendar"),
    path(_("events/calendar.ics"), calendars.event_calendar, name="event-calendar"),
    path(_("agreements/<slug:slug>/"), views.AgreementDetailView.as_view(), name="agreement-detail"),
    path(_("programs/<slug:slug>/"), views.ProgramDetailView.as_view(), name="program-detail"),
    path(_("events/<slug:slug>/"), views.EventDetailView.as_view(), name="event-detail"),
    path(_("topics/"), views.TopicListView.as_view(), name="topic-list"),
    path(_("topics/<slug:slug>/"), views.TopicDetailView.as_view(), name="topic-detail"),
    path(_("topics/<slug:slug>/feed/"), feeds.TopicFeed(), name="topic-feed"),
    # The organization pages are people's; their feed gathers agreements, programs and events, which are ours.
    path(_("organizations/<slug:slug>/feed/"), feeds.OrganizationFeed(), name="organization-feed"),
]
