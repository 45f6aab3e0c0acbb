"""A synthetic register of families and referrals that name them with the usual mess.

Used by the generated-set benchmark (until the demo generator's ``--matching-set`` exists), to
train the packaged model, and to load a 1,000,000-person register into PostgreSQL for the speed
benchmark. Names, postcodes and addresses come from the demo package's synthetic borough.

Referrals (queries) name a known person (with typos, nicknames, a day and month swapped, a year
off by one, a married name, an old or missing address...) or someone new, and the new ones are
deliberately hard: the unregistered twin of a registered child, a sibling, a namesake.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from earlyhelp.demo import names
from earlyhelp.demo.places import Borough

TODAY = date(2025, 6, 1)


@dataclass
class Someone:
    id: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    sex: str
    nhs_number: str
    role: str
    aliases: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, first, last)


@dataclass
class Family:
    id: int
    addresses: list  # demo Address objects, current first
    members: list[Someone]
    unregistered_twin: Someone | None = None


def _nhs(index: int) -> str:
    from earlyhelp.demo.identifiers import nhs_number

    return nhs_number(index)


def families(n_people: int, *, seed: int = 7, first_id: int = 1) -> Iterator[Family]:
    """Families until about ``n_people`` people are made; ids count up from ``first_id``."""
    rng = random.Random(seed)
    borough = Borough()
    localities = len(borough.towns)
    made = 0
    next_id = first_id
    family_id = 0
    while made < n_people:
        family_id += 1
        ethnicity = names.ethnicity(rng)
        tradition = names.TRADITION[ethnicity]
        surname = names.surname(rng, tradition)
        other_surname = names.surname(rng, tradition)
        locality = rng.randrange(localities)
        addresses = [borough.address(rng, locality)]
        if rng.random() < 0.2:
            addresses.append(borough.address(rng, rng.randrange(localities)))
        members: list[Someone] = []

        def person(first: str, last: str, dob: date | None, sex: str, role: str, members=members) -> Someone:
            nonlocal next_id
            someone = Someone(next_id, first, last, dob, sex, _nhs(next_id) if rng.random() < 0.9 else "", role)
            next_id += 1
            nick = names.nickname(rng, first)
            if nick and rng.random() < 0.3:
                someone.aliases.append(("known_as", nick, ""))
            members.append(someone)
            return someone

        mother_born = TODAY - timedelta(days=rng.randint(19 * 365, 50 * 365))
        mother = person(names.first_name(rng, tradition, "F"), surname, mother_born, "F", "parent")
        if rng.random() < 0.5:
            father = person(names.first_name(rng, tradition, "M"), other_surname, mother_born
                            - timedelta(days=rng.randint(-1000, 3000)), "M", "parent")
            if rng.random() < 0.5:
                mother.aliases.append(("previous_name", "", mother.last_name))
                mother.last_name = father.last_name
            child_surname = father.last_name
        else:
            child_surname = surname if rng.random() < 0.7 else other_surname
        n_children = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
        born = mother_born + timedelta(days=rng.randint(18 * 365, 30 * 365))
        used: set[str] = set()
        twin_of: Someone | None = None
        for position in range(n_children):
            if born > TODAY:
                break
            sex = "F" if rng.random() < 0.49 else "M"
            first = names.first_name(rng, tradition, sex)
            while first in used:
                first = names.first_name(rng, tradition, sex)
            used.add(first)
            child = person(first, child_surname, born, sex, "child")
            if position == 0 and rng.random() < 0.04:
                twin_of = child
            if rng.random() < 0.05 and twin_of is None:
                twin_sex = "F" if rng.random() < 0.5 else "M"
                twin_first = names.first_name(rng, tradition, twin_sex)
                while twin_first in used:
                    twin_first = names.first_name(rng, tradition, twin_sex)
                used.add(twin_first)
                person(twin_first, child_surname, born, twin_sex, "child")
            born = born + timedelta(days=rng.randint(330, 2300))
        family = Family(family_id, addresses, members)
        if twin_of is not None:  # a twin the register has not met yet: referrals name them
            sex = "F" if rng.random() < 0.5 else "M"
            first = names.first_name(rng, tradition, sex)
            while first in used:
                first = names.first_name(rng, tradition, sex)
            family.unregistered_twin = Someone(-1, first, twin_of.last_name, twin_of.date_of_birth, sex, "", "child")
        made += len(members)
        yield family


def _address_line(address) -> str:
    return ", ".join(part for part in (address.line_1, address.line_2, address.town) if part)


def register_row(someone: Someone, family: Family) -> dict:
    address = family.addresses[0]
    return {
        "id": str(someone.id), "first_name": someone.first_name, "last_name": someone.last_name,
        "date_of_birth": someone.date_of_birth.isoformat() if someone.date_of_birth else "", "sex": someone.sex,
        "address": _address_line(address), "postcode": address.postcode, "nhs_number": someone.nhs_number,
    }


def _typo(rng: random.Random, name: str) -> str:
    return names.typo(rng, name)


def _swap_day_month(day: date) -> date:
    try:
        return date(day.year, day.day, day.month) if day.day <= 12 and day.day != day.month else day
    except ValueError:
        return day


def _one_digit(rng: random.Random, day: date) -> date:
    for _ in range(10):
        text = list(day.strftime("%Y%m%d"))
        position = rng.choice((3, 5, 7, 7, 6))
        text[position] = str(rng.randrange(10))
        try:
            changed = date(int("".join(text[:4])), int("".join(text[4:6])), int("".join(text[6:])))
        except ValueError:
            continue
        if changed != day:
            return changed
    return day


def referral_of(rng: random.Random, someone: Someone, family: Family) -> dict:
    """How a referrer might write a known person: each slip at a realistic rate, most rows with one or two."""
    first, last, dob = someone.first_name, someone.last_name, someone.date_of_birth
    address = family.addresses[0]
    roll = rng.random
    known_as = [a[1] for a in someone.aliases if a[0] == "known_as"]
    if known_as and roll() < 0.5:
        first = known_as[0]
    elif roll() < 0.12:
        first = names.nickname(rng, first) or first
    if roll() < 0.15:
        first = _typo(rng, first)
    if roll() < 0.12:
        last = _typo(rng, last)
    previous = [a[2] for a in someone.aliases if a[0] == "previous_name"]
    if previous and roll() < 0.25:
        last = previous[0]
    if "-" in last and roll() < 0.3:
        last = rng.choice(last.split("-"))
    if roll() < 0.02:
        first, last = last, first
    if dob is not None:
        r = roll()
        if r < 0.05:
            dob = _swap_day_month(dob)
        elif r < 0.09:
            dob = _one_digit(rng, dob)
        elif r < 0.12:
            dob = dob.replace(year=dob.year + rng.choice((-1, 1))) if (dob.month, dob.day) != (2, 29) else dob
        elif r < 0.17:
            dob = None
    postcode = address.postcode
    line = _address_line(address)
    r = roll()
    if r < 0.10 and len(family.addresses) > 1:  # the referrer knows the family's new address, the register the old
        line, postcode = _address_line(family.addresses[1]), family.addresses[1].postcode
    elif r < 0.15:
        postcode = ""
    elif r < 0.20:
        line = ""
    elif r < 0.24:
        chars = list(postcode)
        position = rng.choice([i for i, ch in enumerate(chars) if ch != " "][2:])
        chars[position] = rng.choice("ABDEFGHJLNPQRSTUWXYZ" if chars[position].isalpha() else "0123456789")
        postcode = "".join(chars)
    nhs = someone.nhs_number if roll() < 0.35 else ""
    sex = someone.sex if roll() < 0.8 else ""
    return {
        "first_name": first, "last_name": last, "date_of_birth": dob.isoformat() if dob else "", "sex": sex,
        "address": line, "postcode": postcode, "nhs_number": nhs,
    }


def new_person_referral(rng: random.Random, family: Family, pool: list[Family]) -> dict | None:
    """Someone not on the register, made to look like someone who is."""
    address = family.addresses[0]
    children = [m for m in family.members if m.role == "child" and m.date_of_birth]
    kind = rng.random()
    if family.unregistered_twin is not None:
        twin = family.unregistered_twin
        return {
            "first_name": twin.first_name, "last_name": twin.last_name, "date_of_birth": twin.date_of_birth.isoformat(),
            "sex": twin.sex if rng.random() < 0.8 else "", "address": _address_line(address),
            "postcode": address.postcode, "nhs_number": "",
        }
    if kind < 0.5 and children:  # a new baby or an unknown sibling at the same address
        sibling = rng.choice(children)
        born = sibling.date_of_birth + timedelta(days=rng.choice((-1, 1)) * rng.randint(300, 1500))
        if born > TODAY:
            born = TODAY - timedelta(days=rng.randint(10, 300))
        sex = "F" if rng.random() < 0.5 else "M"
        first = names.first_name(rng, "british", sex)
        if any(m.first_name == first for m in family.members):
            return None
        return {
            "first_name": first, "last_name": sibling.last_name, "date_of_birth": born.isoformat(), "sex": sex,
            "address": _address_line(address), "postcode": address.postcode, "nhs_number": "",
        }
    # a namesake: another family's person's name, a different life
    other = rng.choice(pool)
    namesake = rng.choice(other.members)
    born = TODAY - timedelta(days=rng.randint(365, 40 * 365))
    return {
        "first_name": namesake.first_name, "last_name": namesake.last_name, "date_of_birth": born.isoformat(),
        "sex": namesake.sex, "address": _address_line(address), "postcode": address.postcode, "nhs_number": "",
    }


def generated_set(register_size: int, n_queries: int, *, seed: int = 11, known_share: float = 0.6):
    """(register rows, query rows, truth pairs) for a register of about ``register_size`` people."""
    rng = random.Random(seed)
    fams = list(families(register_size, seed=seed))
    register = [register_row(m, f) for f in fams for m in f.members]
    with_twins = [f for f in fams if f.unregistered_twin is not None]
    queries: list[dict] = []
    truth: set[tuple[str, str]] = set()
    while len(queries) < n_queries:
        number = len(queries) + 1
        if rng.random() < known_share:
            family = rng.choice(fams)
            someone = rng.choice(family.members)
            row = referral_of(rng, someone, family)
            truth.add((f"q{number}", str(someone.id)))
        else:
            family = rng.choice(with_twins) if with_twins and rng.random() < 0.15 else rng.choice(fams)
            row = new_person_referral(rng, family, fams)
            if row is None:
                continue
        row["id"] = f"q{number}"
        queries.append(row)
    return register, queries, truth
