from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "earlyhelp.meetings"
    verbose_name = "Team Around the Family meetings"
