from django.contrib import admin

from earlyhelp.referrals.models import ContactTypeSetting, LevelOfNeed


@admin.register(LevelOfNeed)
class LevelOfNeedAdmin(admin.ModelAdmin):
    list_display = ("level", "label", "disabled_on")


@admin.register(ContactTypeSetting)
class ContactTypeSettingAdmin(admin.ModelAdmin):
    list_display = ("entry_point", "decision_working_days")
