from django.apps import AppConfig


class FrontendConfig(AppConfig):
    """The shared page template, GOV.UK and MOJ component partials, and vendored static assets."""

    name = "earlyhelp.frontend"
    label = "frontend"
    verbose_name = "Front end"
