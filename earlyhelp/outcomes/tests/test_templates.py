"""The two star templates the service ships (migration 0002) meet the brief, in our own words."""

import pytest

from earlyhelp.outcomes.models import StarTemplate

pytestmark = pytest.mark.django_db

# Phrases from a licensed commercial star's scale and titles that must never appear in ours.
LICENSED_PHRASES = ("stuck", "accepting help", "finding what works", "effective parenting", "family star plus",
                    "outcomes star", "journey of change")


def test_the_happy_healthy_safe_star_groups_its_areas_under_the_three_words():
    star = StarTemplate.objects.get(code="happy_healthy_safe")
    groups = [area.group for area in star.areas.order_by("order")]
    assert set(groups) == {"Happy", "Healthy", "Safe"}
    assert (star.scale_min, star.scale_max) == (1, 10)


def test_the_family_life_star_has_ten_areas():
    star = StarTemplate.objects.get(code="family_life")
    assert star.areas.count() == 10
    assert (star.scale_min, star.scale_max) == (1, 10)


def test_no_template_uses_licensed_wording():
    for star in StarTemplate.objects.prefetch_related("areas", "scale_points"):
        words = [star.label, star.description, *(a.label for a in star.areas.all()), *(p.words for p in star.scale_points.all())]
        for text in words:
            assert not any(phrase in text.lower() for phrase in LICENSED_PHRASES), text


def test_scale_words_are_on_the_scale():
    for star in StarTemplate.objects.prefetch_related("scale_points"):
        assert all(star.scale_min <= p.value <= star.scale_max for p in star.scale_points.all())
