"""Quicker versions of ``random.Random.choice`` and ``randint``: the generator calls them millions of times."""

from __future__ import annotations

import random


def pick(rng: random.Random, options):
    """One of ``options``, uniformly (like ``rng.choice``)."""
    return options[int(rng.random() * len(options))]


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``, both included (like ``rng.randint``)."""
    return low + int(rng.random() * (high - low + 1))
