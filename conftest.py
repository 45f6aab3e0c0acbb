"""Fixtures shared by every app's tests: users per role, and a real Chromium for browser journeys."""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls the tests make
# around it are still synchronous, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: ./dev test installs it (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser, live_server):
    context = chromium_browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()



def pytest_collection_modifyitems(items):
    """Browser tests run against a live server, so they commit and the database is emptied after each;
    so do tests marked ``django_db(transaction=True)`` (backup and restore, for example). They are all
    marked ``commits``, and serialized rollback puts back the reference data the migrations load
    (levels of need, star templates) before each one. ./dev test runs them after the other tests, so
    nothing else sees the emptied tables, and the non-browser ones (a restore replaces the whole
    database) after the browser journeys."""
    for item in items:
        db = item.get_closest_marker("django_db")
        if item.get_closest_marker("browser") or (db is not None and db.kwargs.get("transaction")):
            item.add_marker(pytest.mark.commits)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
