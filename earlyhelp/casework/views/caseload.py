"""Caseloads: a practitioner's own families, and a manager's view of each worker in their teams."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from earlyhelp.accounts.permissions import Capability
from earlyhelp.casework import selectors
from earlyhelp.core.http import require_capability


@require_capability(Capability.WORK_CASES)
@require_GET
def my_caseload(request: HttpRequest) -> HttpResponse:
    """The families the user is lead practitioner for: weeks open against target, what is overdue, what is next."""
    rows = selectors.my_caseload(request.user)
    return render(
        request, "casework/caseload.html",
        {"rows": rows, "worker": request.user, "own": True, "summary": selectors.WorkerLoad(request.user, rows)},
    )


@require_capability(Capability.ALLOCATE)
@require_GET
def caseloads(request: HttpRequest) -> HttpResponse:
    """Each worker in the manager's teams: open families, how long they have been open, overdue work."""
    return render(
        request, "casework/caseloads.html",
        {"loads": selectors.caseloads_for(request.user), "teams": selectors.teams_for_manager(request.user)},
    )


@require_capability(Capability.ALLOCATE)
@require_GET
def worker_caseload(request: HttpRequest, user_pk: int) -> HttpResponse:
    """One worker's caseload, as their manager sees it."""
    worker = selectors.worker_get_for(request.user, user_pk)
    rows = selectors.worker_caseload_for(request.user, worker)
    return render(
        request, "casework/caseload.html",
        {"rows": rows, "worker": worker, "own": worker.pk == request.user.pk, "summary": selectors.WorkerLoad(worker, rows)},
    )
