"""A form sent twice records once: the services look up the one-time key the form carried."""

from __future__ import annotations

from django.db import models

from earlyhelp.core.errors import ApplicationError


def already_recorded(model: type[models.Model], key: str, *, message: str, **belongs_to) -> models.Model | None:
    """The record this form's key already made, or ``None`` the first time it is sent.

    ``belongs_to`` (e.g. ``episode_id=5``) is where the record must be: a key that made a record
    somewhere else (a tampered or reused form) is refused with ``message`` rather than returned.
    """
    if not key:
        return None
    found = model.objects.filter(idempotency_key=key).first()
    if found is not None and any(getattr(found, name) != value for name, value in belongs_to.items()):
        raise ApplicationError(message)
    return found
