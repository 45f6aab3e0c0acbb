from django.urls import path

from earlyhelp.accounts import twofactor, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/", twofactor.two_factor, name="two_factor"),
    path("keep-alive/", views.keep_alive, name="keep_alive"),
]
