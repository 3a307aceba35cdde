"""Topics, and what every admin of records that carry topics shares: the topic filter and bulk actions."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import (
    Agreement,
    Event,
    Topic,
    TrainingProgram,
)
from agreements.resources import TopicResource
from records.admin.base import (
    YesNoFilter,
    count_of,
)
from records.admin.languages import BilingualAdmin
from records.admin.publishable import PublishableAdmin
from records.admin.workflow import choose_then_apply

PUBLICATION_FIELDSET = (_("Publication"), {"fields": ["publication_status", "note", "certainty", "certainty_note"]})


class HasTopicFilter(YesNoFilter):
    title = _("has a topic")
    parameter_name = "has_topic"

    @staticmethod
    def condition(model):
        return Q(pk__in=model.topics.through.objects.values(model._meta.model_name))


class TopicChoiceForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=Topic.objects.all(), label=_("Topic"))


@admin.action(description=_("Add a topic"), permissions=["change"])
def add_topic(modeladmin, request, queryset):
    def apply(record, data):
        if record.topics.filter(pk=data["topic"].pk).exists():
            return False
        record.topics.add(data["topic"])
        return True

    return choose_then_apply(modeladmin, request, queryset, TopicChoiceForm, _("Add a topic"), apply)


@admin.action(description=_("Remove a topic"), permissions=["change"])
def remove_topic(modeladmin, request, queryset):
    def apply(record, data):
        if not record.topics.filter(pk=data["topic"].pk).exists():
            return False
        record.topics.remove(data["topic"])
        return True

    return choose_then_apply(modeladmin, request, queryset, TopicChoiceForm, _("Remove a topic"), apply)


class TopicsAdmin(PublishableAdmin):
    """The admin of a record carrying topics: adds the bulk topic actions."""

    actions = [*PublishableAdmin.actions, add_topic, remove_topic]


class ReadOnlyTabularInline(admin.TabularInline):
    """Rows shown for context and edited where they belong, reached through their link."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(PublishableAdmin, BilingualAdmin):
    resource_classes = [TopicResource]
    list_display = ["name", "parent", "agreement_count", "program_count", "event_count", "publication_status"]
    list_select_related = ["parent"]
    list_filter = ["publication_status", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_es", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "parent", "description", "publication_status"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                agreement_count=count_of(Agreement.topics.through.objects.all(), "topic"),
                program_count=count_of(TrainingProgram.topics.through.objects.all(), "topic"),
                event_count=count_of(Event.topics.through.objects.all(), "topic"),
            )
        )

    @admin.display(description=_("agreements"), ordering="agreement_count")
    def agreement_count(self, obj):
        return obj.agreement_count

    @admin.display(description=_("training programs"), ordering="program_count")
    def program_count(self, obj):
        return obj.program_count

    @admin.display(description=_("events"), ordering="event_count")
    def event_count(self, obj):
        return obj.event_count
