from django.urls import path

from earlyhelp.meetings import views

app_name = "meetings"

urlpatterns = [
    path("episode/<int:episode_pk>/", views.meeting_list, name="meeting_list"),
    path("episode/<int:episode_pk>/new/", views.meeting_new, name="meeting_new"),
    path("episode/<int:episode_pk>/<int:meeting_pk>/", views.meeting_detail, name="meeting_detail"),
    path("episode/<int:episode_pk>/<int:meeting_pk>/invite/", views.meeting_invite, name="meeting_invite"),
    path("episode/<int:episode_pk>/<int:meeting_pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("episode/<int:episode_pk>/<int:meeting_pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("episode/<int:episode_pk>/<int:meeting_pk>/actions/new/", views.meeting_action_new, name="meeting_action_new"),
    path(
        "episode/<int:episode_pk>/<int:meeting_pk>/actions/<int:action_pk>/",
        views.meeting_action_status, name="meeting_action_status",
    ),
    path("episode/<int:episode_pk>/<int:meeting_pk>/to-plan/", views.meeting_to_plan, name="meeting_to_plan"),
    path("episode/<int:episode_pk>/<int:meeting_pk>/print/", views.meeting_print, name="meeting_print"),
]
