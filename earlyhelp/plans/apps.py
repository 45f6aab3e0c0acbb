from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "earlyhelp.plans"
    verbose_name = "Plans"
