"""The headline figures: their definitions at the edges, and where they land on a generated authority."""

from datetime import date, datetime, time, timedelta
from itertools import count

import pytest

from earlyhelp.accounts.models import Team, User
from earlyhelp.casework.models import Episode
from earlyhelp.demo.generator import DemoConfig
from earlyhelp.demo.loaders import load
from earlyhelp.domain.timescales import LOCAL_TIMEZONE, add_months
from earlyhelp.outcomes.models import StarArea, StarReading, StarScore, StarTemplate
from earlyhelp.outcomes.selectors import twelve_week_evaluation
from earlyhelp.people.models import Household, Person
from earlyhelp.referrals.models import Contact, ContactPerson, LevelOfNeed, TriageDecision
from earlyhelp.reporting import figures

TODAY = date(2026, 11, 20)
_numbers = count(1)


# --- a generated mid-size authority lands where the seed services report ---


@pytest.mark.django_db
def test_a_generated_authority_reports_what_the_seed_services_report():
    load(DemoConfig(seed=42, children=3000, years=4, today=TODAY), quiet=True)  # rolled back after the test
    start = add_months(TODAY, -36)  # the first year has no earlier year to be a re-referral of
    bands = {
        "engaged": (0.60, 0.70),  # Clackmannanshire: 60-70% of referrals engaged
        "not_escalating": (0.92, 0.96),  # Clackmannanshire: 94% did not escalate
        "improved_12_weeks": (0.66, 0.76),  # Worcestershire: 71% improved at 12 weeks
        "re_referral": (0.18, 0.26),  # England: 22% re-referrals within 12 months
    }
    for figure in figures.headline_figures(start, TODAY):
        low, high = bands[figure.key]
        assert figure.denominator > 250, figure
        assert low <= figure.share <= high, figure
        if figure.key == "improved_12_weeks":
            # The manager's 12-week evaluation page counts the same families the same way.
            page = twelve_week_evaluation(teams=Team.objects.all(), start=start, end=TODAY, today=TODAY)
            assert (page.summary.counts["improved"], page.summary.evaluated) == (figure.numerator, figure.denominator)


# --- hand-built cases at the edges of each definition ---


@pytest.fixture
def worker(db):
    team = Team.objects.create(code="pod", label="Pod", kind="early_help")
    return User.objects.create(username="worker", role="lead_practitioner", team=team)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TIMEZONE)


def household() -> Household:
    return Household.objects.create(name=f"Family {next(_numbers)}")


def child(name: str = "Ava") -> Person:
    return Person.objects.create(la_id=f"T{next(_numbers)}", first_name=name, last_name="Test",
                                 date_of_birth=date(2015, 1, 1))


def referral(worker, received: date, outcome: str = "targeted_early_help", *, children=(), decided: datetime | None = None,
             entry_point: str = "partner_form", home: Household | None = None) -> Contact:
    contact = Contact.objects.create(entry_point=entry_point, status="decided", received_at=at(received),
                                     referral_source="2A", reasons="Worried", household=home)
    for person in children:
        ContactPerson.objects.create(contact=contact, role="child", first_name=person.first_name,
                                     last_name=person.last_name, person=person, match_status="matched")
    level = LevelOfNeed.objects.get(level={"social_care": 4, "targeted_early_help": 3}.get(outcome, 1))
    TriageDecision.objects.create(contact=contact, decided_by=worker, decided_at=decided or at(received, 15),
                                  level_of_need=level, outcome=outcome, rationale="Because")
    return contact


def episode(worker, contact: Contact | None = None, *, status: str = "plan", opened: date = date(2026, 1, 5),
            allocated: bool = True, closed: date | None = None) -> Episode:
    return Episode.objects.create(
        household=contact.household if contact and contact.household else household(), contact=contact,
        status=status, opened_on=opened, allocated_on=opened if allocated else None,
        lead_practitioner=worker if allocated else None, closed_on=closed,
    )


@pytest.mark.django_db
def test_engaged_counts_referrals_whose_episode_was_allocated(worker):
    window = (date(2026, 4, 1), date(2026, 6, 30))
    engaged = referral(worker, date(2026, 4, 1), home=household())
    episode(worker, engaged)
    waiting = referral(worker, date(2026, 5, 1), home=household())
    episode(worker, waiting, status="awaiting_allocation", allocated=False)
    referral(worker, date(2026, 5, 2), "social_care")  # a referral, never engaged by early help
    referral(worker, date(2026, 5, 3), "advice")  # not a referral
    step_down = referral(worker, date(2026, 5, 4), entry_point="step_down", home=household())
    episode(worker, step_down)  # a transfer from social care, not a new referral
    late = referral(worker, date(2026, 6, 30), decided=at(date(2026, 6, 30), 23, 30), home=household())
    episode(worker, late)  # decided late on the last day (British Summer Time): inside the window
    outside = referral(worker, date(2026, 3, 31), decided=at(date(2026, 3, 31), 23, 59), home=household())
    episode(worker, outside)

    figure = figures.engaged_by_early_help(*window)

    assert (figure.numerator, figure.denominator) == (2, 4)
    assert figure.share == 0.5
    assert "allocated" in figure.definition


@pytest.mark.django_db
def test_not_escalating_counts_episodes_that_ended_in_the_window(worker):
    window = (date(2026, 4, 1), date(2026, 6, 30))
    episode(worker, status="closed", closed=date(2026, 4, 1))
    episode(worker, status="closed", closed=date(2026, 6, 30))
    episode(worker, status="stepped_up", closed=date(2026, 5, 1))
    episode(worker, status="closed", closed=date(2026, 7, 1))  # after the window
    episode(worker, status="stepped_up", closed=date(2026, 3, 31))  # before it
    episode(worker, status="closing")  # awaiting sign-off: not ended yet
    episode(worker, status="plan")

    figure = figures.not_escalating(*window)

    assert (figure.numerator, figure.denominator) == (2, 3)


@pytest.mark.django_db
def test_not_escalating_has_no_share_without_episodes():
    figure = figures.not_escalating(date(2026, 1, 1), date(2026, 1, 31))
    assert figure.share is None
    assert figure.percent == "no data"


def reading(ep: Episode, template: StarTemplate, taken: date, stage: str, scores: list[int], worker,
            scored_by: str = "family", disengaged: bool = False) -> StarReading:
    made = StarReading.objects.create(episode=ep, template=template, taken_on=taken, stage=stage, scored_by=scored_by,
                                      family_disengaged=disengaged, recorded_by=worker)
    areas = StarArea.objects.filter(template=template).order_by("order")
    StarScore.objects.bulk_create(StarScore(reading=made, area=area, score=score) for area, score in zip(areas, scores, strict=False))
    return made


@pytest.mark.django_db
def test_improved_at_twelve_weeks_uses_the_reading_nearest_twelve_weeks(worker):
    star = StarTemplate.objects.get(code="happy_healthy_safe")
    base = date(2026, 1, 5)
    window = (date(2026, 3, 1), date(2026, 5, 31))

    improved = episode(worker)
    reading(improved, star, base, "baseline", [3, 3, 3], worker)
    reading(improved, star, base + timedelta(days=70), "review", [4, 3, 3], worker)  # day 70: inside, +1 counts

    nearest_worse = episode(worker)
    reading(nearest_worse, star, base, "baseline", [5, 5, 5], worker, scored_by="agreed")
    reading(nearest_worse, star, base + timedelta(days=84), "review", [4, 5, 5], worker)  # exactly 12 weeks
    reading(nearest_worse, star, base + timedelta(days=100), "closure", [9, 9, 9], worker)

    unchanged = episode(worker)
    reading(unchanged, star, base, "baseline", [5, 5, 5], worker)
    reading(unchanged, star, base + timedelta(days=112), "closure", [6, 4, 5], worker)  # day 112: inside

    too_early = episode(worker)
    reading(too_early, star, base, "baseline", [2, 2, 2], worker)
    reading(too_early, star, base + timedelta(days=69), "review", [8, 8, 8], worker)

    practitioner_only = episode(worker)
    reading(practitioner_only, star, base, "baseline", [2, 2, 2], worker, scored_by="practitioner")
    reading(practitioner_only, star, base + timedelta(days=84), "review", [8, 8, 8], worker)

    disengaged = episode(worker)
    reading(disengaged, star, base, "baseline", [2, 2, 2], worker)
    reading(disengaged, star, base + timedelta(days=84), "review", [8, 8, 8], worker, scored_by="practitioner",
            disengaged=True)

    evaluated_later = episode(worker)
    reading(evaluated_later, star, date(2026, 3, 1), "baseline", [2, 2, 2], worker)
    reading(evaluated_later, star, date(2026, 6, 1), "review", [8, 8, 8], worker)  # evaluated after the window

    figure = figures.improved_at_twelve_weeks(*window)

    assert (figure.numerator, figure.denominator) == (1, 3)


@pytest.mark.django_db
def test_re_referral_looks_back_twelve_months_for_the_same_child(worker):
    window = (date(2026, 1, 1), date(2026, 12, 31))
    ava, ben, cal, dee, eve = child("Ava"), child("Ben"), child("Cal"), child("Dee"), child("Eve")
    # Ava: a referral exactly twelve months before counts.
    referral(worker, date(2025, 3, 1), children=[ava])
    referral(worker, date(2026, 3, 1), children=[ava])
    # Ben: twelve months and a day before does not.
    referral(worker, date(2025, 2, 28), children=[ben])
    referral(worker, date(2026, 3, 1), children=[ben])
    # Cal: an earlier contact that was only advice is not a referral; one the same day is the same request.
    referral(worker, date(2026, 2, 1), "advice", children=[cal])
    referral(worker, date(2026, 6, 1), "social_care", children=[cal])
    referral(worker, date(2026, 6, 1), children=[cal])
    # Dee was referred before, but this referral names only her sister Eve.
    referral(worker, date(2026, 7, 1), children=[dee])
    referral(worker, date(2026, 8, 1), children=[eve])
    # A step down is a transfer, not a referral, on either side.
    referral(worker, date(2026, 9, 1), children=[eve], entry_point="step_down")

    figure = figures.re_referrals(*window)

    # Referrals in 2026: Ava, Ben, Cal (two), Dee, Eve = 6; only Ava's is a re-referral.
    assert (figure.numerator, figure.denominator) == (1, 6)


@pytest.mark.django_db
def test_re_referral_from_29_february_looks_back_to_28_february(worker):
    leap = child("Leap")
    referral(worker, date(2023, 2, 28), children=[leap])
    referral(worker, date(2024, 2, 29), children=[leap])

    figure = figures.re_referrals(date(2024, 2, 1), date(2024, 3, 31))

    assert (figure.numerator, figure.denominator) == (1, 1)
