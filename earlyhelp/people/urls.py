from django.urls import path

from earlyhelp.people import views

app_name = "people"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("families/<int:pk>/", views.household_detail, name="household_detail"),
]
