"""The synthetic authority, generated once for the module (1,500 children) and checked."""

import csv
import hashlib
from datetime import date, timedelta

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count, F, Q
from django.test import RequestFactory

from earlyhelp.accounts.models import User
from earlyhelp.casework.models import Episode, StepDown, StepUp
from earlyhelp.demo.generator import DemoConfig, generate
from earlyhelp.demo.identifiers import POSTCODE_RE, is_valid_nhs_number
from earlyhelp.demo.loaders import DemoDataError, flush, load
from earlyhelp.demo.matching_set import write_matching_set
from earlyhelp.demo.organisation import DEMO_PASSWORD
from earlyhelp.domain import codes
from earlyhelp.domain.episode_lifecycle import EpisodeStatus
from earlyhelp.outcomes.models import StarReading
from earlyhelp.people.models import (
    AccessGrant,
    HouseholdAddress,
    HouseholdMember,
    Person,
    PersonAlias,
    Relationship,
)
from earlyhelp.referrals.models import Consent, Contact, ContactPerson, EntryPoint
from earlyhelp.socialcare.models import StatutoryInvolvement

TODAY = date(2026, 11, 20)
CONFIG = DemoConfig(seed=11, children=1500, years=3, today=TODAY)
DIGEST_TABLES = (Person, Contact, Episode, StarReading, HouseholdAddress)


def digest(models=DIGEST_TABLES) -> str:
    """A fingerprint of every row (every column) of a few tables, in id order."""
    hashed = hashlib.sha256()
    for model in models:
        names = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.order_by("pk").values_list(*names):
            hashed.update(repr(row).encode())
    return hashed.hexdigest()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        report = load(CONFIG, quiet=True)
        fingerprint = digest()
    yield report, fingerprint
    with django_db_blocker.unblock():
        flush()


pytestmark = pytest.mark.django_db


def test_the_same_seed_and_day_give_an_identical_database(demo):
    _report, first = demo
    load(CONFIG, flush_first=True, quiet=True)
    assert digest() == first


def test_another_seed_gives_other_families():
    def people(config):
        return [row for rows in generate(config) for row in rows.person][:200]

    assert people(CONFIG) == people(CONFIG)
    assert people(CONFIG) != people(DemoConfig(seed=12, children=1500, years=3, today=TODAY))


def test_loading_into_a_database_with_data_needs_flush(demo):
    with pytest.raises(DemoDataError, match="--flush"):
        load(CONFIG, quiet=True)


def test_every_census_referral_source_and_entry_point_appears(demo):
    sources = set(Contact.objects.values_list("referral_source", flat=True))
    assert sources == {code for code, _ in codes.REFERRAL_SOURCES}
    assert set(Contact.objects.values_list("entry_point", flat=True)) == set(EntryPoint.values)


def test_every_episode_path_appears(demo):
    assert set(Episode.objects.values_list("status", flat=True)) == {status.value for status in EpisodeStatus}
    step_down = Episode.objects.filter(origin="step_down").first()
    assert step_down is not None
    involvement = StepDown.objects.get(episode=step_down).statutory_involvement
    assert involvement.kind == "cin"
    assert involvement.closure_reason == "RC9"
    re_referred = Episode.objects.filter(previous_episode__isnull=False).select_related("contact")
    assert re_referred.exists()
    assert all(episode.contact.is_re_referral for episode in re_referred)
    stepped_up = Episode.objects.filter(status="stepped_up", step_ups__decision__in=["accepted_cin", "accepted_cp"])
    assert stepped_up.exists()
    assert StatutoryInvolvement.objects.filter(from_step_up__episode__in=stepped_up).exists()
    assert stepped_up.filter(closure__reason="stepped_up").exists()
    assert StepUp.objects.filter(decision="returned").exists()
    assert Episode.objects.filter(status="closed", closure__reason="needs_met", closure__signed_off_by__isnull=False).exists()
    past_target = Episode.objects.filter(status="plan", opened_on__lt=TODAY - timedelta(weeks=16))
    assert past_target.exists()


def test_statutory_involvement_is_recorded_in_census_terms(demo):
    kinds = set(StatutoryInvolvement.objects.values_list("kind", flat=True))
    assert kinds == {"cin", "s47", "cp", "lac"}
    assert not StatutoryInvolvement.objects.filter(kind="cin", primary_need="").exists()
    assert not StatutoryInvolvement.objects.filter(kind="cp", cp_category="").exists()
    assert StatutoryInvolvement.objects.filter(kind="s47", strategy_discussion_on__isnull=False,
                                               icpc_on__isnull=False).exists()


def test_consent_overrides_have_reasons(demo):
    overridden = Consent.objects.filter(proceed_without_consent=True)
    assert overridden.exists()
    assert not overridden.filter(reason_for_proceeding="").exists()


def test_demo_users_have_their_roles_and_the_demo_password(demo):
    expected = {
        "partner": "partner_referrer", "frontdoor": "front_door", "practitioner": "lead_practitioner",
        "manager": "team_manager", "performance": "performance_lead", "admin": "administrator",
    }
    for username, role in expected.items():
        user = authenticate(RequestFactory().post("/accounts/login/"), username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert user.role == role
    admin = User.objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser
    manager = User.objects.get(username="manager")
    assert manager.managed_teams.get().code == "north_east_pod"
    assert User.objects.get(username="practitioner").team == manager.managed_teams.get()
    assert User.objects.get(username="partner").agency.agency_type == "school"


def test_demo_users_have_work_to_do(demo):
    practitioner = User.objects.get(username="practitioner")
    open_statuses = ["allocated", "assessment", "plan", "closing"]
    caseload = Episode.objects.filter(lead_practitioner=practitioner, status__in=open_statuses)
    assert 12 <= caseload.count() <= 18
    assert caseload.values("status").distinct().count() >= 2
    manager_team = User.objects.get(username="manager").managed_teams.get()
    assert Episode.objects.filter(team=manager_team, status="awaiting_allocation").count() >= 3
    queue = Contact.objects.filter(status="awaiting_triage")
    assert queue.filter(decision_due_at__date__lt=TODAY).exists()  # overdue
    assert queue.filter(decision_due_at__date=TODAY).exists()  # due today
    assert Contact.objects.filter(status="awaiting_oversight").exists()
    partner_requests = Contact.objects.filter(referrer_user__username="partner")
    assert partner_requests.count() >= 5
    assert partner_requests.filter(decision__isnull=False).values("decision__outcome").distinct().count() >= 3


def test_twins_share_a_date_of_birth_surname_and_address(demo):
    twins = Relationship.objects.filter(kind="twin").select_related("from_person", "to_person")
    assert twins.exists()
    for pair in twins:
        first, second = pair.from_person, pair.to_person
        assert first.date_of_birth == second.date_of_birth
        assert first.last_name == second.last_name
        homes = {m.household_id for m in HouseholdMember.objects.filter(person__in=[first, second])}
        assert len(homes) == 1


def test_people_have_the_mess_of_real_records(demo):
    assert PersonAlias.objects.filter(kind="known_as").exists()
    assert PersonAlias.objects.filter(kind="previous_name", used_to__isnull=False).exists()
    assert Person.objects.filter(Q(last_name__contains="-") | Q(last_name__contains=" ")).exists()
    assert Person.objects.filter(nhs_number="").exists()
    assert Relationship.objects.filter(kind="step_parent").exists()
    assert Relationship.objects.filter(kind="half_sibling").exists()
    moved = HouseholdAddress.objects.values("household").annotate(n=Count("id")).filter(n__gt=1)
    assert moved.exists()
    assert HouseholdMember.objects.filter(role="parent", person__relationships_from__kind="step_parent").exists()
    assert AccessGrant.objects.exists()
    ethnicities = set(Person.objects.values_list("ethnicity", flat=True))
    assert len(ethnicities) >= 12
    written = ContactPerson.objects.filter(person__isnull=False).exclude(first_name=F("person__first_name"))
    assert written.exists()  # referrers' nicknames and slips


def test_identifiers_and_postcodes_are_well_formed(demo):
    numbers = list(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
    assert numbers
    assert all(is_valid_nhs_number(n) for n in numbers)
    assert len(numbers) == len(set(numbers))
    postcodes = set(HouseholdAddress.objects.values_list("postcode", flat=True))
    assert postcodes
    assert all(POSTCODE_RE.match(p) for p in postcodes)
    assert Person.objects.exclude(upn="").exists()


def test_the_matching_set_is_consistent_with_its_ground_truth(tmp_path):
    config = DemoConfig(seed=5, children=300, years=3, today=TODAY)
    register_path, queries_path, truth_path = write_matching_set(config, tmp_path, queries=200)
    with register_path.open() as handle:
        register_rows = list(csv.DictReader(handle))
    register = {}
    for row in register_rows:
        register.setdefault(row["id"], row)  # the first row of an id is the person now; later ones their history
    with queries_path.open() as handle:
        queries = {row["id"]: row for row in csv.DictReader(handle)}
    with truth_path.open() as handle:
        truth = {row["query_id"]: row["true_id"] for row in csv.DictReader(handle)}
    assert set(truth) == set(queries)
    assert len(queries) == 200
    known = [q for q, true_id in truth.items() if true_id]
    new = [q for q, true_id in truth.items() if not true_id]
    assert all(truth[q] in register for q in known)
    assert 0.2 < len(new) / len(queries) < 0.4
    # Known people are written with errors, but most keep something that identifies them.
    exact = sum(1 for q in known if (queries[q]["first_name"], queries[q]["last_name"], queries[q]["date_of_birth"]) ==
                (register[truth[q]]["first_name"], register[truth[q]]["last_name"], register[truth[q]]["date_of_birth"]))
    assert exact < len(known) / 2
    # Some new people look very like a registered child: same surname, date of birth and address.
    lookalikes = [q for q in new if any(
        r["last_name"] == queries[q]["last_name"] and r["date_of_birth"] == queries[q]["date_of_birth"]
        for r in register.values())]
    assert lookalikes
    for row in register_rows + list(queries.values()):
        assert row["postcode"] == "" or POSTCODE_RE.match(row["postcode"])
        assert row["nhs_number"] == "" or is_valid_nhs_number(row["nhs_number"])
    # The register holds history (aliases, previous surnames, earlier addresses) as extra rows per id,
    # each repeating the person's date of birth and NHS number.
    assert len(register_rows) > len(register)
    for row in register_rows:
        first = register[row["id"]]
        assert (row["date_of_birth"], row["nhs_number"]) == (first["date_of_birth"], first["nhs_number"])
    # Without history: one row per person, the same queries and truth.
    flat = tmp_path / "flat"
    flat_register, flat_queries, flat_truth = write_matching_set(config, flat, queries=200, history=False)
    with flat_register.open() as handle:
        flat_rows = list(csv.DictReader(handle))
    assert [row["id"] for row in flat_rows] == list(register)
    assert flat_queries.read_text() == queries_path.read_text()
    assert flat_truth.read_text() == truth_path.read_text()
    # The same seed writes the same files.
    again = write_matching_set(config, tmp_path / "again", queries=200)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in (register_path, queries_path, truth_path)]
