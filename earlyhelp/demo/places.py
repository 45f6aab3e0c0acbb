"""Addresses in the fictional Northmoor Borough: streets, house numbers and well-formed postcodes."""

from __future__ import annotations

import random
from dataclasses import dataclass

from earlyhelp.demo.data import places as data
from earlyhelp.demo.identifiers import INWARD_LETTERS

STREETS_PER_LOCALITY = 220
HOUSES_PER_POSTCODE = 30


@dataclass(frozen=True)
class Address:
    line_1: str
    line_2: str
    town: str
    postcode: str
    locality: int  # index into data.LOCALITIES

    @property
    def one_line(self) -> str:
        return ", ".join(part for part in (self.line_1, self.line_2, self.town) if part)


class Borough:
    """The borough's streets, fixed for every seed so the same address always has the same postcode."""

    def __init__(self) -> None:
        rng = random.Random("northmoor-streets")
        self.streets: list[list[tuple[str, str, str]]] = []  # per locality: (street, village or "", district)
        used: set[str] = set()
        for _code, _label, _town, villages, districts in data.LOCALITIES:
            streets = []
            while len(streets) < STREETS_PER_LOCALITY:
                name = f"{rng.choice(data.STREET_STEMS)} {rng.choice(data.STREET_KINDS)}"
                if name in used:
                    continue
                used.add(name)
                village = rng.choice(villages) if rng.random() < 0.35 else ""
                streets.append((name, village, rng.choice(districts)))
            self.streets.append(streets)
        self.towns = [town for _, _, town, _, _ in data.LOCALITIES]

    def postcode(self, locality: int, street: int, number: int) -> str:
        _name, _village, district = self.streets[locality][street]
        block = number // HOUSES_PER_POSTCODE
        key = (locality * 1009 + street * 31 + block * 7) * 2654435761 % 2**32
        digit = key % 10
        first = INWARD_LETTERS[(key // 10) % len(INWARD_LETTERS)]
        second = INWARD_LETTERS[(key // 200) % len(INWARD_LETTERS)]
        return f"{district} {digit}{first}{second}"

    def address(self, rng: random.Random, locality: int) -> Address:
        street = rng.randrange(STREETS_PER_LOCALITY)
        name, village, _district = self.streets[locality][street]
        number = rng.randint(1, 240)
        if rng.random() < 0.12:
            block = rng.choice(data.FLAT_BLOCKS)
            line_1 = f"Flat {rng.randint(1, 60)}, {block}"
            line_2 = f"{number} {name}"
        else:
            line_1 = f"{number} {name}"
            line_2 = village
        return Address(line_1, line_2, self.towns[locality], self.postcode(locality, street, number), locality)
