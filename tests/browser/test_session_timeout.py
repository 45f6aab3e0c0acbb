"""The time-out warning appears before an idle session ends, and "Stay signed in" keeps the session."""

import pytest

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_timeout_warning_appears_and_stay_signed_in_keeps_the_session(page, settings):
    settings.SESSION_COOKIE_AGE = 125  # the warning comes 2 minutes before the end: after 5 seconds
    user = make_user(Role.FRONT_DOOR)
    sign_in(page, user.username)

    dialog = page.locator("#timeout-warning")
    dialog.wait_for(state="visible", timeout=15_000)
    assert "You will be signed out soon" in dialog.inner_text()
    with page.expect_response("**/accounts/keep-alive/") as response:
        page.get_by_role("button", name="Stay signed in").click()
    assert response.value.status == 204
    dialog.wait_for(state="hidden")
    page.reload()
    assert "/accounts/sign-in/" not in page.url
