"""Small helpers the casework pages share: the idempotency key a form carries."""

from __future__ import annotations

from django.forms import BaseForm

from earlyhelp.casework.services.notes import IDEMPOTENCY_KEY
from earlyhelp.frontend.forms import new_idempotency_key


def key_from(form: BaseForm) -> str:
    """The form's idempotency key, or a new one if it was lost or tampered with."""
    key = form.data.get("idempotency_key", "")
    return key if IDEMPOTENCY_KEY.match(key or "") else new_idempotency_key()
