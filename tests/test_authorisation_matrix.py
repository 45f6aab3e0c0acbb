"""Every URL against every role. A view without an entry here fails the first test, so nothing new
ships without someone deciding who may use it. Denied means 404 (the same as missing) or a redirect
to sign in for anonymous visitors."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user, sign_in_client

pytestmark = pytest.mark.django_db

ROLES = [r.value for r in Role]
ALL = dict.fromkeys(ROLES, 200)
CASE_READERS = {**dict.fromkeys(ROLES, 404), Role.FRONT_DOOR: 200, Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}
PARTNER_ONLY = {**dict.fromkeys(ROLES, 404), Role.PARTNER_REFERRER: 200}
FRONT_DOOR_ONLY = {**dict.fromkeys(ROLES, 404), Role.FRONT_DOOR: 200}
FRONT_DOOR_POST_ONLY = {**dict.fromkeys(ROLES, 404), Role.FRONT_DOOR: 405}  # asked with GET: allowed, wrong method
MANAGER_ONLY = {**dict.fromkeys(ROLES, 404), Role.TEAM_MANAGER: 200}

# url name -> (method, expected status per role, expected status when anonymous)
MATRIX: dict[str, tuple[str, dict[str, int], int]] = {
    "home": ("get", ALL, 302),
    "accounts:login": ("get", dict.fromkeys(ROLES, 302), 200),
    "accounts:logout": ("get", dict.fromkeys(ROLES, 405), 302),
    "people:search": ("get", CASE_READERS, 302),
    "people:person_detail": ("get", CASE_READERS, 302),
    "people:household_detail": ("get", CASE_READERS, 302),
    "audit:person_access": ("get", {**dict.fromkeys(ROLES, 404), Role.TEAM_MANAGER: 200}, 302),
    "api:openapi-json": ("get", ALL, 200),  # the published contract, public like any OpenAPI document
    "api:me": ("get", ALL, 401),
    "api:api-root": ("get", dict.fromkeys(ROLES, 404), 404),
    "accounts:two_factor": ("get", dict.fromkeys(ROLES, 302), 302),
    "accounts:keep_alive": ("post", dict.fromkeys(ROLES, 204), 302),
    # The front door: a partner's own requests, the front door's contacts, a manager's oversight.
    "referrals:request_start": ("get", PARTNER_ONLY, 302),
    "referrals:request_edit": ("get", PARTNER_ONLY, 302),
    "referrals:request_sent": ("get", PARTNER_ONLY, 302),
    "referrals:my_requests": ("get", PARTNER_ONLY, 302),
    "referrals:queue": ("get", FRONT_DOOR_ONLY, 302),
    "referrals:contact_new": ("get", FRONT_DOOR_ONLY, 302),
    "referrals:contact_detail": ("get", FRONT_DOOR_ONLY, 302),
    "referrals:contact_match": ("get", FRONT_DOOR_POST_ONLY, 302),
    "referrals:contact_create_person": ("get", FRONT_DOOR_POST_ONLY, 302),
    "referrals:decide": ("get", FRONT_DOOR_ONLY, 302),
    "referrals:oversight_list": ("get", MANAGER_ONLY, 302),
    "referrals:oversight": ("get", MANAGER_ONLY, 302),
    "referrals:import": ("get", FRONT_DOOR_ONLY, 302),
    # The contacts API: a partner's own requests and the front door's contacts; sending with no body or key is 422.
    "api:contact_create": ("post", {**dict.fromkeys(ROLES, 404), Role.PARTNER_REFERRER: 422, Role.FRONT_DOOR: 422}, 401),
    "api:contact_list": ("get", {**PARTNER_ONLY, Role.FRONT_DOOR: 200}, 401),
    "api:contact_get": ("get", {**PARTNER_ONLY, Role.FRONT_DOOR: 200}, 401),  # the partner's own request
}

# Each app may add its own rows in ``earlyhelp/<app>/tests/access_matrix.py``: a ``MATRIX`` dict like the
# one above, and optionally ``extend_world(world) -> dict`` (records its URLs need) and
# ``path(name, world) -> str | None`` (how to reach a URL). A URL whose only argument is
# ``episode_pk`` is reached with the world's allocated episode without any of that.
FRAGMENTS = [  # access_matrix.py and any access_matrix_<part>.py beside it
    import_module(f"earlyhelp.{app.name}.tests.{fragment.stem}")
    for app in sorted(Path(__file__).resolve().parent.parent.joinpath("earlyhelp").iterdir())
    for fragment in sorted(app.joinpath("tests").glob("access_matrix*.py"))
]
for _fragment in FRAGMENTS:
    _clash = set(_fragment.MATRIX) & set(MATRIX)
    assert not _clash, f"{_fragment.__name__} repeats {_clash}"
    MATRIX.update(_fragment.MATRIX)

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
    world = {"users": users, "person": person, "household": episode.household, "episode": episode,
             **_front_door_world(users)}
    for fragment in FRAGMENTS:
        if hasattr(fragment, "extend_world"):
            world.update(fragment.extend_world(world))
    return world


def _front_door_world(users) -> dict:
    """The partner's draft and sent request, and a decision waiting for the manager's oversight."""
    from earlyhelp.referrals import services
    from earlyhelp.referrals.forms import new_idempotency_key
    from earlyhelp.referrals.tests.factories import (
        check_everyone,
        ensure_front_door_reference_data,
        level,
        submit_request,
    )

    ensure_front_door_reference_data()
    partner, front_door = users[Role.PARTNER_REFERRER], users[Role.FRONT_DOOR]
    draft = services.contact_save_draft(actor=partner, data={}, idempotency_key=new_idempotency_key())
    sent = submit_request(partner)
    overseen = check_everyone(submit_request(partner), front_door)
    services.triage_decide(contact=overseen, actor=front_door, level=level(4), outcome="social_care", needs=[],
                           rationale="Disclosure", statutory_concern=True)
    return {"draft": draft, "sent": sent, "named": sent.named_people.get(), "overseen": overseen}


def _path(name: str, world) -> str:
    from django.urls import reverse

    for fragment in FRAGMENTS:
        if name in fragment.MATRIX and hasattr(fragment, "path"):
            found = fragment.path(name, world)
            if found is not None:
                return found
    if _arguments(name) == ["episode_pk"]:
        return reverse(name, kwargs={"episode_pk": world["episode"].pk})
    if name in {"people:person_detail", "audit:person_access"}:
        return reverse(name, args=[world["person"].pk])
    if name == "people:household_detail":
        return reverse(name, args=[world["household"].pk])
    if name == "referrals:request_edit":
        return reverse(name, args=[world["draft"].pk])
    if name in {"referrals:request_sent", "referrals:contact_detail", "referrals:decide", "api:contact_get"}:
        return reverse(name, args=[world["sent"].pk])
    if name in {"referrals:contact_match", "referrals:contact_create_person"}:
        return reverse(name, args=[world["sent"].pk, world["named"].pk])
    if name == "referrals:oversight":
        return reverse(name, args=[world["overseen"].pk])
    return reverse(name)


def _arguments(name: str) -> list[str]:
    from django.urls import get_resolver

    namespace, _, short = name.rpartition(":")
    resolver = get_resolver()
    for part in namespace.split(":") if namespace else []:
        resolver = resolver.namespace_dict[part][1]
    possibilities = resolver.reverse_dict.getlist(short)
    return list(possibilities[0][0][0][1]) if possibilities else []


def _call(client, method, path, user):
    if path.startswith("/api/"):
        if user is None:
            return getattr(client, method)(path)
        from earlyhelp.accounts.services import api_token_create

        token, _ = api_token_create(user=user, name="matrix")
        return getattr(client, method)(path, headers={"Authorization": f"Bearer {token}"})
    if user is not None:
        sign_in_client(client, user)
    response = getattr(client, method)(path)
    client.logout()
    return response


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_answer(client, world, name):
    method, expected, anonymous = MATRIX[name]
    path = _path(name, world)
    answers = {role: _call(client, method, path, world["users"][role]).status_code for role in ROLES}
    answers["anonymous"] = _call(client, method, path, None).status_code
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
