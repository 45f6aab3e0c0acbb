"""Two star templates the service ships, in our own words.

Neither copies a licensed star's wording: the areas are described in plain words of our own and the
scale words are ours. Administrators can add, retire and relabel areas afterwards. Reversing deletes
the two templates (and their areas and scale words) this migration created.
"""

from django.db import migrations

SCALE_WORDS = (
    (1, "Things are very hard"),
    (3, "Starting to make changes"),
    (5, "Getting there with help"),
    (8, "Mostly managing ourselves"),
    (10, "Going well on our own"),
)

TEMPLATES = (
    (
        "happy_healthy_safe",
        "Happy, Healthy, Safe family star",
        "Nine areas of family life in three groups, scored by the family and their worker from 1 to 10.",
        (
            ("feeling_good", "How everyone in the family is feeling", "Happy"),
            ("getting_on", "Getting on with each other at home", "Happy"),
            ("enjoying_life", "Doing things we enjoy, with people who support us", "Happy"),
            ("body_health", "Looking after our bodies and health", "Healthy"),
            ("worries_feelings", "Coping with worries and big feelings", "Healthy"),
            ("daily_rhythm", "Sleep, meals and the shape of the day", "Healthy"),
            ("safe_home", "Feeling safe at home", "Safe"),
            ("safe_outside", "Staying safe outside the home and online", "Safe"),
            ("secure_home", "A settled home and enough money", "Safe"),
        ),
    ),
    (
        "family_life",
        "Family life star",
        "Ten areas of family life, scored by the family and their worker from 1 to 10.",
        (
            ("physical_health", "Staying physically well", ""),
            ("wellbeing", "How the adults are feeling in themselves", ""),
            ("emotional_needs", "Noticing and answering children's feelings", ""),
            ("keeping_safe", "Keeping the children safe", ""),
            ("friends_support", "Friends, family and people to turn to", ""),
            ("learning", "Children's learning, nursery and school", ""),
            ("boundaries", "Setting limits and handling behaviour", ""),
            ("routines", "Everyday routines", ""),
            ("home_money", "The home, bills and money", ""),
            ("work_training", "Work, training and volunteering", ""),
        ),
    ),
)


def create(apps, schema_editor):
    StarTemplate = apps.get_model("outcomes", "StarTemplate")
    StarArea = apps.get_model("outcomes", "StarArea")
    StarScalePoint = apps.get_model("outcomes", "StarScalePoint")
    for order, (code, label, description, areas) in enumerate(TEMPLATES, start=1):
        template, created = StarTemplate.objects.get_or_create(
            code=code,
            defaults={"label": label, "description": description, "order": order, "scale_min": 1, "scale_max": 10},
        )
        if not created:
            continue
        StarArea.objects.bulk_create(
            StarArea(template=template, code=area_code, label=area_label, group=group, order=position)
            for position, (area_code, area_label, group) in enumerate(areas, start=1)
        )
        StarScalePoint.objects.bulk_create(
            StarScalePoint(template=template, value=value, words=words) for value, words in SCALE_WORDS
        )


def delete(apps, schema_editor):
    StarTemplate = apps.get_model("outcomes", "StarTemplate")
    StarArea = apps.get_model("outcomes", "StarArea")
    StarScalePoint = apps.get_model("outcomes", "StarScalePoint")
    codes = [code for code, _, _, _ in TEMPLATES]
    StarScalePoint.objects.filter(template__code__in=codes).delete()
    StarArea.objects.filter(template__code__in=codes).delete()
    StarTemplate.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]
    operations = [migrations.RunPython(create, delete)]
