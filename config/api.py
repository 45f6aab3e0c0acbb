"""The REST API, version 1: a thin second interface over the same services and selectors as the pages.

Token authentication (`Authorization: Bearer <token>`), throttling per token, and an OpenAPI document
at /api/v1/openapi.json. Each app adds its own router here.
"""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from earlyhelp.accounts.services import api_token_user
from earlyhelp.referrals.api import router as referrals_router


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Early Help API",
    version="1",
    description="Requests for help and what became of them. Every call is authenticated and audited.",
    auth=TokenAuth(),
    throttle=[AuthRateThrottle(settings.EARLYHELP_API_RATE)],
    urls_namespace="api",
    docs_url=None,  # the interactive docs page loads scripts from elsewhere, which our CSP forbids
)


class Me(Schema):
    username: str
    name: str
    role: str
    team: str | None
    agency: str | None


@api.get("/me", response=Me, summary="Who this token acts as")
def me(request):
    user = request.user
    return Me(
        username=user.username,
        name=user.display_name,
        role=user.role,
        team=user.team.label if user.team else None,
        agency=user.agency.label if user.agency else None,
    )


api.add_router("/contacts", referrals_router)
