from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET, require_POST

from earlyhelp.accounts.forms import SignInForm
from earlyhelp.reporting import home as home_selectors


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's own work on one page."""
    panel = home_selectors.home_for(request.user)
    return render(request, f"accounts/home/{panel.template}.html", {"panel": panel})


@login_not_required
def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """Shown instead of the sign-in form once a username has failed too often from one address."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    limit = settings.AXES_FAILURE_LIMIT
    return render(request, "accounts/locked_out.html", {"wait_minutes": minutes, "failure_limit": limit}, status=429)


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Touching the session keeps the user signed in (the time-out warning's "stay signed in")."""
    return HttpResponse(status=204)
