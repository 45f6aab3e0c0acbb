"""Front-door invariants the database enforces: consent overrides need a reason, decisions need a rationale."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import make_user
from earlyhelp.referrals.models import Consent, Contact, LevelOfNeed, TriageDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact():
    return Contact.objects.create(
        entry_point="partner_form", received_at=timezone.now(), referral_source="2A", reasons="Worried about attendance"
    )


def test_proceeding_without_consent_needs_a_recorded_reason(contact):
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(contact=contact, scope="referral", status="refused", recorded_on=date(2025, 1, 1),
                               proceed_without_consent=True)
    consent = Consent.objects.create(
        contact=contact, scope="referral", status="refused", recorded_on=date(2025, 1, 1),
        proceed_without_consent=True, reason_for_proceeding="Risk of significant harm to the child",
    )
    assert consent.pk


def test_consent_given_names_who_gave_it(contact):
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(contact=contact, scope="referral", status="given", recorded_on=date(2025, 1, 1))


def test_decision_needs_rationale_and_override_reason(contact):
    decider = make_user(Role.FRONT_DOOR)
    level = LevelOfNeed.objects.get(level=3)
    common = {"contact": contact, "decided_by": decider, "decided_at": timezone.now(), "level_of_need": level}
    with pytest.raises(IntegrityError), transaction.atomic():
        TriageDecision.objects.create(outcome="targeted_early_help", rationale="", **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        TriageDecision.objects.create(
            outcome="targeted_early_help", rationale="Three complex needs", recommended_outcome="single_agency", **common
        )
    decision = TriageDecision.objects.create(
        outcome="targeted_early_help", rationale="Three complex needs", recommended_outcome="single_agency",
        override_reason="School cannot meet the housing need alone", **common,
    )
    assert decision.pk


def test_the_partnerships_four_levels_of_need_ship_with_the_service():
    assert list(LevelOfNeed.objects.order_by("level").values_list("level", flat=True)) == [1, 2, 3, 4]
