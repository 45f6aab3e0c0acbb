"""Reference data the service ships: the four levels of need and a one-working-day decision clock.

These are defaults an administrator can change afterwards (levels are reference data, retired with
``disabled_on``, never deleted). The descriptions are our own words for the usual four-level
framework in partnerships' threshold documents. Reversing deletes what this migration created.
"""

from django.db import migrations

LEVELS = (
    (
        1,
        "universal",
        "Universal",
        "The family and everyday services (school, GP, health visitor) are meeting the child's needs. "
        "No extra help is needed beyond advice.",
    ),
    (
        2,
        "additional",
        "Additional",
        "The child or family has an extra need that one agency can meet on its own, alongside "
        "everyday services.",
    ),
    (
        3,
        "complex",
        "Complex or multiple",
        "Several needs, or needs too complex for one agency: a whole-family Early Help Assessment, a lead "
        "practitioner, a Team Around the Family and a plan agreed with the family.",
    ),
    (
        4,
        "acute",
        "Acute or statutory",
        "A child may be suffering, or likely to suffer, significant harm, or is a child in need: children's "
        "social care assesses under section 17 or section 47.",
    ),
)

# Every entry point of referrals.models.EntryPoint, listed here because a migration must not depend on
# the model's current choices.
ENTRY_POINTS = (
    "partner_form",
    "advice_point",
    "police_notification",
    "self_referral",
    "step_down",
    "api",
    "csv_import",
    "phone",
)


def create(apps, schema_editor):
    LevelOfNeed = apps.get_model("referrals", "LevelOfNeed")
    ContactTypeSetting = apps.get_model("referrals", "ContactTypeSetting")
    for level, code, label, description in LEVELS:
        LevelOfNeed.objects.get_or_create(
            code=code, defaults={"level": level, "label": label, "description": description, "order": level}
        )
    for entry_point in ENTRY_POINTS:
        ContactTypeSetting.objects.get_or_create(entry_point=entry_point, defaults={"decision_working_days": 1})


def delete(apps, schema_editor):
    LevelOfNeed = apps.get_model("referrals", "LevelOfNeed")
    ContactTypeSetting = apps.get_model("referrals", "ContactTypeSetting")
    LevelOfNeed.objects.filter(code__in=[code for _, code, _, _ in LEVELS]).delete()
    ContactTypeSetting.objects.filter(entry_point__in=ENTRY_POINTS).delete()


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]
    operations = [migrations.RunPython(create, delete)]
