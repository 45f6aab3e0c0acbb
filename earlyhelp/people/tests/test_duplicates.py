"""The bulk duplicate search: finds a person recorded twice, never proposes twins or siblings, never
proposes a pair decided as two people again, and leaves merged records out."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_household, make_person, make_user
from earlyhelp.people import merging
from earlyhelp.people.duplicates import duplicates_find, duplicates_refresh, score_pair
from earlyhelp.people.matching import rebuild_match_index
from earlyhelp.people.models import DuplicateCandidate, DuplicateScan, Relationship, RelationshipKind
from earlyhelp.people.tests.factories import add_member, duplicate_of

pytestmark = pytest.mark.django_db

# Real first names from different name groups (no short form of another).
NAMES = ["Oliver", "Amelia", "Harry", "Isla", "Jack", "Ava", "George", "Poppy", "Noah", "Grace", "Leo", "Freya",
         "Arthur", "Lily", "Muhammad", "Ivy", "Oscar", "Florence", "Charlie", "Evie"]
# (Not "Mia": the matcher knows it as a short form of Amelia, so Amelia and Mia would be one name.)


@pytest.fixture
def front_door():
    return make_user(Role.FRONT_DOOR)


def _family_with_a_duplicate():
    household = make_household(surname="Haworth")
    child = household.memberships.filter(role="child").first().person
    child.nhs_number = ""
    child.save()
    copy = duplicate_of(child, household, first_name=child.first_name[:-1] + child.first_name[-1] * 2)
    rebuild_match_index()
    return household, child, copy


def _pairs(result) -> set[tuple[int, int]]:
    return {(p.person_a, p.person_b) for p in result.pairs}


def test_a_person_recorded_twice_is_found_with_reasons():
    _, child, copy = _family_with_a_duplicate()
    result = duplicates_find()
    assert _pairs(result) == {tuple(sorted((child.pk, copy.pk)))}
    pair = result.pairs[0]
    assert pair.score >= result.threshold
    assert "same date of birth" in pair.reasons
    assert result.people == 4
    assert result.pairs_scored >= 2


def test_refresh_stores_the_list_and_replaces_the_last_one():
    _, child, copy = _family_with_a_duplicate()
    DuplicateCandidate.objects.create(person_a=child, person_b=copy, score=0.1, reasons=["old"])
    duplicates_refresh()
    stored = DuplicateCandidate.objects.get()
    assert stored.score > 0.1
    assert stored.reasons != ["old"]
    scan = DuplicateScan.objects.get()
    assert scan.pairs_found == 1
    assert scan.people == 4


def test_a_pair_decided_as_two_people_is_not_proposed_again(front_door):
    _, child, copy = _family_with_a_duplicate()
    merging.not_duplicate_record(a=child, b=copy, actor=front_door, reason="Cousins visiting")
    assert duplicates_find().pairs == []


def test_a_pair_with_a_recorded_relationship_is_not_proposed():
    _, child, copy = _family_with_a_duplicate()
    Relationship.objects.create(from_person=copy, to_person=child, kind=RelationshipKind.TWIN)
    assert duplicates_find().pairs == []


def test_a_merged_record_is_not_proposed(front_door):
    _, child, copy = _family_with_a_duplicate()
    merging.person_merge(kept=child, merged=copy, actor=front_door, reason="Same child")
    assert duplicates_find().pairs == []


def test_score_pair_explains_any_two_records():
    _, child, copy = _family_with_a_duplicate()
    score, reasons = score_pair(child.pk, copy.pk)
    assert score is not None
    assert score > 0.5
    assert reasons


def test_twins_in_one_family_are_not_proposed():
    household = make_household(surname="Okafor", children=0)
    born = date(2016, 4, 9)
    for name in ("Chidi", "Chioma", "Amara"):
        add_member(household, make_person(first_name=name, last_name="Okafor", date_of_birth=born))
    rebuild_match_index()
    assert duplicates_find().pairs == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(st.sampled_from(NAMES), min_size=2, max_size=3, unique=True),
    born=st.dates(min_value=date(2005, 1, 1), max_value=date(2024, 12, 31)),
    surname=st.sampled_from(["Smith", "Begum", "Kowalski", "Okafor", "Jones"]),
    same_sex=st.booleans(),
    with_duplicate=st.booleans(),
)
def test_twins_and_triplets_are_never_proposed(names, born, surname, same_sex, with_duplicate):
    with transaction.atomic():
        household = make_household(surname=surname, children=0)
        twins = []
        for i, name in enumerate(names):
            person = make_person(first_name=name, last_name=surname, date_of_birth=born,
                                 sex="F" if same_sex or i % 2 else "M")
            add_member(household, person)
            twins.append(person.pk)
        expected = set()
        if with_duplicate:
            copy = make_person(first_name=names[0], last_name=surname, date_of_birth=born, sex="F")
            add_member(household, copy)
            expected.add(tuple(sorted((twins[0], copy.pk))))
        rebuild_match_index()
        found = _pairs(duplicates_find())
        twin_pairs = {(a, b) for a in twins for b in twins if a < b}
        assert not (found & twin_pairs)
        assert found <= expected
        transaction.set_rollback(True)


def test_the_command_prints_csv_and_a_summary(capsys):
    _, child, copy = _family_with_a_duplicate()
    out = io.StringIO()
    call_command("people_find_duplicates", "--csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 1
    assert {rows[0]["person_a_id"], rows[0]["person_b_id"]} == {str(child.pk), str(copy.pk)}
    assert float(rows[0]["score"]) >= 0.5
    assert rows[0]["reasons"]
    out = io.StringIO()
    call_command("people_find_duplicates", "--limit", "0", "--dry-run", stdout=out)
    assert "1 likely duplicates" in out.getvalue()
    assert "stored" not in out.getvalue()


def test_the_command_refuses_a_bad_threshold():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="threshold"):
        call_command("people_find_duplicates", "--threshold", "1.5")


def test_the_earlyhelp_command_maps_people_find_duplicates(monkeypatch):
    from earlyhelp import cli

    called = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", called.append)
    cli.main(["people", "find-duplicates", "--csv"])
    assert called == [["earlyhelp", "people_find_duplicates", "--csv"]]
