from django.urls import path

from earlyhelp.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("episodes/<int:episode_pk>/", views.progress, name="progress"),
    path("episodes/<int:episode_pk>/readings.csv", views.progress_csv, name="progress_csv"),
    path("episodes/<int:episode_pk>/for-the-family/", views.family_view, name="family_view"),
    path("episodes/<int:episode_pk>/readings/new/", views.reading_new, name="reading_new"),
    path("episodes/<int:episode_pk>/feedback-link/", views.feedback_link, name="feedback_link"),
    path("episodes/<int:episode_pk>/feedback/", views.feedback_with_worker, name="feedback_with_worker"),
    path("feedback/<str:token>/", views.feedback, name="feedback"),
    path("twelve-week-evaluation/", views.evaluation, name="evaluation"),
    path("twelve-week-evaluation.csv", views.evaluation_csv, name="evaluation_csv"),
    path("family-feedback/", views.feedback_summary, name="feedback_summary"),
]
