"""The geometry of the star (radar) chart and the per-area trend lines, as plain numbers.

The templates turn these into SVG on the server, so the pictures need no JavaScript and print.
Pure Python with no Django import, so it is tested without a database.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

RADAR_SIZE = 440
RADAR_RADIUS = 160
RING_VALUES = (2, 4, 6, 8, 10)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Axis:
    number: int
    label: str
    x2: str
    y2: str
    label_x: str
    label_y: str
    anchor: str


@dataclass(frozen=True)
class Series:
    """One reading drawn on the star: its polygon and the points at each area."""

    name: str
    points: str  # "x,y x,y ..." for <polygon points="">
    dots: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Radar:
    size: int
    centre: str
    axes: Sequence[Axis]
    rings: Sequence[tuple[int, str, str, str]]  # value, polygon points, label x, label y
    series: Sequence[Series]


def _point(index: float, count: int, value: float, scale_max: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    radius = RADAR_RADIUS * value / scale_max
    centre = RADAR_SIZE / 2
    return centre + radius * math.cos(angle), centre + radius * math.sin(angle)


def polygon_points(values: Sequence[float], scale_max: int = 10) -> str:
    """The SVG polygon for one reading: one vertex per area, clockwise from the top."""
    count = len(values)
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in (_point(i, count, v, scale_max) for i, v in enumerate(values)))


def radar(labels: Sequence[str], readings: Mapping[str, Sequence[int | None]], scale_max: int = 10) -> Radar:
    """A star with one axis per area (numbered from 1 at the top, clockwise) and one polygon per reading.

    An area a reading did not score is drawn at the centre, so the shape still closes; the table
    alternative says "not scored" for it.
    """
    count = len(labels)
    if count < 3:
        raise ValueError("A star chart needs at least three areas")
    centre = RADAR_SIZE / 2
    axes = []
    for i, label in enumerate(labels):
        x2, y2 = _point(i, count, scale_max, scale_max)
        lx, ly = _point(i, count, scale_max * 1.12, scale_max)
        anchor = "middle" if abs(lx - centre) < 8 else "start" if lx > centre else "end"
        axes.append(Axis(i + 1, label, _fmt(x2), _fmt(y2), _fmt(lx), _fmt(ly + 5), anchor))
    rings = []
    for value in RING_VALUES:
        if value > scale_max:
            continue
        # Between the first two axes, so a ring's number never sits on a reading's point.
        label_x, label_y = _point(0.5, count, value, scale_max)
        rings.append((value, polygon_points([value] * count, scale_max), _fmt(label_x + 2), _fmt(label_y + 4)))
    series = []
    for name, values in readings.items():
        drawn = [v or 0 for v in values]
        dots = [(_fmt(x), _fmt(y)) for x, y in (_point(i, count, v, scale_max) for i, v in enumerate(drawn))]
        series.append(Series(name, polygon_points(drawn, scale_max), dots))
    return Radar(RADAR_SIZE, _fmt(centre), axes, rings, series)


TREND_WIDTH, TREND_HEIGHT, TREND_PAD = 260, 110, 22


@dataclass(frozen=True)
class Trend:
    width: int
    height: int
    points: str
    dots: Sequence[tuple[str, str, int]]  # x, y, score
    baseline_y: str  # the y of score 1 (the floor line)
    top_y: str  # the y of score 10


def trend(points: Sequence[tuple[date, int]], scale_min: int = 1, scale_max: int = 10) -> Trend:
    """One area's scores over time: x proportional to days since the first reading, y to the score."""
    if not points:
        raise ValueError("A trend needs at least one reading")
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    inner_w, inner_h = TREND_WIDTH - 2 * TREND_PAD, TREND_HEIGHT - 2 * TREND_PAD

    def y_of(score: int) -> float:
        return TREND_PAD + inner_h * (scale_max - score) / (scale_max - scale_min)

    dots = []
    for day, score in points:
        x = TREND_PAD + (inner_w * (day - first).days / span if len(points) > 1 else inner_w / 2)
        dots.append((_fmt(x), _fmt(y_of(score)), score))
    return Trend(
        TREND_WIDTH, TREND_HEIGHT, " ".join(f"{x},{y}" for x, y, _ in dots), dots,
        _fmt(y_of(scale_min)), _fmt(y_of(scale_max)),
    )
