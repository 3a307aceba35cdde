import functools

from django.contrib.admin import AdminSite
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts import two_factor, views


class PactaAdminSite(AdminSite):
    """The curation site (admin.site): signing in takes a code after the password for whoever must give one
    (accounts.two_factor), and only a session verified by that code may use the admin."""

    def has_permission(self, request):
        """Active staff, verified by a code if they must be: a session signed in before REQUIRE_2FA was turned on,
        or without the code, is sent to sign in again."""
        user = request.user
        return super().has_permission(request) and (user.is_verified() or not two_factor.code_required(user))

    def admin_view(self, view, cacheable=False):
        """AdminSite.admin_view, for a view that answers 400 to a query string holding a NUL byte. The change lists'
        search and filters and the autocomplete hand the values they are given to the database as they are, and
        PostgreSQL refuses a NUL in text; no value a curator means holds one."""

        @functools.wraps(view)
        def refusing_nul(request, *args, **kwargs):
            if any("\x00" in name + "".join(values) for name, values in request.GET.lists()):
                raise BadRequest("A NUL byte in the admin's query string.")
            return view(request, *args, **kwargs)

        return super().admin_view(refusing_nul, cacheable)

    def get_urls(self):
        # Not wrapped in admin_view: whoever uses these pages is not signed in yet.
        return [
            path("two-factor/", views.enter_code, name="two-factor"),
            path("two-factor/setup/", views.set_up_code, name="two-factor-setup"),
            *super().get_urls(),
        ]

    def login(self, request, extra_context=None):
        """AdminSite.login with views.SignInView, which asks for a code after the password when one is due."""
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return views.SignInView.as_view(extra_context=context)(request)
