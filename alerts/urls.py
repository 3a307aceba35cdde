from django.urls import path
from django.utils.translation import gettext_lazy as _

from alerts import views

app_name = "alerts"

urlpatterns = [
    path(_("follow/"), views.follow, name="follow"),
    path(_("follow/sent/"), views.follow_sent, name="follow-sent"),
    path(_("follow/confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("follow/manage/<str:token>/"), views.manage, name="manage"),
    path(_("follow/unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
]
