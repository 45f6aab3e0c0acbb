"""No silent overwrites: optimistic concurrency for records two people may edit at once.

A form carries the ``version`` it was loaded at. ``save_if_unchanged`` writes only if the row is
still at that version (one UPDATE ... WHERE version = n, so there is no lock to strand a colleague);
otherwise it raises ``EditConflict`` holding what is stored now, so the page can show both versions
and let the second person choose.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone

from earlyhelp.core.errors import ApplicationError


class EditConflict(ApplicationError):
    """Someone else saved the record after this person opened it."""

    def __init__(self, *, current: models.Model, attempted: dict[str, Any]):
        super().__init__(
            "Someone else saved changes while you were editing. Compare the two versions below, "
            "then save again to keep yours."
        )
        self.current = current
        self.attempted = attempted


def save_if_unchanged(instance: models.Model, *, expected_version: int, values: dict[str, Any]) -> models.Model:
    """Apply ``values`` and raise the version by one, if nobody saved since ``expected_version``."""
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        **values, version=F("version") + 1, **({"updated_at": timezone.now()} if _has_field(model, "updated_at") else {})
    )
    if not updated:
        raise EditConflict(current=model.objects.get(pk=instance.pk), attempted=values)
    instance.refresh_from_db()
    return instance


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())

