"""The plan's services at their edges: versions, conflicts, double submits, agreement, reviews."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import override_settings

from earlyhelp.audit.models import AuditEvent
from earlyhelp.casework.models import CaseEvent
from earlyhelp.core.errors import ApplicationError
from earlyhelp.plans import selectors, services
from earlyhelp.plans.models import Plan, PlanAction, PlanReview
from earlyhelp.plans.tests.factories import a_date, make_assessed_episode

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_assessed_episode()


def child_key(episode) -> str:
    member = episode.household.memberships.filter(role="child").first()
    return f"person:{member.person_id}"


def content(episode, **kw) -> services.PlanContent:
    actions = kw.pop("actions", [services.ActionInput(what="Walk Mia to school", owner=child_key(episode), due_on=date(2030, 1, 1))])
    return services.PlanContent(worried_about="Mornings", needs_to_happen="Mia at school every day", actions=actions, **kw)


def test_prefill_comes_from_the_assessment_unmet_needs_and_strengths(world):
    prefill = selectors.plan_prefill(world["episode"])
    assert "Mia misses school most Mondays" in prefill["worried_about"]
    assert "Rent arrears" not in prefill["worried_about"]  # met needs are not worries
    assert "Mum is warm" in prefill["going_well"]


def test_saving_writes_a_new_version_and_keeps_the_old_one(world):
    episode, worker = world["episode"], world["practitioner"]
    first = services.plan_save(episode=episode, actor=worker, content=content(episode), base_version=0)
    second = services.plan_save(
        episode=episode, actor=worker, content=content(episode, change_summary="Added the nurse"), base_version=1
    )
    first.refresh_from_db()
    assert (first.version, first.is_current, second.version, second.is_current) == (1, False, 2, True)
    assert PlanAction.objects.filter(plan=first).count() == PlanAction.objects.filter(plan=second).count() == 1
    assert CaseEvent.objects.filter(episode=episode, kind="plan_version").count() == 2
    assert AuditEvent.objects.filter(object_type="plans.plan", action="create").count() == 2


def test_a_save_based_on_an_older_version_is_refused_with_both_versions(world):
    episode, worker, manager = world["episode"], world["practitioner"], world["manager"]
    services.plan_save(episode=episode, actor=worker, content=content(episode), base_version=0)
    services.plan_save(episode=episode, actor=manager, content=content(episode, family_words="Theirs"), base_version=1)
    mine = content(episode, family_words="Mine")
    with pytest.raises(services.PlanConflict) as raised:
        services.plan_save(episode=episode, actor=worker, content=mine, base_version=1)
    assert raised.value.current.version == 2
    assert raised.value.current.family_words == "Theirs"
    assert raised.value.attempted.family_words == "Mine"
    assert Plan.objects.filter(episode=episode).count() == 2
    # Re-applying mine on top of theirs works, and theirs stays in the history.
    again = services.plan_save(episode=episode, actor=worker, content=mine, base_version=2)
    assert again.version == 3
    assert again.family_words == "Mine"


def test_only_one_version_can_be_current():
    world = make_assessed_episode()
    episode, worker = world["episode"], world["practitioner"]
    Plan.objects.create(episode=episode, version=1, written_by=worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(episode=episode, version=2, written_by=worker)


def test_sending_the_same_form_twice_writes_one_version(world):
    episode, worker = world["episode"], world["practitioner"]
    one = services.plan_save(episode=episode, actor=worker, content=content(episode), base_version=0, idempotency_key="k" * 20)
    two = services.plan_save(episode=episode, actor=worker, content=content(episode), base_version=0, idempotency_key="k" * 20)
    assert one.pk == two.pk
    assert Plan.objects.filter(episode=episode).count() == 1


def test_an_owner_from_another_family_is_refused(world):
    other = make_assessed_episode()["episode"]
    bad = content(world["episode"], actions=[services.ActionInput(what="x", owner=child_key(other))])
    with pytest.raises(ApplicationError, match="Select who will do it"):
        services.plan_save(episode=world["episode"], actor=world["practitioner"], content=bad, base_version=0)


def test_agreeing_moves_the_episode_to_plan_and_sets_the_first_review(world):
    episode, worker = world["episode"], world["practitioner"]
    services.plan_save(episode=episode, actor=worker, content=content(episode), base_version=0)
    agreed_on = a_date(10)
    plan = services.plan_agree(episode=episode, actor=worker, version=1, agreed_on=agreed_on)
    episode.refresh_from_db()
    assert episode.status == "plan"
    assert plan.agreed_on == agreed_on
    from earlyhelp.domain.timescales import add_months

    assert plan.review_due_on == add_months(agreed_on, 3)
    assert CaseEvent.objects.filter(episode=episode, kind="plan_agreed").count() == 1
    # Agreeing twice (a double click) agrees once.
    services.plan_agree(episode=episode, actor=worker, version=1, agreed_on=agreed_on)
    assert CaseEvent.objects.filter(episode=episode, kind="plan_agreed").count() == 1


def test_agreeing_without_an_authorised_assessment_is_refused_in_plain_words():
    world = make_assessed_episode(authorised=False)
    episode, worker = world["episode"], world["practitioner"]
    services.plan_save(episode=episode, actor=worker, content=content(episode), base_version=0)
    with pytest.raises(ApplicationError, match="A manager must sign off the Early Help Assessment"):
        services.plan_agree(episode=episode, actor=worker, version=1, agreed_on=a_date(1))
    episode.refresh_from_db()
    assert episode.status == "assessment"
    assert Plan.objects.get(episode=episode).agreed_on is None


def test_agreeing_an_out_of_date_version_is_refused(world):
    episode, worker = world["episode"], world["practitioner"]
    services.plan_save(episode=episode, actor=worker, content=content(episode), base_version=0)
    services.plan_save(episode=episode, actor=worker, content=content(episode), base_version=1)
    with pytest.raises(ApplicationError, match="changed since you opened it"):
        services.plan_agree(episode=episode, actor=worker, version=1, agreed_on=a_date(1))


def _agreed(world, agreed_on):
    episode, worker = world["episode"], world["practitioner"]
    services.plan_save(episode=episode, actor=worker, content=content(episode), base_version=0)
    services.plan_agree(episode=episode, actor=worker, version=1, agreed_on=agreed_on)
    return episode


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_the_first_review_is_due_exactly_three_months_after_agreement_and_overdue_the_day_after(world):
    episode = _agreed(world, date(2026, 1, 15))
    assert selectors.review_status(episode, today=date(2026, 4, 15)) == selectors.ReviewStatus(
        next_due=date(2026, 4, 15), overdue=False, due_soon=True
    )
    late = selectors.review_status(episode, today=date(2026, 4, 16))
    assert late.overdue
    assert late.tag == ("Review overdue", "red")


@time_machine.travel(date(2026, 6, 1), tick=False)
@override_settings(EARLYHELP_PLAN_REVIEW_MONTHS=1)
def test_a_review_on_31_january_with_monthly_reviews_is_next_due_at_the_end_of_february(world):
    episode = _agreed(world, date(2026, 1, 2))
    review = services.plan_review_record(episode=episode, actor=world["practitioner"], reviewed_on=date(2026, 1, 31), summary="Going well")
    assert review.next_review_due_on == date(2026, 2, 28)
    assert selectors.review_status(episode, today=date(2026, 3, 1)).overdue
    assert Plan.objects.get(episode=episode, is_current=True).review_due_on == date(2026, 2, 28)
    assert CaseEvent.objects.filter(episode=episode, kind="plan_review").count() == 1


def test_a_review_needs_an_agreed_plan_and_a_date_not_in_the_future(world):
    episode, worker = world["episode"], world["practitioner"]
    with pytest.raises(ApplicationError, match="Agree the plan"):
        services.plan_review_record(episode=episode, actor=worker, reviewed_on=a_date(0), summary="x")
    _agreed(world, a_date(20))
    with pytest.raises(ApplicationError, match="today or in the past"):
        services.plan_review_record(episode=episode, actor=worker, reviewed_on=a_date(-1), summary="x")


def test_a_review_sent_twice_is_recorded_once(world):
    episode = _agreed(world, a_date(20))
    for _ in range(2):
        services.plan_review_record(episode=episode, actor=world["practitioner"], reviewed_on=a_date(1), summary="ok", idempotency_key="r" * 20)
    assert PlanReview.objects.filter(episode=episode).count() == 1


def test_no_review_is_due_before_the_plan_is_agreed(world):
    status = selectors.review_status(world["episode"])
    assert status.next_due is None
    assert not status.overdue
    assert status.tag is None


def test_the_diff_between_versions_shows_what_was_added_and_removed(world):
    episode, worker = world["episode"], world["practitioner"]
    services.plan_save(episode=episode, actor=worker, content=content(episode), base_version=0)
    services.plan_save(episode=episode, actor=worker, content=content(episode, family_words="Calmer mornings"), base_version=1)
    diff = selectors.plan_diff(
        selectors.plan_view(selectors.plan_version(episode, 1)), selectors.plan_view(selectors.plan_version(episode, 2))
    )
    assert [(d.kind, d.text) for d in diff if d.kind in {"added", "removed"}] == [
        ("removed", "(nothing written)"), ("added", "Calmer mornings")
    ]


def test_ended_episode_plan_cannot_change(world):
    episode = world["episode"]
    episode.status, episode.closed_on = "closed", episode.opened_on + timedelta(days=1)
    episode.save()
    with pytest.raises(ApplicationError, match="ended"):
        services.plan_save(episode=episode, actor=world["practitioner"], content=content(episode), base_version=0)
