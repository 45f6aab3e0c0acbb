from django.contrib import admin
from django.urls import include, path

from config.api import api
from earlyhelp.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("earlyhelp.accounts.urls")),
    path("people/", include("earlyhelp.people.urls")),
    path("front-door/", include("earlyhelp.referrals.urls")),
    path("audit/", include("earlyhelp.audit.urls")),
    path("episodes/", include("earlyhelp.casework.urls")),
    path("assessments/", include("earlyhelp.assessments.urls")),
    path("plans/", include("earlyhelp.plans.urls")),
    path("meetings/", include("earlyhelp.meetings.urls")),
    path("outcomes/", include("earlyhelp.outcomes.urls")),
    path("reporting/", include("earlyhelp.reporting.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
