"""Writing the audit trail. Every service that changes a record, and every fetch-and-authorise door
that shows one, calls into here in the same transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from earlyhelp.audit.models import AuditAction, AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""  # the stored name, never the file's content
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The values of a row's concrete fields, ready to store as the before or after of a change."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Only the fields that changed, as {field: {"before": old, "after": new}}."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key) and key != "updated_at"
    }


def _subjects(instance: models.Model | None) -> dict[str, int | None]:
    """Find the person, household and episode a row is about, so the trail can be read per child."""
    if instance is None:
        return {}
    subjects: dict[str, int | None] = {}
    for attr, key in (("person_id", "person_id"), ("household_id", "household_id"), ("episode_id", "episode_id")):
        value = getattr(instance, attr, None)
        if value is not None:
            subjects[key] = value
    label = instance._meta.label_lower
    if label == "people.person":
        subjects["person_id"] = instance.pk
    elif label == "people.household":
        subjects["household_id"] = instance.pk
    elif label == "casework.episode":
        subjects["episode_id"] = instance.pk
    return subjects


def record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    request=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    **subjects: int | None,
) -> AuditEvent:
    """Append one event to the trail."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    fields = {**_subjects(instance), **{k: v for k, v in subjects.items() if v is not None}}
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_label=(actor_obj.get_username() if actor_obj else str(changes.get("username", "")) if changes else ""),
        action=action,
        object_type=object_type or (instance._meta.label_lower if instance is not None else ""),
        object_id=object_id or (str(instance.pk) if instance is not None else ""),
        object_repr=(object_repr or (str(instance) if instance is not None else ""))[:200],
        changes=changes or {},
        ip_address=(request.META.get("REMOTE_ADDR") if request is not None else None),
        path=(request.path[:300] if request is not None else ""),
        **fields,
    )


def record_view(*, actor, instance: models.Model, request=None) -> AuditEvent:
    return record(actor=actor, action=AuditAction.VIEW, instance=instance, request=request)


def record_create(*, actor, instance: models.Model, request=None) -> AuditEvent:
    return record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        changes={"after": snapshot(instance)},
        request=request,
    )


def record_update(*, actor, instance: models.Model, before: dict[str, Any], request=None) -> AuditEvent | None:
    """Record a change with its before and after values; nothing is written when nothing changed."""
    changed = diff(before, snapshot(instance, before.keys()))
    if not changed:
        return None
    return record(actor=actor, action=AuditAction.UPDATE, instance=instance, changes=changed, request=request)


def record_delete(*, actor, instance: models.Model, request=None) -> AuditEvent:
    return record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=instance,
        changes={"before": snapshot(instance)},
        request=request,
    )
