"""Northmoor Borough Council's early help service: localities, teams and pods, partner agencies, staff.

The organisation is the same for every seed (it has its own fixed random stream); only the number of
lead practitioners grows with the size of the authority, so caseloads stay realistic. The six demo
sign-ins are fixed usernames sharing ``DEMO_PASSWORD`` (demo only: never use it for real data).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.hashers import make_password

from earlyhelp.demo import names
from earlyhelp.demo.data import places
from earlyhelp.demo.tables import Ids, Rows

DEMO_PASSWORD = "early-help-demo"  # noqa: S105 (documented demo-only password)

# The fixed demo sign-ins, one per role.
DEMO_USERNAMES = ("partner", "frontdoor", "practitioner", "manager", "performance", "admin")

# Partner agencies: code, label, agency type, census referral source, locality index or None.
_AGENCIES: tuple[tuple[str, str, str, str, int | None], ...] = (
    ("eastbridge_primary", "Eastbridge Primary School", "school", "2A", 0),
    ("stonecliffe_academy", "Stonecliffe Academy", "school", "2A", 0),
    ("hollin_bank_infants", "Hollin Bank Infant and Nursery School", "school", "2A", 0),
    ("westfield_high", "Westfield High School", "school", "2A", 1),
    ("st_aidans_primary", "St Aidan's Church of England Primary School", "school", "2A", 1),
    ("kelder_primary", "Kelder Primary School", "school", "2A", 1),
    ("southby_academy", "Southby Academy", "school", "2A", 2),
    ("brackenfold_primary", "Brackenfold Primary School", "school", "2A", 2),
    ("millthorpe_juniors", "Millthorpe Junior School", "school", "2A", 2),
    ("northmoor_college", "Northmoor College", "school", "2A", 3),
    ("castle_hill_primary", "Castle Hill Primary School", "school", "2A", 3),
    ("our_lady_primary", "Our Lady of the Moor Catholic Primary School", "school", "2A", 3),
    ("education_welfare", "Northmoor Education Welfare Service", "local_authority", "2B", None),
    ("send_service", "Special Educational Needs and Disabilities Service", "local_authority", "2B", None),
    ("little_acorns_nursery", "Little Acorns Day Nursery", "early_years", "2B", 2),
    ("eastbridge_medical", "Eastbridge Medical Practice", "gp", "3A", 0),
    ("westfield_surgery", "Westfield Surgery", "gp", "3A", 1),
    ("southby_health_centre", "Southby Health Centre", "gp", "3A", 2),
    ("moorgate_practice", "Moorgate Medical Practice", "gp", "3A", 3),
    ("health_visiting", "Northmoor Health Visiting Service", "health_visiting", "3B", None),
    ("school_nursing", "Northmoor School Nursing Service", "school_nursing", "3C", None),
    ("community_midwifery", "Community Midwifery Team", "other", "3D", None),
    ("northmoor_general_ed", "Northmoor General Hospital Emergency Department", "hospital", "3E", None),
    ("camhs", "Child and Adolescent Mental Health Service", "mental_health", "3F", None),
    ("adult_mental_health", "Adult Community Mental Health Team", "mental_health", "3F", None),
    ("northmoor_homes", "Northmoor Homes", "housing", "4", None),
    ("housing_options", "Housing Options and Homelessness Team", "local_authority", "4", None),
    ("adult_social_care", "Adult Social Care", "local_authority", "5A", None),
    ("childrens_social_care", "Northmoor Children's Social Care", "local_authority", "5A", None),
    ("youth_justice", "Youth Justice Service", "local_authority", "5B", None),
    ("family_hubs", "Northmoor Family Hubs", "local_authority", "8", None),
    ("fellside_council", "Fellside County Council", "local_authority", "5C", None),
    ("early_help_service", "Northmoor Early Help Service", "local_authority", "5D", None),
    ("moorshire_police", "Moorshire Police", "police", "6", None),
    ("probation", "Moorshire Probation Delivery Unit", "probation", "7", None),
    ("family_court_adviser", "Family Court Advisory Service", "other", "7", None),
    ("food_bank", "Northmoor Food Bank", "voluntary", "8", None),
    ("womens_aid", "Northmoor Women's Aid", "voluntary", "8", None),
    ("young_carers", "Northmoor Young Carers Project", "voluntary", "8", None),
    ("eastbridge_family_hub", "Eastbridge Family Hub", "early_years", "8", 0),
)

# The job a partner referrer does, by agency type.
_PARTNER_ROLES = {
    "school": "Designated safeguarding lead",
    "early_years": "Nursery manager",
    "gp": "GP safeguarding lead",
    "health_visiting": "Health visitor",
    "school_nursing": "School nurse",
    "hospital": "Paediatric liaison nurse",
    "mental_health": "Mental health practitioner",
    "police": "Police constable, safeguarding hub",
    "housing": "Housing officer",
    "voluntary": "Family support volunteer co-ordinator",
    "probation": "Probation officer",
    "local_authority": "Officer",
    "other": "Practitioner",
}

_POD_TITLES = (
    ("Family support worker", 6),
    ("Outreach worker", 2),
    ("Youth mentor", 1),
    ("Money mentor", 1),
    ("Substance misuse worker", 1),
    ("Emotional health and wellbeing practitioner", 1),
    ("Family group decision-making co-ordinator", 1),
)


@dataclass
class Organisation:
    """The ids the generator needs: who works where, which agency refers under which source."""

    localities: list[int] = field(default_factory=list)  # locality id by locality index
    pods: list[int] = field(default_factory=list)  # team id by locality index
    pod_managers: list[int] = field(default_factory=list)
    pod_workers: list[list[int]] = field(default_factory=list)
    hub_team: int = 0
    hub_manager: int = 0
    front_door: list[int] = field(default_factory=list)
    social_care_team: int = 0
    social_care_manager: int = 0
    social_workers: list[tuple[int, str]] = field(default_factory=list)  # (user id, full name)
    admin: int = 0
    agencies_by_source: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)  # (id, locality)
    agency_by_code: dict[str, int] = field(default_factory=dict)
    agency_label: dict[int, str] = field(default_factory=dict)
    agency_type: dict[int, str] = field(default_factory=dict)
    referrers_by_agency: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)  # (user, name, role)
    user_names: dict[int, str] = field(default_factory=dict)
    demo: dict[str, int] = field(default_factory=dict)  # demo username -> user id


def practitioners_per_pod(children: int) -> int:
    """Enough lead practitioners that each carries about 15 open episodes (at least 8 per pod)."""
    return max(8, round(children / 1500))


def demo_password_hash() -> str:
    """One hash for the shared demo password, with a fixed salt so loads are repeatable (it is public anyway).

    Hashing once keeps the load quick: the default hasher is deliberately slow.
    """
    salt = hashlib.sha256(b"northmoor-demo-password").hexdigest()[:22]
    return make_password(DEMO_PASSWORD, salt=salt)


def build(rows: Rows, ids: Ids, *, children: int, joined: datetime) -> Organisation:
    """Write the organisation's rows and return the ids the history generator uses."""
    rng = random.Random("northmoor-organisation")
    org = Organisation()
    usernames: set[str] = set()
    unusable = "!" + hashlib.sha256(b"northmoor-demo-unusable").hexdigest()[:40]
    demo_hash = demo_password_hash()

    for order, (code, label, *_rest) in enumerate(places.LOCALITIES, start=1):
        locality_id = ids.take("locality")
        rows.locality.append((locality_id, code, label, order, None))
        org.localities.append(locality_id)

    for order, (code, label, agency_type, source, locality) in enumerate(_AGENCIES, start=1):
        agency_id = ids.take("agency")
        locality_id = org.localities[locality] if locality is not None else None
        rows.agency.append((agency_id, code, label, order, None, agency_type, source, locality_id))
        org.agencies_by_source.setdefault(source, []).append((agency_id, locality))
        org.agency_by_code[code] = agency_id
        org.agency_label[agency_id] = label
        org.agency_type[agency_id] = agency_type

    team_rows: list[list] = []  # the manager is filled in once the managers exist

    def team(code: str, label: str, kind: str, locality: int | None) -> int:
        team_id = ids.take("team")
        locality_id = org.localities[locality] if locality is not None else None
        team_rows.append([team_id, code, label, len(team_rows) + 1, None, kind, locality_id, None])
        return team_id

    def user(
        role: str, job_title: str, *, team_id: int | None = None, agency_id: int | None = None,
        username: str | None = None, first: str | None = None, last: str | None = None, staff: bool = False,
    ) -> int:
        if first is None or last is None:
            tradition = names.TRADITION[names.ethnicity(rng)]
            sex = rng.choice("FFFM")  # the workforce is mostly women
            first, last = names.first_name(rng, tradition, sex), names.surname(rng, tradition)
        if username is None:
            base = "".join(ch for ch in f"{first[0]}{last}".lower() if ch.isalnum())
            username, suffix = base, 2
            while username in usernames:
                username, suffix = f"{base}{suffix}", suffix + 1
        usernames.add(username)
        user_id = ids.take("user")
        domain = "northmoor.example"
        if agency_id is not None and team_id is None:
            code = next(code for code, known in org.agency_by_code.items() if known == agency_id)
            domain = f"{code.replace('_', '-')}.example"
        demo = username in DEMO_USERNAMES
        rows.user.append((
            user_id, demo_hash if demo else unusable, None, staff, username, first, last,
            f"{username}@{domain}", staff, True, joined, role, team_id, agency_id, job_title,
            f"01632 960{user_id % 1000:03d}",
        ))
        org.user_names[user_id] = f"{first} {last}"
        if demo:
            org.demo[username] = user_id
        return user_id

    org.hub_team = team("early_help_hub", "Early Help Hub", "front_door", None)
    pods = []
    for index, (code, label, *_rest) in enumerate(places.LOCALITIES):
        pods.append(team(f"{code}_pod", f"{label} early help pod", "early_help", index))
    org.pods = pods
    org.social_care_team = team("childrens_social_care", "Children's Social Care: Assessment and Intervention",
                                "social_care", None)
    performance_team = team("performance", "Performance and Intelligence", "performance", None)

    org.admin = user("administrator", "Systems administrator", username="admin", first="Priya", last="Sharma",
                     staff=True)
    user("performance_lead", "Performance lead", team_id=performance_team, username="performance",
         first="Gareth", last="Holroyd")
    user("performance_lead", "Performance analyst", team_id=performance_team)

    org.hub_manager = user("team_manager", "Early Help Hub manager", team_id=org.hub_team)
    org.front_door.append(user("front_door", "Early help hub practitioner", team_id=org.hub_team,
                               username="frontdoor", first="Sam", last="Okafor"))
    for _ in range(5 + max(0, children // 40_000)):
        org.front_door.append(user("front_door", "Early help hub practitioner", team_id=org.hub_team))

    per_pod = practitioners_per_pod(children)
    titles = [title for title, count in _POD_TITLES for _ in range(count)]
    for index, pod in enumerate(pods):
        if index == 0:
            manager = user("team_manager", "Team manager", team_id=pod, username="manager",
                           first="Helen", last="Ackroyd")
        else:
            manager = user("team_manager", "Team manager", team_id=pod)
        org.pod_managers.append(manager)
        workers = [user("lead_practitioner", "Advanced practitioner", team_id=pod)]
        if index == 0:
            workers.append(user("lead_practitioner", "Family support worker", team_id=pod,
                                username="practitioner", first="Jordan", last="Firth"))
        while len(workers) < per_pod:
            workers.append(user("lead_practitioner", titles[len(workers) % len(titles)], team_id=pod))
        org.pod_workers.append(workers)
    org.social_care_manager = user("team_manager", "Social work team manager", team_id=org.social_care_team)
    managers = dict(zip(pods, org.pod_managers, strict=True))
    managers[org.hub_team] = org.hub_manager
    managers[org.social_care_team] = org.social_care_manager
    for team_row in team_rows:
        team_row[7] = managers.get(team_row[0])
        rows.team.append(tuple(team_row))
    for _ in range(4):
        worker = user("lead_practitioner", "Social worker", team_id=org.social_care_team)
        org.social_workers.append((worker, org.user_names[worker]))

    for code, agency_id in org.agency_by_code.items():
        kind = org.agency_type[agency_id]
        role = _PARTNER_ROLES[kind]
        if code == "eastbridge_primary":
            referrer = user("partner_referrer", role, agency_id=agency_id, username="partner",
                            first="Rachel", last="Greenwood")
            org.referrers_by_agency.setdefault(agency_id, []).append((referrer, org.user_names[referrer], role))
        for _ in range(1 if kind in ("school", "gp", "voluntary") else 2):
            referrer = user("partner_referrer", role, agency_id=agency_id)
            org.referrers_by_agency.setdefault(agency_id, []).append((referrer, org.user_names[referrer], role))
    return org
