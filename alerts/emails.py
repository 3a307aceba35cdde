"""The emails of alerts, each in the follower's language with a plain-text and an HTML part: the request to confirm,
and the digest of what was newly published. Every one carries a link to leave and RFC 8058's one-click headers."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alerts import tokens
from alerts.models import Frequency
from alerts.targets import Followed, record_facts

# Why the reader gets a digest, by the follow's frequency.
REASONS = {
    Frequency.IMMEDIATELY: gettext_lazy("You get an email soon after each publication on %(followed)s on Pacta."),
    Frequency.DAILY: gettext_lazy(
        "You get an email a day at most when something is published on %(followed)s on Pacta."
    ),
    Frequency.WEEKLY: gettext_lazy(
        "You get an email a week at most when something is published on %(followed)s on Pacta."
    ),
}


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def link(url_name, kind, key, follow_id=None):
    """The absolute address of a page reached by a signed token, in the active language."""
    return absolute(reverse(url_name, kwargs={"token": tokens.make(kind, key, follow_id)}))


def _message(email, subject, template, context, unsubscribe_url):
    context = {**context, "unsubscribe_url": unsubscribe_url, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject,
        render_to_string(f"alerts/email/{template}.txt", context),
        to=[email],
        headers={
            # RFC 2369 and RFC 8058: mail clients show an "Unsubscribe" button that POSTs to the link.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"alerts/email/{template}.html", context), "text/html")
    return message


def confirmation(email, key, language, pending):
    """The request to confirm `pending` (the follows of the address `email`, whose key is `key`, waiting for it), in
    `language`. Its unsubscribe link removes every follow of the address: who asked for nothing leaves at once."""
    with translation.override(language):
        context = {
            "followed": [(Followed.of(follow).describe(), absolute(Followed.of(follow).url())) for follow in pending],
            "confirm_url": link("alerts:confirm", tokens.CONFIRM, key),
        }
        return _message(
            email,
            _("Confirm your Pacta email alerts"),
            "confirm",
            context,
            link("alerts:unsubscribe", tokens.UNSUBSCRIBE, key),
        )


def digest(follow, records, more):
    """The digest of `records` newly published on what `follow` follows; `more` when there were more than those."""
    followed = Followed.of(follow)
    with translation.override(follow.language):
        entries = [{**record_facts(record), "url": absolute(record.get_absolute_url())} for record in records]
        description = followed.describe()
        context = {
            "followed": description,
            "followed_url": absolute(followed.url()),
            "entries": entries,
            "more": more,
            "reason": REASONS[follow.frequency] % {"followed": description},
            "manage_url": link("alerts:manage", tokens.MANAGE, follow.key),
        }
        news = ngettext(
            "%(count)d new record on %(followed)s",
            "%(count)d new records on %(followed)s",
            len(entries),
        ) % {"count": len(entries), "followed": description}
        subject = _("%(subject)s · Pacta") % {"subject": news}
        return _message(
            follow.email,
            subject,
            "digest",
            context,
            link("alerts:unsubscribe", tokens.UNSUBSCRIBE, follow.key, follow.pk),
        )
