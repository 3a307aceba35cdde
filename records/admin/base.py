"""List columns and filters, and links between admin pages, that every app's admin builds on."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from records.models import Citation
from records.templatetags.pacta import partial_date


def partial_date_column(field_name, description):
    """A sortable list column showing a partial date at its precision: "8 October 2024", "October 2024", "2024"."""

    @admin.display(description=description, ordering=field_name)
    def column(obj):
        return partial_date(getattr(obj, field_name))

    column.__name__ = field_name
    return column


def country_filter(title):
    """django-countries' list filter (only the countries in use) under a title saying whose country it is."""

    class TitledCountryFilter(CountryFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledCountryFilter


def count_of(queryset, field_name):
    """A subquery annotation counting `queryset` rows whose `field_name` is the outer row.

    A subquery rather than Count() over a join: joined counts multiply each other's rows, and the GROUP BY
    they need drops the model's default ordering (autocomplete and pagination rely on it).
    """
    counted = queryset.filter(**{field_name: OuterRef("pk")}).order_by().values(field_name)
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


def admin_link(obj):
    """A link to `obj`'s change page in this admin, labelled with the record itself."""
    opts = obj._meta
    return format_html(
        '<a href="{}">{}</a>', reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]), obj
    )


def changelist_url(model, **params):
    """The admin list of `model`, filtered by `params` (list filter parameters)."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


# List filters. Each exposes `matching(queryset, value)`, which the data-quality dashboard counts with, so
# that a count and the list its link opens can never disagree.


class YesNoFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        return self.matching(queryset, self.value()) if self.value() in ("yes", "no") else queryset

    @classmethod
    def matching(cls, queryset, value):
        condition = cls.condition(queryset.model)
        return queryset.filter(condition if value == "yes" else ~condition)


class HasSourceFilter(YesNoFilter):
    title = _("has a cited source")
    parameter_name = "has_source"

    @staticmethod
    def condition(model):
        cited = Citation.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"))
        return Exists(cited)


class HasPassageFilter(YesNoFilter):
    title = _("has the passage it relies on")
    parameter_name = "has_passage"

    @staticmethod
    def condition(model):
        return ~Q(excerpt="")


def has_date_filter(field_name):
    """A yes/no filter on whether the partial date `field_name` is known."""

    class HasDateFilter(YesNoFilter):
        title = _("has a date")
        parameter_name = "has_date"

        @staticmethod
        def condition(model):
            return ~Q(**{field_name: ""})

    return HasDateFilter
