"""Readers' follows: an email address, what it follows (alerts.targets), in which language and how often, whether the
address confirmed it, and how far its digests have gone."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# How long a request waits for its confirmation: the confirmation link's lifetime, after which the request is purged.
CONFIRM_DAYS = 7
# How long a sender's claim on a follow's window holds (alerts.sending): a claim older than this was left by a run
# that crashed before it recorded its sending, and the next run sends that window again.
CLAIM_LEASE = timedelta(minutes=15)


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Target(models.TextChoices):
    """What a follow follows: one of the lists, or a record page whose records several lists show (alerts.targets)."""

    AGREEMENTS = "agreements", _("Agreements")
    PROGRAMS = "programs", _("Training programs")
    EVENTS = "events", _("Events")
    PEOPLE = "people", _("Officials")
    ORGANIZATIONS = "organizations", _("Organizations")
    TOPIC = "topic", _("Topic")
    COUNTRY = "country", _("Country")
    ORGANIZATION = "organization", _("Organization")
    PERSON = "person", _("Person")


# The least time between two digests of each frequency; "immediately" sends at every run of the sender.
INTERVALS = {
    Frequency.IMMEDIATELY: timedelta(0),
    Frequency.DAILY: timedelta(days=1),
    Frequency.WEEKLY: timedelta(days=7),
}


class FollowQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def of_address(self, email):
        return self.filter(email=normalize_email(email))

    def of_key(self, key):
        """The follows of the address whose key is `key` (the signed links name the key, not the address)."""
        return self.filter(key=key)

    def key_for(self, email):
        """The key of the address's follows, or a new one for an address that follows nothing."""
        return self.of_address(email).values_list("key", flat=True).first() or secrets.token_urlsafe(16)

    def pending(self, now):
        """Requests still waiting for their confirmation at `now`."""
        return self.unconfirmed().filter(requested_at__gte=now - timedelta(days=CONFIRM_DAYS))

    def stale(self, now):
        """Requests never confirmed within CONFIRM_DAYS: their link has expired, so they never will be."""
        return self.unconfirmed().filter(requested_at__lt=now - timedelta(days=CONFIRM_DAYS))

    def due(self, now):
        """Confirmed follows whose next digest is due at `now`: their frequency's interval has passed since the end of
        the last window sent and no run holds them, or a run that claimed them crashed (its lease has run out)."""
        waited = Q()
        for frequency, interval in INTERVALS.items():
            waited |= Q(frequency=frequency, last_sent_until__lte=now - interval)
        unclaimed = Q(claimed_at__isnull=True) & waited
        abandoned = Q(claimed_at__lt=now - CLAIM_LEASE)
        return self.confirmed().filter(unclaimed | abandoned)


def normalize_email(email):
    """One spelling per address, so that one address has one list of follows: the domain is case-insensitive and
    in practice so is the local part."""
    return email.strip().lower()


class Follow(models.Model):
    """One address following one target: a list with its filters (`target` names the list, `query` is its normalised
    query string), or a topic, country, organization or person (`target` names the kind, `subject` its slug or code).
    """

    email = models.EmailField(_("email address"))
    # The same random key on every follow of one address: what the signed links of its emails name, so that the
    # address is not readable in them (nor in the logs of every address asked for).
    key = models.CharField(max_length=32, editable=False, db_index=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.DAILY)
    target = models.CharField(_("followed"), max_length=20, choices=Target.choices)
    subject = models.CharField(_("subject"), max_length=140, blank=True)
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    requested_at = models.DateTimeField(_("requested"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The end of the last window of publications a digest covered: the next covers what was published after it.
    last_sent_until = models.DateTimeField(_("sent up to"), null=True, blank=True)
    # Set while a run of the sender holds the follow (alerts.sending): the end of the window it is sending, and when
    # it claimed it.
    sending_until = models.DateTimeField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["email", "target", "subject", "query"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        # Publishers see who follows what; Editors see the follows without their addresses.
        permissions = [("view_address", _("Can see the email addresses of follows"))]
        constraints = [
            models.UniqueConstraint(fields=["email", "target", "subject", "query"], name="alerts_follow_once"),
            models.CheckConstraint(condition=Q(frequency__in=Frequency.values), name="alerts_follow_frequency_valid"),
            models.CheckConstraint(condition=Q(target__in=Target.values), name="alerts_follow_target_valid"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(last_sent_until__gte=F("confirmed_at")),
                name="alerts_follow_sent_after_confirmed",
            ),
        ]
        indexes = [
            # The sender's look-up of due follows.
            models.Index(fields=["confirmed_at", "last_sent_until"], name="alerts_follow_due_idx"),
        ]

    def __str__(self):
        return f"{self.target} {self.subject or self.query}".strip()
