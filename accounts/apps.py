from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Accounts")


class PactaAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with accounts.sites.PactaAdminSite as admin.site, so that every app's admin registers on
    the site that asks for the second factor."""

    default = False  # named in INSTALLED_APPS; "accounts" alone means AccountsConfig
    default_site = "accounts.sites.PactaAdminSite"
