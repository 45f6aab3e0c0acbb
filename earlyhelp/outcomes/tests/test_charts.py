"""The star's geometry: one vertex per area, clockwise from the top, scaled to the edge."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earlyhelp.outcomes import charts

CENTRE = charts.RADAR_SIZE / 2


def vertices(points: str) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in points.split()]


def test_given_full_scores_then_the_first_vertex_is_at_the_top_edge():
    [top, *_] = vertices(charts.polygon_points([10, 10, 10, 10]))
    assert top == (CENTRE, CENTRE - charts.RADAR_RADIUS)


def test_given_four_areas_then_the_second_is_to_the_right():
    _, right, _, _ = vertices(charts.polygon_points([5, 5, 5, 5]))
    assert right == (CENTRE + charts.RADAR_RADIUS / 2, CENTRE)


@given(st.lists(st.integers(1, 10), min_size=3, max_size=12))
def test_given_any_reading_then_each_vertex_is_as_far_out_as_its_score(scores):
    for (x, y), score in zip(vertices(charts.polygon_points(scores)), scores, strict=True):
        distance = ((x - CENTRE) ** 2 + (y - CENTRE) ** 2) ** 0.5
        assert distance == pytest.approx(charts.RADAR_RADIUS * score / 10, abs=0.15)


def test_given_two_readings_then_the_radar_has_two_different_polygons_and_numbered_axes():
    radar = charts.radar(["a", "b", "c"], {"baseline": [2, 3, 4], "latest": [5, 6, 7]})
    assert [axis.number for axis in radar.axes] == [1, 2, 3]
    assert radar.series[0].points != radar.series[1].points
    assert [ring[0] for ring in radar.rings] == [2, 4, 6, 8, 10]


def test_given_fewer_than_three_areas_then_no_star_is_drawn():
    with pytest.raises(ValueError, match="at least three"):
        charts.radar(["a", "b"], {"baseline": [1, 2]})


def test_given_a_trend_then_higher_scores_are_higher_up_and_later_dates_further_right():
    trend = charts.trend([(date(2026, 1, 1), 2), (date(2026, 4, 1), 9)])
    (x1, y1, _), (x2, y2, _) = [(float(x), float(y), s) for x, y, s in trend.dots]
    assert x2 > x1
    assert y2 < y1
    assert charts.trend([(date(2026, 1, 1), 5)]).dots[0][2] == 5
