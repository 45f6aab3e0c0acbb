"""Hostile input across the pages that exist: HTML and script typed into any free-text field is stored as
typed and shown escaped wherever it is displayed; uploads that are too big, not UTF-8 or not CSV are refused
with a clear message; a hostile query string is never reflected raw.

The front door's own tests already cover the referral's names and reasons on the contact, queue and
partner pages (earlyhelp/referrals/tests/test_views.py) and the import's refusals of a cp1252 file, a PDF,
a file over 5 MB and an empty file (test_imports.py). This module covers every other free-text field,
through the real forms, on every page that shows it.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from earlyhelp.accounts.models import Role
from earlyhelp.casework.models import CaseNote
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user, sign_in_client
from earlyhelp.referrals.forms import new_idempotency_key
from earlyhelp.referrals.models import Contact
from earlyhelp.referrals.tests.factories import (
    check_everyone,
    ensure_front_door_reference_data,
    level,
    make_front_door,
    make_manager,
    make_partner,
)

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("eh")</script>'
IMG = '<img src=x onerror="alert(1)">'
HOSTILE = f"{SCRIPT}{IMG}"


@pytest.fixture(autouse=True)
def reference_data(db):
    ensure_front_door_reference_data()


def assert_escaped(response, *, present: bool = True) -> str:
    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert SCRIPT not in html
    assert IMG not in html
    assert "onerror=\"alert" not in html
    if present:
        assert "&lt;script&gt;" in html
    return html


def partner_post(key: str) -> dict:
    return {
        "idempotency_key": key,
        "referrer_name": "Priya Shah",
        "referrer_role": f"Lead {HOSTILE}",
        "referrer_email": "priya@school.example",
        "referrer_phone": "",
        "children-TOTAL_FORMS": "1", "children-INITIAL_FORMS": "0",
        "children-0-first_name": "Mia", "children-0-last_name": "Ashworth",
        "children-0-date_of_birth_day": "12", "children-0-date_of_birth_month": "4",
        "children-0-date_of_birth_year": "2016", "children-0-sex": "F",
        "children-0-address": f"1 {HOSTILE} Street", "children-0-postcode": "nm1 4ab",
        "adults-TOTAL_FORMS": "1", "adults-INITIAL_FORMS": "0",
        "adults-0-first_name": "Jo", "adults-0-last_name": "Ashworth",
        "adults-0-relationship_to_child": f"Mum {SCRIPT}",  # at most 60 characters
        "reasons": f"Worried {HOSTILE}",
        "what_family_wants": f"Help {HOSTILE}",
        "needs": ["SF1", "SF3"],
        "consent_status": "given",
        "consent_given_by": f"Jo {HOSTILE}",
        "urgency": "routine",
        "action": "send",
    }


def test_a_partner_request_full_of_html_is_stored_as_typed_and_shown_escaped_everywhere(client):
    partner, front_door = make_partner(), make_front_door()
    sign_in_client(client, partner)

    sent = client.post(reverse("referrals:request_start"), partner_post(new_idempotency_key()))

    assert sent.status_code == 302, sent.content.decode()[:2000]
    contact = Contact.objects.get()
    assert contact.what_family_wants == f"Help {HOSTILE}"
    assert_escaped(client.get(sent["Location"]), present=False)
    assert_escaped(client.get(reverse("referrals:my_requests")), present=False)
    sign_in_client(client, front_door)
    assert_escaped(client.get(reverse("referrals:contact_detail", args=[contact.pk])))
    assert_escaped(client.get(reverse("referrals:decide", args=[contact.pk])), present=False)


def test_a_draft_full_of_html_comes_back_escaped_in_the_form(client):
    partner = make_partner()
    sign_in_client(client, partner)

    saved = client.post(reverse("referrals:request_start"), {**partner_post(new_idempotency_key()), "action": "save_draft"})

    assert saved.status_code == 302
    html = assert_escaped(client.get(saved["Location"]))
    assert "Help &lt;script&gt;" in html


def test_a_refused_form_shows_what_was_typed_escaped(client):
    sign_in_client(client, make_partner())

    page = client.post(reverse("referrals:request_start"),
                       {**partner_post(new_idempotency_key()), "children-0-first_name": "", "reasons": HOSTILE})

    assert "govuk-error-summary" in assert_escaped(page)
    assert not Contact.objects.exists()


def test_a_contact_recorded_by_the_front_door_shows_its_free_text_escaped(client):
    front_door = make_front_door()
    sign_in_client(client, front_door)

    sent = client.post(reverse("referrals:contact_new"), {
        "idempotency_key": new_idempotency_key(), "entry_point": "advice_point",
        "advice_given": f"Signposted {HOSTILE}", "close_with_advice": "on", "referral_source": "1A",
        "referrer_name": f"A grandparent {HOSTILE}", "referrer_role": f"Gran {HOSTILE}",
        "reasons": f"Asked about {HOSTILE}", "children-TOTAL_FORMS": "1", "children-INITIAL_FORMS": "0",
        "adults-TOTAL_FORMS": "1", "adults-INITIAL_FORMS": "0", "urgency": "routine",
    })

    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert Contact.objects.get().advice_given == f"Signposted {HOSTILE}"
    assert_escaped(client.get(sent["Location"]))


def _submitted_and_checked(partner, front_door):
    from earlyhelp.referrals.tests.factories import submit_request

    return check_everyone(submit_request(partner), front_door)


def test_a_decision_and_its_oversight_note_show_escaped(client):
    partner, front_door, manager = make_partner(), make_front_door(), make_manager()
    contact = _submitted_and_checked(partner, front_door)
    sign_in_client(client, front_door)

    decided = client.post(reverse("referrals:decide", args=[contact.pk]), {
        "statutory_concern": "on", "level": str(level(4).pk), "outcome": "social_care",
        "rationale": f"Disclosure {HOSTILE}", "override_reason": f"Because {HOSTILE}", "action": "decide",
    })

    assert decided.status_code == 302, decided.content.decode()[:3000]
    assert_escaped(client.get(reverse("referrals:contact_detail", args=[contact.pk])))
    sign_in_client(client, manager)
    assert_escaped(client.get(reverse("referrals:oversight", args=[contact.pk])))
    sent_back = client.post(reverse("referrals:oversight", args=[contact.pk]),
                            {"agreed": "no", "note": f"Look again {HOSTILE}"})
    assert sent_back.status_code == 302, sent_back.content.decode()[:3000]
    sign_in_client(client, front_door)
    assert_escaped(client.get(reverse("referrals:contact_detail", args=[contact.pk])))


def test_a_person_created_from_a_hostile_name_is_escaped_on_the_person_and_search_pages(client):
    from earlyhelp.referrals import services
    from earlyhelp.referrals.tests.factories import submit_request

    partner, front_door = make_partner(), make_front_door()
    contact = submit_request(partner, children=[services.NamedPerson(first_name=f"Mia{IMG}", last_name=SCRIPT,
                                                                     date_of_birth=date(2016, 1, 1))])
    person = services.contact_create_person(contact_person=contact.named_people.get(), actor=front_door)
    sign_in_client(client, front_door)

    assert_escaped(client.get(reverse("people:person_detail", args=[person.pk])))
    html = client.get(reverse("people:search"), {"q": "Mia"}).content.decode()
    assert SCRIPT not in html
    assert IMG not in html


def test_a_case_note_full_of_html_is_shown_escaped_on_the_episode_page(client):
    team = make_team()
    worker = make_user(Role.LEAD_PRACTITIONER, team=team)
    episode = make_allocated_episode(lead_practitioner=worker)
    sign_in_client(client, worker)
    form = client.get(reverse("casework:note_add", args=[episode.pk])).content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form)
    today = date.today()

    sent = client.post(reverse("casework:note_add", args=[episode.pk]), {
        "kind": "visit", "occurred_on_day": str(today.day), "occurred_on_month": str(today.month),
        "occurred_on_year": str(today.year), "occurred_time": "", "person": "",
        "text": f"Visited {HOSTILE}\nsecond line", "idempotency_key": key.group(1) if key else new_idempotency_key(),
    })

    assert sent.status_code == 302, sent.content.decode()[:3000]
    assert CaseNote.objects.get().text.startswith(f"Visited {HOSTILE}")
    assert_escaped(client.get(reverse("casework:episode_detail", args=[episode.pk])))


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("child_first_name,reasons\nMia,worried\n".encode("utf-16"), "UTF-8"),
        (b"child_first_name,reasons\nMia,\x00\x00\x00\n", ""),
        (b"<html><script>alert(1)</script></html>", ""),
    ],
)
def test_wrongly_encoded_or_disguised_csv_uploads_are_refused_clearly(client, content, words):
    sign_in_client(client, make_front_door())

    response = client.post(reverse("referrals:import"),
                           {"file": SimpleUploadedFile("contacts.csv", content, content_type="text/csv")})

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert words in html
    assert "<script>alert(1)</script>" not in html
    assert not Contact.objects.exists()


def test_hostile_csv_cells_are_shown_escaped_in_the_import_report(client):
    sign_in_client(client, make_front_door())
    content = (
        "child_first_name,child_last_name,reasons,consent_status\n"
        f'"{IMG}","{SCRIPT}","",given\n'
    ).encode()

    response = client.post(reverse("referrals:import"),
                           {"file": SimpleUploadedFile("contacts.csv", content, content_type="text/csv")})

    assert_escaped(response, present=False)


def test_an_oversized_case_note_post_is_refused_not_a_server_error(client):
    team = make_team()
    worker = make_user(Role.LEAD_PRACTITIONER, team=team)
    episode = make_allocated_episode(lead_practitioner=worker)
    sign_in_client(client, worker)

    response = client.post(reverse("casework:note_add", args=[episode.pk]), {"text": "x" * (30 * 1024 * 1024)})

    assert response.status_code == 400
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize("name", ["reporting:dashboard", "referrals:queue", "people:search"])
def test_a_hostile_query_string_is_never_reflected_raw(client, name):
    users = {"reporting:dashboard": Role.PERFORMANCE_LEAD, "referrals:queue": Role.FRONT_DOOR,
             "people:search": Role.FRONT_DOOR}
    sign_in_client(client, make_user(users[name]))

    response = client.get(reverse(name), {"period": HOSTILE, "status": HOSTILE, "source": HOSTILE, "q": HOSTILE,
                                          "page": HOSTILE})

    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert SCRIPT not in html
    assert IMG not in html
