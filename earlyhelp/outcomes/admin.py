from django.contrib import admin

from earlyhelp.outcomes.models import StarArea, StarScalePoint, StarTemplate


class StarAreaInline(admin.TabularInline):
    model = StarArea
    extra = 0


class StarScalePointInline(admin.TabularInline):
    model = StarScalePoint
    extra = 0


@admin.register(StarTemplate)
class StarTemplateAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "scale_min", "scale_max", "disabled_on")
    inlines = [StarAreaInline, StarScalePointInline]
