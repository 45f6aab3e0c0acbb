"""Writing Team Around the Family meetings: scheduling, invitations, attendance, minutes (no silent
overwrites: ``save_if_unchanged``), and the actions agreed, which flow into the family's plan
(``plans.services.plan_add_meeting_actions``)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import Agency
from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.services import record_create, record_update, snapshot
from earlyhelp.casework.services.lifecycle import chronology_add
from earlyhelp.core.concurrency import save_if_unchanged
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.idempotency import already_recorded
from earlyhelp.domain.timescales import format_date
from earlyhelp.meetings.models import (
    Attendance,
    Meeting,
    MeetingAction,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
)
from earlyhelp.plans.models import ActionStatus
from earlyhelp.plans.permissions import is_open_for_changes
from earlyhelp.plans.services import resolve_owner


def _check_open(episode) -> None:
    if not is_open_for_changes(episode):
        raise ApplicationError("This episode has ended, so its meetings can no longer be changed.")


@transaction.atomic
def meeting_schedule(
    *, episode, actor, kind: str, scheduled_for: datetime, location: str, chair, idempotency_key: str = "",
    request=None,
) -> Meeting:
    """Arrange a Team Around the Family meeting; the chair is invited."""
    _check_open(episode)
    already = already_recorded(Meeting, idempotency_key, episode_id=episode.pk,
                               message="This form could not be saved. Start again.")
    if already is not None:
        return already
    if kind not in MeetingKind.values:
        raise ApplicationError("Select the kind of meeting", field="kind")
    if chair is None or not chair.is_active or not has_capability(chair, Capability.WORK_CASES):
        raise ApplicationError("Select who will chair the meeting", field="chair")
    meeting = Meeting.objects.create(
        episode=episode, kind=kind, scheduled_for=scheduled_for, location=location.strip(), chaired_by=chair,
        idempotency_key=idempotency_key or None,
    )
    record_create(actor=actor, instance=meeting, request=request)
    attendee = MeetingAttendee.objects.create(meeting=meeting, name=chair.display_name, user=chair)
    record_create(actor=actor, instance=attendee, request=request)
    return meeting


@transaction.atomic
def meeting_invite(
    *, meeting: Meeting, actor, person=None, user=None, agency: Agency | None = None, name: str = "", request=None
) -> MeetingAttendee:
    """Invite a family member (from the household), a practitioner (a user) or someone from an agency."""
    episode = meeting.episode
    _check_open(episode)
    attendees = meeting.attendees.all()
    if person is not None:
        in_family = episode.household.memberships.filter(person=person, left_on__isnull=True).exists()
        if not in_family:
            raise ApplicationError("Select a member of the family", field="person")
        if attendees.filter(person=person).exists():
            raise ApplicationError(f"{person.full_name} is already invited", field="person")
        values = {"person": person, "name": person.full_name}
    elif user is not None:
        if not user.is_active:
            raise ApplicationError("Select a practitioner", field="user")
        if attendees.filter(user=user).exists():
            raise ApplicationError(f"{user.display_name} is already invited", field="user")
        values = {"user": user, "name": user.display_name, "agency": user.agency}
    elif agency is not None:
        if not name.strip():
            raise ApplicationError("Enter the name of the person from the agency", field="name")
        if attendees.filter(agency=agency, name__iexact=name.strip()).exists():
            raise ApplicationError(f"{name.strip()} from {agency.label} is already invited", field="name")
        values = {"agency": agency, "name": name.strip()[:150]}
    else:
        raise ApplicationError("Select who to invite")
    attendee = MeetingAttendee.objects.create(meeting=meeting, **values)
    record_create(actor=actor, instance=attendee, request=request)
    return attendee


@transaction.atomic
def meeting_record_attendance(*, meeting: Meeting, actor, attendance: dict[int, str], request=None) -> Meeting:
    """Record who came. Once anyone attended, the meeting is recorded as held (and in the chronology)."""
    _check_open(meeting.episode)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for attendee in locked.attendees.all():
        value = attendance.get(attendee.pk)
        if value is None or value == attendee.attendance:
            continue
        if value not in Attendance.values:
            raise ApplicationError(f"Select whether {attendee.name} came", field=f"attendee-{attendee.pk}")
        before = snapshot(attendee, ["attendance"])
        attendee.attendance = value
        attendee.save(update_fields=["attendance"])
        record_update(actor=actor, instance=attendee, before=before, request=request)
    came = locked.attendees.filter(attendance=Attendance.ATTENDED)
    if locked.status == MeetingStatus.SCHEDULED and came.exists():
        before = snapshot(locked, ["status"])
        locked.status = MeetingStatus.HELD
        locked.save(update_fields=["status", "updated_at"])
        record_update(actor=actor, instance=locked, before=before, request=request)
        when = format_date(timezone.localtime(locked.scheduled_for).date())
        chronology_add(
            episode=locked.episode, kind="meeting_held", actor=actor,
            summary=f"{locked.get_kind_display()} held on {when} ({came.count()} attended)",
            data={"meeting_id": locked.pk, "attended": sorted(came.values_list("name", flat=True))},
        )
    meeting.refresh_from_db()
    return locked


@transaction.atomic
def meeting_update_minutes(*, meeting: Meeting, actor, expected_version: int, minutes: str, decisions: str, request=None) -> Meeting:
    """Save the minutes and decisions, unless someone else saved them since this person opened them
    (``EditConflict`` then holds both versions)."""
    _check_open(meeting.episode)
    before = snapshot(meeting, ["minutes", "decisions", "version"])
    save_if_unchanged(meeting, expected_version=expected_version, values={"minutes": minutes.strip(), "decisions": decisions.strip()})
    record_update(actor=actor, instance=meeting, before=before, request=request)
    return meeting


@transaction.atomic
def meeting_add_action(
    *, meeting: Meeting, actor, what: str, owner: str, due_on: date | None, status: str = ActionStatus.NOT_STARTED,
    idempotency_key: str = "", request=None,
) -> MeetingAction:
    """An action agreed at the meeting: what, who (a family member, practitioner or agency) and by when."""
    _check_open(meeting.episode)
    already = already_recorded(MeetingAction, idempotency_key, meeting_id=meeting.pk,
                               message="This form could not be saved. Start again.")
    if already is not None:
        return already
    if not what.strip():
        raise ApplicationError("Enter what will be done", field="what")
    if status not in ActionStatus.values:
        raise ApplicationError("Select the status of the action", field="status")
    owner_fields = resolve_owner(meeting.episode, owner)
    action = MeetingAction.objects.create(
        meeting=meeting, what=what.strip(), due_on=due_on, status=status, idempotency_key=idempotency_key or None,
        **owner_fields,
    )
    record_create(actor=actor, instance=action, request=request)
    return action


@transaction.atomic
def meeting_action_update_status(*, action: MeetingAction, actor, status: str, request=None) -> MeetingAction:
    _check_open(action.meeting.episode)
    if status not in ActionStatus.values:
        raise ApplicationError("Select the status of the action", field="status")
    before = snapshot(action, ["status"])
    action.status = status
    action.save(update_fields=["status"])
    record_update(actor=actor, instance=action, before=before, request=request)
    return action
