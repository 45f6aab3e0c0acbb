"""Reading episodes with visibility applied. ``episode_get_for`` is the only door to one episode,
for pages and the API alike: missing and forbidden give the same 404, and every view is audited."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.services import record_view
from earlyhelp.casework.models import Episode
from earlyhelp.people.models import AccessGrant
from earlyhelp.people.selectors import households_visible_to


def episodes_visible_to(user) -> QuerySet[Episode]:
    """Episodes of the families the user may open (team, own work, TAF seat, restriction by name)."""
    granted = AccessGrant.objects.filter(user=user, household_id=OuterRef("household_id"))
    return Episode.objects.filter(household__in=households_visible_to(user)).filter(
        Q(is_restricted=False) | Exists(granted)
    )


def episode_get_for(user, pk: int, *, request=None, audit: bool = True) -> Episode:
    """Fetch and authorise one episode, and record the view. Missing and forbidden give the same 404."""
    episode = (
        episodes_visible_to(user)
        .select_related("household", "team", "lead_practitioner", "contact", "previous_episode")
        .filter(pk=pk)
        .first()
    )
    if episode is None:
        raise Http404("No episode found")
    if audit:
        record_view(actor=user, instance=episode, request=request)
    return episode


def episode_get_for_work(user, pk: int, *, request=None) -> Episode:
    """An episode the user may change: they can see it and their role works cases (partners cannot)."""
    if not has_capability(user, Capability.WORK_CASES):
        raise Http404("No episode found")
    return episode_get_for(user, pk, request=request, audit=False)
