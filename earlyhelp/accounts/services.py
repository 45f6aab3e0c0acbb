"""Account actions that change state."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import ApiToken, User
from earlyhelp.audit.models import AuditAction
from earlyhelp.audit.services import record


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, actor: User | None = None) -> tuple[str, ApiToken]:
    """Issue a new API token; the plain token is returned once and never stored."""
    token = "eh_" + secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(user=user, name=name, prefix=token[:8], token_hash=hash_token(token))
    record(actor=actor, action=AuditAction.CREATE, instance=api_token, changes={"api_token": name, "for": user.username})
    return token, api_token


@transaction.atomic
def api_token_revoke(*, api_token: ApiToken, actor: User | None = None) -> None:
    api_token.revoked_at = timezone.now()
    api_token.save(update_fields=["revoked_at"])
    record(actor=actor, action=AuditAction.UPDATE, instance=api_token, changes={"revoked": True})


def api_token_user(token: str) -> User | None:
    """The active user a presented token belongs to, or None."""
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if api_token is None:
        return None
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
    return api_token.user
