"""The API door: bearer tokens (hashed at rest, revocable), throttling, and an OpenAPI document."""

import pytest

from config.api import api
from earlyhelp.accounts.models import ApiToken, Role
from earlyhelp.accounts.services import api_token_create, api_token_revoke
from earlyhelp.core.testing import make_team, make_user

pytestmark = pytest.mark.django_db


def _get(client, path, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, headers=headers)


def test_a_token_acts_as_its_user_and_only_its_hash_is_stored(client):
    user = make_user(Role.PARTNER_REFERRER, team=make_team(label="Harbour Primary"))
    token, api_token = api_token_create(user=user, name="School MIS")

    response = _get(client, "/api/v1/me", token)

    assert response.status_code == 200
    assert response.json()["username"] == user.username
    assert token not in {api_token.token_hash, api_token.prefix}
    assert ApiToken.objects.get(pk=api_token.pk).last_used_at is not None


@pytest.mark.parametrize("token", [None, "eh_not-a-real-token", ""])
def test_no_or_wrong_token_is_refused_with_401(client, token):
    assert _get(client, "/api/v1/me", token).status_code == 401


def test_revoked_token_and_inactive_user_are_refused(client):
    user = make_user(Role.PARTNER_REFERRER)
    token, api_token = api_token_create(user=user, name="old")
    api_token_revoke(api_token=api_token)
    assert _get(client, "/api/v1/me", token).status_code == 401

    token2, _ = api_token_create(user=user, name="new")
    user.is_active = False
    user.save()
    assert _get(client, "/api/v1/me", token2).status_code == 401


def test_too_many_calls_are_throttled_with_429(client, monkeypatch):
    throttle = api.throttles[0] if hasattr(api, "throttles") else api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 2)
    token, _ = api_token_create(user=make_user(Role.PARTNER_REFERRER), name="busy")
    answers = [_get(client, "/api/v1/me", token).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_openapi_document_describes_the_bearer_scheme(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Early Help API"
    assert "/api/v1/me" in document["paths"]
    assert any(s.get("scheme") == "bearer" for s in document["components"]["securitySchemes"].values())
