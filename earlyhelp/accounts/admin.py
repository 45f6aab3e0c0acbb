"""Administration of who works in the service. Case records are deliberately not in the admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from earlyhelp.accounts.models import Agency, Locality, Team, User


@admin.register(User)
class EarlyHelpUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "agency", "is_active")
    list_filter = ("role", "team", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Early Help", {"fields": ("role", "team", "agency", "job_title", "phone")}),
    )


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "disabled_on")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "locality", "manager", "disabled_on")
    list_filter = ("kind", "locality")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("label", "agency_type", "default_referral_source", "disabled_on")
    list_filter = ("agency_type",)
    search_fields = ("label",)
