"""Sign-in protections: lockout after repeated failures, and the second factor for managers."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditAction, AuditEvent
from earlyhelp.core.testing import PASSWORD, current_totp, make_user

pytestmark = pytest.mark.django_db


def _attempt(client, username, password):
    return client.post("/accounts/sign-in/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_username_even_against_the_right_one(client, settings):
    user = make_user(Role.LEAD_PRACTITIONER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, user.username, "wrong").status_code == 200
    locked = _attempt(client, user.username, "wrong")
    assert locked.status_code == 429
    assert "You cannot sign in at the moment" in locked.content.decode()

    assert _attempt(client, user.username, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).count() >= settings.AXES_FAILURE_LIMIT


def test_four_failures_then_success_signs_in_and_resets_the_count(client, settings):
    user = make_user(Role.LEAD_PRACTITIONER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, user.username, "wrong")
    assert _attempt(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, user.username, "wrong").status_code == 200


def test_manager_sets_up_an_authenticator_then_needs_a_code_every_sign_in(client):
    manager = make_user(Role.TEAM_MANAGER)
    response = _attempt(client, manager.username, PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # not past the second factor yet

    page = client.get("/accounts/two-factor/")
    assert "Set up your authenticator app" in page.content.decode()
    device = TOTPDevice.objects.get(user=manager, confirmed=False)

    wrong = client.post("/accounts/two-factor/", {"code": "000000" if current_totp(device.key) != "000000" else "111111"})
    assert "That code is not right" in wrong.content.decode()
    throttled = client.post("/accounts/two-factor/", {"code": current_totp(device.key)})
    assert "Too many wrong codes" in throttled.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # as if the wait had passed
    ok = client.post("/accounts/two-factor/", {"code": current_totp(device.key), "next": "/"})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    _attempt(client, manager.username, PASSWORD)
    assert "Enter the code from your authenticator app" in client.get("/accounts/two-factor/").content.decode()


def test_code_form_explains_a_malformed_code(client):
    manager = make_user(Role.ADMINISTRATOR)
    _attempt(client, manager.username, PASSWORD)
    response = client.post("/accounts/two-factor/", {"code": "12ab"})
    assert "The code must be 6 digits" in response.content.decode()


def test_next_cannot_send_the_user_to_another_site(client):
    manager = make_user(Role.TEAM_MANAGER)
    _attempt(client, manager.username, PASSWORD)
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=manager)
    response = client.post("/accounts/two-factor/", {"code": current_totp(device.key), "next": "https://evil.example/"})
    assert response["Location"] == "/"
