from django.apps import AppConfig


class SocialcareConfig(AppConfig):
    name = "earlyhelp.socialcare"
    verbose_name = "Social care involvement"
