"""A session that expires mid-form loses nothing: the form comes back filled in after signing in."""

import json

import pytest

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_form_sent_after_the_session_expired_is_refilled_after_signing_in_again(client):
    user = make_user(Role.FRONT_DOOR)

    response = client.post(
        "/people/search/",
        {"name": "Ruby O'Neill", "reasons": ["<b>Worried</b> about school"], "csrfmiddlewaretoken": "x", "password": "p"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/?next=/people/search/")

    client.post("/accounts/sign-in/?next=/people/search/", {"username": user.username, "password": PASSWORD})
    page = client.get("/people/search/").content.decode()

    assert "What you typed has been put back" in page
    kept = json.loads(page.split('<script id="kept-form" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert kept == {"name": ["Ruby O'Neill"], "reasons": ["<b>Worried</b> about school"]}
    assert "<b>Worried</b>" not in page  # shown only as JSON-escaped data, never as markup
    assert "What you typed has been put back" not in client.get("/people/search/").content.decode()  # only once


def test_a_kept_form_is_not_shown_on_another_page(client):
    user = make_user(Role.FRONT_DOOR)
    client.post("/people/search/", {"name": "Ruby"})
    client.post("/accounts/sign-in/", {"username": user.username, "password": PASSWORD})
    assert "What you typed has been put back" not in client.get("/").content.decode()


def test_keep_alive_needs_a_signed_in_user(client):
    assert client.post("/accounts/keep-alive/").status_code == 302
