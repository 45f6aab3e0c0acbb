"""The people app's duplicate and merge pages in the authorisation matrix (tests/test_authorisation_matrix.py)."""

from django.urls import reverse

from earlyhelp.accounts.models import Role

ROLES = [r.value for r in Role]
# Front door practitioners and team managers decide duplicates (MERGE_PEOPLE); the world's pair and
# merge sit in the family the manager's team works with, so both may see them.
MERGERS = {**dict.fromkeys(ROLES, 404), Role.FRONT_DOOR: 200, Role.TEAM_MANAGER: 200}
MERGERS_POST_ONLY = {**dict.fromkeys(ROLES, 404), Role.FRONT_DOOR: 405, Role.TEAM_MANAGER: 405}

MATRIX = {
    "people:duplicates": ("get", MERGERS, 302),
    "people:duplicate_pair": ("get", MERGERS, 302),
    "people:duplicate_merge": ("get", MERGERS_POST_ONLY, 302),
    "people:duplicate_not_the_same": ("get", MERGERS_POST_ONLY, 302),
    "people:merge_undo": ("get", MERGERS, 302),
}


def extend_world(world) -> dict:
    from earlyhelp.people import merging
    from earlyhelp.people.tests.factories import duplicate_of

    household = world["household"]
    person = world["person"]
    twin_record = duplicate_of(person, household, first_name=person.first_name + "e")
    kept = duplicate_of(person, household, first_name="Matrixkept", last_name="Merged")
    gone = duplicate_of(person, household, first_name="Matrixkept", last_name="Merged")
    merge = merging.person_merge(
        kept=kept, merged=gone, actor=world["users"][Role.FRONT_DOOR], reason="Same NHS number on both"
    )
    return {"duplicate_pair": (person.pk, twin_record.pk), "merge": merge}


def path(name: str, world) -> str | None:
    if name in {"people:duplicate_pair", "people:duplicate_merge", "people:duplicate_not_the_same"}:
        a, b = world["duplicate_pair"]
        return reverse(name, args=[a, b])
    if name == "people:merge_undo":
        return reverse(name, args=[world["merge"].pk])
    return None
