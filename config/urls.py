from django.contrib import admin
from django.urls import include, path

from earlyhelp.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("earlyhelp.accounts.urls")),
    path("people/", include("earlyhelp.people.urls")),
    path("audit/", include("earlyhelp.audit.urls")),
    path("admin/", admin.site.urls),
]
