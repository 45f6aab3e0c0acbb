"""Picking British names with the real mess: communities, spelling variants, nicknames, slips.

Earlier names in each list in ``data.names`` are more common (weights fall off like 1/(rank + 4)).
"""

from __future__ import annotations

import bisect
import itertools
import random

from earlyhelp.demo.data import names as data
from earlyhelp.demo.rand import pick

_KEYBOARD_NEIGHBOURS = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo",
    "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "r": "et", "s": "ad",
    "t": "ry", "u": "yi", "v": "cb", "w": "qe", "y": "tu", "z": "x",
}


class _Weighted:
    """Choice from a list where earlier items are more likely."""

    def __init__(self, items: tuple[str, ...]) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 4) for rank in range(len(items))))

    def pick(self, rng: random.Random) -> str:
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_right(self.cumulative, point)]


_ETHNICITIES = [code for code, _, _ in data.ETHNICITY_SHARES]
_ETHNICITY_CUMULATIVE = list(itertools.accumulate(share for _, share, _ in data.ETHNICITY_SHARES))
TRADITION = {code: tradition for code, _, tradition in data.ETHNICITY_SHARES}
_FIRST = {
    (tradition, sex): _Weighted(names) for tradition, by_sex in data.FIRST_NAMES.items() for sex, names in by_sex.items()
}
_SURNAMES = {tradition: _Weighted(names) for tradition, names in data.SURNAMES.items()}
VARIANTS: dict[str, tuple[str, ...]] = {}
for _group in data.SPELLING_VARIANTS:
    for _name in _group:
        VARIANTS[_name] = tuple(other for other in _group if other != _name)
# The adult's tradition for each mixed ethnicity: (mother's, father's) ethnicity codes.
MIXED_PARENTS = {
    "MWBC": ("WBRI", "BCRB"),
    "MWBA": ("WBRI", "BAFR"),
    "MWAS": ("WBRI", "APKN"),
    "MOTH": ("WBRI", "OOTH"),
}
LANGUAGES = {
    "muslim": ("English", "Urdu", "Punjabi", "Bengali"),
    "indian": ("English", "Punjabi", "Gujarati"),
    "east_european": ("Polish", "Romanian", "Lithuanian", "English"),
    "african": ("English", "Somali", "Yoruba", "Arabic"),
    "chinese": ("Cantonese", "Mandarin", "English"),
    "arabic": ("Arabic", "Kurdish", "English"),
}


def ethnicity(rng: random.Random) -> str:
    point = rng.random() * _ETHNICITY_CUMULATIVE[-1]
    return _ETHNICITIES[bisect.bisect_right(_ETHNICITY_CUMULATIVE, point)]


def first_name(rng: random.Random, tradition: str, sex: str) -> str:
    """A first name in the tradition; a name with spellings sometimes takes another of them."""
    name = _FIRST[(tradition, "F" if sex == "F" else "M")].pick(rng)
    variants = VARIANTS.get(name)
    if variants and rng.random() < 0.3:
        name = pick(rng, variants)
    return name


def surname(rng: random.Random, tradition: str) -> str:
    return _SURNAMES[tradition].pick(rng)


def first_language(rng: random.Random, tradition: str) -> str:
    options = LANGUAGES.get(tradition)
    if not options:
        return "English"
    return options[0] if rng.random() < 0.5 else pick(rng, options)


def nickname(rng: random.Random, name: str) -> str | None:
    options = data.NICKNAMES.get(name)
    return pick(rng, options) if options else None


def joined_surname(rng: random.Random, mother: str, father: str) -> str:
    """A child's surname from both parents: hyphenated mostly, sometimes double-barrelled with a space."""
    if mother == father:
        return mother
    first, second = (mother, father) if rng.random() < 0.5 else (father, mother)
    return f"{first}-{second}" if rng.random() < 0.8 else f"{first} {second}"


def typo(rng: random.Random, name: str) -> str:
    """A referrer's slip: another spelling, two letters swapped, one dropped, doubled or mistyped."""
    if not name:
        return name
    known = VARIANTS.get(name) or data.COMMON_SLIPS.get(name)
    if known and rng.random() < 0.5:
        return pick(rng, known)
    letters = list(name)
    kind = rng.randrange(4)
    if len(letters) < 4:
        kind = 3
    position = rng.randrange(1, max(2, len(letters) - 1))
    if kind == 0 and position < len(letters) - 1:  # transposed
        letters[position], letters[position + 1] = letters[position + 1], letters[position]
    elif kind == 1:  # dropped
        del letters[position]
    elif kind == 2:  # doubled
        letters.insert(position, letters[position])
    else:  # neighbouring key
        lower = letters[position].lower()
        if lower in _KEYBOARD_NEIGHBOURS:
            letters[position] = pick(rng, _KEYBOARD_NEIGHBOURS[lower])
        else:
            letters.insert(position, "e")
    result = "".join(letters)
    return result if result != name else name + "e"
