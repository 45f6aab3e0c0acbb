from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """An expired session or a form sent twice: say so plainly instead of Django's 403 page."""
    return render(request, "csrf_failure.html", status=403)
