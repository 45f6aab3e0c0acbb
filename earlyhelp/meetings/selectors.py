"""Reading Team Around the Family meetings. The episode has already come through its door; here a
partner invited to a meeting sees only the meetings they were invited to."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from earlyhelp.accounts.permissions import CaseloadScope, scope_for
from earlyhelp.meetings.models import Meeting, MeetingAttendee, MeetingStatus


def is_partner(user) -> bool:
    return scope_for(user) is CaseloadScope.OWN_REQUESTS


def meetings_for(user, episode) -> QuerySet[Meeting]:
    """The episode's meetings this user may read: all of them for council staff who can see the
    episode, only those they were invited to for a partner."""
    meetings = Meeting.objects.filter(episode=episode).select_related("chaired_by")
    if is_partner(user):
        meetings = meetings.filter(attendees__user=user).distinct()
    return meetings.order_by("-scheduled_for", "-id")


def invitations_for(user) -> QuerySet[Meeting]:
    """Meetings the user was invited to, of families they may still see (a family that withdrew
    consent, or a restricted one, drops out with the household's visibility)."""
    from earlyhelp.casework.selectors import episodes_visible_to

    return (
        Meeting.objects.filter(attendees__user=user, episode__in=episodes_visible_to(user))
        .select_related("episode__household")
        .distinct()
        .order_by("-scheduled_for", "-id")
    )


def meeting_get_for(user, episode, pk: int) -> Meeting:
    """One meeting of this episode that the user may read; 404 for missing and not-yours alike."""
    meeting = meetings_for(user, episode).filter(pk=pk).first()
    if meeting is None:
        raise Http404("No meeting found")
    return meeting


def attendees(meeting) -> QuerySet[MeetingAttendee]:
    return meeting.attendees.select_related("person", "user", "agency").order_by("id")


def upcoming_and_past(meetings) -> tuple[list[Meeting], list[Meeting]]:
    upcoming = [m for m in meetings if m.status == MeetingStatus.SCHEDULED]
    return sorted(upcoming, key=lambda m: m.scheduled_for), [m for m in meetings if m.status != MeetingStatus.SCHEDULED]
