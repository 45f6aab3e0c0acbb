from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "earlyhelp.core"
    verbose_name = "Core"
