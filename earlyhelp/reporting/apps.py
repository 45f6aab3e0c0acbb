from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "earlyhelp.reporting"
    verbose_name = "Reporting"
