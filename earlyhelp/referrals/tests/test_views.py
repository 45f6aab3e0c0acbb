"""The front door's pages: errors shown with everything typed kept, one record per submission,
denials that change nothing, and free text always escaped."""

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from earlyhelp.audit.models import AuditAction, AuditEvent
from earlyhelp.casework.models import Episode
from earlyhelp.core.testing import make_household, sign_in_client
from earlyhelp.referrals import known_people, services
from earlyhelp.referrals.forms import new_idempotency_key
from earlyhelp.referrals.models import Contact, ContactStatus, MatchStatus, TriageDecision
from earlyhelp.referrals.tests.factories import (
    check_everyone,
    level,
    make_manager,
    make_partner,
    record_contact,
    submit_request,
)
from earlyhelp.socialcare.models import StatutoryInvolvement

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def partner():
    return make_partner(first_name="Priya", last_name="Shah", email="priya@school.example")



def request_data(key: str | None = None, **overrides) -> dict:
    data = {
        "idempotency_key": key or new_idempotency_key(),
        "referrer_name": "Priya Shah",
        "referrer_role": "Designated safeguarding lead",
        "referrer_email": "priya@school.example",
        "referrer_phone": "",
        "children-TOTAL_FORMS": "1",
        "children-INITIAL_FORMS": "0",
        "children-0-first_name": "Mia",
        "children-0-last_name": "Ashworth",
        "children-0-date_of_birth_day": "12",
        "children-0-date_of_birth_month": "4",
        "children-0-date_of_birth_year": "2016",
        "children-0-sex": "F",
        "children-0-postcode": "nm1 4ab",
        "adults-TOTAL_FORMS": "1",
        "adults-INITIAL_FORMS": "0",
        "reasons": "Attendance has dropped and Mia is often hungry.",
        "needs": ["SF1", "SF3"],
        "consent_status": "given",
        "consent_given_by": "Jo Ashworth, mother",
        "urgency": "routine",
        "action": "send",
    }
    data.update(overrides)
    return data


# --- Make a request -------------------------------------------------------------------------------


def test_the_request_form_is_pre_filled_from_the_partner_and_carries_a_one_time_key(client, partner):
    client.force_login(partner)

    page = client.get(reverse("referrals:request_start"))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Priya Shah"' in html
    assert partner.agency.label in html
    key = page.context["request_form"].initial["idempotency_key"]
    assert services.IDEMPOTENCY_KEY.match(key)
    assert f'value="{key}"' in html


def test_a_request_is_sent_and_confirmed_with_its_reference(client, partner):
    client.force_login(partner)

    response = client.post(reverse("referrals:request_start"), request_data())

    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:request_sent", args=[contact.pk])
    assert contact.named_people.get().postcode == "NM1 4AB"
    page = client.get(response["Location"])
    assert contact.reference in page.content.decode()
    assert "Request sent" in page.content.decode()


def test_a_double_clicked_send_is_recorded_once(client, partner):
    client.force_login(partner)
    data = request_data()

    first = client.post(reverse("referrals:request_start"), data)
    second = client.post(reverse("referrals:request_start"), data)

    assert Contact.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_errors_are_shown_next_to_each_field_and_everything_typed_is_kept(client, partner):
    client.force_login(partner)
    data = request_data(
        **{"children-0-first_name": "", "children-0-date_of_birth_year": "2999", "reasons": "Still typed here",
           "consent_status": "refused", "referrer_email": "not-an-email"}
    )

    page = client.post(reverse("referrals:request_start"), data)

    assert page.status_code == 200
    html = page.content.decode()
    assert "<title>Error: Make a request for support" in html
    items = [item["text"] for item in page.context["error_items"]]
    assert items == [
        "Enter an email address in the correct format, like name@example.com",
        "Enter the first name of child 1",
        "Date of birth of child 1 must be today or in the past",
        "Enter why this request should go ahead without the family's agreement",
    ]
    assert [item["href"] for item in page.context["error_items"]] == [
        "#id_referrer_email", "#id_children-0-first_name", "#id_children-0-date_of_birth",
        "#id_consent_refused_reason",
    ]
    assert 'id="id_children-0-date_of_birth-error"' in html  # the message sits next to the field
    assert 'value="2999"' in html
    assert 'value="Ashworth"' in html
    assert "Still typed here" in html
    assert 'value="not-an-email"' in html
    assert not Contact.objects.exists()


def test_adding_another_child_keeps_what_was_typed_and_judges_nothing_yet(client, partner):
    client.force_login(partner)

    page = client.post(reverse("referrals:request_start"), request_data(action="add_child", reasons=""))

    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["error_items"] == []
    assert 'name="children-1-first_name"' in html
    assert 'value="Mia"' in html
    assert not Contact.objects.exists()


def test_a_draft_is_saved_and_the_partner_comes_back_to_exactly_what_they_typed(client, partner):
    client.force_login(partner)
    data = request_data(action="save_draft", **{"children-0-date_of_birth_month": "13", "reasons": "Half a thought"})

    saved = client.post(reverse("referrals:request_start"), data)

    draft = Contact.objects.get()
    assert draft.status == ContactStatus.DRAFT
    assert saved["Location"] == reverse("referrals:request_edit", args=[draft.pk])
    page = client.get(saved["Location"])
    html = page.content.decode()
    assert page.context["error_items"] == []  # nothing is judged until they send it
    assert 'value="13"' in html
    assert "Half a thought" in html
    assert f'value="{data["idempotency_key"]}"' in html

    sent = client.post(saved["Location"], {**data, "action": "send", "children-0-date_of_birth_month": "4"})

    assert sent["Location"] == reverse("referrals:request_sent", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == ContactStatus.AWAITING_TRIAGE
    assert Contact.objects.count() == 1


def test_my_requests_shows_status_and_outcome_with_its_date_and_nothing_else(client, partner, front_door):
    contact = check_everyone(submit_request(partner, reasons="Private worries " + SCRIPT), front_door)
    services.triage_decide(contact=contact, actor=front_door, level=level(2), outcome="single_agency",
                           needs=[services.NeedFound(area="SF1", single_agency_can_meet=True)],
                           rationale="Secret reasoning", single_agency=partner.agency)
    client.force_login(partner)

    html = client.get(reverse("referrals:my_requests")).content.decode()

    assert contact.reference in html
    assert "Single-agency response" in html
    assert "Secret reasoning" not in html
    assert "Private worries" not in html
    assert "Level 2" not in html


# --- Denials change nothing -----------------------------------------------------------------------


def test_a_partner_cannot_open_another_partners_request_and_the_denial_changes_nothing(client, partner):
    other = make_partner()
    theirs = submit_request(other)
    draft = services.contact_save_draft(actor=other, data={"reasons": ["theirs"]}, idempotency_key=new_idempotency_key())
    before = list(Contact.objects.order_by("pk").values())
    client.force_login(partner)

    assert client.get(reverse("referrals:request_sent", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("referrals:request_edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("referrals:request_edit", args=[draft.pk]), request_data()).status_code == 404
    assert client.get(reverse("referrals:contact_detail", args=[theirs.pk])).status_code == 404

    assert list(Contact.objects.order_by("pk").values()) == before
    assert not AuditEvent.objects.filter(actor=partner).exclude(action=AuditAction.SIGN_IN).exists()


def test_a_partner_cannot_match_or_decide(client, partner, front_door):
    contact = submit_request(partner)
    named = contact.named_people.get()
    client.force_login(partner)

    assert client.post(reverse("referrals:contact_create_person", args=[contact.pk, named.pk])).status_code == 404
    assert client.post(reverse("referrals:decide", args=[contact.pk]), {"outcome": "nfa"}).status_code == 404

    named.refresh_from_db()
    assert named.match_status == MatchStatus.UNCHECKED
    assert not TriageDecision.objects.exists()


# --- Escaping and malformed input -----------------------------------------------------------------


def test_html_in_names_and_reasons_is_shown_escaped_everywhere(client, partner, front_door):
    contact = submit_request(
        partner,
        reasons=f"Worried {SCRIPT}",
        children=[services.NamedPerson(first_name="<b>Mia</b>", last_name=SCRIPT, date_of_birth=date(2016, 1, 1))],
        referrer=services.Referrer(name=f"Priya {SCRIPT}"),
    )
    client.force_login(front_door)

    pages = [
        client.get(reverse("referrals:contact_detail", args=[contact.pk])),
        client.get(reverse("referrals:queue")),
    ]
    client.force_login(partner)
    pages.append(client.get(reverse("referrals:my_requests")))

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert SCRIPT not in html
        assert "<b>Mia</b>" not in html
        assert "&lt;script&gt;" in html


def test_a_50_megabyte_post_is_refused_politely_not_a_server_error(client, partner):
    client.force_login(partner)
    big = "x" * (50 * 1024 * 1024)

    text = client.post(reverse("referrals:request_start"), request_data(reasons=big))
    upload = client.post(
        reverse("referrals:request_start"),
        {**request_data(), "file": SimpleUploadedFile("big.bin", big.encode(), content_type="application/octet-stream")},
    )

    assert text.status_code == 400
    assert upload.status_code in (302, 400)
    assert Contact.objects.count() <= 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"children-TOTAL_FORMS": "abc", "adults-TOTAL_FORMS": "-7"},
        {"children-TOTAL_FORMS": "100000"},
        {"idempotency_key": "x" * 500},
        {"idempotency_key": ""},
        {"children-0-date_of_birth_day": "\x00", "children-0-date_of_birth_year": "99999999999999999999"},
        {"urgency": "soonish", "consent_status": "maybe", "needs": ["SF99"]},
        {"reasons": "Nul \x00 character"},
    ],
)
def test_malformed_input_is_shown_back_as_problems_never_a_server_error(client, partner, overrides):
    client.force_login(partner)

    page = client.post(reverse("referrals:request_start"), request_data(**overrides))

    assert page.status_code in (200, 302)
    if page.status_code == 200:
        assert page.context["error_items"]


def test_a_form_with_a_broken_key_gets_a_fresh_one_and_is_not_sent(client, partner):
    client.force_login(partner)

    page = client.post(reverse("referrals:request_start"), request_data(idempotency_key="short"))

    assert page.status_code == 200
    assert [i["text"] for i in page.context["error_items"]] == [
        "This form could not be sent. Check your answers and send it again."
    ]
    assert services.IDEMPOTENCY_KEY.match(page.context["request_form"].data["idempotency_key"])
    assert not Contact.objects.exists()


# --- Record a contact -----------------------------------------------------------------------------


def contact_data(**overrides) -> dict:
    data = {
        "idempotency_key": new_idempotency_key(),
        "entry_point": "advice_point",
        "advice_given": "Signposted to the family hub",
        "close_with_advice": "on",
        "referral_source": "1A",
        "referrer_name": "A grandparent",
        "children-TOTAL_FORMS": "1",
        "children-INITIAL_FORMS": "0",
        "adults-TOTAL_FORMS": "1",
        "adults-INITIAL_FORMS": "0",
        "urgency": "routine",
    }
    data.update(overrides)
    return data


def test_an_advice_point_call_is_recorded_and_closed_in_one_step(client, front_door):
    client.force_login(front_door)

    response = client.post(reverse("referrals:contact_new"), contact_data())

    contact = Contact.objects.get()
    assert response["Location"] == reverse("referrals:contact_detail", args=[contact.pk])
    assert (contact.status, contact.decision.outcome, contact.referral_source) == (ContactStatus.DECIDED, "advice", "1A")
    page = client.get(response["Location"])
    assert "recorded and closed with the advice given" in page.content.decode()


def test_a_police_notification_needs_a_child_a_worry_and_consent_and_keeps_what_was_typed(client, front_door):
    client.force_login(front_door)

    page = client.post(
        reverse("referrals:contact_new"),
        contact_data(entry_point="police_notification", close_with_advice="", advice_given="", referrer_name="PC Hale"),
    )

    assert page.status_code == 200
    assert [i["text"] for i in page.context["error_items"]] == [
        "Enter what the contact is about", "Select whether the family agreed to this request",
    ]
    assert 'value="PC Hale"' in page.content.decode()

    page = client.post(
        reverse("referrals:contact_new"),
        contact_data(entry_point="police_notification", close_with_advice="", reasons="Domestic incident",
                     consent_status="not_sought", consent_not_sought_reason="Police notification"),
    )
    assert [i["text"] for i in page.context["error_items"]] == ["Enter the details of at least one child"]
    assert [i["href"] for i in page.context["error_items"]] == ["#id_children-0-first_name"]
    assert not Contact.objects.exists()


# --- Already known? -------------------------------------------------------------------------------


@dataclass
class FakeCandidate:
    person_id: int
    score: float
    reasons: list
    is_probable: bool


def fake_engine(candidates):
    """The matching engine's API, answering with these candidates and keeping the queries it was asked."""
    queries = []

    def find_candidates(query, *, limit=5, min_score=0.05):
        queries.append(query)
        return candidates

    return SimpleNamespace(
        MatchQuery=lambda **kwargs: SimpleNamespace(**kwargs), find_candidates=find_candidates,
        index_person=lambda person: None, queries=queries,
    )


def test_each_child_shows_who_they_might_be_and_the_match_is_confirmed(client, partner, front_door, monkeypatch):
    household = make_household(children=1, name=f"The {SCRIPT} family")
    known = household.memberships.get(role="child").person
    StatutoryInvolvement.objects.create(person=known, kind="cin", started_on=date(2025, 1, 1), primary_need="N4")
    engine = fake_engine([FakeCandidate(known.pk, 0.874, ["Date of birth agrees", f"Surname sounds alike {SCRIPT}"], True)])
    monkeypatch.setattr(known_people, "engine", lambda: engine)
    contact = submit_request(partner)
    named = contact.named_people.get()
    client.force_login(front_door)

    page = client.get(reverse("referrals:contact_detail", args=[contact.pk]))

    html = page.content.decode()
    assert engine.queries[0].first_name == "Mia"
    assert engine.queries[0].date_of_birth == date(2016, 4, 12)
    assert "87% match" in html
    assert "Date of birth agrees" in html
    assert SCRIPT not in html
    assert "Child in need" in html
    assert "This is the same person" in html
    assert "None of these: create a new person" in html

    response = client.post(reverse("referrals:contact_match", args=[contact.pk, named.pk]), {"person": known.pk})

    assert response.status_code == 302
    named.refresh_from_db()
    assert (named.person, named.match_score) == (known, pytest.approx(0.874))
    contact.refresh_from_db()
    assert contact.household == household


def test_without_the_matching_engine_the_page_still_works_and_offers_a_new_person(client, partner, front_door, monkeypatch):
    monkeypatch.setattr(known_people, "engine", lambda: None)
    contact = submit_request(partner)
    named = contact.named_people.get()
    client.force_login(front_door)

    html = client.get(reverse("referrals:contact_detail", args=[contact.pk])).content.decode()
    assert "Matching is not switched on yet" in html

    client.post(reverse("referrals:contact_create_person", args=[contact.pk, named.pk]))
    named.refresh_from_db()
    assert named.match_status == MatchStatus.NEW_PERSON


def test_matching_to_a_person_the_user_cannot_see_is_refused(client, partner, front_door):
    contact = submit_request(partner)
    named = contact.named_people.get()
    client.force_login(front_door)

    client.post(reverse("referrals:contact_match", args=[contact.pk, named.pk]), {"person": "10000000"})

    named.refresh_from_db()
    assert named.match_status == MatchStatus.UNCHECKED


# --- The decision ---------------------------------------------------------------------------------


def decision_data(contact, **overrides) -> dict:
    data = {
        "need_SF1": ["unmet", "complex"], "need_SF9": ["unmet", "complex"], "need_SF10": ["unmet", "complex"],
        "level": str(level(3).pk), "outcome": "targeted_early_help",
        "rationale": "Three complex needs", "action": "decide",
    }
    data.update(overrides)
    return data


def test_the_decision_page_explains_that_children_must_be_checked_first(client, partner, front_door):
    contact = submit_request(partner)
    client.force_login(front_door)

    page = client.get(reverse("referrals:decide", args=[contact.pk]))
    posted = client.post(reverse("referrals:decide", args=[contact.pk]), decision_data(contact))

    assert "check whether Mia Ashworth is already known" in page.content.decode()
    assert posted.status_code == 200
    assert not TriageDecision.objects.exists()


def test_the_decision_page_shows_the_recommendation_and_refuses_an_override_without_a_reason(client, partner, front_door):
    contact = check_everyone(submit_request(partner), front_door)
    client.force_login(front_door)

    page = client.get(reverse("referrals:decide", args=[contact.pk]))
    assert "Recommended: Advice and signposting (level 1)" in page.content.decode()

    page = client.post(
        reverse("referrals:decide", args=[contact.pk]),
        decision_data(contact, need_SF1=["unmet", "single"], need_SF9=[], need_SF10=[], rationale="Typed reasons"),
    )

    assert page.status_code == 200
    assert [i["text"] for i in page.context["error_items"]] == [
        "Enter a reason for choosing targeted early help instead of the recommended single-agency response"
    ]
    assert [i["href"] for i in page.context["error_items"]] == ["#id_override_reason"]
    assert "Typed reasons" in page.content.decode()
    assert not TriageDecision.objects.exists()


def test_deciding_targeted_early_help_opens_an_episode_and_says_so(client, partner, front_door):
    contact = check_everyone(submit_request(partner), front_door)
    client.force_login(front_door)

    response = client.post(reverse("referrals:decide", args=[contact.pk]), decision_data(contact))

    assert response.status_code == 302
    assert Episode.objects.get(contact=contact).status == "awaiting_allocation"
    page = client.get(response["Location"])
    assert "The family is awaiting allocation" in page.content.decode()


def test_a_manager_agrees_with_a_referral_to_social_care(client, partner, front_door):
    manager = make_manager()
    contact = check_everyone(submit_request(partner), front_door)
    services.triage_decide(contact=contact, actor=front_door, level=level(4), outcome="social_care", needs=[],
                           rationale="Disclosure of harm", statutory_concern=True)
    sign_in_client(client, manager)

    listing = client.get(reverse("referrals:oversight_list"))
    assert contact.reference in listing.content.decode()
    refused = client.post(reverse("referrals:oversight", args=[contact.pk]), {"agreed": "no"})
    assert [i["text"] for i in refused.context["error_items"]] == [
        "Enter why you do not agree, so the front door can decide again"
    ]
    agreed = client.post(reverse("referrals:oversight", args=[contact.pk]), {"agreed": "yes"})

    assert agreed["Location"] == reverse("referrals:oversight_list")
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    assert client.get(reverse("referrals:oversight", args=[contact.pk])).status_code == 404


def test_the_queue_tags_urgency_and_lateness(client, front_door):
    late = record_contact(front_door, received_at=timezone.now() - timezone.timedelta(days=10), urgency="immediate")
    client.force_login(front_door)

    html = client.get(reverse("referrals:queue")).content.decode()

    assert late.reference in html
    assert "Overdue" in html
    assert "Immediate" in html


def test_the_queue_warns_when_contacts_surge(client, front_door):
    today = timezone.localtime()
    for days_ago in range(1, 15):
        record_contact(front_door, received_at=today - timezone.timedelta(days=days_ago))
    for _ in range(8):
        record_contact(front_door, received_at=today)
    client.force_login(front_door)

    html = client.get(reverse("referrals:queue")).content.decode()

    assert "govuk-warning-text" in html
    assert "More contacts than usual: 8 contacts today" in html
