"""What the browser tests share: one Chromium (Debian's, driven by Playwright), the site with the dataset served by a
live server, and a browser page per width and language, each set up once for all the tests of this package.

The live server cannot be pytest-django's `live_server`: a test using it runs outside a transaction and the database
is emptied after each, so the dataset would be loaded again for every test. Here the dataset is loaded and committed
once (the server thread reads committed rows), and the database is put back as it was before the first browser test
(emptied, then refilled with what the migrations wrote, as Django's serialized rollback does) after the last.
"""

import os
import shutil

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.axe import AXE, AXE_ADDRESS

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


def chromium():
    """The path of the Chromium to drive: $PLAYWRIGHT_CHROMIUM, else the first `chromium` on the PATH; None if none."""
    return os.environ.get("PLAYWRIGHT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="package")
def chromium_path():
    """The Chromium the browser tests drive. Without one they are skipped, except where they are required: in CI
    (CI=true, as hosted CI services set it) or with PACTA_BROWSER_TESTS=required (.ci/run)."""
    executable = chromium()
    if executable is None:
        reason = "no Chromium: install Debian's (apt-get install chromium) or set PLAYWRIGHT_CHROMIUM=/path/to/chrome"
        if os.environ.get("CI") == "true" or os.environ.get("PACTA_BROWSER_TESTS") == "required":
            pytest.fail(f"the browser tests are required here, and there is {reason}")
        pytest.skip(reason)
    return executable


@pytest.fixture(scope="package")
def browser(site, chromium_path):
    """A headless Chromium for all the browser tests, started once the site is up and closed before it goes down."""
    # Playwright's synchronous API keeps an event loop running in the test's thread; Django refuses database queries
    # from a thread with a running loop unless told that they are safe, as they are here: the loop only waits for
    # the browser. Told so while the browser runs only.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = playwright.chromium.launch(executable_path=chromium_path)
        yield launched
        launched.close()
        # With a loop running, the thread's database connections are others than without one (asgiref's Local):
        # those the tests opened are closed here, or PostgreSQL could not drop the test database at the end.
        connections.close_all()


@pytest.fixture(scope="package")
def site(chromium_path, django_db_setup, django_db_blocker):
    """The address of a live server of the site with the repository's dataset, for every browser test. The database
    stays open to the tests (a curator test creates its account) until the last one."""
    with django_db_blocker.unblock():
        connection = connections["default"]
        as_migrated = connection.creation.serialize_db_to_string()
        call_command("load_dataset", verbosity=0)
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            # As Django's serialized rollback: the rows the migrations wrote come back from the copy, not from the
            # post-migrate handlers (which would number the content types anew).
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(as_migrated)


@pytest.fixture(scope="package")
def pages(site, browser):
    """pages(width, language): a page in a browser context of its own for each width ("desktop", "phone") and
    language ("en", "es"), its relative addresses resolved against the live server; kept for the whole package."""
    opened = {}

    def page(width, language):
        if (width, language) not in opened:
            columns, rows = WIDTHS[width]
            context = browser.new_context(
                base_url=site, viewport={"width": columns, "height": rows}, locale=language, device_scale_factor=1
            )
            context.set_default_timeout(15_000)
            context.route(f"**{AXE_ADDRESS}", lambda route: route.fulfill(path=AXE, content_type="text/javascript"))
            opened[width, language] = context.new_page()
        return opened[width, language]

    yield page
    for opened_page in opened.values():
        opened_page.context.close()
