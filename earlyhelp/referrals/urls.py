from django.urls import path

from earlyhelp.referrals import views

app_name = "referrals"

urlpatterns = [
    # A partner's requests
    path("request/", views.request_start, name="request_start"),
    path("request/<int:pk>/", views.request_edit, name="request_edit"),
    path("request/<int:pk>/sent/", views.request_sent, name="request_sent"),
    path("my-requests/", views.my_requests, name="my_requests"),
    # The front door
    path("contacts/", views.queue, name="queue"),
    path("contacts/new/", views.contact_new, name="contact_new"),
    path("contacts/import/", views.contacts_import, name="import"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/people/<int:named_pk>/match/", views.contact_match, name="contact_match"),
    path("contacts/<int:pk>/people/<int:named_pk>/new-person/", views.contact_create_person, name="contact_create_person"),
    path("contacts/<int:pk>/decide/", views.decide, name="decide"),
    # A team manager's oversight
    path("oversight/", views.oversight_list, name="oversight_list"),
    path("contacts/<int:pk>/oversight/", views.oversight, name="oversight"),
]
