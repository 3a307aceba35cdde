"""A curator's day in the admin, in a real browser: sign in, import an agreement from a spreadsheet through its
preview, publish it, see it on the public site, delete it, and recover it from its history."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.helpers import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The list of agreements in the admin, with or without the filters kept from the page before.
CHANGE_LIST = re.compile(r"/admin/agreements/agreement/(\?.*)?$")
SLUG = "us-el-salvador-browser-test-mou"
TITLE = "Memorandum of understanding imported in a browser"
# One agreement, naming the dataset's topic, parties, signatory and source by their slugs and address.
SPREADSHEET = (
    "slug,title,kind,status,signed_on,topics,parties,signatories,sources\n"
    f'{SLUG},{TITLE},mou,signed,2024-10,customs,"cbp:party, dgme:party",troy-miller:cbp:Acting Commissioner,'
    "https://publicnow.com/view/47A1C1950C59000667C87DC17DCB223871E3AC78\n"
)


@pytest.fixture(scope="module")
def curator(site, django_db_blocker):
    """A superuser the admin signs in, committed where the live server reads it (before the test's transaction)."""
    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser("browser-curator", "curator@example.org", STAFF_PASSWORD)
    return "browser-curator"


@pytest.fixture
def admin_page(site, browser, curator):
    """A page of a browser context of its own, signed in to the admin as the curator."""
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", curator)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url("**/admin/")
    yield page
    context.close()


def public_status(page, path):
    """The status the public site answers at `path`, seen from the curator's browser."""
    return page.request.get(path).status


def test_a_curator_imports_publishes_deletes_and_recovers_an_agreement(admin_page, tmp_path):
    page = admin_page
    spreadsheet = tmp_path / "agreement.csv"
    spreadsheet.write_text(SPREADSHEET)
    public_path = f"/agreements/{SLUG}/"

    page.goto("/admin/agreements/agreement/import/")
    page.select_option("#id_format", label="csv")
    page.set_input_files("#id_import_file", spreadsheet)
    with page.expect_navigation():
        page.click("#content form:has(#id_import_file) [type=submit]")
    preview = page.locator("table.import-preview")
    assert TITLE in preview.inner_text()
    page.click("#content form [name=confirm]")
    page.wait_for_url(CHANGE_LIST)
    assert public_status(page, public_path) == 404

    page.goto(f"/admin/agreements/agreement/?q={SLUG}")
    page.locator("#result_list input.action-select").first.check()
    page.select_option("select[name=action]", label="Publish")
    with page.expect_navigation():
        page.click("button[name=index]")
    assert "1 agreement published." in page.locator(".messagelist").inner_text()
    page.goto(public_path)
    assert page.locator("h1").inner_text().startswith(TITLE)

    page.goto(f"/admin/agreements/agreement/?q={SLUG}")
    page.get_by_role("link", name=TITLE).click()
    page.locator("a.deletelink").first.click()
    page.click("#content form [type=submit]")
    page.wait_for_url(CHANGE_LIST)
    assert public_status(page, public_path) == 404

    page.goto("/admin/agreements/agreement/recover/")
    page.locator("#change-history tr", has_text=TITLE).get_by_role("link").click()
    with page.expect_navigation():
        page.click("#content form [name=_save]")
    assert TITLE in page.locator(".messagelist").inner_text()
    page.goto(public_path)
    assert page.locator("h1").inner_text().startswith(TITLE)
