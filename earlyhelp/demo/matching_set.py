"""A person-matching test set with ground truth, from the same people the demo loads.

Three CSV files in one folder, all ``id,first_name,last_name,date_of_birth,sex,address,postcode,nhs_number``
(ISO dates; empty means not known):

- ``register.csv``: everyone on the register, by LA id: first the person as they are now (current
  name and address), then, with ``history`` (the default), one more row with the same id for each
  other identity the register holds, as the database's match index does: a known-as name, another
  spelling, a preferred name, a previous surname, and every earlier address of their household
  (``match-file`` folds rows sharing an id into one person; see earlyhelp/people/matching/files.py).
  ``history=False`` writes the current row only (the set as it was first written);
- ``queries.csv``: people as a referrer might name them: known people with realistic errors
  (slips, swapped letters, nicknames, day and month swapped, a previous or partly given
  surname, an old address, no NHS number or no date of birth) and new people who look like
  known ones (a twin or a sibling of a known child, another child with the same common name
  and date of birth elsewhere, someone entirely new);
- ``ground_truth.csv``: ``query_id,true_id``, with an empty ``true_id`` for a new person.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from earlyhelp.demo import names
from earlyhelp.demo.families import Family, Member, age_on
from earlyhelp.demo.generator import DemoConfig, families
from earlyhelp.demo.identifiers import nhs_number
from earlyhelp.demo.places import Address, Borough

HEADER = ("id", "first_name", "last_name", "date_of_birth", "sex", "address", "postcode", "nhs_number")
NEW_PERSON_SHARE = 0.3


@dataclass(frozen=True)
class Candidate:
    member: Member
    current: Address
    previous: Address | None
    sibling_names: frozenset[str]
    earlier: tuple[Address, ...] = ()  # every address before the current one, latest first


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def register_row(member: Member, address: Address) -> tuple[str, ...]:
    return (member.la_id, member.first_name, member.last_name, _iso(member.date_of_birth), member.sex,
            address.one_line, address.postcode, member.nhs_number)


def history_rows(c: Candidate) -> list[tuple[str, ...]]:
    """The other identities the register holds for one person, one row each (same id, see the module docstring)."""
    m = c.member
    rows: list[tuple[str, ...]] = []
    seen = {(m.first_name, m.last_name)}
    for first, last in ((m.nickname, m.last_name), (m.other_spelling, m.last_name), (m.preferred_name, m.last_name),
                        (m.first_name, m.previous_surname)):
        if first and last and (first, last) not in seen:
            seen.add((first, last))
            rows.append((m.la_id, first, last, _iso(m.date_of_birth), m.sex, c.current.one_line, c.current.postcode,
                         m.nhs_number))
    for address in c.earlier:
        if address != c.current:
            rows.append(register_row(m, address))
    return rows


def _with_errors(rng: random.Random, c: Candidate, today: date) -> tuple[str, ...]:
    """A known person as a referrer might write them: one to three realistic errors."""
    m = c.member
    first, last, born, sex = m.first_name, m.last_name, m.date_of_birth, m.sex
    address, nhs = c.current, m.nhs_number
    options = ["typo_first", "typo_last", "transpose"]
    if names.VARIANTS.get(first):
        options.append("spelling")
    if m.nickname or first in names.data.NICKNAMES:
        options += ["nickname", "nickname"]
    if born and born.day <= 12 and born.day != born.month:
        options.append("day_month")
    if m.previous_surname:
        options += ["previous_surname", "previous_surname"]
    if "-" in last or " " in last:
        options += ["part_surname", "part_surname"]
    if c.previous is not None:
        options += ["old_address", "old_address"]
    for error in rng.sample(options, k=min(len(options), rng.randint(1, 3))):
        if error == "typo_first":
            first = names.typo(rng, first)
        elif error == "typo_last":
            last = names.typo(rng, last)
        elif error == "transpose" and len(first) > 3:
            i = rng.randrange(1, len(first) - 2)
            first = first[:i] + first[i + 1] + first[i] + first[i + 2:]
        elif error == "spelling":
            first = rng.choice(names.VARIANTS[m.first_name])
        elif error == "nickname":
            first = m.nickname or names.nickname(rng, m.first_name) or first
        elif error == "day_month" and born:
            born = born.replace(month=born.day, day=born.month)
        elif error == "previous_surname":
            last = m.previous_surname
        elif error == "part_surname":
            last = rng.choice(last.replace("-", " ").split())
        elif error == "old_address":
            address = c.previous
    if rng.random() < 0.5:
        nhs = ""
    if rng.random() < 0.05:
        born = None
    if rng.random() < 0.03:
        sex = "U"
    postcode = address.postcode if rng.random() > 0.1 else ""
    return (first, last, _iso(born), sex, address.one_line, postcode, nhs)


def _lookalike(rng: random.Random, c: Candidate, borough: Borough, fresh_index: int, kind: str) -> tuple[str, ...]:
    """Someone new who looks like a known child."""
    m = c.member
    tradition = names.TRADITION.get(m.ethnicity, "british")
    sex = rng.choice("FM")
    taken = c.sibling_names | {n for n in (m.first_name, m.nickname, m.other_spelling, m.preferred_name) if n}
    if kind == "twin":
        first = names.first_name(rng, tradition, sex)
        while first in taken:  # parents do not give a twin the other's name, nickname or spelling
            first = names.first_name(rng, tradition, sex)
        return (first, m.last_name, _iso(m.date_of_birth), sex, c.current.one_line, c.current.postcode, "")
    if kind == "sibling":
        first = names.first_name(rng, tradition, sex)
        while first in taken:
            first = names.first_name(rng, tradition, sex)
        born = m.date_of_birth + timedelta(days=rng.choice((-1, 1)) * rng.randint(400, 2200))
        return (first, m.last_name, born.isoformat(), sex, c.current.one_line, c.current.postcode,
                nhs_number(fresh_index) if rng.random() < 0.5 else "")
    if kind == "same_name_elsewhere":
        elsewhere = borough.address(rng, (c.current.locality + rng.randint(1, 3)) % 4)
        return (m.first_name, m.last_name, _iso(m.date_of_birth), m.sex, elsewhere.one_line, elsewhere.postcode,
                nhs_number(fresh_index) if rng.random() < 0.4 else "")
    first = names.first_name(rng, tradition, sex)
    born = m.date_of_birth + timedelta(days=rng.randint(-900, 900))
    stranger = borough.address(rng, rng.randrange(4))
    return (first, names.surname(rng, tradition), born.isoformat(), sex, stranger.one_line, stranger.postcode, "")


def write_matching_set(config: DemoConfig, folder: Path, *, queries: int = 1000, history: bool = True) -> list[Path]:
    """Write register.csv, queries.csv and ground_truth.csv for the authority ``config`` describes.

    ``history``: also write the register's other identities for each person (aliases, previous
    surnames, earlier addresses) as extra rows with the same id. The queries and the truth are the
    same either way.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"northmoor:{config.seed}:matching")
    borough = Borough()
    register_path, queries_path, truth_path = folder / "register.csv", folder / "queries.csv", folder / "ground_truth.csv"
    known_wanted = queries - round(queries * NEW_PERSON_SHARE)
    reservoir: list[Candidate] = []
    children_pool: list[Candidate] = []
    seen = 0
    people = 0
    with register_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for family in families(config):
            for candidate in _candidates(family, config.today):
                writer.writerow(register_row(candidate.member, candidate.current))
                if history:
                    writer.writerows(history_rows(candidate))
                people += 1
                seen += 1
                # Reservoir sampling keeps a fair sample without holding everyone in memory.
                if len(reservoir) < known_wanted:
                    reservoir.append(candidate)
                else:
                    slot = rng.randrange(seen)
                    if slot < known_wanted:
                        reservoir[slot] = candidate
                m = candidate.member
                if m.is_child and m.date_of_birth and age_on(m.date_of_birth, config.today) < 18:
                    if len(children_pool) < queries:
                        children_pool.append(candidate)
                    elif rng.random() < 0.1:
                        children_pool[rng.randrange(len(children_pool))] = candidate
    rows: list[tuple[tuple[str, ...], str]] = []
    for candidate in reservoir:
        rows.append((_with_errors(rng, candidate, config.today), candidate.member.la_id))
    kinds = ("twin", "sibling", "same_name_elsewhere", "stranger")
    fresh_index = 9_000_000  # NHS numbers no registered person has
    for i in range(queries - len(rows)):
        candidate = rng.choice(children_pool)
        fresh_index += 1
        rows.append((_lookalike(rng, candidate, borough, fresh_index, kinds[i % len(kinds)]), ""))
    rng.shuffle(rows)
    with queries_path.open("w", newline="", encoding="utf-8") as q_handle, \
            truth_path.open("w", newline="", encoding="utf-8") as t_handle:
        q_writer = csv.writer(q_handle, lineterminator="\n")
        t_writer = csv.writer(t_handle, lineterminator="\n")
        q_writer.writerow(HEADER)
        t_writer.writerow(("query_id", "true_id"))
        for number, (fields, true_id) in enumerate(rows, start=1):
            query_id = f"Q{number:06d}"
            q_writer.writerow((query_id, *fields))
            t_writer.writerow((query_id, true_id))
    return [register_path, queries_path, truth_path]


def _candidates(family: Family, today: date) -> list[Candidate]:
    current = family.moves[-1].address
    previous = family.moves[-2].address if len(family.moves) > 1 else None
    # Every name a child of the family goes by, and its other spellings: parents do not name a
    # second child Shaun when they have a Sean, nor Mia when Amelia is known as Mia.
    siblings = frozenset(
        spelling
        for m in family.members if m.is_child
        for name in (m.first_name, m.nickname, m.other_spelling, m.preferred_name) if name
        for spelling in (name, *names.VARIANTS.get(name, ()))
    )
    earlier = tuple(move.address for move in reversed(family.moves[:-1]))
    return [Candidate(member, current, previous, siblings, earlier) for member in family.members]
