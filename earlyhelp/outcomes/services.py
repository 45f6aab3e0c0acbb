"""Writing family outcomes. ``feedback_request_create`` is what casework's closure calls."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from earlyhelp.audit.services import record_create
from earlyhelp.outcomes.models import FeedbackRequest

FEEDBACK_LINK_DAYS = 14


def feedback_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feedback_request_create(*, episode, actor, stage: str = "closure", request=None) -> tuple[FeedbackRequest, str]:
    """A one-time feedback link for the family: returns the request and the secret token for the link.

    Only the token's SHA-256 is stored, so the link cannot be rebuilt from the database; it has 256
    bits of randomness, so it cannot be guessed; it expires after EARLYHELP_FEEDBACK_LINK_DAYS days.
    """
    token = secrets.token_urlsafe(32)
    days = getattr(settings, "EARLYHELP_FEEDBACK_LINK_DAYS", FEEDBACK_LINK_DAYS)
    feedback_request = FeedbackRequest.objects.create(
        episode=episode, token_hash=feedback_token_hash(token), stage=stage, requested_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
    )
    record_create(actor=actor, instance=feedback_request, request=request)
    return feedback_request, token
