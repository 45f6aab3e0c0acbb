from django.urls import path

from earlyhelp.casework.views import allocation, caseload, closure, episode, notes, step_down, step_up

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
    # Step up, step down, closure and re-opening (views/step_up.py, step_down.py, closure.py)
    path("<int:episode_pk>/step-up/", step_up.step_up_request, name="step_up_request"),
    path("<int:episode_pk>/step-up/<int:pk>/", step_up.step_up_detail, name="step_up_detail"),
    path("<int:episode_pk>/step-up/<int:pk>/agree/", step_up.step_up_agree, name="step_up_agree"),
    path("<int:episode_pk>/step-up/<int:pk>/decision/", step_up.step_up_decide, name="step_up_decide"),
    path("<int:episode_pk>/step-down/", step_down.step_down_record, name="step_down_record"),
    path("<int:episode_pk>/closure/", closure.closure_request, name="closure_request"),
    path("<int:episode_pk>/closure/sign-off/", closure.closure_sign_off, name="closure_sign_off"),
    path("<int:episode_pk>/re-open/", closure.episode_reopen, name="episode_reopen"),
]
