"""Where portal/urls.py mounts the parts of the site that are answered apart, for the code that must tell them apart
without resolving the address (error handlers, which run when resolving may itself have failed)."""

# The API, outside the language prefixes: it answers in JSON whatever the client accepts, errors included.
API_PATH = "api/"


def is_api_address(request):
    """Whether `request` is addressed to the API."""
    return request.path_info.startswith("/" + API_PATH)
