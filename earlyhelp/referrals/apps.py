from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "earlyhelp.referrals"
    verbose_name = "Front door"
