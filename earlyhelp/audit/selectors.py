"""Reading the audit trail: who has seen or changed a child's record."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.db.models import Q, QuerySet

from earlyhelp.audit.models import AuditEvent
from earlyhelp.people.models import Person

EXPORT_COLUMNS = (
    "occurred_at", "actor_label", "action", "object_type", "object_id", "object_repr",
    "person_id", "household_id", "episode_id", "ip_address", "path", "changes",
)


def events_about_person(person: Person) -> QuerySet[AuditEvent]:
    """Everything recorded about a person: their own page, and the pages of every family they were in."""
    household_ids = list(person.memberships.values_list("household_id", flat=True))
    return (
        AuditEvent.objects.filter(Q(person_id=person.pk) | Q(household_id__in=household_ids))
        .select_related("actor", "actor__team")
        .order_by("-occurred_at", "-id")
    )


def export_rows(events: Iterable[AuditEvent]) -> Iterator[list[str]]:
    import json

    for e in events:
        yield [
            e.occurred_at.isoformat(), e.actor_label, e.action, e.object_type, e.object_id, e.object_repr,
            "" if e.person_id is None else str(e.person_id), "" if e.household_id is None else str(e.household_id),
            "" if e.episode_id is None else str(e.episode_id), e.ip_address or "", e.path,
            json.dumps(e.changes, sort_keys=True),
        ]


def export_csv(events: Iterable[AuditEvent]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(export_rows(events))
    return buffer.getvalue()
