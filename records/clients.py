"""Which client made a request, for the limits kept per client (login throttling with django-axes)."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The address of the client that made `request`.

    With no proxy trusted (TRUSTED_PROXIES = 0) that is the address the connection came from, REMOTE_ADDR, whatever
    X-Forwarded-For says: the client writes that header, so trusting it would let anyone escape a limit or turn it on
    someone else. Behind N trusted proxies, each appending the address it saw to X-Forwarded-For, it is the N-th
    address from the right: the one the outermost trusted proxy saw; anything left of it is the client's own writing.
    Django REST framework's NUM_PROXIES reads the header the same way. A value there that is not an address (a proxy
    count set too high) counts as REMOTE_ADDR.
    """
    remote_address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not settings.TRUSTED_PROXIES or not forwarded:
        return remote_address
    addresses = [address.strip() for address in forwarded.split(",")]
    candidate = addresses[-min(settings.TRUSTED_PROXIES, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_address
