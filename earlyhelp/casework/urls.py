from django.urls import path

from earlyhelp.casework.views import allocation, caseload, episode, notes

app_name = "casework"

urlpatterns = [
    path("<int:episode_pk>/", episode.episode_detail, name="episode_detail"),
    # Allocation and caseloads (team managers; a practitioner's own caseload).
    path("allocation/", allocation.allocation_queue, name="allocation_queue"),
    path("<int:episode_pk>/allocate/", allocation.allocate, name="allocate"),
    path("<int:episode_pk>/reallocate/", allocation.reallocate, name="reallocate"),
    path("caseload/", caseload.my_caseload, name="my_caseload"),
    path("caseloads/", caseload.caseloads, name="caseloads"),
    path("caseloads/<int:user_pk>/", caseload.worker_caseload, name="worker_caseload"),
    # The episode's record: notes, documents, extensions.
    path("<int:episode_pk>/notes/new/", notes.note_add, name="note_add"),
    path("<int:episode_pk>/documents/new/", notes.document_add, name="document_add"),
    path("<int:episode_pk>/documents/<int:document_pk>/", notes.document_download, name="document_download"),
    path("<int:episode_pk>/extend/", notes.extension_add, name="extension_add"),
]
