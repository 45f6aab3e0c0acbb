"""Small helpers the casework pages share: a service's refusal onto the form, and the idempotency key."""

from __future__ import annotations

from django.forms import BaseForm

from earlyhelp.casework.services.notes import IDEMPOTENCY_KEY
from earlyhelp.core.errors import ApplicationError
from earlyhelp.referrals.forms import new_idempotency_key


def show_refusal(form: BaseForm, error: ApplicationError) -> None:
    """Put a refusal next to the field it is about (or at the top), keeping everything typed."""
    field = error.field if error.field in form.fields else None
    for problem in error.problems:
        form.add_error(field, problem)


def key_from(form: BaseForm) -> str:
    """The form's idempotency key, or a new one if it was lost or tampered with."""
    key = form.data.get("idempotency_key", "")
    return key if IDEMPOTENCY_KEY.match(key or "") else new_idempotency_key()
