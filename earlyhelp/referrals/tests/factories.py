"""Front-door test builders, named by lifecycle state: a request sent, a contact checked, a decision made."""

from __future__ import annotations

import importlib
from datetime import date

from django.apps import apps

from earlyhelp.accounts.models import AgencyType, Role
from earlyhelp.core.testing import make_agency, make_user
from earlyhelp.referrals import services
from earlyhelp.referrals.forms import new_idempotency_key
from earlyhelp.referrals.models import Contact, EntryPoint, LevelOfNeed

_reference_data = importlib.import_module("earlyhelp.referrals.migrations.0002_default_levels_and_timescales")


def ensure_front_door_reference_data() -> None:
    """The four levels of need and the decision clocks the service ships with.

    A migration creates them, but tests that run in a transaction (the browser tests) empty every
    table afterwards, so tests that need them put them back.
    """
    _reference_data.create(apps, None)


def level(number: int) -> LevelOfNeed:
    return LevelOfNeed.objects.get(level=number)


def make_partner(**kw):
    agency = kw.pop("agency", None) or make_agency(agency_type=AgencyType.SCHOOL, default_referral_source="2A")
    return make_user(Role.PARTNER_REFERRER, agency=agency, job_title=kw.pop("job_title", "Safeguarding lead"), **kw)


def make_front_door(**kw):
    return make_user(Role.FRONT_DOOR, **kw)


def make_manager(**kw):
    return make_user(Role.TEAM_MANAGER, **kw)


def a_child(**kw) -> services.NamedPerson:
    return services.NamedPerson(
        first_name=kw.pop("first_name", "Mia"), last_name=kw.pop("last_name", "Ashworth"),
        date_of_birth=kw.pop("date_of_birth", date(2016, 4, 12)), sex=kw.pop("sex", "F"), **kw,
    )


def consent_given(**kw) -> services.ConsentRecord:
    return services.ConsentRecord(status="given", given_by_name=kw.pop("given_by_name", "Jo Ashworth (mother)"), **kw)


def submit_request(partner, **kw) -> Contact:
    """A partner's request, sent."""
    values = {
        "actor": partner,
        "entry_point": EntryPoint.PARTNER_FORM,
        "reasons": "Attendance has fallen to 70% and Mia seems hungry in the mornings.",
        "children": [a_child()],
        "consent": consent_given(),
        "idempotency_key": new_idempotency_key(),
    }
    values.update(kw)
    return services.contact_submit(**values)


def record_contact(front_door, **kw) -> Contact:
    """A contact the front door records (a self-referral unless told otherwise)."""
    values = {
        "actor": front_door,
        "entry_point": EntryPoint.SELF_REFERRAL,
        "reasons": "Mum says she is struggling with the children's behaviour.",
        "children": [a_child()],
        "consent": consent_given(),
    }
    values.update(kw)
    return services.contact_submit(**values)


def check_everyone(contact: Contact, actor) -> Contact:
    """Every child named created as a new person, so the contact can be decided."""
    for named in contact.named_people.filter(person__isnull=True, role="child"):
        services.contact_create_person(contact_person=named, actor=actor)
    contact.refresh_from_db()
    return contact


THREE_COMPLEX_NEEDS = [
    services.NeedFound(area="SF1", unmet=True, complex=True),
    services.NeedFound(area="SF9", unmet=True, complex=True),
    services.NeedFound(area="SF10", unmet=True, complex=True),
]


def decide_targeted(contact: Contact, actor, **kw):
    values = {
        "contact": contact, "actor": actor, "level": level(3), "outcome": "targeted_early_help",
        "needs": THREE_COMPLEX_NEEDS, "rationale": "Three complex needs: an Early Help Assessment with a TAF.",
    }
    values.update(kw)
    return services.triage_decide(**values)
