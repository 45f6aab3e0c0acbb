"""Every URL against every role. A view without an entry here fails the first test, so nothing new
ships without someone deciding who may use it. Denied means 404 (the same as missing) or a redirect
to sign in for anonymous visitors."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user, sign_in_client

pytestmark = pytest.mark.django_db

ROLES = [r.value for r in Role]
ALL = dict.fromkeys(ROLES, 200)
CASE_READERS = {**dict.fromkeys(ROLES, 404), Role.FRONT_DOOR: 200, Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}

# url name -> (method, expected status per role, expected status when anonymous)
MATRIX: dict[str, tuple[str, dict[str, int], int]] = {
    "home": ("get", ALL, 302),
    "accounts:login": ("get", dict.fromkeys(ROLES, 302), 200),
    "accounts:logout": ("get", dict.fromkeys(ROLES, 405), 302),
    "people:search": ("get", CASE_READERS, 302),
    "people:person_detail": ("get", CASE_READERS, 302),
    "people:household_detail": ("get", CASE_READERS, 302),
    "audit:person_access": ("get", {**dict.fromkeys(ROLES, 404), Role.TEAM_MANAGER: 200}, 302),
    "accounts:two_factor": ("get", dict.fromkeys(ROLES, 302), 302),
    "accounts:keep_alive": ("post", dict.fromkeys(ROLES, 204), 302),
}

IGNORED_NAMESPACES = {"admin"}  # Django's own admin: staff-only by Django's rules


def _names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in IGNORED_NAMESPACES:
                continue
            yield from _names(p, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def test_every_named_url_has_an_entry_in_the_matrix():
    missing = sorted(set(_names()) - set(MATRIX))
    assert missing == [], f"Add these views to the authorisation matrix: {missing}"


@pytest.fixture
def world():
    """A team with a manager and a practitioner holding one family, and a user of every role."""
    team = make_team()
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=team)
    manager = make_user(Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save()
    episode = make_allocated_episode(lead_practitioner=practitioner)
    users = {role: make_user(role) for role in ROLES}
    users[Role.LEAD_PRACTITIONER] = practitioner
    users[Role.TEAM_MANAGER] = manager
    person = episode.household.memberships.first().person
    return {"users": users, "person": person, "household": episode.household}


def _path(name: str, world) -> str:
    from django.urls import reverse

    if name in {"people:person_detail", "audit:person_access"}:
        return reverse(name, args=[world["person"].pk])
    if name == "people:household_detail":
        return reverse(name, args=[world["household"].pk])
    return reverse(name)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_answer(client, world, name):
    method, expected, anonymous = MATRIX[name]
    path = _path(name, world)
    answers = {}
    for role in ROLES:
        sign_in_client(client, world["users"][role])
        answers[role] = getattr(client, method)(path).status_code
        client.logout()
    answers["anonymous"] = getattr(client, method)(path).status_code
    assert answers == {**expected, "anonymous": anonymous}


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.ADMINISTRATOR])
def test_roles_needing_a_second_factor_reach_nothing_else_until_they_give_it(client, world, role):
    client.force_login(world["users"][role])
    for name in sorted(MATRIX):
        if name in {"accounts:two_factor", "accounts:logout", "accounts:login"}:
            continue
        response = getattr(client, MATRIX[name][0])(_path(name, world))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/two-factor/"), name
