from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "earlyhelp.outcomes"
    verbose_name = "Family outcomes"
