from django.urls import path

from earlyhelp.assessments import views

app_name = "assessments"

urlpatterns = [
    path("episodes/<int:episode_pk>/start/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/needs/", views.need_add, name="need_add"),
    path("<int:pk>/needs/<int:need_pk>/remove/", views.need_remove, name="need_remove"),
    path("<int:pk>/consent/", views.consent, name="consent"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/authorise/", views.authorise, name="authorise"),
]
