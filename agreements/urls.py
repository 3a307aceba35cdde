from django.urls import path

from agreements import calendars, feeds, views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.AgreementListView.as_view(), name="agreement-list"),
    path("programs/", views.ProgramListView.as_view(), name="program-list"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    # Before the detail pages, whose slugs would otherwise take "feed".
    path("agreements/feed/", feeds.AgreementListFeed(), name="agreement-feed"),
    path("programs/feed/", feeds.ProgramListFeed(), name="program-feed"),
    path("events/feed/", feeds.EventListFeed(), name="event-feed"),
    path("programs/calendar.ics", calendars.program_calendar, name="program-calendar"),
    path("events/calendar.ics", calendars.event_calendar, name="event-calendar"),
    path("agreements/<slug:slug>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="program-detail"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic-feed"),
    # The organization pages are people's; their feed gathers agreements, programs and events, which are ours.
    path("organizations/<slug:slug>/feed/", feeds.OrganizationFeed(), name="organization-feed"),
]
