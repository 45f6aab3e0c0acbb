"""The performance pages: headline figures with their definitions for a chosen period, and the
pseudonymised list of episodes behind them (with a CSV export that is itself audited)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from earlyhelp.accounts.permissions import Capability
from earlyhelp.audit.models import AuditAction
from earlyhelp.audit.services import record
from earlyhelp.core.http import require_capability
from earlyhelp.reporting import selectors
from earlyhelp.reporting.figures import headline_figures

PAGE_SIZE = 50


@require_capability(Capability.VIEW_FIGURES)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Figures: the service's headline figures for a period, and its episodes under pseudonyms."""
    today = timezone.localdate()
    period = selectors.period_for(request.GET.get("period"), today)
    if request.GET.get("format") == "csv":
        return _csv(request, period)
    page = Paginator(selectors.episodes_in_period(period), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/dashboard.html",
        {
            "period": period,
            "periods": selectors.periods(today),
            "figures": headline_figures(period.start, period.end),
            "page_obj": page,
            "rows": selectors.episode_rows(period, page.object_list),
            "restricted": selectors.restricted_count(period),
        },
    )


def _csv(request: HttpRequest, period: selectors.Period) -> HttpResponse:
    text, count = selectors.episode_rows_csv(period)
    record(
        actor=request.user, action=AuditAction.EXPORT, request=request,
        object_type="reporting.pseudonymised_episodes", object_id=period.key,
        object_repr=f"Pseudonymised episodes, {period.start.isoformat()} to {period.end.isoformat()}",
        changes={"export": "pseudonymised episodes", "start": period.start.isoformat(),
                 "end": period.end.isoformat(), "rows": count},
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="episodes-{period.start.isoformat()}-to-{period.end.isoformat()}.csv"'
    )
    return response
