from django.urls import path

from earlyhelp.plans import views

app_name = "plans"

urlpatterns = [
    path("episode/<int:episode_pk>/", views.plan_detail, name="plan"),
    path("episode/<int:episode_pk>/edit/", views.plan_edit, name="plan_edit"),
    path("episode/<int:episode_pk>/agree/", views.plan_agree, name="plan_agree"),
    path("episode/<int:episode_pk>/print/", views.plan_print, name="plan_print"),
    path("episode/<int:episode_pk>/versions/", views.plan_versions, name="plan_versions"),
    path("episode/<int:episode_pk>/reviews/new/", views.review_new, name="review_new"),
]
