"""What every public record page shares: the draft preview for staff and the link to "Report an error".

A preview shows an unpublished record exactly as its page will look once it is published: its related records are
the published ones only, as on the public page (a related draft would not show there either). To anyone who may
not preview, an unpublished record's page is a 404, like an unknown address: a preview never reveals that a
record exists.
"""

from django.urls import reverse
from django.utils.cache import patch_cache_control

from records.history import SHOWN, changes
from records.models import public_or_none

PREVIEW_PARAMETER = "preview"
# Related records a person's or an organization's page shows per section, with their number and a link to the full
# list where one exists: an organization may be party to tens of thousands of agreements.
SECTION_SIZE = 20


def may_preview(user, model):
    """Whether `user` may preview unpublished records of `model`: staff who may see it in the admin."""
    opts = model._meta
    return (
        user.is_active
        and user.is_staff
        and (
            user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
            or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )
    )


def preview_url(record):
    """The address at which staff preview `record`'s public page."""
    return f"{record.get_absolute_url()}?{PREVIEW_PARAMETER}=1"


class RecordDetailMixin:
    """A DetailView of a published record of `model`, fetched with what its page shows (the model's
    `for_detail()`); ?preview=1 widens it to every row for staff allowed to preview."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.previewing = PREVIEW_PARAMETER in request.GET and may_preview(request.user, self.model)

    def get_queryset(self):
        rows = self.model.objects.all() if self.previewing else self.model.objects.published()
        return self.fetch(rows)

    def fetch(self, rows):
        """`rows` with what the page shows: the model's for_detail(); a page whose related lists may grow long
        passes it a limit."""
        return rows.for_detail()

    def get_context_data(self, **kwargs):
        record = self.object
        opts = record._meta
        if public_or_none(record) is not None:
            # A link, not the form: a form would carry the reader's CSRF token, and the page is cached for everyone.
            extra = {"report_url": reverse("report-error", args=[opts.model_name, record.slug])}
        else:
            extra = {
                "preview": {
                    "status": record.get_publication_status_display(),
                    "admin_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
                }
            }
        found = changes(record)
        extra["changes"] = {"shown": found[:SHOWN], "earlier": len(found[SHOWN:])}
        return super().get_context_data(**extra, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.previewing:
            # What staff see here is not public: no shared cache may keep it, no browser cache may store it.
            patch_cache_control(response, private=True, no_store=True)
        return response
