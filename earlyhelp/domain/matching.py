"""Is this person already known? Scoring a named person against a register record (Fellegi-Sunter).

Pure rules, no database: names, dates and addresses are normalised, each field is compared into
one *level* (exact, a known short form, one letter different, day and month swapped, same
postcode sector...), each level carries a weight log2(m/u) learned offline (m: how often true
matches show that level, u: how often two different people do), and the weights add up to a
log-likelihood ratio that becomes a 0..1 match probability. Every level has a plain-English
reason, so a practitioner sees *why* a record was offered.

Two guards sit on top of the sum, because the independence the model assumes breaks exactly
where a wrong match does most harm:

- twins and siblings: the same surname and date of birth with a clearly different first name
  is a twin far more often than a typo, so that pair is held below the match threshold unless
  the NHS number agrees;
- relatives: a family shares a surname and an address, so when several records of one family
  fit a referral, only the one that fits best can be probable (see ``separate_relatives``).

Blocking keys (which register records are worth scoring at all) are here too, so that the
database index and the in-memory index of ``match-file`` use the same ones.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

# --------------------------------------------------------------------------- normalisation

# Short forms and spellings of one name. A name may sit in several groups (Sam: Samuel, Samantha).
NAME_GROUPS: tuple[tuple[str, ...], ...] = (
    ("william", "bill", "billy", "will", "willy", "wills"),
    ("elizabeth", "liz", "lizzie", "lizzy", "beth", "betty", "eliza", "libby", "bess"),
    ("alexander", "alex", "xander", "sandy", "alec", "alexandra", "alexandria", "lexi"),
    ("margaret", "maggie", "peggy", "meg", "megan", "marge"),
    ("robert", "rob", "robbie", "bob", "bobby", "bert"),
    ("thomas", "tom", "tommy", "tomas"),
    ("james", "jim", "jimmy", "jamie", "jaime", "jimbo"),
    ("michael", "mike", "mikey", "mick", "mickey", "mikael"),
    ("jonathan", "jon", "jonny", "johnny", "john", "jonathon"),
    ("christopher", "chris", "kit", "topher"),
    ("christine", "christina", "chris", "tina", "kristina", "kirsty"),
    ("daniel", "dan", "danny"),
    ("danielle", "dani", "daniella"),
    ("joseph", "joe", "joey", "jo"),
    ("josephine", "jo", "josie", "jojo"),
    ("samuel", "sam", "sammy"),
    ("samantha", "sam", "sammy", "sammie"),
    ("benjamin", "ben", "benji", "benny"),
    ("matthew", "matt", "matty", "mathew"),
    ("nicholas", "nick", "nicky", "nico", "nicolas"),
    ("nicola", "nicky", "nic", "nichola", "nikki"),
    ("anthony", "tony", "ant", "antony"),
    ("edward", "ed", "eddie", "eddy", "ted", "teddy", "ned"),
    ("frederick", "fred", "freddie", "freddy", "frederic"),
    ("henry", "harry", "hal", "hank"),
    ("oliver", "ollie", "olly"),
    ("olivia", "liv", "livvy", "livia"),
    ("richard", "rich", "richie", "ricky", "rick", "dick"),
    ("stephen", "steven", "steve", "stevie", "stephan"),
    ("andrew", "andy", "drew"),
    ("david", "dave", "davey", "davy"),
    ("patrick", "paddy", "pat"),
    ("patricia", "pat", "patty", "trish"),
    ("mohammed", "muhammad", "mohammad", "mohamed", "muhammed", "mohamad", "mo", "mohd"),
    ("catherine", "katherine", "kathryn", "catharine", "cathy", "kate", "cat", "kath", "kathy", "katie", "kat"),
    ("kathleen", "kath", "kathy"),
    ("jennifer", "jen", "jenny", "jenni"),
    ("rebecca", "becky", "becca", "bex"),
    ("victoria", "vicky", "vickie", "tori"),
    ("jessica", "jess", "jessie"),
    ("charlotte", "lottie", "charlie", "lotte"),
    ("charles", "charlie", "chas", "chuck"),
    ("abigail", "abbie", "abby", "abi", "gail"),
    ("isabella", "isabelle", "isobel", "isabel", "bella", "izzy", "issy"),
    ("amelia", "millie", "milly", "mia", "emilia"),
    ("amanda", "mandy"),
    ("deborah", "debbie", "debs", "debra"),
    ("susan", "sue", "susie", "suzanne"),
    ("stephanie", "steph", "stef"),
    ("natalie", "nat", "natalia"),
    ("bridget", "biddy", "bridie"),
    ("zuzanna", "zuzia"),
    ("katarzyna", "kasia"),
    ("aleksandra", "ola"),
    ("nathaniel", "nate", "nathan", "nat"),
    ("theodore", "theo", "ted", "teddy"),
    ("jayden", "jaiden", "jaden", "jaydon", "jay", "jaydn"),
    ("katie", "katy", "katey", "kate"),
    ("leigh", "lee"),
    ("aaliyah", "aliyah", "aaliya", "alia"),
    ("sophie", "sophia", "sofie", "sofia"),
    ("zoe", "zoey"),
    ("kayleigh", "kayley", "kaylee", "kayleighann", "kayla"),
    ("leah", "lea", "leigha"),
    ("layla", "leila", "laila", "lailah"),
    ("ellie", "elly", "elli", "eleanor", "elle"),
    ("hayley", "haley", "hailey"),
    ("sean", "shaun", "shawn"),
    ("connor", "conor"),
    ("aidan", "aiden", "ayden"),
    ("kai", "kye"),
    ("kirsty", "kirstie", "kirstey", "kirsten"),
    ("tracey", "tracy"),
    ("sarah", "sara"),
    ("hannah", "hana"),
    ("rachel", "rachael"),
    ("philip", "phillip", "phil"),
    ("ashley", "ashleigh", "ash"),
    ("macey", "macy", "maci"),
    ("niamh", "neve", "neave"),
    ("isla", "islay"),
    ("freya", "freyja"),
    ("reece", "rhys", "reese"),
    ("callum", "calum"),
    ("lewis", "louis"),
    ("jade", "jayde"),
    ("courtney", "kourtney"),
    ("zainab", "zaynab"),
    ("ibrahim", "ebrahim"),
    ("yusuf", "yousef", "yusef", "yousuf"),
    ("fatima", "fatimah"),
    ("maryam", "mariam", "miriam"),
    ("carl", "karl"),
    ("craig", "kraig"),
    ("claire", "clare"),
    ("louise", "louisa", "lou"),
    ("geraldine", "gerry"),
    ("gerald", "gerry", "gerard"),
    ("tyler", "tylor"),
    ("brandon", "brandan"),
    ("gabriel", "gabe"),
    ("gabrielle", "gabby", "gabi"),
    ("maximilian", "max", "maxim"),
    ("maxwell", "max"),
    ("jacob", "jake", "jakob"),
    ("alfred", "alfie", "alf"),
    ("archibald", "archie"),
    ("florence", "flo", "florrie"),
    ("penelope", "penny"),
    ("dorothy", "dot", "dotty"),
    ("timothy", "tim", "timmy"),
    ("peter", "pete"),
    ("kenneth", "ken", "kenny"),
    ("ronald", "ron", "ronnie"),
    ("donald", "don", "donny"),
    ("leonard", "len", "lenny", "leo"),
    ("gregory", "greg"),
    ("jeffrey", "geoffrey", "jeff", "geoff"),
    ("terence", "terry", "terrence"),
)

_NAME_GROUP_INDEX: dict[str, frozenset[int]] = {}
for _number, _group in enumerate(NAME_GROUPS):
    for _name in _group:
        _NAME_GROUP_INDEX[_name] = _NAME_GROUP_INDEX.get(_name, frozenset()) | {_number}

_ADDRESS_WORDS = {
    "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "ln": "lane", "dr": "drive",
    "cl": "close", "ct": "court", "cres": "crescent", "cr": "crescent", "pl": "place", "sq": "square",
    "gdns": "gardens", "gr": "grove", "gro": "grove", "tce": "terrace", "ter": "terrace", "pk": "park",
    "hse": "house", "flt": "flat", "apt": "flat", "apartment": "flat", "mt": "mount", "nth": "north",
    "sth": "south", "hts": "heights", "wy": "way", "blvd": "boulevard", "pde": "parade", "cir": "circuit",
}
_NON_LETTERS = re.compile(r"[^a-z ]+")
_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])([A-Z]{2})$")


def _ascii(value: str) -> str:
    return unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode("ascii").lower()


def normalise_name(value: str) -> str:
    """Lower case, no accents or apostrophes, hyphens and other punctuation as spaces: "O'Brien-Smith" -> "obrien smith"."""
    text = _ascii(value).replace("'", "").replace("\u2019", "")
    return _SPACES.sub(" ", _NON_LETTERS.sub(" ", text)).strip()


# What a record says when the name is not known yet ("Unborn Begum"): no first name at all.
PLACEHOLDER_NAMES = frozenset({"unborn", "baby", "unknown", "not known", "nk", "newborn", "infant", "tbc", "child"})


def compact(name: str) -> str:
    """A normalised name without spaces, so "kate lin", "katelin" and "smith-jones"/"smith jones" compare equal."""
    return name.replace(" ", "")


def name_groups(name: str) -> frozenset[int]:
    """The short-form and spelling groups a normalised (compact) first name belongs to."""
    return _NAME_GROUP_INDEX.get(name, frozenset())


def normalise_postcode(value: str) -> str:
    """Upper case without spaces: " nm1 2ab" -> "NM12AB"."""
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def postcode_sector(postcode: str) -> str:
    """The outward code and the first digit of the inward code ("NM1 2"), or "" for a non-UK postcode."""
    found = _UK_POSTCODE.match(postcode)
    return f"{found.group(1)} {found.group(2)}" if found else ""


def postcode_district(postcode: str) -> str:
    """The outward code ("NM1"), or "" for a non-UK postcode."""
    found = _UK_POSTCODE.match(postcode)
    return found.group(1) if found else ""


def normalise_address(value: str, postcode: str = "") -> str:
    """Lower case words with common abbreviations spelt out, and without the postcode if it was typed in."""
    words = _NON_ALNUM.sub(" ", _ascii(value)).split()
    drop = {postcode.lower(), postcode_district(postcode).lower()} - {""}
    if len(postcode) > 3:
        drop |= {postcode[:-3].lower(), postcode[-3:].lower()}
    return " ".join(_ADDRESS_WORDS.get(word, word) for word in words if word not in drop)


def house_number(address: str) -> str:
    """The first word with a digit in it ("12a"), or ""."""
    return next((word for word in address.split() if any(ch.isdigit() for ch in word)), "")


def normalise_nhs_number(value: str) -> str:
    digits = re.sub(r"[^0-9]", "", value or "")
    return digits


def normalise_sex(value: str) -> str:
    """"M" or "F"; anything else (unknown, not stated, indeterminate) is treated as missing."""
    text = (value or "").strip().upper()[:1]
    return text if text in ("M", "F") else ""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Place:
    """One address a person lived at (normalised), with whether it is a past one."""

    postcode: str
    address: str
    previous: bool = False


@dataclass(frozen=True, slots=True)
class Record:
    """A person as the matcher sees them: normalised, with every name and address they are known by.

    ``first_names[0]`` and ``last_names[0]`` are the current names; the rest are aliases (known-as
    names, other spellings, previous surnames). A referral's record has one of each.
    """

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    date_of_birth: date | None
    sex: str
    places: tuple[Place, ...]
    nhs_number: str


def make_record(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None = None,
    sex: str = "",
    address: str = "",
    postcode: str = "",
    nhs_number: str = "",
    other_first_names: Iterable[str] = (),
    other_last_names: Iterable[str] = (),
    previous_places: Iterable[tuple[str, str]] = (),
) -> Record:
    """Normalise one person's details (and their aliases and past addresses) into a ``Record``."""

    def names(primary: str, others: Iterable[str]) -> tuple[str, ...]:
        out: list[str] = []
        for raw in (primary, *others):
            name = normalise_name(raw)
            if name and name not in out and name not in PLACEHOLDER_NAMES:
                out.append(name)
        return tuple(out)

    places: list[Place] = []
    current_pc = normalise_postcode(postcode)
    if current_pc or address.strip():
        places.append(Place(current_pc, normalise_address(address, current_pc)))
    for old_address, old_postcode in previous_places:
        pc = normalise_postcode(old_postcode)
        place = Place(pc, normalise_address(old_address, pc), previous=True)
        if (pc or place.address) and all((p.postcode, p.address) != (pc, place.address) for p in places):
            places.append(place)
    return Record(
        first_names=names(first_name, other_first_names),
        last_names=names(last_name, other_last_names),
        date_of_birth=date_of_birth,
        sex=normalise_sex(sex),
        places=tuple(places),
        nhs_number=normalise_nhs_number(nhs_number),
    )


# --------------------------------------------------------------------------- comparisons
#
# Each comparison returns (level, note). Levels are ordered strongest first; the note carries what
# the reason needs (the alias that matched, whether an address was a previous one).

FIELDS = ("first_name", "last_name", "date_of_birth", "sex", "place", "nhs_number")

LEVELS: dict[str, tuple[str, ...]] = {
    "first_name": ("exact", "short_form", "one_letter", "similar", "initial", "swapped", "different", "missing"),
    "last_name": ("exact", "previous", "part", "one_letter", "similar", "swapped", "different", "missing"),
    "date_of_birth": (
        "exact", "day_month_swapped", "year_off_by_one", "one_digit", "within_a_month", "different", "missing",
    ),
    "sex": ("same", "different", "missing"),
    "place": (
        "same_address", "same_street_address", "same_postcode", "postcode_other_house", "postcode_typo",
        "same_sector", "same_district", "different", "missing",
    ),
    "nhs_number": ("exact", "one_digit", "different", "missing"),
}

# Name similarity bands (Jaro-Winkler): "similar" is a likely misspelling, below 0.8 a different name.
SIMILAR_NAME = 0.88
DIFFERENT_NAME = 0.8
SIMILAR_ADDRESS = 0.85


def _string_level(a: str, b: str) -> str:
    if a == b:
        return "exact"
    if OSA.distance(a, b) <= 1 and min(len(a), len(b)) >= 3:
        return "one_letter"
    if JaroWinkler.similarity(a, b) >= SIMILAR_NAME:
        return "similar"
    return "different"


def _slip_of_short_form(q: str, c: str) -> bool:
    """"Tpmmy" for Thomas: one letter away from a short form of the name."""
    return any(
        OSA.distance(q, other) <= 1
        for number in name_groups(c)
        for other in NAME_GROUPS[number]
        if len(other) >= 3
    )


def _name_rank(level: str, field_name: str) -> int:
    return LEVELS[field_name].index(level)


def compare_first_name(query: Record, candidate: Record) -> tuple[str, str]:
    """Best level between the query's first name and any of the candidate's first names."""
    if not query.first_names or not candidate.first_names:
        return "missing", ""
    q = compact(query.first_names[0])
    q_first = query.first_names[0].split()[0]
    best, note = "different", ""
    for position, raw in enumerate(candidate.first_names):
        c = compact(raw)
        c_first = raw.split()[0]
        if q in (c, c_first) or q_first == c:
            level = "exact"
        elif name_groups(q) & name_groups(c) or name_groups(q_first) & name_groups(c_first):
            level = "short_form"
        elif len(q) == 1 or len(c) == 1:
            level = "initial" if q[0] == c[0] else "different"
        else:
            level = _string_level(q, c)
            if level in ("similar", "different") and min(len(q), len(c)) >= 3 and (
                _slip_of_short_form(q, c) or _slip_of_short_form(c, q)
            ):
                level = "one_letter"
            if level == "different" and q_first != q:  # "mary jane" against "mary"
                level = "similar" if _string_level(q_first, c) != "different" else level
        if _name_rank(level, "first_name") < _name_rank(best, "first_name"):
            best, note = level, (raw if position else "")
        if best == "exact" and not note:
            break
    return best, note


def compare_last_name(query: Record, candidate: Record) -> tuple[str, str]:
    """Best level between the query's surname and the candidate's current and previous surnames."""
    if not query.last_names or not candidate.last_names:
        return "missing", ""
    q = compact(query.last_names[0])
    q_parts = set(query.last_names[0].split())
    best, note = "different", ""
    for position, raw in enumerate(candidate.last_names):
        c = compact(raw)
        if q == c:
            level = "exact" if position == 0 else "previous"
        elif len(q_parts) + len(raw.split()) > 2 and q_parts & set(raw.split()):
            level = "part"
        else:
            level = _string_level(q, c)
            if level == "exact":  # pragma: no cover (equal compact forms are caught above)
                level = "exact"
        if _name_rank(level, "last_name") < _name_rank(best, "last_name"):
            best, note = level, (raw if position else "")
    return best, note


def names_swapped(query: Record, candidate: Record) -> bool:
    """First and last names written the wrong way round (both at least similar once swapped)."""
    if not query.first_names or not query.last_names or not candidate.first_names or not candidate.last_names:
        return False
    qf, ql = compact(query.first_names[0]), compact(query.last_names[0])
    cf, cl = compact(candidate.first_names[0]), compact(candidate.last_names[0])
    if qf == cf or ql == cl:
        return False
    return _string_level(qf, cl) != "different" and _string_level(ql, cf) != "different"


def compare_date_of_birth(a: date | None, b: date | None) -> str:
    if a is None or b is None:
        return "missing"
    if a == b:
        return "exact"
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return "day_month_swapped"
    if (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1:
        return "year_off_by_one"
    sa, sb = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    if sum(x != y for x, y in zip(sa, sb, strict=True)) == 1 or OSA.distance(sa, sb) == 1:
        return "one_digit"
    if abs((a - b).days) <= 31:
        return "within_a_month"
    return "different"


def compare_sex(a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    return "same" if a == b else "different"


def address_similarity(a: str, b: str) -> float:
    """0..1; different house numbers are different homes, however alike the street."""
    if not a or not b:
        return 0.0
    number_a, number_b = house_number(a), house_number(b)
    if number_a and number_b and number_a != number_b:
        return min(0.5, fuzz.token_sort_ratio(a, b) / 100)
    shorter = min(len(a.split()), len(b.split()))
    if shorter >= 2:
        return fuzz.token_set_ratio(a, b) / 100
    return fuzz.token_sort_ratio(a, b) / 100


# Below this (0..100) the words of two addresses, numbers left out, name different streets and places.
STREETS_DIFFER = 50


def streets_differ(a: str, b: str) -> bool:
    """Both addresses given and their words (house and flat numbers left out) clearly not the same place."""
    words_a = " ".join(word for word in a.split() if not any(ch.isdigit() for ch in word))
    words_b = " ".join(word for word in b.split() if not any(ch.isdigit() for ch in word))
    if not words_a or not words_b:
        return False
    return fuzz.token_set_ratio(words_a, words_b) < STREETS_DIFFER


def _place_level(q: Place, c: Place) -> str:
    same_pc = bool(q.postcode) and q.postcode == c.postcode
    similar = address_similarity(q.address, c.address) >= SIMILAR_ADDRESS
    if similar and (same_pc or not q.postcode or not c.postcode):
        return "same_address"
    if similar:
        return "same_street_address"
    if same_pc:
        numbers = house_number(q.address), house_number(c.address)
        return "postcode_other_house" if all(numbers) and numbers[0] != numbers[1] else "same_postcode"
    if not q.postcode or not c.postcode:
        return "different" if q.address and c.address else "missing"
    if postcode_sector(q.postcode) and postcode_sector(q.postcode) == postcode_sector(c.postcode):
        return "same_sector"
    if OSA.distance(q.postcode, c.postcode) == 1 and not streets_differ(q.address, c.address):
        # A one-character slip only when the addresses do not say otherwise: "NM4 4PR" at 105 Oak
        # Drive, Hollin Bank is not "NM8 4PR" at 223 Grange Croft, Southby.
        return "postcode_typo"
    if postcode_district(q.postcode) and postcode_district(q.postcode) == postcode_district(c.postcode):
        return "same_district"
    return "different"


def compare_place(query: Record, candidate: Record) -> tuple[str, bool]:
    """Best level between the query's address and any the candidate lived at; True if that was a past one."""
    if not query.places or not candidate.places:
        return "missing", False
    q = query.places[0]
    order = LEVELS["place"]
    best, previous = "missing", False
    for place in candidate.places:
        level = _place_level(q, place)
        if order.index(level) < order.index(best):
            best, previous = level, place.previous
    return best, previous


def compare_nhs_number(a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    if a == b:
        return "exact"
    if len(a) == len(b) and OSA.distance(a, b) == 1:
        return "one_digit"
    return "different"


@dataclass(frozen=True, slots=True)
class Comparison:
    """The level reached on each field, with what the reasons need to name."""

    levels: dict[str, str]
    first_name_alias: str = ""
    last_name_alias: str = ""
    previous_address: bool = False
    # The first name reached "one_letter" only as a slip of a short form ("Tpmmy" for Thomas), not
    # by being one letter from a name the candidate has: a real name there is another name.
    first_name_slip: bool = False
    # Whole years between the two dates of birth (0 when either is missing).
    years_apart: int = 0

    @property
    def pattern(self) -> tuple[str, ...]:
        return tuple(self.levels[name] for name in FIELDS)


def compare(query: Record, candidate: Record) -> Comparison:
    """Compare a referral's person with a register record, field by field."""
    first, first_alias = compare_first_name(query, candidate)
    last, last_alias = compare_last_name(query, candidate)
    if first not in ("exact", "short_form") and last not in ("exact", "previous") and names_swapped(query, candidate):
        first, last, first_alias, last_alias = "swapped", "swapped", "", ""
    place, previous = compare_place(query, candidate)
    levels = {
        "first_name": first,
        "last_name": last,
        "date_of_birth": compare_date_of_birth(query.date_of_birth, candidate.date_of_birth),
        "sex": compare_sex(query.sex, candidate.sex),
        "place": place,
        "nhs_number": compare_nhs_number(query.nhs_number, candidate.nhs_number),
    }
    slip = first == "one_letter" and not first_name_one_letter_away(query, candidate)
    return Comparison(levels, first_alias, last_alias, previous, slip, years_between(query.date_of_birth, candidate.date_of_birth))


def years_between(a: date | None, b: date | None) -> int:
    """Whole years between two dates (0 if either is missing)."""
    if a is None or b is None:
        return 0
    early, late = sorted((a, b))
    return late.year - early.year - ((late.month, late.day) < (early.month, early.day))


def first_name_one_letter_away(query: Record, candidate: Record) -> bool:
    """The query's first name is within one letter of one of the candidate's first names (not of a short form)."""
    if not query.first_names:
        return False
    q = compact(query.first_names[0])
    return any(OSA.distance(q, compact(name)) <= 1 for name in candidate.first_names)


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Model:
    """Fellegi-Sunter parameters: the prior log2-odds of a match and m, u for every level of every field."""

    prior: float
    m: dict[str, dict[str, float]]
    u: dict[str, dict[str, float]]
    weights: dict[str, dict[str, float]] = field(init=False, repr=False)
    threshold: float = 0.9

    def __post_init__(self) -> None:
        weights = {
            name: {
                level: (0.0 if level == "missing" else math.log2(max(self.m[name][level], 1e-9) / max(self.u[name][level], 1e-9)))
                for level in LEVELS[name]
            }
            for name in FIELDS
        }
        object.__setattr__(self, "weights", weights)

    @classmethod
    def from_dict(cls, data: Mapping) -> Model:
        return cls(prior=float(data.get("prior", 0.0)), m=data["m"], u=data["u"], threshold=float(data.get("threshold", 0.9)))

    def as_dict(self) -> dict:
        return {"prior": self.prior, "threshold": self.threshold, "m": self.m, "u": self.u}


def probability(weight: float) -> float:
    """Log2-odds to a 0..1 probability."""
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    return 1.0 / (1.0 + 2.0 ** (-weight))


# Dates of birth this many years apart or more could be a parent's and a child's.
GENERATION_YEARS = 12

# A pair held back by a guard scores at most this share of the threshold.
GUARD_CAP_SHARE = 0.5


def nhs_agrees(comparison: Comparison) -> bool:
    """The same NHS number, or one digit out.

    One digit out counts as agreeing: the modulus 11 check digit means two valid NHS numbers always
    differ in at least two digits, so one digit out is a slip in the same number, not another person.
    """
    return comparison.levels["nhs_number"] in ("exact", "one_digit")


def guard(comparison: Comparison, *, first_name_is_a_name: bool = True) -> str:
    """Why a pair must stay below the match threshold whatever its weight ("" if it need not).

    Fellegi-Sunter treats fields as independent; in a family they are not (one surname, one
    address, twins share a birthday, a son may carry his father's name), and look-alikes elsewhere
    share a common name and birthday. Without an agreeing NHS number:

    - ``twin``: a clearly different first name with the same surname and date of birth; or a first
      name that is not the same (a short form, a slip) with a different sex, surname and birthday agreeing;
    - ``first_name``: a clearly different first name otherwise (a sibling, a parent);

    (both only when the referral's first name is a real name, one the register knows: "Evan" for
    Ethan is a twin, "Ehtn" is a slip; a real name that is only a slip of a short form of the
    candidate's, "Tilly" for Amelia via Milly, is a different name too);
    - ``born_apart``: both dates of birth given, different (not a swap, a slip of one digit, a year
      out or within a month) and a generation apart (``GENERATION_YEARS``): a parent and child with
      the same name at the same address;
    - ``too_little``: neither the first name nor the date of birth says it is this person (the
      first name is different or missing, the date of birth missing): surname and address alone
      describe a household, not one person in it;
    - ``elsewhere``: name and date of birth agree but the referral's address is none the register
      holds for them, not even in the same postcode (a namesake; or a move we were not told about,
      which a practitioner should confirm rather than the matcher assume).
    """
    if nhs_agrees(comparison):
        return ""
    levels = comparison.levels
    first = levels["first_name"]
    if first_name_is_a_name and (first == "different" or comparison.first_name_slip):
        if levels["date_of_birth"] in ("exact", "day_month_swapped") and levels["last_name"] != "different":
            return "twin"
        return "first_name"
    if (first != "exact" and levels["sex"] == "different" and levels["date_of_birth"] == "exact"
            and levels["last_name"] != "different"):
        return "twin"  # Charlie (a boy) and Charlotte, same surname and birthday: twins, not a short form
    if levels["date_of_birth"] == "different" and comparison.years_apart >= GENERATION_YEARS:
        return "born_apart"
    if first in ("different", "missing") and levels["date_of_birth"] == "missing":
        return "too_little"
    if levels["place"] in ("different", "same_sector", "same_district"):
        return "elsewhere"
    return ""


@dataclass(frozen=True, slots=True)
class Score:
    """A scored pair: match weight (log2 odds), probability 0..1, and the comparison behind it."""

    weight: float
    probability: float
    comparison: Comparison
    guarded: str = ""


def score(model: Model, comparison: Comparison, *, first_name_is_a_name: bool = True, guards: bool = True) -> Score:
    """The match probability of one compared pair, held below the threshold where ``guard`` says so.

    ``guards=False`` gives the plain Fellegi-Sunter probability: only for linking two lists that hold
    each person at most once (``match-file --one-to-one``), never for the front door.
    """
    weights = model.weights
    levels = comparison.levels
    total = model.prior
    for name in FIELDS:
        total += weights[name][levels[name]]
    chance = probability(total)
    cap = model.threshold * GUARD_CAP_SHARE
    if guards and chance >= cap and (reason := guard(comparison, first_name_is_a_name=first_name_is_a_name)):
        return Score(total, cap, comparison, guarded=reason)
    return Score(total, chance, comparison)


def same_family(a: Record, b: Record) -> bool:
    """Two register records of one family: the same surname and a shared postcode (or, without one, birthday)."""
    if not a.last_names or not b.last_names or compact(a.last_names[0]) != compact(b.last_names[0]):
        return False
    postcodes = {p.postcode for p in a.places if p.postcode} & {p.postcode for p in b.places if p.postcode}
    return bool(postcodes) or (a.date_of_birth is not None and a.date_of_birth == b.date_of_birth)


def separate_relatives(model: Model, scored: Sequence[tuple[Record, Score]]) -> list[Score]:
    """In one family, only the record that fits best may stay probable: the rest are relatives, not this person.

    Surname and address are shared by a whole family, so a referral for one child also scores
    well against a twin, a sibling or a parent with the same name. A register record is held
    below the threshold when another record of its family fits the referral better (or as well:
    then the practitioner chooses). Two records with the same name and date of birth are one
    person recorded twice, not relatives, and are left alone.
    """
    out = [s for _, s in scored]
    cap = model.threshold * GUARD_CAP_SHARE
    for i, (record, sc) in enumerate(scored):
        if sc.probability < cap:
            continue
        for j, (other, other_score) in enumerate(scored):
            if i == j or other_score.weight < sc.weight or not same_family(record, other):
                continue
            if other.first_names[:1] == record.first_names[:1] and other.date_of_birth == record.date_of_birth:
                continue
            kind = "twin_relative" if other.date_of_birth == record.date_of_birth else "relative"
            out[i] = Score(sc.weight, min(sc.probability, cap), sc.comparison, guarded=kind)
            break
    return out


# --------------------------------------------------------------------------- reasons

_REASONS: dict[str, dict[str, str]] = {
    "first_name": {
        "exact": "same first name",
        "short_form": "first name is a short form or another spelling of the same name",
        "one_letter": "first name differs by one letter",
        "similar": "first name spelt similarly",
        "initial": "first initial matches",
        "swapped": "first and last names swapped",
        "different": "different first name",
        "missing": "first name not given",
    },
    "last_name": {
        "exact": "same surname",
        "previous": "surname matches a previous surname",
        "part": "one part of a double-barrelled surname matches",
        "one_letter": "surname differs by one letter",
        "similar": "surname spelt similarly",
        "swapped": "",
        "different": "different surname",
        "missing": "surname not given",
    },
    "date_of_birth": {
        "exact": "same date of birth",
        "day_month_swapped": "day and month of birth swapped",
        "year_off_by_one": "year of birth differs by one",
        "one_digit": "date of birth differs by one digit",
        "within_a_month": "date of birth within a month",
        "different": "different date of birth",
        "missing": "date of birth not given",
    },
    "sex": {"same": "same sex", "different": "different sex", "missing": ""},
    "place": {
        "same_address": "same address",
        "same_street_address": "same street address, different postcode",
        "same_postcode": "same postcode",
        "postcode_other_house": "same postcode, different house number",
        "postcode_typo": "postcode differs by one character",
        "same_sector": "same postcode sector",
        "same_district": "same postcode district",
        "different": "different address",
        "missing": "",
    },
    "nhs_number": {
        "exact": "same NHS number",
        "one_digit": "NHS number differs by one digit",
        "different": "different NHS number",
        "missing": "",
    },
}


_GUARD_REASONS = {
    "twin": "a different first name with the same surname and date of birth is more likely a twin or sibling",
    "first_name": "a clearly different first name is more likely a relative than a slip",
    "born_apart": "the dates of birth are far apart: more likely a parent or child with the same name",
    "too_little": "only the surname and address agree, which fits anyone in the household",
    "elsewhere": "name and date of birth agree but not at any address held for this person; "
                 "could be a namesake, or a move to confirm",
    "relative": "another record in the same family fits as well or better",
    "twin_relative": "a twin in the same family fits as well or better",
}


def reasons(comparison: Comparison, sc: Score | None = None) -> list[str]:
    """The comparison in plain words, strongest evidence first; never empty."""
    levels = comparison.levels
    out: list[str] = []
    for name in ("nhs_number", "first_name", "last_name", "date_of_birth", "place", "sex"):
        text = _REASONS[name][levels[name]]
        if not text:
            continue
        if name == "first_name" and comparison.first_name_alias and levels[name] != "different":
            text += f" (known as {comparison.first_name_alias.title()})"
        if name == "last_name" and comparison.last_name_alias and levels[name] != "different":
            text += f" ({comparison.last_name_alias.title()})"
        if name == "place" and comparison.previous_address and levels[name] not in ("different", "missing"):
            text += " (a previous address)"
        out.append(text)
    if sc is not None and sc.guarded:
        out.append("held below the match threshold: " + _GUARD_REASONS[sc.guarded])
    return out or ["nothing to compare"]


# --------------------------------------------------------------------------- blocking keys


def _name_codes(name: str) -> set[str]:
    c = compact(name)
    if not c:
        return set()
    codes = {jellyfish.soundex(c)}
    codes |= {f"g{number}" for number in name_groups(c)}
    first = name.split()[0] if name else ""
    if first and first != c:
        codes.add(jellyfish.soundex(first))
        codes |= {f"g{number}" for number in name_groups(first)}
    return codes


def _surname_codes(name: str) -> set[str]:
    c = compact(name)
    if not c:
        return set()
    return {jellyfish.soundex(c)} | {jellyfish.soundex(part) for part in name.split() if len(part) > 1}


def _month_day(dob: date) -> str:
    low, high = sorted((dob.month, dob.day))
    return f"{low:02d}{high:02d}"  # the same for a day and month swapped


def first_name_key(record: Record) -> str:
    """The key that says a first name is one the register knows (a real name, not a slip)."""
    return f"fn:{compact(record.first_names[0])}" if record.first_names else ""


def blocking_keys(record: Record) -> set[str]:
    """Keys under which a record is filed; a register record is scored against a query sharing any key.

    Each key combines two or three fields loosely (a phonetic code, a birth year, an initial) so
    that a true match survives a typo or two while a key stays small on a million-person register:
    NHS number; date of birth (day and month in either order); surname code + year + initial; first
    name code + surname initial + birthday; first and last name codes + birth year; first and last
    name codes + postcode district; postcode + first initial; postcode + house number; surname code +
    house number + the street's first word (for a referral without a postcode).
    """
    keys: set[str] = set()
    if record.nhs_number:
        keys.add(f"n:{record.nhs_number}")
    first_codes: set[str] = set()
    initials: set[str] = set()
    for name in record.first_names:
        first_codes |= _name_codes(name)
        initials.add(name[0])
    surname_codes: set[str] = set()
    surname_initials: set[str] = set()
    for name in record.last_names:
        surname_codes |= _surname_codes(name)
        surname_initials.add(name[0])
    dob = record.date_of_birth
    if dob is not None:
        keys.add(f"d:{dob.year}{_month_day(dob)}")
        keys.update(f"y:{code}{dob.year}{initial}" for code in surname_codes for initial in initials)
        keys.update(f"f:{code}{initial}{_month_day(dob)}" for code in first_codes for initial in surname_initials)
        keys.update(f"s:{fc}{sc}{dob.year}" for fc in first_codes for sc in surname_codes)
    for place in record.places:
        if place.postcode:
            keys.update(f"p:{place.postcode}{initial}" for initial in initials)
            number = house_number(place.address)
            if number:
                keys.add(f"h:{place.postcode}:{number}")
            district = postcode_district(place.postcode) or place.postcode[:2]
            keys.update(f"a:{fc}{sc}{district}" for fc in first_codes for sc in surname_codes)
        words = place.address.split()
        number = house_number(place.address)
        street = next((word for word in words if word != number and not word.isdigit() and word != "flat"), "")
        if number and street:
            keys.update(f"t:{code}{number}{street}" for code in surname_codes)
    return keys
