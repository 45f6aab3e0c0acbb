"""The audit pages: "who has seen this child's record", for managers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from earlyhelp.accounts.permissions import Capability
from earlyhelp.audit import selectors
from earlyhelp.audit.models import AuditAction
from earlyhelp.audit.services import record
from earlyhelp.core.http import require_capability
from earlyhelp.people.selectors import person_get_for


@require_GET
@require_capability(Capability.VIEW_AUDIT)
def person_access(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get_for(request.user, pk, request=request)
    events = selectors.events_about_person(person)
    if request.GET.get("format") == "csv":
        record(actor=request.user, action=AuditAction.EXPORT, instance=person, request=request,
               changes={"export": "audit trail"})
        response = HttpResponse(selectors.export_csv(events), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-{person.la_id}.csv"'
        return response
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/person_access.html", {"person": person, "page_obj": page})
