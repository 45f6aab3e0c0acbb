from django.urls import path

from earlyhelp.people import views

app_name = "people"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("families/<int:pk>/", views.household_detail, name="household_detail"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:a>/<int:b>/", views.duplicate_pair, name="duplicate_pair"),
    path("duplicates/<int:a>/<int:b>/merge/", views.duplicate_merge, name="duplicate_merge"),
    path("duplicates/<int:a>/<int:b>/not-the-same/", views.duplicate_not_the_same, name="duplicate_not_the_same"),
    path("merges/<int:pk>/undo/", views.merge_undo, name="merge_undo"),
]
