"""Roles that must prove a second factor (managers and administrators) go no further until they do."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url
from django.urls import reverse

ALWAYS_ALLOWED_PREFIXES = ("/accounts/two-factor/", "/accounts/sign-out/", "/static/")


def needs_second_factor(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.role in settings.EARLYHELP_TWO_FACTOR_ROLES
        and not user.is_verified()
    )


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_second_factor(request.user) and not request.path.startswith(ALWAYS_ALLOWED_PREFIXES):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)


# Fields never kept across a sign-in: secrets and the old form's one-time tokens.
NOT_KEPT = ("csrfmiddlewaretoken", "password", "idempotency_key", "code")


class LoginRequiredKeepingFormMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, except that a form sent after the session expired is kept.

    What the user typed is stashed in the (new, anonymous) session with the page it came from; after
    signing in again they return to that page and it is filled back in (frontend/static/.../init.js),
    so a time-out never loses work. Nothing is saved to the case record until they send it again.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The API authenticates each call with a token instead (config/api.py).
        if request.path.startswith(API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        if request.method == "POST":
            kept = {
                key: request.POST.getlist(key)
                for key in request.POST
                if not any(key.startswith(secret) or key.endswith(secret) for secret in NOT_KEPT)
            }
            if kept:
                request.session[KEPT_FORM_SESSION_KEY] = {"path": request.path, "data": kept}
            return redirect_to_login(request.path, resolve_url(self.get_login_url(view_func)), REDIRECT_FIELD_NAME)
        return super().handle_no_permission(request, view_func)


KEPT_FORM_SESSION_KEY = "earlyhelp_kept_form"
API_PREFIX = "/api/"


def pop_kept_form(request) -> dict | None:
    """The form data kept for this page, once (it is removed as it is read)."""
    session = getattr(request, "session", None)
    kept = session.get(KEPT_FORM_SESSION_KEY) if session is not None else None
    if not kept or kept.get("path") != request.path or request.method != "GET":
        return None
    del request.session[KEPT_FORM_SESSION_KEY]
    return kept["data"]
