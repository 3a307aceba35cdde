"""Full-page screenshots of what the browser tests saw, written to a folder ($BROWSER_SCREENSHOTS_DIR, by default
var/screenshots/) and listed at the end of the session (tests/conftest.py), so that CI's log names every one."""

import os
from pathlib import Path

from django.conf import settings


def folder():
    """The folder the screenshots go to."""
    return Path(os.environ.get("BROWSER_SCREENSHOTS_DIR") or settings.BASE_DIR / "var" / "screenshots")


def take(page, name):
    """Write a full-page screenshot of `page` as `name`.png in the folder."""
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=target / f"{name}.jpg", full_page=True, type="jpeg", quality=70)


def written_since(started):
    """The screenshots written since the time `started` (seconds since the epoch), by name: by this session's
    processes, whichever pytest-xdist worker ran the test."""
    target = folder()
    if not target.is_dir():
        return []
    return sorted(path for path in target.glob("*.jpg") if path.stat().st_mtime >= started)
