"""The front door's writes: a contact from any entry point, the people it names matched or created,
the triage decision and a team manager's oversight.

Each function is one business action: keyword-only arguments, an explicit actor, one transaction,
an audit entry for every row written, and a chronology row (``CaseEvent``) once the family is
known. The rules come from ``earlyhelp.domain``; the HTML pages call these functions, and so will
the REST API and the CSV import. A refusal is a ``FieldProblems`` (an ``ApplicationError``) whose
problems name the field they belong to, so any interface can show each one next to its field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from earlyhelp.accounts.models import Agency, AgencyType, Team, TeamKind
from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.services import record_create, record_delete, record_update, snapshot
from earlyhelp.casework.models import CaseEvent, Episode, EpisodeMember, EpisodeOrigin
from earlyhelp.core.errors import ApplicationError
from earlyhelp.domain import codes
from earlyhelp.domain.levels_of_need import IdentifiedNeed, Recommendation, check_override, recommend
from earlyhelp.domain.timescales import DEFAULT_TIMESCALES, decision_due, england_and_wales_bank_holidays
from earlyhelp.domain.triage import TRIAGE_OUTCOMES, URGENCIES, needs_manager_oversight
from earlyhelp.people.models import Household, HouseholdAddress, HouseholdMember, MemberRole, Person
from earlyhelp.referrals import known_people
from earlyhelp.referrals.models import (
    Consent,
    ConsentScope,
    ConsentStatus,
    Contact,
    ContactNeed,
    ContactPerson,
    ContactStatus,
    ContactTypeSetting,
    DecisionNeed,
    EntryPoint,
    LevelOfNeed,
    MatchStatus,
    NamedRole,
    TriageDecision,
)
from earlyhelp.referrals.selectors import REFERRAL_OUTCOMES, is_re_referral_for, unchecked_children_problem

OUTCOME_LABELS = dict(TRIAGE_OUTCOMES)
NEED_LABELS = dict(codes.SUPPORTING_FAMILIES_OUTCOMES)
REFERRAL_SOURCE_LABELS = dict(codes.REFERRAL_SOURCES)
SEX_CODES = codes.code_values(codes.SEX)
URGENCY_CODES = frozenset(code for code, _ in URGENCIES)

# The census referral source a contact carries when nobody chose one: first the referrer's agency,
# then the kind of contact, else 10 (unknown).
ENTRY_POINT_SOURCES: dict[str, str] = {
    EntryPoint.SELF_REFERRAL: "1C",
    EntryPoint.POLICE_NOTIFICATION: "6",
    EntryPoint.STEP_DOWN: "5A",
}
AGENCY_TYPE_SOURCES: dict[str, str] = {
    AgencyType.SCHOOL: "2A",
    AgencyType.EARLY_YEARS: "8",
    AgencyType.GP: "3A",
    AgencyType.HEALTH_VISITING: "3B",
    AgencyType.SCHOOL_NURSING: "3C",
    AgencyType.HOSPITAL: "3E",
    AgencyType.MENTAL_HEALTH: "3F",
    AgencyType.POLICE: "6",
    AgencyType.HOUSING: "4",
    AgencyType.VOLUNTARY: "8",
    AgencyType.PROBATION: "7",
    AgencyType.LOCAL_AUTHORITY: "5B",
    AgencyType.OTHER: "8",
}
UNKNOWN_SOURCE = "10"

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{16,100}$")
NHS_NUMBER = re.compile(r"^[0-9]{10}$")
LIMITS = {"first_name": 100, "last_name": 100, "address": 250, "postcode": 10, "relationship_to_child": 60}


class FieldProblems(ApplicationError):
    """The action was refused; ``field_problems`` pairs each sentence with the field it is about.

    Fields are dotted paths: ``reasons``, ``referral_source``, ``children.0.date_of_birth``,
    ``consent.reason_for_proceeding``. A problem about the whole record uses ``""``.
    """

    def __init__(self, field_problems: Sequence[tuple[str, str]]):
        self.field_problems = list(field_problems)
        super().__init__(
            self.field_problems[0][1],
            problems=[message for _, message in self.field_problems],
            field=self.field_problems[0][0],
        )


# --- What callers pass in -------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedPerson:
    """A child or adult as the referrer describes them."""

    first_name: str
    last_name: str
    date_of_birth: date | None = None
    sex: str = "U"
    address: str = ""
    postcode: str = ""
    nhs_number: str = ""
    relationship_to_child: str = ""


@dataclass(frozen=True)
class ConsentRecord:
    """What the family agreed to, who agreed and when; or why the request goes ahead without agreement."""

    status: str
    given_by_name: str = ""
    given_on: date | None = None
    scopes: tuple[str, ...] = (ConsentScope.REFERRAL,)
    reason_for_proceeding: str = ""


@dataclass(frozen=True)
class PresentingNeed:
    """A need the referrer describes, coded to a Supporting Families outcome area."""

    area: str
    detail: str = ""


@dataclass(frozen=True)
class Referrer:
    """Who is asking for help, for contacts the front door records on someone else's behalf."""

    name: str = ""
    role: str = ""
    agency: Agency | None = None
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class NeedFound:
    """A need the front door identifies when deciding."""

    area: str
    unmet: bool = True
    complex: bool = False
    single_agency_can_meet: bool = False


# --- Rules shared with the forms (so a page can show every problem at once) ------------------------


def date_of_birth_problem(value: date | None, *, today: date, who: str) -> str | None:
    """A date of birth cannot be in the future."""
    if value is not None and value > today:
        return f"Date of birth of {who} must be today or in the past"
    return None


def consent_problems(consent: ConsentRecord | None, *, today: date) -> list[tuple[str, str]]:
    """Consent names who agreed; going ahead without agreement needs a recorded reason."""
    if consent is None:
        return [("consent.status", "Select whether the family agreed to this request")]
    if consent.status not in ConsentStatus.values:
        return [("consent.status", "Select whether the family agreed to this request")]
    problems = []
    if consent.status == ConsentStatus.GIVEN:
        if not consent.given_by_name.strip():
            problems.append(("consent.given_by_name", "Enter the name of the person who agreed"))
        if consent.given_on is not None and consent.given_on > today:
            problems.append(("consent.given_on", "The date they agreed must be today or in the past"))
    elif not consent.reason_for_proceeding.strip():
        problems.append(
            ("consent.reason_for_proceeding", "Enter why this request should go ahead without the family's agreement")
        )
    if any(scope not in ConsentScope.values for scope in consent.scopes):
        problems.append(("consent.scopes", "Select what the family agreed to from the list"))
    return problems


def default_referral_source(*, entry_point: str, agency: Agency | None) -> str:
    """The census referral source for a contact when nobody chose one."""
    if agency is not None:
        if agency.default_referral_source in REFERRAL_SOURCE_LABELS:
            return agency.default_referral_source
        return AGENCY_TYPE_SOURCES.get(agency.agency_type, "8")
    return ENTRY_POINT_SOURCES.get(entry_point, UNKNOWN_SOURCE)


def _person_problems(person: NamedPerson, *, field: str, who: str, today: date) -> list[tuple[str, str]]:
    problems = []
    if not person.first_name.strip():
        problems.append((f"{field}.first_name", f"Enter the first name of {who}"))
    if not person.last_name.strip():
        problems.append((f"{field}.last_name", f"Enter the last name of {who}"))
    for name, limit in LIMITS.items():
        if len(getattr(person, name)) > limit:
            label = name.replace("_", " ").capitalize()
            problems.append((f"{field}.{name}", f"{label} of {who} must be {limit} characters or fewer"))
    dob = date_of_birth_problem(person.date_of_birth, today=today, who=who)
    if dob:
        problems.append((f"{field}.date_of_birth", dob))
    if person.sex not in SEX_CODES:
        problems.append((f"{field}.sex", f"Select the sex of {who}"))
    if person.nhs_number and not NHS_NUMBER.match(person.nhs_number):
        problems.append((f"{field}.nhs_number", f"NHS number of {who} must be 10 digits"))
    return problems


def _contact_problems(
    *,
    entry_point: str,
    reasons: str,
    children: Sequence[NamedPerson],
    adults: Sequence[NamedPerson],
    needs: Sequence[PresentingNeed],
    consent: ConsentRecord | None,
    urgency: str,
    referral_source: str,
    close_with_advice: bool,
    advice_given: str,
    today: date,
    other_texts: Mapping[str, str] | None = None,
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    texts = {"reasons": reasons, "advice_given": advice_given, **(other_texts or {})}
    for field_prefix, people in (("children", children), ("adults", adults)):
        for index, person in enumerate(people):
            texts.update({f"{field_prefix}.{index}.{name}": getattr(person, name) for name in LIMITS})
    # PostgreSQL cannot store a NUL character; the pages' forms already refuse it, an import may not.
    problems += [(name, "Remove the unreadable character from this answer") for name, text in texts.items() if "\x00" in text]
    if entry_point not in EntryPoint.values:
        problems.append(("entry_point", "Select how the contact came in"))
    if referral_source not in REFERRAL_SOURCE_LABELS:
        problems.append(("referral_source", "Select a referral source from the list"))
    if urgency not in URGENCY_CODES:
        problems.append(("urgency", "Select how urgent this is"))
    if not close_with_advice and not children:
        problems.append(("children", "Enter the details of at least one child"))
    for index, child in enumerate(children):
        problems += _person_problems(child, field=f"children.{index}", who=f"child {index + 1}", today=today)
    for index, adult in enumerate(adults):
        problems += _person_problems(adult, field=f"adults.{index}", who=f"adult {index + 1}", today=today)
    if not reasons.strip() and not close_with_advice:
        problems.append(("reasons", "Enter what you are worried about"))
    if any(need.area not in NEED_LABELS for need in needs):
        problems.append(("needs", "Select the family's needs from the list"))
    if close_with_advice:
        if entry_point != EntryPoint.ADVICE_POINT:
            problems.append(("close_with_advice", "Only an advice point contact can be closed with advice"))
        if not advice_given.strip():
            problems.append(("advice_given", "Enter the advice you gave"))
        if consent is not None:
            problems += consent_problems(consent, today=today)
    else:
        problems += consent_problems(consent, today=today)
    return problems


# --- Helpers --------------------------------------------------------------------------------------


def _require(actor, *capabilities: Capability) -> None:
    if not any(has_capability(actor, capability) for capability in capabilities):
        raise PermissionDenied("Not allowed")


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _decision_due_at(entry_point: str, received_at: datetime) -> datetime:
    setting = ContactTypeSetting.objects.filter(entry_point=entry_point).first()
    days = setting.decision_working_days if setting else DEFAULT_TIMESCALES.decision_working_days
    return decision_due(received_at, days, england_and_wales_bank_holidays())


def _event(*, household, kind: str, summary: str, actor, occurred_at: datetime, episode=None, person=None, **data):
    """A row in the family's chronology; only once the contact is linked to a household."""
    if household is None:
        return None
    return CaseEvent.objects.create(
        household=household,
        episode=episode,
        person=person,
        kind=kind,
        summary=summary[:300],
        actor=actor,
        occurred_at=occurred_at,
        data=data,
    )


def _clean_draft(data: Mapping[str, Any]) -> dict[str, Any]:
    """Keep what was typed as plain strings (PostgreSQL's jsonb cannot hold a NUL character)."""

    def text(value: Any) -> str:
        return str(value).replace("\x00", "")

    clean: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str) or len(key) > 100:
            continue
        clean[text(key)] = [text(v) for v in value] if isinstance(value, list | tuple) else text(value)
    return clean


def _contact_by_key(key: str, actor) -> Contact | None:
    """The contact an earlier attempt with this one-time key created, if any; only its own author may reuse a key."""
    contact = Contact.objects.select_for_update().filter(idempotency_key=key).first()
    if contact is not None and contact.recorded_by_id != actor.pk:
        raise FieldProblems([("idempotency_key", "This form has already been used. Start a new one.")])
    return contact


def _check_key(key: str | None) -> None:
    if key is not None and not IDEMPOTENCY_KEY.match(key):
        raise FieldProblems([("idempotency_key", "This form could not be sent. Check your answers and send it again.")])


# --- Contacts -------------------------------------------------------------------------------------


def contact_save_draft(*, actor, data: Mapping[str, Any], idempotency_key: str) -> Contact:
    """A partner saves an unfinished request to finish later; everything typed is kept as typed.

    The one-time key of the form identifies the draft: saving again updates it, and once the
    request has been sent, saving returns the sent request unchanged.
    """
    _require(actor, Capability.MAKE_REQUEST)
    _check_key(idempotency_key)
    if not idempotency_key:
        raise FieldProblems([("idempotency_key", "This form could not be saved. Try again.")])
    now = timezone.now()
    with transaction.atomic():
        contact = _contact_by_key(idempotency_key, actor)
        if contact is not None:
            if contact.status != ContactStatus.DRAFT:
                return contact
            before = snapshot(contact, ["draft_data"])
            contact.draft_data = _clean_draft(data)
            contact.save(update_fields=["draft_data", "updated_at"])
            record_update(actor=actor, instance=contact, before=before)
            return contact
        contact = Contact(
            entry_point=EntryPoint.PARTNER_FORM,
            status=ContactStatus.DRAFT,
            received_at=now,
            referral_source=default_referral_source(entry_point=EntryPoint.PARTNER_FORM, agency=actor.agency),
            referrer_user=actor,
            referrer_agency=actor.agency,
            reasons="",
            recorded_by=actor,
            idempotency_key=idempotency_key,
            draft_data=_clean_draft(data),
        )
        try:
            with transaction.atomic():
                contact.save()
        except IntegrityError:
            # Another request with the same key won the race: that one is the draft.
            existing = _contact_by_key(idempotency_key, actor)
            if existing is None:
                raise
            return existing
        record_create(actor=actor, instance=contact)
        return contact


def contact_submit(
    *,
    actor,
    entry_point: str,
    reasons: str,
    children: Sequence[NamedPerson],
    adults: Sequence[NamedPerson] = (),
    needs: Sequence[PresentingNeed] = (),
    consent: ConsentRecord | None = None,
    urgency: str = "routine",
    referral_source: str = "",
    referrer: Referrer | None = None,
    what_family_wants: str = "",
    free_text: str = "",
    advice_given: str = "",
    close_with_advice: bool = False,
    received_at: datetime | None = None,
    household: Household | None = None,
    idempotency_key: str | None = None,
) -> Contact:
    """A request for help reaches the front door, from any entry point.

    A partner's own request (``entry_point="partner_form"``, or ``"api"`` from a partner's own system)
    names the partner and their agency as the referrer; any other entry point is recorded by a
    front-door practitioner, who names the referrer. ``close_with_advice`` closes an advice point contact at once with an "advice"
    decision. Sending again with the same ``idempotency_key`` returns the first contact and
    records nothing new; a partner's draft with that key becomes the request.
    """
    # A partner's own request comes through their form or, from their own system, through the API.
    is_partner = entry_point == EntryPoint.PARTNER_FORM or (
        entry_point == EntryPoint.API and has_capability(actor, Capability.MAKE_REQUEST)
    )
    _require(actor, Capability.MAKE_REQUEST if is_partner else Capability.RECORD_CONTACT)
    _check_key(idempotency_key)
    received_at = received_at or timezone.now()
    today = timezone.localdate()
    if is_partner:
        referrer = Referrer(
            name=(referrer.name if referrer else "") or actor.get_full_name(),
            role=(referrer.role if referrer else "") or actor.job_title,
            agency=actor.agency,
            email=(referrer.email if referrer else "") or actor.email,
            phone=(referrer.phone if referrer else "") or actor.phone,
        )
    referrer = referrer or Referrer()
    source = referral_source or default_referral_source(entry_point=entry_point, agency=referrer.agency)

    with transaction.atomic():
        draft = _contact_by_key(idempotency_key, actor) if idempotency_key else None
        if draft is not None and draft.status != ContactStatus.DRAFT:
            return draft  # sent already: a double click, a retry or the back button
        problems = _contact_problems(
            entry_point=entry_point,
            reasons=reasons,
            children=children,
            adults=adults,
            needs=needs,
            consent=consent,
            urgency=urgency,
            referral_source=source,
            close_with_advice=close_with_advice,
            advice_given=advice_given,
            today=today,
            other_texts={"what_family_wants": what_family_wants, "free_text": free_text},
        )
        if close_with_advice and not has_capability(actor, Capability.TRIAGE):
            problems.append(("close_with_advice", "Only the front door can close a contact"))
        if problems:
            raise FieldProblems(problems)

        values = {
            "entry_point": entry_point,
            "status": ContactStatus.AWAITING_TRIAGE,
            "received_at": received_at,
            "decision_due_at": _decision_due_at(entry_point, received_at),
            "referral_source": source,
            "urgency": urgency,
            "referrer_user": actor if is_partner else None,
            "referrer_name": referrer.name[:150],
            "referrer_role": referrer.role[:150],
            "referrer_agency": referrer.agency,
            "referrer_email": referrer.email[:254],
            "referrer_phone": referrer.phone[:40],
            "household": household,
            "reasons": reasons,
            "what_family_wants": what_family_wants,
            "free_text": free_text,
            "advice_given": advice_given,
            "recorded_by": actor,
            "draft_data": None,
        }
        if draft is not None:
            before = snapshot(draft)
            for name, value in values.items():
                setattr(draft, name, value)
            draft.save()
            record_update(actor=actor, instance=draft, before=before)
            contact = draft
        else:
            contact = Contact(idempotency_key=idempotency_key, **values)
            try:
                with transaction.atomic():
                    contact.save()
            except IntegrityError:
                existing = _contact_by_key(idempotency_key, actor) if idempotency_key else None
                if existing is None:
                    raise
                return existing
            record_create(actor=actor, instance=contact)

        _record_named_people(contact, children=children, adults=adults, actor=actor)
        for need in {n.area: n for n in needs}.values():
            record_create(actor=actor, instance=ContactNeed.objects.create(contact=contact, area=need.area, detail=need.detail))
        if consent is not None:
            _record_consent(contact, consent, actor=actor, today=today)
        _event(
            household=household,
            kind="contact_received",
            summary=f"Contact received ({contact.get_entry_point_display()}, {contact.get_referral_source_display()})",
            actor=actor,
            occurred_at=received_at,
            contact_id=contact.pk,
        )
        if close_with_advice:
            _close_with_advice(contact, actor=actor, advice_given=advice_given, now=timezone.now())
        return contact


def _record_named_people(contact: Contact, *, children, adults, actor) -> None:
    for role, people in ((NamedRole.CHILD, children), (NamedRole.ADULT, adults)):
        for named in people:
            row = ContactPerson.objects.create(
                contact=contact,
                role=role,
                first_name=named.first_name.strip(),
                last_name=named.last_name.strip(),
                date_of_birth=named.date_of_birth,
                sex=named.sex,
                address=named.address.strip(),
                postcode=named.postcode.strip().upper(),
                nhs_number=named.nhs_number,
                relationship_to_child=named.relationship_to_child.strip(),
            )
            record_create(actor=actor, instance=row)


def _record_consent(contact: Contact, consent: ConsentRecord, *, actor, today: date) -> None:
    given = consent.status == ConsentStatus.GIVEN
    scopes = dict.fromkeys(consent.scopes if given else (ConsentScope.REFERRAL,)) or {ConsentScope.REFERRAL: None}
    for scope in scopes:
        row = Consent.objects.create(
            contact=contact,
            given_by_name=consent.given_by_name.strip()[:150],
            scope=scope,
            status=consent.status,
            recorded_on=consent.given_on or today,
            proceed_without_consent=not given,
            reason_for_proceeding="" if given else consent.reason_for_proceeding.strip(),
            recorded_by=actor,
        )
        record_create(actor=actor, instance=row)


def _close_with_advice(contact: Contact, *, actor, advice_given: str, now: datetime) -> TriageDecision:
    """An advice point call answered there and then: an "advice" decision at level 1, and the contact closed."""
    level = LevelOfNeed.objects.active().filter(level=1).first()
    if level is None:
        raise ApplicationError("The levels of need are not set up: ask an administrator to add them")
    recommendation = recommend([], statutory_concern=False)
    decision = TriageDecision.objects.create(
        contact=contact,
        decided_by=actor,
        decided_at=now,
        level_of_need=level,
        outcome="advice",
        rationale=advice_given,
        recommended_outcome=recommendation.outcome,
        recommendation_reason=recommendation.reason,
    )
    record_create(actor=actor, instance=decision)
    before = snapshot(contact, ["status"])
    contact.status = ContactStatus.DECIDED
    contact.save(update_fields=["status", "updated_at"])
    record_update(actor=actor, instance=contact, before=before)
    return decision


# --- Who the contact is about ---------------------------------------------------------------------


def _check_can_change_people(contact_person: ContactPerson) -> None:
    if contact_person.contact.status != ContactStatus.AWAITING_TRIAGE:
        raise ApplicationError("The people on a contact can only be checked before it is decided")
    if contact_person.match_status != MatchStatus.UNCHECKED:
        raise ApplicationError(
            f"{contact_person.first_name} {contact_person.last_name} has already been matched or created"
        )


def _link_household(contact: Contact, household: Household | None, *, actor) -> None:
    """The first household found for a contact becomes the contact's family (and its chronology starts)."""
    if household is None or contact.household_id is not None:
        return
    before = snapshot(contact, ["household_id"])
    contact.household = household
    contact.save(update_fields=["household", "updated_at"])
    record_update(actor=actor, instance=contact, before=before)
    _event(
        household=household,
        kind="contact_received",
        summary=f"Contact {contact.reference} received ({contact.get_referral_source_display()})",
        actor=actor,
        occurred_at=contact.received_at,
        contact_id=contact.pk,
    )


def contact_match_person(*, contact_person: ContactPerson, person: Person, actor, score: float | None = None) -> ContactPerson:
    """The front door confirms that a named child or adult is a person already on the register."""
    _require(actor, Capability.TRIAGE)
    from earlyhelp.people.selectors import people_visible_to

    with transaction.atomic():
        contact_person = ContactPerson.objects.select_for_update().select_related("contact").get(pk=contact_person.pk)
        _check_can_change_people(contact_person)
        if not people_visible_to(actor).filter(pk=person.pk).exists():
            raise ApplicationError("That person could not be found")
        if person.merged_into_id is not None:
            raise ApplicationError("That record was merged into another: choose the record it was merged into")
        before = snapshot(contact_person, ["person_id", "match_status", "match_score", "matched_by_id", "matched_at"])
        contact_person.person = person
        contact_person.match_status = MatchStatus.MATCHED
        contact_person.match_score = score
        contact_person.matched_by = actor
        contact_person.matched_at = timezone.now()
        contact_person.save()
        record_update(actor=actor, instance=contact_person, before=before)
        _link_household(contact_person.contact, known_people.current_household(person), actor=actor)
        return contact_person


_PARENT_WORDS = re.compile(r"mother|father|mum|mom|dad|parent", re.IGNORECASE)
_CARER_WORDS = re.compile(r"carer|guardian|grand|foster|kinship", re.IGNORECASE)


def _member_role(contact_person: ContactPerson) -> str:
    if contact_person.role == NamedRole.CHILD:
        return MemberRole.CHILD
    if _PARENT_WORDS.search(contact_person.relationship_to_child):
        return MemberRole.PARENT
    if _CARER_WORDS.search(contact_person.relationship_to_child):
        return MemberRole.CARER
    return MemberRole.OTHER_ADULT


def _new_household(contact: Contact, first: ContactPerson, *, actor, today: date) -> Household:
    household = Household.objects.create(name=f"The {first.last_name} family"[:150])
    record_create(actor=actor, instance=household)
    if first.address or first.postcode:
        address = HouseholdAddress.objects.create(
            household=household,
            line_1=(first.address or "Address not known")[:150],
            town="",
            postcode=first.postcode[:10],
            moved_in_on=today,
        )
        record_create(actor=actor, instance=address)
    return household


def contact_create_person(*, contact_person: ContactPerson, actor) -> Person:
    """The front door finds no record of a named child or adult and adds them to the register.

    They join the contact's family (a new household is started when none is known yet), and the
    matching engine indexes them so the next contact finds them.
    """
    _require(actor, Capability.TRIAGE)
    today = timezone.localdate()
    with transaction.atomic():
        contact_person = ContactPerson.objects.select_for_update().select_related("contact").get(pk=contact_person.pk)
        _check_can_change_people(contact_person)
        contact = contact_person.contact
        person = Person.objects.create(
            la_id=f"TMP{contact_person.pk}",
            first_name=contact_person.first_name,
            last_name=contact_person.last_name,
            date_of_birth=contact_person.date_of_birth,
            sex=contact_person.sex,
            nhs_number=contact_person.nhs_number,
        )
        # The LA id follows the row number, so it is unique without a separate counter.
        person.la_id = f"EH{person.pk:08d}"
        person.save(update_fields=["la_id"])
        record_create(actor=actor, instance=person)

        household = contact.household or _new_household(contact, contact_person, actor=actor, today=today)
        membership = HouseholdMember.objects.create(
            household=household, person=person, role=_member_role(contact_person), joined_on=today
        )
        record_create(actor=actor, instance=membership)
        _link_household(contact, household, actor=actor)

        before = snapshot(contact_person, ["person_id", "match_status", "matched_by_id", "matched_at"])
        contact_person.person = person
        contact_person.match_status = MatchStatus.NEW_PERSON
        contact_person.matched_by = actor
        contact_person.matched_at = timezone.now()
        contact_person.save()
        record_update(actor=actor, instance=contact_person, before=before)
        known_people.index_person(person)
        return person


# --- The triage decision --------------------------------------------------------------------------


def triage_recommendation(*, needs: Sequence[NeedFound], statutory_concern: bool) -> Recommendation:
    """The levels-of-need threshold rule's recommendation for the needs found."""
    identified = [
        IdentifiedNeed(
            code=need.area,
            label=NEED_LABELS.get(need.area, need.area),
            unmet=need.unmet,
            single_agency_can_meet=need.single_agency_can_meet,
            complex=need.complex,
        )
        for need in needs
    ]
    return recommend(identified, statutory_concern=statutory_concern)


def _team_for(household: Household) -> Team | None:
    """The early help team that serves the family's locality, if there is one."""
    address = household.current_address()
    if address is None or address.locality_id is None:
        return None
    return (
        Team.objects.active()
        .filter(kind=TeamKind.EARLY_HELP, locality_id=address.locality_id)
        .order_by("order", "label", "pk")
        .first()
    )


def _episode_open(contact: Contact, *, actor, now: datetime, re_referral: bool) -> Episode:
    """A targeted early help episode for the family, awaiting allocation.

    Kept here until casework has its own services (issue 4): it then becomes a call to
    ``casework.services.episode_open``.
    """
    named = [p for p in contact.named_people.all() if p.person_id is not None]
    household = contact.household
    if household is None:
        first_child = next(p for p in named if p.role == NamedRole.CHILD)
        household = _new_household(contact, first_child, actor=actor, today=timezone.localdate(now))
        for p in named:
            membership = HouseholdMember.objects.create(
                household=household, person_id=p.person_id, role=_member_role(p), joined_on=timezone.localdate(now)
            )
            record_create(actor=actor, instance=membership)
        _link_household(contact, household, actor=actor)
    subjects = {p.person_id for p in named if p.role == NamedRole.CHILD}
    previous = None
    if re_referral:
        previous = (
            Episode.objects.filter(members__person_id__in=subjects).order_by("-opened_on", "-id").first()
        )
    episode = Episode.objects.create(
        household=household,
        contact=contact,
        origin=EpisodeOrigin.STEP_DOWN if contact.entry_point == EntryPoint.STEP_DOWN else EpisodeOrigin.FRONT_DOOR,
        opened_on=timezone.localdate(now),
        team=_team_for(household),
        previous_episode=previous,
    )
    record_create(actor=actor, instance=episode)
    members = {p.person_id: p.role == NamedRole.CHILD for p in named}
    for person_id in household.memberships.filter(left_on__isnull=True).values_list("person_id", flat=True):
        members.setdefault(person_id, False)
    for person_id, is_subject in members.items():
        member = EpisodeMember.objects.create(episode=episode, person_id=person_id, is_subject=is_subject)
        record_create(actor=actor, instance=member)
    _event(
        household=household,
        episode=episode,
        kind="episode_opened",
        summary="Targeted early help: awaiting allocation" + (f" to {episode.team.label}" if episode.team else ""),
        actor=actor,
        occurred_at=now,
        contact_id=contact.pk,
    )
    return episode


def triage_decide(
    *,
    contact: Contact,
    actor,
    level: LevelOfNeed | None,
    outcome: str,
    needs: Sequence[NeedFound],
    rationale: str,
    single_agency: Agency | None = None,
    override_reason: str = "",
    statutory_concern: bool = False,
    now: datetime | None = None,
) -> TriageDecision:
    """The front door decides on a contact: the level of need, the outcome and why.

    The threshold rule's recommendation is stored with its reason, and choosing another outcome
    needs a reason. Social care and no further action wait for a team manager's oversight;
    targeted early help opens an episode awaiting allocation. Every child named must be matched
    or created first.
    """
    _require(actor, Capability.TRIAGE)
    now = _now(now)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.status != ContactStatus.AWAITING_TRIAGE:
            raise ApplicationError("This contact is not waiting for a decision")
        problems: list[tuple[str, str]] = []
        unchecked = unchecked_children_problem(contact)
        if unchecked:
            problems.append(("", unchecked))
        if level is None or not LevelOfNeed.objects.active().filter(pk=level.pk).exists():
            problems.append(("level", "Select a level of need"))
        if any(need.area not in NEED_LABELS for need in needs):
            problems.append(("needs", "Select needs from the Supporting Families areas"))
        unique_needs = list({need.area: need for need in needs}.values())
        recommendation = triage_recommendation(needs=unique_needs, statutory_concern=statutory_concern)
        for message in check_override(recommendation, outcome, override_reason):
            problems.append(("outcome" if outcome not in OUTCOME_LABELS else "override_reason", message))
        if outcome == "single_agency" and single_agency is None:
            problems.append(("single_agency", "Select the agency that will respond"))
        if not rationale.strip():
            problems.append(("rationale", "Enter the reasons for your decision"))
        if problems:
            raise FieldProblems(problems)

        overseen = needs_manager_oversight(outcome)
        values = {
            "decided_by": actor,
            "decided_at": now,
            "level_of_need": level,
            "outcome": outcome,
            "single_agency": single_agency if outcome == "single_agency" else None,
            "rationale": rationale.strip(),
            "recommended_outcome": recommendation.outcome,
            "recommendation_reason": recommendation.reason,
            "override_reason": override_reason.strip() if outcome != recommendation.outcome else "",
            "statutory_concern": statutory_concern,
            "needs_oversight": overseen,
            "oversight_by": None,
            "oversight_at": None,
            "oversight_agreed": None,
            "oversight_note": "",
        }
        decision = TriageDecision.objects.filter(contact=contact).first()
        if decision is None:
            decision = TriageDecision.objects.create(contact=contact, **values)
            record_create(actor=actor, instance=decision)
        else:
            # Decided again after a manager did not agree: the audit keeps the earlier decision.
            before = snapshot(decision)
            for name, value in values.items():
                setattr(decision, name, value)
            decision.save()
            record_update(actor=actor, instance=decision, before=before)
            for old in decision.needs.all():
                record_delete(actor=actor, instance=old)
                old.delete()
        for need in unique_needs:
            row = DecisionNeed.objects.create(
                decision=decision,
                area=need.area,
                unmet=need.unmet,
                complex=need.complex,
                single_agency_can_meet=need.single_agency_can_meet,
            )
            record_create(actor=actor, instance=row)

        before = snapshot(contact, ["status", "is_re_referral"])
        if outcome in REFERRAL_OUTCOMES:
            children = [p.person_id for p in contact.named_people.all() if p.role == NamedRole.CHILD]
            contact.is_re_referral = is_re_referral_for(
                children, timezone.localtime(contact.received_at).date(), exclude_contact_id=contact.pk
            )
        contact.status = ContactStatus.AWAITING_OVERSIGHT if overseen else ContactStatus.DECIDED
        contact.save(update_fields=["status", "is_re_referral", "updated_at"])
        record_update(actor=actor, instance=contact, before=before)
        _event(
            household=contact.household,
            kind="front_door_decision",
            summary=f"Front door decision: {OUTCOME_LABELS[outcome]}" + (" (awaiting manager oversight)" if overseen else ""),
            actor=actor,
            occurred_at=now,
            contact_id=contact.pk,
            outcome=outcome,
            level=level.level,
        )
        if outcome == "targeted_early_help":
            _episode_open(contact, actor=actor, now=now, re_referral=contact.is_re_referral)
        return decision


def triage_oversee(*, decision: TriageDecision, actor, agreed: bool, note: str, now: datetime | None = None) -> TriageDecision:
    """A team manager checks a decision to refer to social care or to take no further action.

    Agreeing makes the decision final. Not agreeing needs a note, and sends the contact back to the
    front door to decide again.
    """
    _require(actor, Capability.OVERSEE_DECISIONS)
    now = _now(now)
    with transaction.atomic():
        decision = TriageDecision.objects.select_for_update().select_related("contact").get(pk=decision.pk)
        contact = decision.contact
        if not decision.needs_oversight or contact.status != ContactStatus.AWAITING_OVERSIGHT:
            raise ApplicationError("This decision is not waiting for oversight")
        if agreed is None:
            raise FieldProblems([("agreed", "Select whether you agree with the decision")])
        if not agreed and not note.strip():
            raise FieldProblems([("note", "Enter why you do not agree, so the front door can decide again")])
        before = snapshot(decision, ["oversight_by_id", "oversight_at", "oversight_agreed", "oversight_note"])
        decision.oversight_by = actor
        decision.oversight_at = now
        decision.oversight_agreed = agreed
        decision.oversight_note = note.strip()
        decision.save()
        record_update(actor=actor, instance=decision, before=before)
        before = snapshot(contact, ["status"])
        contact.status = ContactStatus.DECIDED if agreed else ContactStatus.AWAITING_TRIAGE
        contact.save(update_fields=["status", "updated_at"])
        record_update(actor=actor, instance=contact, before=before)
        _event(
            household=contact.household,
            kind="decision_overseen",
            summary=(
                f"Manager agreed: {decision.get_outcome_display()}"
                if agreed
                else f"Manager did not agree with {decision.get_outcome_display().lower()}: to be decided again"
            ),
            actor=actor,
            occurred_at=now,
            contact_id=contact.pk,
        )
        return decision


__all__ = [
    "ConsentRecord",
    "FieldProblems",
    "NamedPerson",
    "NeedFound",
    "PresentingNeed",
    "Referrer",
    "contact_create_person",
    "contact_match_person",
    "contact_save_draft",
    "contact_submit",
    "default_referral_source",
    "unchecked_children_problem",
    "triage_decide",
    "triage_oversee",
    "triage_recommendation",
]
