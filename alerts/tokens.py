"""The signed links of alert emails (django.core.signing, with the site's SECRET_KEY): no account and no password. A
link names an address by its follows' random key (Follow.key), never by the address itself. Each kind has its own
salt, so that one kind of link never opens another's page."""

from django.core import signing

from alerts.models import CONFIRM_DAYS

CONFIRM = "alerts.confirm"
MANAGE = "alerts.manage"
UNSUBSCRIBE = "alerts.unsubscribe"
# A confirmation link lives as long as the request it confirms; a manage link a few months (every digest carries a
# fresh one). An unsubscribe link never expires: an old email must still let its reader leave.
MAX_AGES = {CONFIRM: CONFIRM_DAYS * 24 * 60 * 60, MANAGE: 90 * 24 * 60 * 60, UNSUBSCRIBE: None}


class BadToken(Exception):
    """A link that was forged, altered or has expired."""


def make(kind, key, follow_id=None):
    """A token for the address whose key is `key` (and one of its follows, for an unsubscribe link that stops only
    that one)."""
    return signing.dumps([key, follow_id], salt=kind)


def read(kind, token):
    """(address key, follow id or None) that a token of `kind` was made for; BadToken when it cannot be trusted."""
    try:
        key, follow_id = signing.loads(token, salt=kind, max_age=MAX_AGES[kind])
    except (signing.BadSignature, ValueError, TypeError):
        raise BadToken from None
    if not isinstance(key, str) or not (follow_id is None or isinstance(follow_id, int)):
        raise BadToken
    return key, follow_id
