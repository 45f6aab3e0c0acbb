"""The audit trail: before and after values, and append-only on PostgreSQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditAction, AuditEvent
from earlyhelp.audit.services import record_create, record_update, snapshot
from earlyhelp.core.testing import make_person, make_user

pytestmark = pytest.mark.django_db


def test_a_change_records_only_what_changed_with_before_and_after():
    actor = make_user(Role.FRONT_DOOR)
    person = make_person(first_name="Jayden")
    before = snapshot(person)
    person.first_name = "Jaiden"
    person.save()

    event = record_update(actor=actor, instance=person, before=before)

    assert event.changes == {"first_name": {"before": "Jayden", "after": "Jaiden"}}
    assert event.person_id == person.pk
    assert event.actor_label == actor.username


def test_no_event_when_nothing_changed():
    person = make_person()
    assert record_update(actor=make_user(), instance=person, before=snapshot(person)) is None


def test_failed_sign_in_is_recorded(client):
    make_user(username="casey")
    client.post("/accounts/sign-in/", {"username": "casey", "password": "wrong"})
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert event.changes == {"username": "casey"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_audit_rows_cannot_be_changed_or_deleted_on_postgresql():
    event = record_create(actor=make_user(), instance=make_person())
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk, action=AuditAction.CREATE).exists()
