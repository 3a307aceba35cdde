"""Follows in the curation site: what readers follow and how many, confirmed or not. The addresses are personal
data: only those with the "view_address" permission (Publishers, superusers) see or search them."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from alerts.models import Follow
from alerts.targets import Followed


def sees_addresses(request):
    return request.user.has_perm("alerts.view_address")


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    """Read-only: readers make, change and end their follows themselves; a Publisher may delete one on request."""

    list_display = ["followed", "frequency", "language", "confirmed_at", "last_sent_until"]
    list_filter = ["target", "frequency", "language", ("confirmed_at", admin.EmptyFieldListFilter)]
    change_list_template = "admin/alerts/follow/change_list.html"
    # How many followers each target has, confirmed or not, above the list (the most followed first).
    TOP_TARGETS = 20

    @admin.display(description=_("followed"))
    def followed(self, obj):
        return Followed.of(obj).describe()

    def get_list_display(self, request):
        return ["email", *self.list_display] if sees_addresses(request) else self.list_display

    def get_search_fields(self, request):
        return ["email"] if sees_addresses(request) else []

    def get_fields(self, request, obj=None):
        fields = ["followed", "frequency", "language", "requested_at", "confirmed_at", "last_sent_until"]
        return ["email", *fields] if sees_addresses(request) else fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        counts = (
            Follow.objects.values("target", "subject", "query")
            .annotate(
                confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
                unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
                total=Count("pk"),
            )
            .order_by("-total", "target", "subject", "query")[: self.TOP_TARGETS]
        )
        by_target = [
            (Followed(row["target"], row["subject"], row["query"]).describe(), row["confirmed"], row["unconfirmed"])
            for row in counts
        ]
        return super().changelist_view(request, {**(extra_context or {}), "by_target": by_target})
