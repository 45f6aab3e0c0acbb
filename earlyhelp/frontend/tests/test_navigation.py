from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from earlyhelp.frontend.context_processors import MENUS, navigation

pytestmark = pytest.mark.urls("earlyhelp.frontend.tests.urls")


def _request(path, role="front_door"):
    request = RequestFactory().get(path)
    request.user = SimpleNamespace(is_authenticated=True, role=role)
    return request


def _labels(items):
    return [item.label for item in items]


def test_front_door_menu_skips_url_names_that_do_not_exist_yet():
    # given the URLconf has the contacts pages but no people:search
    # when the front door's navigation is built
    items = navigation(_request("/contacts/"))["nav_items"]
    # then "Find a person" is left out and Home comes first
    assert _labels(items) == ["Home", "Contacts", "Record a contact"]
    assert [item.url for item in items] == ["/", "/contacts/", "/contacts/new/"]


def test_item_is_active_when_the_path_is_inside_its_section():
    items = navigation(_request("/contacts/2024/page-2/"))["nav_items"]
    active = [item for item in items if item.active]
    assert _labels(active) == ["Contacts"]
    assert active[0].current is False


def test_item_on_its_own_page_is_current():
    items = {item.label: item for item in navigation(_request("/contacts/"))["nav_items"]}
    assert items["Contacts"].active is True
    assert items["Contacts"].current is True
    assert items["Home"].active is False


def test_only_the_longest_matching_item_is_active():
    # /contacts/new/ starts with both /contacts/ and /contacts/new/: one aria-current only
    items = navigation(_request("/contacts/new/"))["nav_items"]
    assert _labels([item for item in items if item.active]) == ["Record a contact"]


def test_home_is_active_only_on_the_home_page():
    on_home = navigation(_request("/"))["nav_items"]
    elsewhere = navigation(_request("/somewhere/else/"))["nav_items"]
    assert [item.active for item in on_home] == [True, False, False]
    assert [item.active for item in elsewhere] == [False, False, False]


def test_role_with_no_existing_pages_gets_home_only():
    items = navigation(_request("/", role="performance_lead"))["nav_items"]
    assert _labels(items) == ["Home"]


def test_unknown_or_missing_role_gets_home_only():
    assert _labels(navigation(_request("/", role="astronaut"))["nav_items"]) == ["Home"]
    request = RequestFactory().get("/")
    request.user = SimpleNamespace(is_authenticated=True)
    assert _labels(navigation(request)["nav_items"]) == ["Home"]


def test_signed_out_user_gets_no_navigation():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert navigation(request) == {"nav_items": []}


def test_request_without_user_gets_no_navigation():
    assert navigation(RequestFactory().get("/")) == {"nav_items": []}


def test_every_role_has_a_menu():
    assert set(MENUS) == {
        "partner_referrer",
        "front_door",
        "lead_practitioner",
        "team_manager",
        "performance_lead",
        "administrator",
    }
