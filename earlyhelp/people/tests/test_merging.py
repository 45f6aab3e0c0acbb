"""Merging two records of one person and undoing it: every row moves, collisions are kept to restore,
history stays, and an un-merge puts every foreign key back exactly."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditEvent
from earlyhelp.casework.models import CaseEvent, EpisodeMember
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.testing import make_allocated_episode, make_household, make_person, make_team, make_user
from earlyhelp.people import merging
from earlyhelp.people.matching import MatchQuery, find_candidates, index_person
from earlyhelp.people.models import (
    AccessGrant,
    AliasKind,
    DuplicateCandidate,
    Household,
    HouseholdMember,
    NotDuplicate,
    Person,
    PersonAlias,
    PersonDisability,
    PersonMerge,
    Relationship,
    RelationshipKind,
)
from earlyhelp.people.selectors import person_search_for
from earlyhelp.people.tests.factories import add_member, duplicate_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def front_door():
    return make_user(Role.FRONT_DOOR)


def _state() -> dict:
    """Every row that refers to a person, with all its concrete values, keyed by (model, pk)."""
    from earlyhelp.audit.services import snapshot

    rows = {}
    for link in merging.person_links():
        for row in link.model._base_manager.all():
            rows[(link.label, row.pk)] = snapshot(row)
    people = {p.pk: (p.merged_into_id, p.is_restricted) for p in Person.objects.all()}
    return {"rows": rows, "people": people}


def test_merge_moves_every_row_and_points_the_merged_record_at_the_kept_one(front_door):
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    episode = make_allocated_episode(lead_practitioner=practitioner)
    household = episode.household
    kept = household.memberships.filter(role="child").first().person
    other_family = make_household()
    merged = make_person(first_name=kept.first_name, last_name=kept.last_name + "s", date_of_birth=kept.date_of_birth)
    add_member(other_family, merged)
    PersonAlias.objects.create(person=merged, kind=AliasKind.KNOWN_AS, first_name="Mimi")
    PersonDisability.objects.create(person=merged, code="AUT")
    sibling = other_family.memberships.filter(role="child").first().person
    Relationship.objects.create(from_person=merged, to_person=sibling, kind=RelationshipKind.SIBLING)
    EpisodeMember.objects.get_or_create(episode=episode, person=kept)
    EpisodeMember.objects.create(episode=episode, person=merged)

    merge = merging.person_merge(kept=kept, merged=merged, actor=front_door, reason="Same NHS number")

    merged.refresh_from_db()
    assert merged.merged_into_id == kept.pk
    assert not HouseholdMember.objects.filter(person=merged).exists()
    assert HouseholdMember.objects.filter(person=kept, household=other_family).exists()
    assert kept.aliases.filter(first_name="Mimi").exists()
    assert kept.aliases.filter(kind=AliasKind.ALTERNATIVE_SPELLING, last_name=merged.last_name).exists()
    assert kept.disabilities.filter(code="AUT").exists()
    assert Relationship.objects.filter(from_person=kept, to_person=sibling).exists()
    labels = {item["model"] for item in merge.moved["moved"]}
    assert {"people.householdmember", "people.personalias", "people.persondisability", "people.relationship"} <= labels
    # Both records were members of the episode: the merged one's membership is removed, kept to restore.
    assert [item["model"] for item in merge.moved["removed"]] == ["casework.episodemember"]
    assert EpisodeMember.objects.filter(episode=episode, person=kept).count() == 1
    assert set(merge.moved["households"]) == {household.pk, other_family.pk}
    assert CaseEvent.objects.filter(kind=merging.MERGED_EVENT, household=other_family, person=kept).exists()
    assert AuditEvent.objects.filter(object_type="people.personmerge", object_id=str(merge.pk)).exists()
    assert AuditEvent.objects.filter(object_type="people.person", object_id=str(merged.pk), action="update").exists()


def test_merged_people_leave_search_and_the_match_index(front_door):
    household = make_household()
    kept = household.memberships.filter(role="child").first().person
    merged = duplicate_of(kept, household, first_name=kept.first_name + "h")
    index_person(kept)
    index_person(merged)
    query = MatchQuery(first_name=merged.first_name, last_name=merged.last_name, date_of_birth=merged.date_of_birth)
    assert merged.pk in {c.person_id for c in find_candidates(query)}

    merging.person_merge(kept=kept, merged=merged, actor=front_door, reason="Typo in the first name")

    found = {c.person_id for c in find_candidates(query)}
    assert merged.pk not in found
    assert kept.pk in found  # the misspelling is now an alias of the kept record
    assert merged not in person_search_for(front_door, name=merged.first_name)


def test_a_double_submitted_merge_merges_once(front_door):
    household = make_household()
    kept = household.memberships.filter(role="child").first().person
    merged = duplicate_of(kept, household)
    first = merging.person_merge(kept=kept, merged=merged, actor=front_door, reason="Recorded twice")
    second = merging.person_merge(kept=kept, merged=merged, actor=front_door, reason="Recorded twice")
    assert first.pk == second.pk
    assert PersonMerge.objects.count() == 1
    assert CaseEvent.objects.filter(kind=merging.MERGED_EVENT).count() == 1


def test_merging_needs_a_reason_the_capability_and_two_unrelated_records(front_door):
    household = make_household()
    a, b = [m.person for m in household.memberships.filter(role="child")]
    with pytest.raises(ApplicationError, match="Enter why"):
        merging.person_merge(kept=a, merged=b, actor=front_door, reason="  ")
    with pytest.raises(ApplicationError, match="permission"):
        merging.person_merge(kept=a, merged=b, actor=make_user(Role.LEAD_PRACTITIONER), reason="x")
    Relationship.objects.create(from_person=a, to_person=b, kind=RelationshipKind.TWIN)
    with pytest.raises(ApplicationError, match="related \\(twin of\\)"):
        merging.person_merge(kept=a, merged=b, actor=front_door, reason="Same child")
    c = duplicate_of(a, household)
    merging.not_duplicate_record(a=a, b=c, actor=front_door, reason="Twins")
    with pytest.raises(ApplicationError, match="two people: Twins"):
        merging.person_merge(kept=a, merged=c, actor=front_door, reason="Same child")
    assert PersonMerge.objects.count() == 0


def test_a_restricted_record_keeps_its_restriction_on_the_kept_record_and_undo_lifts_it(front_door):
    household = make_household()
    kept = household.memberships.filter(role="child").first().person
    merged = duplicate_of(kept, household, is_restricted=True)
    colleague = make_user(Role.LEAD_PRACTITIONER)
    AccessGrant.objects.create(user=colleague, person=merged, reason="Named worker", granted_by=front_door)

    merge = merging.person_merge(kept=kept, merged=merged, actor=front_door, reason="Same child")
    kept.refresh_from_db()
    assert kept.is_restricted
    assert AccessGrant.objects.filter(person=kept, user=colleague).exists()

    merging.person_unmerge(merge=merge, actor=front_door, reason="Wrong child")
    kept.refresh_from_db()
    assert not kept.is_restricted
    assert AccessGrant.objects.filter(person=merged, user=colleague).exists()


def test_unmerge_restores_everything_and_keeps_the_history(front_door):
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    episode = make_allocated_episode(lead_practitioner=practitioner)
    household = episode.household
    kept = household.memberships.filter(role="child").first().person
    merged = duplicate_of(kept, household, first_name="Mya")  # the same household: a collision to restore
    EpisodeMember.objects.get_or_create(episode=episode, person=kept)
    EpisodeMember.objects.create(episode=episode, person=merged)
    before = _state()

    merge = merging.person_merge(kept=kept, merged=merged, actor=front_door, reason="Same child")
    assert merge.moved["removed"]
    undone = merging.person_unmerge(merge=merge, actor=front_door, reason="Twins after all", two_people=True)

    after = _state()
    created_by_merge = {(e["model"], e["pk"]) for e in merge.moved["created"]}
    after_rows = {k: v for k, v in after["rows"].items() if not _is_merge_event(k, v)}
    before_rows = {k: v for k, v in before["rows"].items() if k not in created_by_merge}
    assert _without_updated_at(after_rows) == _without_updated_at(before_rows)
    assert after["people"] == before["people"]
    assert undone.undone_at is not None
    assert undone.undone_by == front_door
    assert undone.undo_reason == "Twins after all"
    assert PersonMerge.objects.filter(pk=merge.pk).exists()
    assert NotDuplicate.objects.filter(person_a=min(kept, merged, key=lambda p: p.pk)).exists()
    assert CaseEvent.objects.filter(kind=merging.UNMERGED_EVENT, household=household).exists()
    # Undoing twice (a double click) changes nothing more.
    again = merging.person_unmerge(merge=merge, actor=front_door, reason="Twins after all")
    assert again.undone_at == undone.undone_at


def _is_merge_event(key, values) -> bool:
    return key[0] == "casework.caseevent" and values.get("kind") in (merging.MERGED_EVENT, merging.UNMERGED_EVENT)


def _without_updated_at(rows: dict) -> dict:
    return {k: {f: v for f, v in row.items() if f != "updated_at"} for k, row in rows.items()}


def test_unmerge_refuses_clearly_when_a_moved_row_has_since_gone(front_door):
    household = make_household()
    kept = household.memberships.filter(role="child").first().person
    other = make_household()
    merged = make_person(first_name=kept.first_name, last_name=kept.last_name, date_of_birth=kept.date_of_birth)
    add_member(other, merged)
    merge = merging.person_merge(kept=kept, merged=merged, actor=front_door, reason="Same child")
    HouseholdMember.objects.filter(person=kept, household=other).delete()

    with pytest.raises(ApplicationError) as refused:
        merging.person_unmerge(merge=merge, actor=front_door, reason="Mistake")
    assert refused.value.message == "This merge cannot be undone"
    assert any("has since been deleted" in p for p in refused.value.problems)
    merge.refresh_from_db()
    merged.refresh_from_db()
    assert merge.undone_at is None
    assert merged.merged_into_id == kept.pk


def test_unmerge_refuses_while_the_kept_record_is_merged_into_a_third(front_door):
    household = make_household()
    a = household.memberships.filter(role="child").first().person
    b = duplicate_of(a, household)
    c = duplicate_of(a, household)
    first = merging.person_merge(kept=b, merged=c, actor=front_door, reason="Same")
    merging.person_merge(kept=a, merged=b, actor=front_door, reason="Same")
    assert any("undo that merge first" in p for p in merging.unmerge_problems(first))


def test_not_the_same_person_is_recorded_once_and_clears_the_candidate(front_door):
    household = make_household()
    a = household.memberships.filter(role="child").first().person
    b = duplicate_of(a, household)
    low, high = sorted((a.pk, b.pk))
    DuplicateCandidate.objects.create(person_a_id=low, person_b_id=high, score=0.95, reasons=["same surname"])
    merging.not_duplicate_record(a=b, b=a, actor=front_door, reason="Twins")
    merging.not_duplicate_record(a=a, b=b, actor=front_door, reason="Again")
    decision = NotDuplicate.objects.get()
    assert (decision.person_a_id, decision.person_b_id, decision.reason) == (low, high, "Twins")
    assert not DuplicateCandidate.objects.exists()


def test_person_links_find_relations_from_every_app():
    labels = {(link.label, link.field.name) for link in merging.person_links()}
    assert ("people.householdmember", "person") in labels
    assert ("casework.episodemember", "person") in labels
    assert ("referrals.contactperson", "person") in labels
    assert ("people.relationship", "to_person") in labels
    assert not any(label.startswith(("people.personmerge", "people.duplicatecandidate", "people.notduplicate"))
                   for label, _ in labels)


# --------------------------------------------------------------------------- property


@st.composite
def worlds(draw):
    """Households of people with memberships, episodes, aliases, disabilities and relationships, some shared."""
    n_people = draw(st.integers(min_value=2, max_value=5))
    n_households = draw(st.integers(min_value=1, max_value=3))
    memberships = draw(st.lists(
        st.tuples(st.integers(0, n_households - 1), st.integers(0, n_people - 1), st.booleans()),
        max_size=8,
    ))
    episode_members = draw(st.lists(st.tuples(st.integers(0, n_households - 1), st.integers(0, n_people - 1)),
                                    max_size=5))
    disabilities = draw(st.lists(st.tuples(st.integers(0, n_people - 1), st.sampled_from(["AUT", "HEAR", "VIS"])),
                                 max_size=4))
    relationships = draw(st.lists(
        st.tuples(st.integers(0, n_people - 1), st.integers(0, n_people - 1),
                  st.sampled_from([RelationshipKind.PARENT, RelationshipKind.CARER, RelationshipKind.OTHER])),
        max_size=5,
    ))
    aliases = draw(st.lists(st.integers(0, n_people - 1), max_size=3))
    restricted = draw(st.lists(st.booleans(), min_size=n_people, max_size=n_people))
    kept, merged = draw(st.lists(st.integers(0, n_people - 1), min_size=2, max_size=2, unique=True))
    return {
        "n_people": n_people, "n_households": n_households, "memberships": memberships,
        "episode_members": episode_members, "disabilities": disabilities, "relationships": relationships,
        "aliases": aliases, "restricted": restricted, "kept": kept, "merged": merged,
    }


def _build(world) -> tuple[list[Person], list[Household]]:
    from earlyhelp.casework.models import Episode

    people = [
        make_person(first_name=f"P{i}", last_name="Propertytest", is_restricted=world["restricted"][i])
        for i in range(world["n_people"])
    ]
    households = [Household.objects.create(name=f"H{i}") for i in range(world["n_households"])]
    for h, p, current in world["memberships"]:
        left = None if current else date(2020, 1, 1)
        if current and HouseholdMember.objects.filter(household=households[h], person=people[p], left_on=None).exists():
            continue
        add_member(households[h], people[p], joined_on=date(2019, 1, 1), left_on=left)
    episodes = [Episode.objects.create(household=hh, opened_on=timezone.localdate()) for hh in households]
    for h, p in set(world["episode_members"]):
        EpisodeMember.objects.create(episode=episodes[h], person=people[p])
    for p, code in set(world["disabilities"]):
        PersonDisability.objects.create(person=people[p], code=code)
    for f, t, kind in set(world["relationships"]):
        if f != t and {f, t} != {world["kept"], world["merged"]}:
            Relationship.objects.create(from_person=people[f], to_person=people[t], kind=kind)
    for p in world["aliases"]:
        PersonAlias.objects.create(person=people[p], kind=AliasKind.KNOWN_AS, first_name="Nick")
    return people, households


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds())
def test_merge_then_unmerge_restores_every_foreign_key_exactly(front_door, world):
    with transaction.atomic():
        people, _ = _build(world)
        before = _state()
        merge = merging.person_merge(
            kept=people[world["kept"]], merged=people[world["merged"]], actor=front_door, reason="Property"
        )
        # While merged, nothing refers to the merged record any more.
        merged_pk = people[world["merged"]].pk
        for link in merging.person_links():
            assert not link.model._base_manager.filter(**{link.field.attname: merged_pk}).exists(), link.label
        merging.person_unmerge(merge=merge, actor=front_door, reason="Property")
        after = _state()
        created = {(e["model"], e["pk"]) for e in merge.moved["created"]}
        assert _without_updated_at({k: v for k, v in after["rows"].items() if not _is_merge_event(k, v)}) == \
            _without_updated_at({k: v for k, v in before["rows"].items() if k not in created})
        assert after["people"] == before["people"]
        transaction.set_rollback(True)
