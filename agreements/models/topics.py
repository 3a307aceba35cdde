"""Topics, the tree readers browse by, and what every record that carries topics can be asked."""

from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from records.models import Publishable, RecordQuerySet


class Topic(Publishable):
    """A subject readers browse by; topics form a tree (Security → Border security)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # Removing a broad topic keeps its subtopics, moved to the top of the tree.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent topic"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="agreements_topic_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agreements:topic-detail", kwargs={"slug": self.slug})


def public_topics():
    """The published topics of each record, as `public_topics` (one more query)."""
    return Prefetch("topics", queryset=Topic.objects.published(), to_attr="public_topics")


class TaggedQuerySet(RecordQuerySet):
    """Records that carry topics: agreements, programs and events."""

    def tagged(self, topic_ids):
        """Records tagged with any of the topics (a record once, however many of them it carries)."""
        field = f"{self.model._meta.model_name}_id"
        return self.filter(pk__in=self.model.topics.through.objects.filter(topic__in=topic_ids).values(field))
