"""The front door's services at their edges: what they record, what they refuse, and that a refusal
leaves nothing behind."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from earlyhelp.accounts.models import Role, TeamKind
from earlyhelp.audit.models import AuditAction, AuditEvent
from earlyhelp.casework.models import CaseEvent, Episode
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.testing import make_agency, make_household, make_locality, make_team, make_user
from earlyhelp.people.models import HouseholdMember, Person
from earlyhelp.referrals import known_people, services
from earlyhelp.referrals.forms import new_idempotency_key
from earlyhelp.referrals.models import (
    Consent,
    Contact,
    ContactPerson,
    ContactStatus,
    ContactTypeSetting,
    EntryPoint,
    MatchStatus,
    TriageDecision,
)
from earlyhelp.referrals.tests.factories import (
    THREE_COMPLEX_NEEDS,
    a_child,
    check_everyone,
    consent_given,
    decide_targeted,
    level,
    make_partner,
    record_contact,
    submit_request,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")





def _problems(error) -> dict[str, str]:
    return dict(error.value.field_problems)


# --- Sending a request ----------------------------------------------------------------------------


def test_a_partner_request_is_recorded_with_its_people_needs_consent_and_deadline(partner):
    contact = submit_request(
        partner,
        adults=[services.NamedPerson(first_name="Jo", last_name="Ashworth", relationship_to_child="Mother")],
        needs=[services.PresentingNeed(area="SF1"), services.PresentingNeed(area="SF9")],
        urgency="urgent",
    )

    assert contact.status == ContactStatus.AWAITING_TRIAGE
    assert contact.referrer_user == partner
    assert contact.referrer_agency == partner.agency
    assert contact.referral_source == "2A"  # from the school's default
    assert contact.decision_due_at > contact.received_at
    assert [(p.role, p.first_name) for p in contact.named_people.order_by("role")] == [("adult", "Jo"), ("child", "Mia")]
    assert sorted(contact.needs.values_list("area", flat=True)) == ["SF1", "SF9"]
    consent = contact.consents.get()
    assert (consent.status, consent.given_by_name, consent.proceed_without_consent) == ("given", "Jo Ashworth (mother)", False)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="referrals.contact", object_id=str(contact.pk)).exists()


def test_sending_twice_with_the_same_key_records_the_request_once(partner):
    key = new_idempotency_key()

    first = submit_request(partner, idempotency_key=key)
    second = submit_request(partner, idempotency_key=key, reasons="A retry with different words")

    assert second.pk == first.pk
    assert Contact.objects.count() == 1
    assert ContactPerson.objects.count() == 1
    assert Contact.objects.get().reasons.startswith("Attendance")
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="referrals.contact").count() == 1


def test_another_users_key_is_refused_and_reveals_nothing(partner):
    key = new_idempotency_key()
    submit_request(partner, idempotency_key=key)

    with pytest.raises(services.FieldProblems) as error:
        submit_request(make_partner(), idempotency_key=key)

    assert "idempotency_key" in _problems(error)
    assert Contact.objects.count() == 1


def test_a_draft_keeps_what_was_typed_and_becomes_the_request_when_sent(partner):
    key = new_idempotency_key()
    typed = {"children-0-first_name": ["Mia"], "children-0-date_of_birth_day": ["31"],
             "children-0-date_of_birth_month": ["2"], "reasons": ["Half written\x00"]}

    draft = services.contact_save_draft(actor=partner, data=typed, idempotency_key=key)
    again = services.contact_save_draft(actor=partner, data={**typed, "reasons": ["Written some more"]}, idempotency_key=key)

    assert again.pk == draft.pk
    draft.refresh_from_db()
    assert draft.status == ContactStatus.DRAFT
    assert draft.draft_data["children-0-date_of_birth_day"] == ["31"]  # not a real date yet, and still kept
    assert draft.draft_data["reasons"] == ["Written some more"]
    assert not Contact.objects.submitted().exists()

    sent = submit_request(partner, idempotency_key=key)

    assert sent.pk == draft.pk
    assert sent.status == ContactStatus.AWAITING_TRIAGE
    assert sent.draft_data is None
    assert Contact.objects.count() == 1
    assert services.contact_save_draft(actor=partner, data=typed, idempotency_key=key).status == ContactStatus.AWAITING_TRIAGE


def test_a_date_of_birth_in_the_future_is_refused_next_to_the_field(partner):
    with pytest.raises(services.FieldProblems) as error:
        submit_request(partner, children=[a_child(), a_child(first_name="Leo", date_of_birth=date(2999, 1, 1))])

    assert _problems(error) == {"children.1.date_of_birth": "Date of birth of child 2 must be today or in the past"}
    assert not Contact.objects.exists()


def test_going_ahead_without_consent_needs_a_reason(partner):
    with pytest.raises(services.FieldProblems) as error:
        submit_request(partner, consent=services.ConsentRecord(status="refused"))

    assert _problems(error) == {
        "consent.reason_for_proceeding": "Enter why this request should go ahead without the family's agreement"
    }
    assert not Contact.objects.exists()

    contact = submit_request(
        partner, consent=services.ConsentRecord(status="refused", reason_for_proceeding="Mia disclosed being hit")
    )
    consent = Consent.objects.get(contact=contact)
    assert consent.proceed_without_consent is True
    assert consent.reason_for_proceeding == "Mia disclosed being hit"


def test_consent_given_names_who_and_may_cover_information_sharing(partner):
    with pytest.raises(services.FieldProblems) as error:
        submit_request(partner, consent=services.ConsentRecord(status="given"))
    assert _problems(error) == {"consent.given_by_name": "Enter the name of the person who agreed"}

    contact = submit_request(partner, consent=consent_given(scopes=("referral", "information_sharing")))
    assert sorted(contact.consents.values_list("scope", flat=True)) == ["information_sharing", "referral"]


def test_an_unknown_referral_source_code_is_refused(front_door):
    with pytest.raises(services.FieldProblems) as error:
        record_contact(front_door, referral_source="2Z")

    assert _problems(error) == {"referral_source": "Select a referral source from the list"}
    assert not Contact.objects.exists()


def test_a_request_names_at_least_one_child_and_says_what_the_worry_is(partner):
    with pytest.raises(services.FieldProblems) as error:
        submit_request(partner, children=[], reasons="  ")

    assert _problems(error) == {"children": "Enter the details of at least one child", "reasons": "Enter what you are worried about"}


@pytest.mark.parametrize(
    ("entry_point", "source"),
    [(EntryPoint.POLICE_NOTIFICATION, "6"), (EntryPoint.SELF_REFERRAL, "1C"), (EntryPoint.STEP_DOWN, "5A"),
     (EntryPoint.ADVICE_POINT, "10")],
)
def test_the_referral_source_defaults_from_the_kind_of_contact(front_door, entry_point, source):
    assert record_contact(front_door, entry_point=entry_point).referral_source == source


def test_the_referral_source_defaults_from_the_referrers_agency_type_when_it_has_no_default(front_door):
    gp = make_agency(agency_type="gp", default_referral_source="")
    contact = record_contact(front_door, entry_point=EntryPoint.PHONE, referrer=services.Referrer(name="Dr Shah", agency=gp))
    assert contact.referral_source == "3A"


def test_the_decision_deadline_skips_a_bank_holiday_weekend(front_door):
    # Friday 22 August 2025, then the weekend and the summer bank holiday on Monday 25 August.
    received = datetime(2025, 8, 22, 16, 30, tzinfo=LONDON)

    contact = record_contact(front_door, received_at=received)

    assert contact.decision_due_at.astimezone(LONDON) == datetime(2025, 8, 26, 23, 59, 59, 999999, tzinfo=LONDON)


def test_the_decision_clock_is_the_one_set_for_the_kind_of_contact(front_door):
    ContactTypeSetting.objects.filter(entry_point=EntryPoint.POLICE_NOTIFICATION).update(decision_working_days=3)
    received = datetime(2025, 8, 22, 9, 0, tzinfo=LONDON)

    contact = record_contact(front_door, entry_point=EntryPoint.POLICE_NOTIFICATION, received_at=received)

    assert contact.decision_due_at.astimezone(LONDON).date() == date(2025, 8, 28)


def test_an_advice_point_call_is_closed_at_once_with_an_advice_decision(front_door):
    contact = record_contact(
        front_door,
        entry_point=EntryPoint.ADVICE_POINT,
        children=[],
        consent=None,
        reasons="",
        advice_given="Signposted to the family hub's parenting course",
        close_with_advice=True,
    )

    assert contact.status == ContactStatus.DECIDED
    decision = contact.decision
    assert (decision.outcome, decision.level_of_need.level, decision.recommended_outcome) == ("advice", 1, "advice")
    assert decision.rationale == "Signposted to the family hub's parenting course"
    assert decision.decided_by == front_door


def test_only_an_advice_point_call_can_be_closed_with_advice(front_door):
    with pytest.raises(services.FieldProblems) as error:
        record_contact(front_door, entry_point=EntryPoint.POLICE_NOTIFICATION, close_with_advice=True, advice_given="x")
    assert "close_with_advice" in _problems(error)


def test_a_partner_cannot_record_a_contact_for_the_front_door(partner):
    with pytest.raises(PermissionDenied):
        record_contact(partner)
    assert not Contact.objects.exists()


# --- Who the contact is about ---------------------------------------------------------------------


def test_matching_a_child_links_the_family_and_starts_its_chronology(partner, front_door):
    household = make_household(children=1)
    known = household.memberships.get(role="child").person
    contact = submit_request(partner)
    named = contact.named_people.get()

    services.contact_match_person(contact_person=named, person=known, actor=front_door, score=0.93)

    named.refresh_from_db()
    contact.refresh_from_db()
    assert (named.person, named.match_status, named.match_score, named.matched_by) == (known, MatchStatus.MATCHED, 0.93, front_door)
    assert contact.household == household
    assert CaseEvent.objects.filter(household=household, kind="contact_received").exists()
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="referrals.contactperson").exists()


def test_a_new_person_joins_a_new_family_and_the_matching_engine_indexes_them(partner, front_door, monkeypatch):
    indexed = []
    monkeypatch.setattr(known_people, "engine", lambda: SimpleNamespace(index_person=indexed.append))
    contact = submit_request(
        partner,
        adults=[services.NamedPerson(first_name="Jo", last_name="Ashworth", relationship_to_child="Mum")],
        children=[a_child(address="4 Mill Lane, Northmoor", postcode="NM1 4AB")],
    )
    child, adult = contact.named_people.get(role="child"), contact.named_people.get(role="adult")

    person = services.contact_create_person(contact_person=child, actor=front_door)
    parent = services.contact_create_person(contact_person=adult, actor=front_door)

    contact.refresh_from_db()
    assert person.la_id == f"EH{person.pk:08d}"
    assert (person.first_name, person.date_of_birth) == ("Mia", date(2016, 4, 12))
    assert contact.household.name == "The Ashworth family"
    assert contact.household.current_address().postcode == "NM1 4AB"
    roles = dict(HouseholdMember.objects.filter(household=contact.household).values_list("person_id", "role"))
    assert roles == {person.pk: "child", parent.pk: "parent"}
    assert indexed == [person, parent]
    child.refresh_from_db()
    assert child.match_status == MatchStatus.NEW_PERSON


def test_nobody_is_matched_twice_or_after_the_decision(partner, front_door):
    contact = check_everyone(submit_request(partner), front_door)
    named = contact.named_people.get()

    with pytest.raises(ApplicationError):
        services.contact_create_person(contact_person=named, actor=front_door)
    assert Person.objects.count() == 1


# --- The decision ---------------------------------------------------------------------------------


def test_deciding_before_every_child_is_checked_is_refused_in_plain_words(partner, front_door):
    contact = submit_request(partner, children=[a_child(), a_child(first_name="Leo")])
    services.contact_create_person(contact_person=contact.named_people.get(first_name="Mia"), actor=front_door)

    with pytest.raises(services.FieldProblems) as error:
        decide_targeted(contact, front_door)

    assert error.value.problems == [
        "Before deciding, check whether Leo Ashworth is already known: confirm the match or create a new person "
        "for each child named"
    ]
    assert not TriageDecision.objects.exists()
    assert not Episode.objects.exists()


def test_choosing_another_outcome_than_recommended_without_a_reason_is_refused_and_nothing_is_stored(partner, front_door):
    contact = check_everyone(submit_request(partner), front_door)

    with pytest.raises(services.FieldProblems) as error:
        decide_targeted(contact, front_door, needs=[services.NeedFound(area="SF1", single_agency_can_meet=True)])

    assert _problems(error) == {
        "override_reason": "Enter a reason for choosing targeted early help instead of the recommended single-agency response"
    }
    assert not TriageDecision.objects.exists()
    assert not Episode.objects.exists()
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_TRIAGE


def test_an_override_with_a_reason_is_stored_with_the_recommendation(partner, front_door):
    contact = check_everyone(submit_request(partner), front_door)

    decision = decide_targeted(
        contact, front_door, needs=[services.NeedFound(area="SF1", single_agency_can_meet=True)],
        override_reason="The school has tried alone for a year",
    )

    assert (decision.recommended_outcome, decision.outcome) == ("single_agency", "targeted_early_help")
    assert decision.recommendation_reason == "1 unmet need that one agency can meet: a single-agency response."
    assert decision.override_reason == "The school has tried alone for a year"


def test_a_decision_needs_a_rationale_and_a_single_agency_names_the_agency(partner, front_door):
    contact = check_everyone(submit_request(partner), front_door)

    with pytest.raises(services.FieldProblems) as error:
        services.triage_decide(
            contact=contact, actor=front_door, level=level(2), outcome="single_agency",
            needs=[services.NeedFound(area="SF1", single_agency_can_meet=True)], rationale=" ",
        )

    assert _problems(error) == {
        "single_agency": "Select the agency that will respond",
        "rationale": "Enter the reasons for your decision",
    }


def test_targeted_early_help_opens_an_episode_awaiting_allocation_with_the_localitys_team(partner, front_door):
    locality = make_locality()
    team = make_team(kind=TeamKind.EARLY_HELP, locality=locality)
    household = make_household(children=2, adults=1)
    household.addresses.update(locality=locality)
    known = household.memberships.filter(role="child").first().person
    contact = submit_request(partner)
    services.contact_match_person(contact_person=contact.named_people.get(), person=known, actor=front_door)

    decision = decide_targeted(contact, front_door)

    contact.refresh_from_db()
    assert (contact.status, decision.needs_oversight) == (ContactStatus.DECIDED, False)
    episode = Episode.objects.get(contact=contact)
    assert (episode.status, episode.household, episode.team, episode.lead_practitioner) == (
        "awaiting_allocation", household, team, None,
    )
    subjects = set(episode.members.filter(is_subject=True).values_list("person_id", flat=True))
    assert subjects == {known.pk}
    assert episode.members.count() == 3  # the whole current household works with the episode
    assert sorted(decision.needs.values_list("area", flat=True)) == ["SF1", "SF10", "SF9"]
    assert CaseEvent.objects.filter(episode=episode, kind="episode_opened").exists()


def test_targeted_early_help_without_a_team_for_the_locality_waits_with_no_team(partner, front_door):
    contact = check_everyone(submit_request(partner), front_door)

    decide_targeted(contact, front_door)

    assert Episode.objects.get(contact=contact).team is None


def test_social_care_waits_for_a_managers_oversight(partner, front_door, manager):
    contact = check_everyone(submit_request(partner), front_door)

    decision = services.triage_decide(
        contact=contact, actor=front_door, level=level(4), outcome="social_care", needs=[],
        rationale="Bruising reported by the school", statutory_concern=True,
    )

    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_OVERSIGHT
    assert (decision.needs_oversight, decision.recommended_outcome, decision.statutory_concern) == (True, "social_care", True)
    assert not Episode.objects.exists()

    services.triage_oversee(decision=decision, actor=manager, agreed=True, note="")

    contact.refresh_from_db()
    decision.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    assert (decision.oversight_by, decision.oversight_agreed) == (manager, True)


def test_a_manager_who_does_not_agree_says_why_and_the_front_door_decides_again(partner, front_door, manager):
    contact = check_everyone(submit_request(partner), front_door)
    decision = services.triage_decide(
        contact=contact, actor=front_door, level=level(1), outcome="nfa", needs=[], rationale="Nothing to do",
        override_reason="The family has moved away",
    )

    with pytest.raises(services.FieldProblems):
        services.triage_oversee(decision=decision, actor=manager, agreed=False, note="")
    services.triage_oversee(decision=decision, actor=manager, agreed=False, note="Check with the school first")

    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_TRIAGE
    again = decide_targeted(contact, front_door)
    assert again.pk == decision.pk
    assert (again.outcome, again.oversight_agreed, again.needs_oversight) == ("targeted_early_help", None, False)
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="referrals.triagedecision").count() == 2


def test_only_a_manager_oversees_and_only_what_waits_for_oversight(partner, front_door, manager):
    contact = check_everyone(submit_request(partner), front_door)
    decision = decide_targeted(contact, front_door)

    with pytest.raises(PermissionDenied):
        services.triage_oversee(decision=decision, actor=front_door, agreed=True, note="")
    with pytest.raises(ApplicationError):
        services.triage_oversee(decision=decision, actor=manager, agreed=True, note="")


def test_a_contact_is_decided_once(partner, front_door):
    contact = check_everyone(submit_request(partner), front_door)
    decide_targeted(contact, front_door)

    with pytest.raises(ApplicationError):
        decide_targeted(contact, front_door)
    assert Episode.objects.count() == 1


# --- Re-referrals ---------------------------------------------------------------------------------


def _referred(partner, front_door, when: datetime, person=None):
    with time_machine.travel(when, tick=False):
        contact = submit_request(partner, received_at=when)
        named = contact.named_people.get()
        if person is None:
            person = services.contact_create_person(contact_person=named, actor=front_door)
        else:
            services.contact_match_person(contact_person=named, person=person, actor=front_door)
        decide_targeted(contact, front_door)
    contact.refresh_from_db()
    return contact, person


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        (datetime(2025, 3, 1, 9, 0, tzinfo=LONDON), True),  # 12 months to the day: within
        (datetime(2025, 3, 2, 9, 0, tzinfo=LONDON), False),  # 12 months and a day: not
    ],
)
def test_a_referral_within_12_months_of_the_last_is_a_re_referral(partner, front_door, second, expected):
    first, child = _referred(partner, front_door, datetime(2024, 3, 1, 11, 0, tzinfo=LONDON))

    later, _ = _referred(partner, front_door, second, person=child)

    assert first.is_re_referral is False
    assert later.is_re_referral is expected
    episode = Episode.objects.get(contact=later)
    assert episode.previous_episode == (Episode.objects.get(contact=first) if expected else None)


# --- Queue and surge are read elsewhere; the audit is written here --------------------------------


def test_the_staff_who_record_and_decide_are_the_audits_actors(partner, front_door):
    contact = check_everyone(submit_request(partner), front_door)
    decide_targeted(contact, front_door)

    actors = set(AuditEvent.objects.filter(object_type="referrals.triagedecision").values_list("actor_id", flat=True))
    assert actors == {front_door.pk}
    assert make_user(Role.PERFORMANCE_LEAD).pk not in actors


def test_three_complex_needs_recommend_targeted_early_help():
    recommendation = services.triage_recommendation(needs=THREE_COMPLEX_NEEDS, statutory_concern=False)
    assert (recommendation.outcome, recommendation.level) == ("targeted_early_help", 3)


def test_a_decision_is_one_transaction_so_a_failure_leaves_nothing_behind(partner, front_door, monkeypatch):
    contact = check_everyone(submit_request(partner), front_door)
    audit_rows = AuditEvent.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("the episode could not be opened")

    monkeypatch.setattr(services, "_episode_open", broken)
    with pytest.raises(RuntimeError):
        decide_targeted(contact, front_door)

    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_TRIAGE
    assert not TriageDecision.objects.exists()
    assert AuditEvent.objects.count() == audit_rows
    assert not CaseEvent.objects.filter(kind="front_door_decision").exists()


def test_an_unreadable_character_from_an_import_is_refused_not_a_database_error(front_door):
    with pytest.raises(services.FieldProblems) as error:
        record_contact(front_door, reasons="Nul \x00 here", children=[a_child(last_name="Ash\x00worth")])

    assert set(_problems(error)) == {"reasons", "children.0.last_name"}
