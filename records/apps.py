from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "records"
    verbose_name = _("Sources and reader reports")

    def ready(self):
        from records import cache, history, search

        cache.connect_signals()
        history.connect_signals()
        search.connect_signals()
