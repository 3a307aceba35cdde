"""The publication workflow in the admin: the bulk actions, bulk actions that ask for a choice first, and the
checks that refuse to publish a record lacking what its public page needs.

The moves themselves (status, who, when, history, log) are records.services.change_status.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from records.models import PublicationStatus
from records.services import change_status, movable, revision


def may(request, action, model):
    """Whether the user holds the `action` ("submit" or "publish") permission on `model`."""
    return request.user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


def _move(modeladmin, request, queryset, status, message, comment):
    """Move the selected records that may go to `status`, except those lacking what publishing needs; say so."""
    ready = []
    for record in movable(queryset, status):
        missing = modeladmin.missing_for_publication(record) if status == PublicationStatus.PUBLISHED else []
        if missing:
            modeladmin.message_user(
                request,
                _("“%(record)s” was not published: it needs %(missing)s.")
                % {"record": record, "missing": ", ".join(str(item) for item in missing)},
                messages.ERROR,
            )
        else:
            ready.append(record)
    count = len(change_status(ready, status, user=request.user, comment=comment))
    modeladmin.message_user(
        request, message % {"count": count, "items": model_ngettext(modeladmin.opts, count)}, messages.SUCCESS
    )


@admin.action(description=_("Submit for review"), permissions=["submit"])
def submit_for_review(modeladmin, request, queryset):
    message = ngettext_lazy(
        "%(count)d %(items)s submitted for review.", "%(count)d %(items)s submitted for review.", "count"
    )
    _move(modeladmin, request, queryset, PublicationStatus.IN_REVIEW, message, _("Submitted for review."))


@admin.action(description=_("Publish"), permissions=["publish"])
def publish(modeladmin, request, queryset):
    message = ngettext_lazy("%(count)d %(items)s published.", "%(count)d %(items)s published.", "count")
    _move(modeladmin, request, queryset, PublicationStatus.PUBLISHED, message, _("Published."))


@admin.action(description=_("Withdraw (back to draft)"), permissions=["publish"])
def withdraw(modeladmin, request, queryset):
    message = ngettext_lazy(
        "%(count)d %(items)s withdrawn to draft.", "%(count)d %(items)s withdrawn to draft.", "count"
    )
    _move(modeladmin, request, queryset, PublicationStatus.DRAFT, message, _("Withdrawn to draft."))


def choose_then_apply(modeladmin, request, queryset, form_class, title, apply):
    """An action with an intermediate page, as Django's delete confirmation: choose, then apply to each record.

    `apply(record, cleaned_data)` changes one record and returns whether it changed anything.
    """
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        changed = 0
        for record in queryset:
            with revision(user=request.user, comment=str(title)):
                changed += bool(apply(record, form.cleaned_data))
        modeladmin.message_user(
            request,
            _("%(title)s: %(count)d of %(total)d %(items)s changed.")
            % {
                "title": title,
                "count": changed,
                "total": len(queryset),
                "items": model_ngettext(modeladmin.opts, len(queryset)),
            },
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.opts,
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/curation/choose.html", context)


class PublishableForm(forms.ModelForm):
    """Refuses to publish a record missing a field its public page needs; the admin sets `required_to_publish`."""

    required_to_publish = ()

    def clean(self):
        cleaned_data = super().clean()
        publishing = cleaned_data.get("publication_status") == PublicationStatus.PUBLISHED and (
            self.instance._state.adding or "publication_status" in self.changed_data
        )
        if publishing:
            missing = [str(label) for name, label in self.required_to_publish if not cleaned_data.get(name)]
            if missing:
                raise ValidationError(
                    _("Publishing needs %(missing)s."),
                    params={"missing": ", ".join(missing)},
                    code="required_to_publish",
                )
        return cleaned_data


class RequiredToPublishFormSetMixin:
    """An inline whose rows a record needs before it can be published (a cited source, a party)."""

    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not kept and self._record_is_being_published():
            raise ValidationError(
                _("Publishing needs %(what)s: add one here, or save as draft or in review."),
                params={"what": self.required_to_publish},
                code="required_to_publish",
            )

    def _record_is_being_published(self):
        """Whether the form this inline belongs to publishes the record (runs after the form applied its data)."""
        record = self.instance
        if not record.is_published:
            return False
        return record._state.adding or not type(record).objects.published().filter(pk=record.pk).exists()


class RequiredToPublishGenericFormSet(RequiredToPublishFormSetMixin, BaseGenericInlineFormSet):
    required_to_publish = _("a cited source")


class RequiredToPublishInlineFormSet(RequiredToPublishFormSetMixin, BaseInlineFormSet):
    pass


def required_to_publish_formset(what):
    """An inline formset class whose rows are needed to publish; `what` names them ("a party")."""
    return type("RequiredToPublishFormSet", (RequiredToPublishInlineFormSet,), {"required_to_publish": what})
