"""The REST API for contacts: the same services and door as the pages, answered in JSON."""

import json
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.accounts.services import api_token_create
from earlyhelp.audit.models import AuditAction, AuditEvent
from earlyhelp.core.testing import make_agency, make_user, sign_in_client
from earlyhelp.referrals.forms import new_idempotency_key
from earlyhelp.referrals.models import Contact, ContactPerson, EntryPoint
from earlyhelp.referrals.tests.factories import (
    check_everyone,
    decide_targeted,
    make_partner,
    submit_request,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/contacts"


def _token(user) -> str:
    return api_token_create(user=user, name="test")[0]


def _headers(token, key=None):
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


def a_request(**kw) -> dict:
    body = {
        "children": [{"first_name": "Mia", "last_name": "Ashworth", "date_of_birth": "2016-04-12", "sex": "F"}],
        "reasons": "Attendance has fallen to 70% and Mia seems hungry in the mornings.",
        "needs": ["SF1", "SF9"],
        "consent": {"status": "given", "given_by_name": "Jo Ashworth (mother)"},
        "urgency": "routine",
    }
    body.update(kw)
    return body


def _post(client, token, body, key=None):
    return client.post(
        URL, data=json.dumps(body) if not isinstance(body, str | bytes) else body,
        content_type="application/json", headers=_headers(token, key or new_idempotency_key()),
    )


def _fields(response) -> dict[str, str]:
    return {p["field"]: p["message"] for p in response.json()["problems"]}




# --- Sending ----------------------------------------------------------------------------------------


def test_a_partner_sends_a_request_through_the_service(client, partner):
    response = _post(client, _token(partner), a_request())

    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert response.json()["reference"] == contact.reference
    assert contact.entry_point == EntryPoint.API
    assert contact.referrer_user == partner
    assert contact.referrer_agency == partner.agency
    assert contact.referral_source == "2A"  # defaulted from the school, as the service does
    assert sorted(contact.needs.values_list("area", flat=True)) == ["SF1", "SF9"]
    assert contact.named_people.get().first_name == "Mia"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(contact.pk)).exists()


def test_a_retry_with_the_same_key_returns_the_first_contact_and_records_nothing(client, partner):
    token, key = _token(partner), new_idempotency_key()
    first = _post(client, token, a_request(), key)
    events = AuditEvent.objects.count()

    again = _post(client, token, a_request(), key)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Contact.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_key_someone_else_used_is_refused_with_a_clear_message(client, partner):
    key = new_idempotency_key()
    _post(client, _token(partner), a_request(), key)

    response = _post(client, _token(make_partner()), a_request(), key)

    assert response.status_code == 409
    assert "used by someone else" in _fields(response)["Idempotency-Key"]
    assert Contact.objects.count() == 1


@pytest.mark.parametrize("key", [None, "short", "has spaces in it here!!", "x" * 101])
def test_the_idempotency_key_is_required_and_checked(client, partner, key):
    headers = _headers(_token(partner), key)
    response = client.post(URL, data=json.dumps(a_request()), content_type="application/json", headers=headers)
    assert response.status_code == 422
    assert "Idempotency-Key" in _fields(response)
    assert not Contact.objects.exists()


def test_the_front_door_records_a_contact_naming_the_referrer(client, front_door):
    agency = make_agency(code="POL1", label="Northmoor Police")
    body = a_request(referrer={"name": "PC Jones", "role": "Officer", "agency": "POL1"}, referral_source="6")

    response = _post(client, _token(front_door), body)

    assert response.status_code == 201, response.content
    contact = Contact.objects.get()
    assert (contact.referrer_name, contact.referrer_agency, contact.referral_source) == ("PC Jones", agency, "6")
    assert contact.referrer_user is None
    assert contact.recorded_by == front_door


def test_without_a_token_nothing_is_answered(client):
    assert client.post(URL, data=json.dumps(a_request()), content_type="application/json").status_code == 401
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/1").status_code == 401


@pytest.mark.parametrize("role", [Role.LEAD_PRACTITIONER, Role.TEAM_MANAGER, Role.PERFORMANCE_LEAD, Role.ADMINISTRATOR])
def test_other_roles_cannot_send_or_list(client, role):
    token = _token(make_user(role))
    assert _post(client, token, a_request()).status_code == 404
    assert client.get(URL, headers=_headers(token)).status_code == 404
    assert not Contact.objects.exists()


# --- Refusals in plain English ----------------------------------------------------------------------


def test_every_problem_is_named_with_its_field(client, partner):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    body = a_request(
        children=[{"first_name": "", "last_name": "Ashworth", "date_of_birth": tomorrow}],
        reasons="",
        consent={"status": "refused"},
    )

    response = _post(client, _token(partner), body)

    assert response.status_code == 422
    assert _fields(response) == {
        "children.0.first_name": "Enter the first name of child 1",
        "children.0.date_of_birth": "Date of birth of child 1 must be today or in the past",
        "reasons": "Enter what you are worried about",
        "consent.reason_for_proceeding": "Enter why this request should go ahead without the family's agreement",
    }
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"needs": ["SF99"]}, "needs.0", "must be one of"),
        ({"urgency": "yesterday"}, "urgency", "must be one of"),
        ({"referral_source": "ZZ"}, "referral_source", "must be one of"),
        ({"children": [{"first_name": "A", "last_name": "B", "date_of_birth": "2016-02-30"}]},
         "children.0.date_of_birth", "must be a real date"),
        ({"children": [{"first_name": "A", "last_name": "B", "date_of_birth": 1234567}]},
         "children.0.date_of_birth", "must be a real date"),
        ({"children": [{"first_name": "A", "last_name": "B", "date_of_birth": "1066-10-14"}]},
         "children.0.date_of_birth", "after 1900"),
        ({"children": [{"first_name": "A" * 101, "last_name": "B"}]}, "children.0.first_name", "100 characters"),
        ({"children": [{"first_name": 7, "last_name": "B"}]}, "children.0.first_name", "must be text"),
        ({"children": "Mia"}, "children", "must be a list"),
        ({"children": [{"first_name": "A", "last_name": "B"}] * 11}, "children", "no more than 10"),
        ({"reasons": "x" * 10001}, "reasons", "10000 characters"),
        ({"reasons": "bad \x00 byte"}, "reasons", "unreadable character"),
        ({"reasons": "half a pair \ud800"}, "reasons", "unreadable character"),
        ({"consent": {"status": "given", "given_by_name": "Jo\x00"}}, "consent.given_by_name", "unreadable"),
        ({"consent": {"status": "maybe"}}, "consent.status", "must be one of"),
        ({"consent": None}, "consent.status", "Select whether the family agreed"),
        ({"referrer": {"agency": "NOPE"}}, "referrer.agency", "no organisation"),
        ({"referrer": {"email": "not an email"}}, "referrer.email", "correct format"),
    ],
)
def test_unknown_codes_bad_dates_and_odd_text_are_422_never_500(client, partner, change, field, words):
    response = _post(client, _token(partner), a_request(**change))
    assert response.status_code == 422, response.content
    problems = _fields(response)
    assert field in problems, problems
    assert words in problems[field]
    assert not Contact.objects.exists()


@pytest.mark.parametrize(("body", "status"), [("{not json", 400), (b"\xff\xfe", 400), ("[1, 2]", 422), ("[" * 100_000, 400)])
def test_a_body_that_is_not_a_json_object_is_refused(client, partner, body, status):
    response = _post(client, _token(partner), body)
    assert response.status_code == status
    assert response.json()["problems"][0]["message"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_an_oversized_body_is_413_with_a_message(client, partner):
    response = _post(client, _token(partner), a_request(reasons="x" * 20_000))
    assert response.status_code == 413
    assert "too large" in response.json()["problems"][0]["message"]
    assert not Contact.objects.exists()


# --- Reading ----------------------------------------------------------------------------------------


def test_a_partner_reads_their_own_request_as_a_partner_request(client, partner, front_door):
    contact = check_everyone(submit_request(partner), front_door)
    decide_targeted(contact, front_door)

    response = client.get(f"{URL}/{contact.pk}", headers=_headers(_token(partner)))

    assert response.status_code == 200
    data = response.json()
    assert data["view"] == "partner"
    assert (data["reference"], data["status"], data["outcome"]) == (contact.reference, "decided", "Targeted early help")
    assert data["decided_on"]
    assert "rationale" not in json.dumps(data)
    assert "level" not in data
    assert "reasons" not in data
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(contact.pk), actor=partner).count() == 1


def test_a_partner_cannot_read_another_partners_request_and_no_view_is_recorded(client, partner):
    theirs = submit_request(make_partner())
    token = _token(partner)

    forbidden = client.get(f"{URL}/{theirs.pk}", headers=_headers(token))
    missing = client.get(f"{URL}/{theirs.pk + 1000}", headers=_headers(token))

    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, actor=partner).exists()


def test_the_front_door_reads_the_whole_contact(client, partner, front_door):
    contact = submit_request(partner)

    response = client.get(f"{URL}/{contact.pk}", headers=_headers(_token(front_door)))

    assert response.status_code == 200
    data = response.json()
    assert data["view"] == "front_door"
    assert data["reasons"] == contact.reasons
    assert data["children"][0]["first_name"] == "Mia"
    assert data["consents"][0]["status"] == "given"
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(contact.pk), actor=front_door).exists()


@pytest.mark.parametrize("role", [Role.LEAD_PRACTITIONER, Role.TEAM_MANAGER, Role.PERFORMANCE_LEAD, Role.ADMINISTRATOR])
def test_other_roles_get_404_for_a_contact(client, partner, role):
    contact = submit_request(partner)
    assert client.get(f"{URL}/{contact.pk}", headers=_headers(_token(make_user(role)))).status_code == 404


def test_an_id_too_large_for_the_database_is_404(client, front_door):
    assert client.get(f"{URL}/{2**70}", headers=_headers(_token(front_door))).status_code == 404


def test_a_partner_lists_their_own_requests_and_the_front_door_its_queue(client, partner, front_door):
    mine = submit_request(partner)
    submit_request(make_partner())

    own = client.get(URL, headers=_headers(_token(partner))).json()
    queue = client.get(URL, headers=_headers(_token(front_door))).json()

    assert [item["id"] for item in own["items"]] == [mine.pk]
    assert own["count"] == 1
    assert own["pages"] == 1
    assert queue["count"] == 2
    assert {item["view"] for item in queue["items"]} == {"front_door"}


def test_the_queue_is_paginated(client, partner, front_door):
    for _ in range(51):
        submit_request(partner)
    token = _token(front_door)
    first = client.get(URL, headers=_headers(token)).json()
    second = client.get(f"{URL}?page=2", headers=_headers(token)).json()
    beyond = client.get(f"{URL}?page=999999999999", headers=_headers(token)).json()
    assert (len(first["items"]), len(second["items"]), first["pages"]) == (50, 1, 2)
    assert beyond["page"] == 2


# --- What the pages show of a contact sent through the API --------------------------------------------


def test_html_sent_through_the_api_is_stored_as_text_and_escaped_on_the_pages(client, partner, front_door):
    script = "<script>alert('x')</script>"
    body = a_request(reasons=f"Worried {script}", children=[{"first_name": "<b>Mia</b>", "last_name": "Ash", "sex": "F",
                                                            "date_of_birth": "2016-04-12"}])
    response = _post(client, _token(partner), body)
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.reasons == f"Worried {script}"
    assert ContactPerson.objects.get(contact=contact).first_name == "<b>Mia</b>"

    sign_in_client(client, front_door)
    page = client.get(reverse("referrals:contact_detail", args=[contact.pk])).content.decode()
    queue = client.get(reverse("referrals:queue")).content.decode()
    for html in (page, queue):
        assert script not in html
        assert "<b>Mia</b>" not in html
    assert "&lt;script&gt;" in page
    assert "&lt;b&gt;Mia&lt;/b&gt;" in queue


def test_an_nhs_number_may_be_written_with_spaces(client, partner):
    child = {"first_name": "Mia", "last_name": "Ashworth", "date_of_birth": "2016-04-12", "nhs_number": "943 476 5919"}
    response = _post(client, _token(partner), a_request(children=[child]))
    assert response.status_code == 201, response.content
    assert ContactPerson.objects.get().nhs_number == "9434765919"


def test_the_openapi_document_describes_the_contacts_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    create = paths["/api/v1/contacts"]["post"]
    assert create["parameters"][0]["name"] == "Idempotency-Key"
    assert create["parameters"][0]["required"] is True
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert "$ref" not in json.dumps(body)
    assert {"children", "reasons", "needs", "consent"} <= set(body["properties"])
    assert "get" in paths["/api/v1/contacts"]
    assert "get" in paths["/api/v1/contacts/{contact_id}"]
