"""The door to a contact, the queue, the surge panel and a partner's own requests, with visibility."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditAction, AuditEvent
from earlyhelp.core.testing import make_user
from earlyhelp.referrals import selectors, services
from earlyhelp.referrals.forms import new_idempotency_key
from earlyhelp.referrals.models import Contact, ContactStatus, EntryPoint
from earlyhelp.referrals.tests.factories import (
    check_everyone,
    decide_targeted,
    level,
    make_front_door,
    make_manager,
    make_partner,
    record_contact,
    submit_request,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")




@pytest.fixture
def sent(partner):
    return submit_request(partner)


# --- The door -------------------------------------------------------------------------------------


def test_the_front_door_opens_any_sent_contact_and_the_view_is_audited(front_door, sent):
    assert selectors.contact_get_for(front_door, sent.pk) == sent
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(sent.pk), actor=front_door).exists()


def test_a_partner_sees_their_own_request_and_only_what_a_partner_may_see(partner, front_door, sent):
    check_everyone(sent, front_door)
    decide_targeted(sent, front_door)

    seen = selectors.contact_get_for(partner, sent.pk)

    assert isinstance(seen, selectors.PartnerRequest)
    assert (seen.reference, seen.status_label, seen.outcome_label) == (sent.reference, "Decided", "Targeted early help")
    assert seen.children == ["Mia Ashworth"]
    assert not hasattr(seen, "decision")
    assert not hasattr(seen, "household")


@pytest.mark.parametrize("role", [Role.LEAD_PRACTITIONER, Role.PERFORMANCE_LEAD, Role.ADMINISTRATOR, Role.TEAM_MANAGER])
def test_other_roles_get_the_same_404_as_a_missing_contact(role, sent):
    user = make_user(role)

    with pytest.raises(Http404) as forbidden:
        selectors.contact_get_for(user, sent.pk)
    with pytest.raises(Http404) as missing:
        selectors.contact_get_for(user, 10**9)

    assert str(forbidden.value) == str(missing.value)
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="referrals.contact").exists()


def test_another_partner_cannot_open_the_request(sent):
    with pytest.raises(Http404):
        selectors.contact_get_for(make_partner(), sent.pk)


def test_the_front_door_does_not_see_a_partners_draft(partner, front_door):
    draft = services.contact_save_draft(actor=partner, data={"reasons": ["half"]}, idempotency_key=new_idempotency_key())

    with pytest.raises(Http404):
        selectors.contact_get_for(front_door, draft.pk)
    assert selectors.contact_get_for(partner, draft.pk).is_draft


def test_a_manager_sees_only_decisions_waiting_for_their_oversight(front_door, sent):
    manager = make_manager()
    check_everyone(sent, front_door)
    services.triage_decide(contact=sent, actor=front_door, level=level(4), outcome="social_care", needs=[],
                           rationale="Disclosure", statutory_concern=True)

    assert selectors.contact_get_for(manager, sent.pk) == sent
    assert [c.pk for c in selectors.oversight_queue_for(manager)] == [sent.pk]
    assert selectors.oversight_queue_for(front_door) == []


# --- A partner's requests -------------------------------------------------------------------------


def test_a_partner_is_told_the_outcome_only_once_it_is_final(partner, front_door, sent):
    check_everyone(sent, front_door)
    services.triage_decide(contact=sent, actor=front_door, level=level(1), outcome="nfa", needs=[],
                           rationale="Needs met", override_reason="Already supported by the school")

    waiting = selectors.requests_for_partner(partner)[0]
    assert (waiting.status_label, waiting.outcome_label, waiting.decided_on) == ("Received", "", None)

    services.triage_oversee(decision=sent.decision, actor=make_manager(), agreed=True, note="")
    final = selectors.requests_for_partner(partner)[0]
    assert (final.status_label, final.outcome_label) == ("Decided", "No further action")
    assert final.decided_on is not None


def test_a_partner_lists_only_their_own_requests_with_drafts(partner, sent):
    submit_request(make_partner())
    services.contact_save_draft(
        actor=partner, data={"children-0-first_name": ["Leo"], "children-0-last_name": ["Ng"]},
        idempotency_key=new_idempotency_key(),
    )

    mine = selectors.requests_for_partner(partner)

    assert [(r.is_draft, r.children) for r in mine] == [(True, ["Leo Ng"]), (False, ["Mia Ashworth"])]
    assert selectors.requests_for_partner(make_front_door()) == []


# --- The queue ------------------------------------------------------------------------------------


def test_the_queue_puts_immediate_first_then_the_least_time_left_and_counts_what_is_late(partner, front_door):
    now = timezone.now()
    late = record_contact(front_door, received_at=now - timedelta(days=10))
    routine = record_contact(front_door, received_at=now)
    urgent = record_contact(front_door, received_at=now, urgency="urgent")
    immediate = record_contact(front_door, received_at=now, urgency="immediate")
    Contact.objects.filter(pk=routine.pk).update(decision_due_at=now + timedelta(hours=1))
    Contact.objects.filter(pk=urgent.pk).update(decision_due_at=now + timedelta(hours=1))

    queue = selectors.queue_for(front_door, now=now)

    assert [row.contact.pk for row in queue.rows] == [immediate.pk, late.pk, urgent.pk, routine.pk]
    assert queue.rows[1].overdue is True
    assert queue.counts["waiting"] == 4
    assert queue.counts["overdue"] == 1
    assert queue.counts["immediate"] == 1


def test_the_queue_filters_by_source_and_status(partner, front_door):
    police = record_contact(front_door, entry_point=EntryPoint.POLICE_NOTIFICATION)
    record_contact(front_door, entry_point=EntryPoint.SELF_REFERRAL)
    closed = record_contact(front_door, entry_point=EntryPoint.ADVICE_POINT, close_with_advice=True, advice_given="Leaflet")

    assert [r.contact.pk for r in selectors.queue_for(front_door, source="6").rows] == [police.pk]
    assert [r.contact.pk for r in selectors.queue_for(front_door, status="decided").rows] == [closed.pk]
    unknown = selectors.queue_for(front_door, status="nonsense", source="<script>")
    assert (unknown.status, unknown.source, len(unknown.rows)) == ("awaiting_triage", "", 2)


def test_only_the_front_door_has_a_queue(sent):
    assert selectors.queue_for(make_partner()).rows == []


# --- Surges ---------------------------------------------------------------------------------------


def _contacts(front_door, day: datetime, count: int, source: str = "2A"):
    for _ in range(count):
        record_contact(front_door, received_at=day, referral_source=source)


def test_surge_counts_contacts_per_day_by_source_and_alerts_when_today_is_well_above_usual(front_door):
    today = timezone.localdate()
    noon = datetime.combine(today, datetime.min.time()).replace(hour=12, tzinfo=LONDON)
    for days_ago in range(1, 15):
        _contacts(front_door, noon - timedelta(days=days_ago), 1)
    _contacts(front_door, noon - timedelta(days=3), 1, source="6")
    _contacts(front_door, noon, 7, source="6")

    found = selectors.surge_for(today)

    by_source = {s.code: (s.today, s.last_7_days, s.last_28_days) for s in found.by_source}
    assert by_source == {"2A": (0, 7, 14), "6": (7, 1, 1)}
    assert found.today_total == 7
    assert found.alert is not None
    assert "7 contacts today" in found.alert.message


def test_no_surge_on_an_ordinary_day(front_door):
    today = timezone.localdate()
    noon = datetime.combine(today, datetime.min.time()).replace(hour=12, tzinfo=LONDON)
    for days_ago in range(0, 15):
        _contacts(front_door, noon - timedelta(days=days_ago), 2)

    assert selectors.surge_for(today).alert is None


def test_drafts_are_not_contacts_yet(partner):
    services.contact_save_draft(actor=partner, data={}, idempotency_key=new_idempotency_key())

    assert selectors.surge_for(timezone.localdate()).today_total == 0
    assert Contact.objects.submitted().count() == 0
    assert Contact.objects.filter(status=ContactStatus.DRAFT).count() == 1
