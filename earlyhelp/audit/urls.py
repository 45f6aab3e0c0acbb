from django.urls import path

from earlyhelp.audit import views

app_name = "audit"

urlpatterns = [
    path("people/<int:pk>/", views.person_access, name="person_access"),
]
