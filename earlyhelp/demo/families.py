"""Households and the people in them: names, dates of birth, identifiers, moves and relationships.

One ``Family`` per household, made from its own random stream (so the matching set can be made
without the history), then written as person, alias, household, address, member and
relationship rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from earlyhelp.demo import names
from earlyhelp.demo.identifiers import la_id, nhs_number, upn
from earlyhelp.demo.places import Address, Borough
from earlyhelp.demo.rand import between, pick
from earlyhelp.demo.tables import Ids, Rows
from earlyhelp.domain.timescales import LOCAL_TIMEZONE, add_months

LOCALITY_WEIGHTS = (24, 24, 28, 24)  # North East, North West, South, Central
_CHILD_DISABILITIES = ("AUT", "LD", "COMM", "BEH", "HEAR", "VIS", "MOB", "PC", "DDA")
_ADULT_DISABILITIES = ("MOB", "DDA", "LD", "HEAR", "VIS", "BEH")


def _years(n: float) -> timedelta:
    return timedelta(days=round(n * 365.25))


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def moment(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A local (Europe/London) time on a day."""
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TIMEZONE)


@dataclass
class Member:
    id: int
    first_name: str
    last_name: str
    sex: str
    ethnicity: str
    role: str  # child, parent, carer, other_adult
    date_of_birth: date | None
    joined_on: date
    middle_names: str = ""
    expected_date_of_birth: date | None = None
    left_on: date | None = None
    nhs_number: str = ""
    upn: str = ""
    first_language: str = "English"
    preferred_name: str = ""
    nickname: str | None = None
    other_spelling: str | None = None
    previous_surname: str | None = None
    surname_changed_on: date | None = None
    disability: str | None = None
    is_restricted: bool = False
    father: int = 0  # which father a child has, for half-siblings

    @property
    def la_id(self) -> str:
        return la_id(self.id)

    @property
    def is_child(self) -> bool:
        return self.role == "child"

    def surname_on(self, day: date) -> str:
        if self.previous_surname and self.surname_changed_on and day < self.surname_changed_on:
            return self.previous_surname
        return self.last_name

    def member_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)

    def child_on(self, day: date) -> bool:
        if not self.is_child or not self.member_on(day):
            return False
        if self.date_of_birth is None:
            return self.expected_date_of_birth is not None
        return self.date_of_birth <= day and age_on(self.date_of_birth, day) < 18


@dataclass
class Move:
    address: Address
    moved_in_on: date
    moved_out_on: date | None


@dataclass
class Family:
    index: int
    household_id: int
    name: str
    first_contact: date
    members: list[Member] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    relationships: list[tuple[int, int, str, date | None, date | None]] = field(default_factory=list)
    is_restricted: bool = False
    restricted_person: int | None = None
    awaiting_allocation: bool = False  # made to wait for a worker (see generator.AWAITING_ALLOCATION_FAMILIES)

    def address_on(self, day: date) -> Move:
        current = self.moves[0]
        for move in self.moves:
            if move.moved_in_on <= day:
                current = move
        return current

    def children_on(self, day: date) -> list[Member]:
        return [m for m in self.members if m.child_on(day)]

    def adults_on(self, day: date) -> list[Member]:
        return [m for m in self.members if not m.is_child and m.member_on(day)]

    def main_carer_on(self, day: date) -> Member | None:
        adults = self.adults_on(day)
        for role in ("parent", "carer", "other_adult"):
            for adult in adults:
                if adult.role == role:
                    return adult
        return adults[0] if adults else None

    @property
    def people(self) -> list[Member]:
        return self.members


def make_family(
    index: int, rng: random.Random, ids: Ids, borough: Borough, *, start: date, today: date,
    first_contact: date | None = None, locality: int | None = None,
) -> Family:
    """One household: who lives there and has lived there, where, and how they are related."""
    span = max(1, (today - start).days)
    first_contact = first_contact or start + timedelta(days=rng.randrange(span + 1))
    family_ethnicity = names.ethnicity(rng)
    mixed = names.MIXED_PARENTS.get(family_ethnicity)
    mother_ethnicity, father_ethnicity = mixed if mixed else (family_ethnicity, family_ethnicity)
    tradition = names.TRADITION[family_ethnicity]
    mother_tradition = names.TRADITION[mother_ethnicity]
    father_tradition = names.TRADITION[father_ethnicity]

    shape = rng.random()
    kind = (
        "lone_mother" if shape < 0.42 else "couple" if shape < 0.80 else "new_partner" if shape < 0.90
        else "lone_father" if shape < 0.95 else "kinship"
    )
    n_children = rng.choices((1, 2, 3, 4, 5), weights=(30, 32, 21, 11, 6))[0]

    # Children's dates of birth, eldest first.
    eldest_age = rng.choices(range(18), weights=[4, 5, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 5, 4, 3])[0]
    eldest_born = first_contact - timedelta(days=eldest_age * 365 + rng.randrange(365))
    births = [eldest_born]
    for _ in range(n_children - 1):
        births.append(births[-1] + timedelta(days=between(rng, 330, 2300)))
    twin_at = rng.randrange(1, n_children) if n_children >= 2 and rng.random() < 0.06 else None
    if twin_at is not None:
        births[twin_at] = births[twin_at - 1]
    births = [b for b in births if b <= today + timedelta(days=150)]

    mother_born = eldest_born - _years(rng.uniform(17, 38))
    father_born = mother_born - _years(rng.uniform(-3, 8))
    mother_surname = names.surname(rng, mother_tradition)
    father_surname = names.surname(rng, father_tradition)
    second_father_surname = names.surname(rng, father_tradition)
    household_since = min(eldest_born, first_contact - _years(rng.uniform(0.3, 6)))

    family = Family(index=index, household_id=ids.take("household"), name="", first_contact=first_contact)
    members = family.members

    def person(first: str, last: str, sex: str, ethnicity: str, role: str, born: date | None, joined: date,
               trad: str) -> Member:
        member = Member(
            id=ids.take("person"), first_name=first, last_name=last, sex=sex, ethnicity=ethnicity, role=role,
            date_of_birth=born, joined_on=joined, first_language=names.first_language(rng, trad),
        )
        if rng.random() < 0.15:
            member.middle_names = names.first_name(rng, trad, sex)
        nick = names.nickname(rng, first)
        if nick and rng.random() < 0.45:
            member.nickname = nick
            if rng.random() < 0.5:
                member.preferred_name = nick
        variants = names.VARIANTS.get(first)
        if variants and rng.random() < 0.08:
            member.other_spelling = pick(rng, variants)
        if rng.random() < (0.95 if role == "child" else 0.88):
            member.nhs_number = nhs_number(member.id)
        if rng.random() < (0.07 if role == "child" else 0.05):
            member.disability = pick(rng, _CHILD_DISABILITIES if role == "child" else _ADULT_DISABILITIES)
        if rng.random() < 0.03:
            member.ethnicity = pick(rng, ("NOBT", "REFU"))
        members.append(member)
        return member

    adults: list[Member] = []
    if kind == "kinship":
        grand_sex = "F" if rng.random() < 0.8 else "M"
        carer = person(names.first_name(rng, mother_tradition, grand_sex), mother_surname, grand_sex,
                       mother_ethnicity, "carer", mother_born - _years(rng.uniform(18, 30)), household_since,
                       mother_tradition)
        adults.append(carer)
    if kind in ("lone_mother", "couple", "new_partner"):
        adults.append(person(names.first_name(rng, mother_tradition, "F"), mother_surname, "F", mother_ethnicity,
                             "parent", mother_born, household_since, mother_tradition))
    if kind in ("couple", "lone_father"):
        adults.append(person(names.first_name(rng, father_tradition, "M"), father_surname, "M", father_ethnicity,
                             "parent", father_born, household_since, father_tradition))
    mother = next((a for a in adults if a.role == "parent" and a.sex == "F"), None)
    father = next((a for a in adults if a.role == "parent" and a.sex == "M"), None)

    # Mothers who took a partner's name: the old one is kept as a previous name.
    if kind == "couple" and mother and father and rng.random() < 0.55:
        mother.previous_surname, mother.last_name = mother.last_name, father.last_name
        mother.surname_changed_on = min(eldest_born, first_contact) - timedelta(days=between(rng, 100, 2000))

    two_fathers = kind in ("lone_mother", "new_partner") and len(births) >= 2 and rng.random() < 0.35
    split = rng.randrange(1, len(births)) if two_fathers else len(births)
    children: list[Member] = []
    for position, born in enumerate(births):
        which_father = 0 if position < split else 1
        sex = "F" if rng.random() < 0.49 else "M"
        first = names.first_name(rng, tradition, sex)
        while any(c.first_name == first for c in children):
            first = names.first_name(rng, tradition, sex)
        dad_surname = father_surname if which_father == 0 else second_father_surname
        if kind in ("couple", "lone_father"):
            roll = rng.random()
            last = father_surname if roll < 0.78 else mother_surname if roll < 0.88 else names.joined_surname(
                rng, mother_surname, father_surname)
        elif kind == "kinship":
            last = mother_surname if rng.random() < 0.5 else dad_surname
        else:
            roll = rng.random()
            last = dad_surname if roll < 0.5 else mother_surname if roll < 0.88 else names.joined_surname(
                rng, mother_surname, dad_surname)
        if position == twin_at and children:
            last = children[-1].last_name
        unborn = born > today
        child = person(first, last, sex, family_ethnicity, "child", None if unborn else born,
                       max(born, household_since) if not unborn else today, tradition)
        if unborn:
            child.first_name, child.sex, child.nickname, child.preferred_name = "Unborn", "U", None, ""
            child.expected_date_of_birth, child.nhs_number, child.middle_names = born, "", ""
            child.joined_on = today - timedelta(days=between(rng, 0, 60))
        child.father = which_father
        if not unborn and rng.random() < 0.88 and age_on(born, today) >= 5:
            child.upn = upn(child.id, born.year + 5)
        if not unborn and age_on(born, today) >= 18 and rng.random() < 0.4:
            child.left_on = add_months(born, 12 * between(rng, 18, 20))
            if child.left_on > today:
                child.left_on = None
        children.append(child)

    # A new partner joins a mother's household, sometimes after the service first knew the family.
    partner: Member | None = None
    if kind == "new_partner":
        joined = first_contact + timedelta(days=between(rng, -365, 900))
        joined = min(joined, today - timedelta(days=7))
        partner = person(names.first_name(rng, father_tradition, "M"), names.surname(rng, father_tradition), "M",
                         father_ethnicity, "parent", mother_born - _years(rng.uniform(-4, 6)), joined,
                         father_tradition)
        if mother and rng.random() < 0.3:
            changed = joined + timedelta(days=between(rng, 200, 900))
            if changed < today:
                mother.previous_surname, mother.last_name = mother.last_name, partner.last_name
                mother.surname_changed_on = changed
    if kind == "couple" and father and rng.random() < 0.12:
        father.left_on = first_contact + timedelta(days=between(rng, -200, 700))
        if father.left_on >= today or father.left_on <= father.joined_on:
            father.left_on = None
    if rng.random() < 0.06 and adults:
        grand = person(names.first_name(rng, mother_tradition, "F"), adults[0].last_name, "F", mother_ethnicity,
                       "other_adult", adults[0].date_of_birth - _years(rng.uniform(19, 28)),
                       household_since + timedelta(days=between(rng, 0, 1500)), mother_tradition)
        grand.joined_on = min(grand.joined_on, today - timedelta(days=30))

    # Relationships: one row a pair, from the older person (or the adult) to the younger.
    rels = family.relationships
    for child in children:
        for adult in adults:
            if adult.role == "carer":
                rels.append((adult.id, child.id, "grandparent", child.date_of_birth, None))
            elif adult is father or (adult is mother):
                rels.append((adult.id, child.id, "parent", child.date_of_birth, None))
        if partner:
            rels.append((partner.id, child.id, "step_parent", partner.joined_on, None))
    for i, older in enumerate(children):
        for younger in children[i + 1:]:
            if older.date_of_birth is not None and older.date_of_birth == younger.date_of_birth:
                kind_of = "twin"
            elif older.father != younger.father:
                kind_of = "half_sibling"
            else:
                kind_of = "sibling"
            rels.append((older.id, younger.id, kind_of, younger.date_of_birth, None))
    if mother and father:
        if father.left_on:
            rels.append((mother.id, father.id, "former_partner", household_since, father.left_on))
        else:
            rels.append((mother.id, father.id, "partner", household_since, None))
    if mother and partner:
        rels.append((mother.id, partner.id, "partner", partner.joined_on, None))

    # Where they have lived: most stay put, some move once or twice, a few across the borough.
    if locality is None:
        locality = rng.choices(range(4), weights=LOCALITY_WEIGHTS)[0]
    address = borough.address(rng, locality)
    moves = rng.choices((0, 1, 2), weights=(68, 24, 8))[0]
    earliest = max(household_since + timedelta(days=30), first_contact - timedelta(days=365))
    latest = today - timedelta(days=7)
    dates = sorted(earliest + timedelta(days=rng.randrange(max(1, (latest - earliest).days))) for _ in range(moves))
    family.moves.append(Move(address, household_since, None))
    for moved_on in dates:
        if moved_on <= family.moves[-1].moved_in_on:
            continue
        family.moves[-1].moved_out_on = moved_on - timedelta(days=1)
        if family.moves[-1].moved_out_on < family.moves[-1].moved_in_on:
            family.moves[-1].moved_out_on = family.moves[-1].moved_in_on
        if rng.random() >= 0.7:
            locality = rng.choices(range(4), weights=LOCALITY_WEIGHTS)[0]
        family.moves.append(Move(borough.address(rng, locality), moved_on, None))

    main = mother or (adults[0] if adults else children[0])
    family.name = f"{main.last_name} family"
    if index % 397 == 11:
        family.is_restricted = True
    if index % 211 == 5 and children:
        chosen = pick(rng, children)
        chosen.is_restricted = True
        family.restricted_person = chosen.id
    return family


def write_family(family: Family, rows: Rows, ids: Ids, localities: list[int]) -> None:
    """The family's register rows: household, people, aliases, disabilities, addresses, members, relationships."""
    created = moment(family.first_contact)
    rows.household.append((family.household_id, created, created, family.name, family.is_restricted))
    for m in family.members:
        rows.person.append((
            m.id, created, created, m.la_id, m.first_name, m.middle_names, m.last_name, m.preferred_name,
            m.date_of_birth, m.expected_date_of_birth, None, m.sex, "", m.ethnicity, m.nhs_number, m.upn,
            m.first_language, m.is_restricted, None,
        ))
        if m.nickname:
            rows.alias.append((ids.take("alias"), created, created, m.id, "known_as", m.nickname, "", None, None))
        if m.other_spelling:
            rows.alias.append(
                (ids.take("alias"), created, created, m.id, "alternative_spelling", m.other_spelling, "", None, None)
            )
        if m.previous_surname:
            rows.alias.append((
                ids.take("alias"), created, created, m.id, "previous_name", m.first_name, m.previous_surname,
                m.date_of_birth, m.surname_changed_on - timedelta(days=1) if m.surname_changed_on else None,
            ))
        if m.disability:
            rows.disability.append((ids.take("disability"), m.id, m.disability))
        role = m.role
        rows.member.append((ids.take("member"), created, created, family.household_id, m.id, role, m.joined_on,
                            m.left_on))
    for move in family.moves:
        a = move.address
        rows.address.append((
            ids.take("address"), created, created, family.household_id, a.line_1, a.line_2, a.town, a.postcode,
            localities[a.locality], move.moved_in_on, move.moved_out_on,
        ))
    for from_id, to_id, kind, started, ended in family.relationships:
        rows.relationship.append((ids.take("relationship"), created, created, from_id, to_id, kind, started, ended))
