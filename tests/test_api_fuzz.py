"""No input makes the service fail: schemathesis against the live OpenAPI document, and random text in
every free-text box of the partner's request form.

Bounded (a few dozen examples each) so the file runs in well under a minute on two cores; set
``EARLYHELP_FUZZ_EXAMPLES=500`` to search harder.
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from config.api import api
from earlyhelp.accounts.services import api_token_create
from earlyhelp.core.testing import sign_in_client
from earlyhelp.referrals.forms import new_idempotency_key
from earlyhelp.referrals.models import Contact
from earlyhelp.referrals.tests.factories import (
    ensure_front_door_reference_data,
    make_front_door,
    make_partner,
    submit_request,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("EARLYHELP_FUZZ_EXAMPLES", "30"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def api_schema():
    """The live document, from the WSGI app in this thread, so it shares the test's database connection.

    As Django's test client does, the connection is not closed at the end of each request (on
    PostgreSQL that would end the test's transaction).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(monkeypatch):
    throttle = api.throttles[0] if hasattr(api, "throttles") else api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 1_000_000)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("maker", [make_front_door, make_partner], ids=["front_door", "partner"])
def test_no_generated_call_is_a_server_error(api_schema, unthrottled, maker, mode):
    ensure_front_door_reference_data()
    user = maker()
    submit_request(make_partner())  # something to find, and something a partner may not see
    token, _ = api_token_create(user=user, name="fuzz")
    headers = {"Authorization": f"Bearer {token}"}
    strategy = api_schema.as_strategy(generation_mode=mode)

    @FUZZ_SETTINGS
    @given(case=strategy)
    def call(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])

    call()


def test_the_schema_describes_the_contacts_operations(api_schema):
    operations = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert {("POST", "/api/v1/contacts"), ("GET", "/api/v1/contacts"), ("GET", "/api/v1/contacts/{contact_id}")} <= operations


# --- The HTML request form ------------------------------------------------------------------------

FREE_TEXT = [
    "referrer_name", "referrer_role", "referrer_email", "referrer_phone",
    "children-0-first_name", "children-0-last_name", "children-0-nhs_number", "children-0-address", "children-0-postcode",
    "adults-0-first_name", "adults-0-last_name", "adults-0-relationship_to_child", "adults-0-address",
    "adults-0-postcode", "reasons", "what_family_wants", "consent_given_by", "consent_refused_reason",
    "consent_not_sought_reason",
]


def _good_request() -> dict[str, str]:
    return {
        "idempotency_key": new_idempotency_key(),
        "referrer_name": "Sam Taylor", "referrer_role": "Safeguarding lead",
        "children-TOTAL_FORMS": "1", "adults-TOTAL_FORMS": "1",
        "children-0-first_name": "Mia", "children-0-last_name": "Ashworth",
        "children-0-date_of_birth-day": "12", "children-0-date_of_birth-month": "4", "children-0-date_of_birth-year": "2016",
        "children-0-sex": "F", "reasons": "Attendance has fallen", "consent_status": "given",
        "consent_given_by": "Jo Ashworth", "urgency": "routine", "action": "send",
    }


@pytest.mark.parametrize("consent_status", ["given", "refused"])
def test_random_text_in_every_free_text_field_of_the_request_form_is_never_a_500(client, consent_status):
    ensure_front_door_reference_data()
    partner = make_partner()
    sign_in_client(client, partner)
    url = reverse("referrals:request_start")

    @FUZZ_SETTINGS
    @given(typed=st.fixed_dictionaries({name: st.text(max_size=300) for name in FREE_TEXT}))
    def send(typed):
        before = Contact.objects.count()
        response = client.post(url, {**_good_request(), "consent_status": consent_status, **typed})
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:  # shown again with its problems: nothing was recorded
            assert Contact.objects.count() == before

    send()


def test_random_text_in_every_free_text_field_of_the_record_a_contact_form_is_never_a_500(client):
    ensure_front_door_reference_data()
    sign_in_client(client, make_front_door())
    url = reverse("referrals:contact_new")
    names = [*FREE_TEXT, "advice_given"]

    @FUZZ_SETTINGS
    @given(typed=st.fixed_dictionaries({name: st.text(max_size=300) for name in names}), closing=st.booleans())
    def send(typed, closing):
        data = {**_good_request(), "entry_point": "advice_point" if closing else "self_referral", **typed}
        if closing:
            data["close_with_advice"] = "true"
        response = client.post(url, data)
        assert response.status_code in (200, 302), response.status_code

    send()
