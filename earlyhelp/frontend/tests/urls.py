"""A small URLconf for the front-end tests: only some of the menu's URL names exist."""

from django.http import HttpResponse
from django.urls import include, path


def _ok(request):
    return HttpResponse("ok")


referrals = (
    [
        path("contacts/", _ok, name="queue"),
        path("contacts/new/", _ok, name="contact_new"),
    ],
    "referrals",
)
accounts = ([path("sign-out/", _ok, name="logout")], "accounts")

urlpatterns = [
    path("", _ok, name="home"),
    path("", include(referrals)),
    path("accounts/", include(accounts)),
]
