from django.urls import path

from earlyhelp.casework.views import episode

app_name = "casework"

urlpatterns = [
    path("<int:episode_pk>/", episode.episode_detail, name="episode_detail"),
]
