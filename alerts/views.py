"""The reader's side of alerts: the "Follow by email" form, the confirmation page, the page that lists an address's
follows to change or remove them, and the one-click unsubscribe (alerts.tokens signs the links of the last three)."""

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from alerts import emails, targets, tokens
from alerts.forms import FollowForm, FrequencyForm
from alerts.models import Follow, normalize_email
from records.clients import client_address
from records.limits import WindowLimit

logger = logging.getLogger(__name__)

# settings.FOLLOW_REQUESTS_PER_HOUR requests accepted per client address a window; one confirmation email per
# address a window, whatever the number of requests or of the clients asking.
FOLLOW_REQUESTS = WindowLimit("follow-requests", 60 * 60)
CONFIRMATIONS = WindowLimit("follow-confirmations", 60 * 60)


def _described(follows):
    """(follow, what it follows, its page) for each follow, in the active language."""
    return [(follow, targets.Followed.of(follow).describe(), targets.Followed.of(follow).url()) for follow in follows]


def _token_url(name, kind, key):
    return reverse(name, kwargs={"token": tokens.make(kind, key)})


@never_cache
def follow(request):
    """The form to follow the page whose address `url` gives; on a valid POST, the request saved (or renewed) and a
    confirmation sent, unless one went to the address within the hour. An address that cannot be followed answers
    400 with the reason, as does a form to correct; past the client's limit, 429; a mail server that refused, 503."""
    if request.method != "POST":
        try:
            followed = targets.from_url(request.GET.get("url", ""))
        except ValidationError as error:
            return _refused(request, error.messages)
        form = FollowForm(initial={"url": request.GET["url"], "language": get_language()})
        return render(request, "alerts/follow_form.html", {"form": form, "followed": followed.describe()})
    form = FollowForm(request.POST)
    if not form.is_valid():
        if "url" in form.errors:
            return _refused(request, form.errors["url"])
        context = {"form": form, "followed": form.followed.describe()}
        return render(request, "alerts/follow_form.html", context, status=400)
    client = client_address(request)
    if FOLLOW_REQUESTS.reached(client, settings.FOLLOW_REQUESTS_PER_HOUR):
        hours = FOLLOW_REQUESTS.window_seconds // 3600
        response = render(request, "alerts/follow_limited.html", {"hours": hours}, status=429)
        response["Retry-After"] = str(FOLLOW_REQUESTS.window_seconds)
        return response
    FOLLOW_REQUESTS.count(client)
    email, language = normalize_email(form.cleaned_data["email"]), form.cleaned_data["language"]
    requested = _request_follow(email, form.followed, language, form.cleaned_data["frequency"])
    if CONFIRMATIONS.reached(email, 1):
        return redirect(f"{reverse('alerts:follow-sent')}?again=1")
    try:
        pending = Follow.objects.of_key(requested.key).pending(timezone.now())
        emails.confirmation(email, requested.key, language, pending).send()
    except (OSError, smtplib.SMTPException):
        logger.exception("A confirmation email could not be sent.")
        context = {"form": form, "followed": form.followed.describe(), "not_sent": True}
        return render(request, "alerts/follow_form.html", context, status=503)
    CONFIRMATIONS.count(email)
    return redirect("alerts:follow-sent")


def _request_follow(email, followed, language, frequency):
    """Save the request, or renew it: an unconfirmed request takes the new language and frequency and waits anew.
    A confirmed follow stays as it is (its manage page changes it): the form proves nothing about who filled it.
    Returns the follow."""
    now = timezone.now()
    with transaction.atomic():
        follow, created = Follow.objects.get_or_create(
            email=email,
            target=followed.target,
            subject=followed.subject,
            query=followed.query,
            defaults={
                "key": Follow.objects.key_for(email),
                "language": language,
                "frequency": frequency,
                "requested_at": now,
            },
        )
        if not created and follow.confirmed_at is None:
            follow.language, follow.frequency, follow.requested_at = language, frequency, now
            follow.save(update_fields=["language", "frequency", "requested_at"])
    return follow


def _refused(request, errors):
    return render(request, "alerts/follow_refused.html", {"errors": errors}, status=400)


@never_cache
def follow_sent(request):
    return render(request, "alerts/follow_sent.html", {"again": "again" in request.GET})


def _bad_link(request):
    return render(request, "alerts/bad_link.html", status=400)


@never_cache
def confirm(request, token):
    """The requests waiting for the address's confirmation, each ticked; a POST confirms those ticked (a link
    scanner that opens the page confirms nothing). Their digests cover what is published from then on."""
    try:
        key, _follow_id = tokens.read(tokens.CONFIRM, token)
    except tokens.BadToken:
        return _bad_link(request)
    now = timezone.now()
    pending = Follow.objects.of_key(key).pending(now)
    confirmed = []
    if request.method == "POST":
        chosen = [value for value in request.POST.getlist("follow") if value.isdigit()]
        confirmed = list(pending.filter(pk__in=chosen))
        Follow.objects.filter(pk__in=[follow.pk for follow in confirmed]).update(confirmed_at=now, last_sent_until=now)
    context = {
        "pending": _described(pending.all()),
        "confirmed": _described(confirmed),
        "manage_url": _token_url("alerts:manage", tokens.MANAGE, key),
        "posted": request.method == "POST",
    }
    return render(request, "alerts/confirm.html", context)


@never_cache
def manage(request, token):
    """The address's follows, each with its frequency to change and a button to stop it. A POST names one follow of
    the address and either `remove` or a new `frequency`."""
    try:
        key, _follow_id = tokens.read(tokens.MANAGE, token)
    except tokens.BadToken:
        return _bad_link(request)
    follows = Follow.objects.of_key(key).confirmed()
    done = ""
    if request.method == "POST":
        chosen = follows.filter(pk=int(request.POST["follow"])) if request.POST.get("follow", "").isdigit() else None
        frequency = FrequencyForm(request.POST)
        if chosen is None or not chosen.exists():
            done = "gone"
        elif "remove" in request.POST:
            chosen.delete()
            done = "removed"
        elif frequency.is_valid():
            chosen.update(frequency=frequency.cleaned_data["frequency"])
            done = "changed"
    context = {"follows": _described(follows.all()), "done": done, "form": FrequencyForm()}
    return render(request, "alerts/manage.html", context)


@csrf_exempt
@never_cache
def unsubscribe(request, token):
    """GET: what the link stops, with a button; POST (the button, or a mail client's RFC 8058 one-click POST, which
    carries no CSRF token): stopped at once, with no question. The link of a digest stops its follow; the link of a
    confirmation email, every follow of the address."""
    try:
        key, follow_id = tokens.read(tokens.UNSUBSCRIBE, token)
    except tokens.BadToken:
        return _bad_link(request)
    follows = Follow.objects.of_key(key)
    if follow_id is not None:
        follows = follows.filter(pk=follow_id)
    described = _described(follows.all())
    if request.method == "POST":
        follows.delete()
    context = {"follows": described, "posted": request.method == "POST", "whole_address": follow_id is None}
    return render(request, "alerts/unsubscribe.html", context)
