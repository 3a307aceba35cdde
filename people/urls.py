from django.urls import path
from django.utils.translation import gettext_lazy as _

from people import views

app_name = "people"

urlpatterns = [
    path(_("people/"), views.PersonListView.as_view(), name="person-list"),
    path(_("organizations/"), views.OrganizationListView.as_view(), name="organization-list"),
    path(_("people/<slug:slug>/"), views.PersonDetailView.as_view(), name="person-detail"),
    path(_("organizations/<slug:slug>/"), views.OrganizationDetailView.as_view(), name="organization-detail"),
]
