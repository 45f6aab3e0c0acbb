"""The figures page: who may see it, the period, and that nothing in it or its CSV names or dates a person."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditAction, AuditEvent
from earlyhelp.casework.models import EpisodeMember
from earlyhelp.core.testing import (
    make_allocated_episode,
    make_household,
    make_team,
    make_user,
    sign_in_client,
)
from earlyhelp.people.models import Person
from earlyhelp.reporting import selectors

pytestmark = pytest.mark.django_db

URL = reverse("reporting:dashboard")


@pytest.fixture
def episodes():
    team = make_team()
    worker = make_user(Role.LEAD_PRACTITIONER, team=team)
    made = []
    for surname in ("Zebediah", "Quillfeather"):
        household = make_household(children=2, surname=surname)
        episode = make_allocated_episode(lead_practitioner=worker, household=household)
        for member in household.memberships.all():
            EpisodeMember.objects.create(episode=episode, person=member.person, is_subject=member.role == "child")
        made.append(episode)
    return made


@pytest.fixture
def lead(client):
    user = make_user(Role.PERFORMANCE_LEAD)
    sign_in_client(client, user)
    return user


def _identifying_strings() -> set[str]:
    found = set()
    for person in Person.objects.all():
        found |= {person.first_name, person.last_name, person.la_id}
        if person.date_of_birth:
            dob = person.date_of_birth
            found |= {dob.isoformat(), dob.strftime("%d/%m/%Y"), f"{dob.day} {dob:%B %Y}"}
    return found


def test_the_page_shows_each_headline_figure_with_its_definition(client, lead, episodes):
    page = client.get(URL)

    html = page.content.decode()
    assert page.status_code == 200
    for figure in page.context["figures"]:
        assert escape(figure.title) in html
        assert escape(figure.definition) in html


def test_the_list_shows_pseudonyms_and_no_name_or_date_of_birth(client, lead, episodes):
    page = client.get(URL)

    # The random CSRF tokens are not about anyone, and may by chance contain a short name such as "Jo".
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page.content.decode())
    for episode in episodes:
        assert selectors.pseudonym(episode.pk) in html
    for text in _identifying_strings():
        assert text not in html, text
    assert "11 to 15" in html or "5 to 10" in html


def test_the_csv_has_no_name_or_date_of_birth_and_is_audited_as_an_export(client, lead, episodes):
    response = client.get(URL, {"format": "csv", "period": "12m"})

    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == selectors.CSV_HEADINGS
    assert {r[0] for r in rows[1:]} == {selectors.pseudonym(e.pk) for e in episodes}
    for value in _identifying_strings():
        assert value not in text, value
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.object_type, event.changes["rows"]) == (lead, "reporting.pseudonymised_episodes", 2)


def test_a_pseudonym_is_stable_and_differs_between_episodes(episodes):
    first, second = episodes
    assert selectors.pseudonym(first.pk) == selectors.pseudonym(first.pk)
    assert selectors.pseudonym(first.pk) != selectors.pseudonym(second.pk)


def test_the_pseudonym_depends_on_the_secret(settings, episodes):
    before = selectors.pseudonym(episodes[0].pk)
    settings.EARLYHELP_PSEUDONYM_SECRET = "another-secret"
    assert selectors.pseudonym(episodes[0].pk) != before


def test_the_chosen_period_sets_the_window_and_an_unknown_one_falls_back(client, lead, episodes):
    today = timezone.localdate()

    chosen = client.get(URL, {"period": "fytd"}).context["period"]
    unknown = client.get(URL, {"period": "<script>"}).context["period"]

    assert (chosen.key, chosen.end, chosen.start.month, chosen.start.day) == ("fytd", today, 4, 1)
    assert unknown.key == "12m"


def test_an_episode_closed_before_the_period_is_not_listed(client, lead, episodes):
    old = episodes[0]
    old.status, old.opened_on, old.closed_on = "closed", date(2019, 1, 1), date(2019, 6, 1)
    old.save()

    page = client.get(URL, {"period": "12m"})

    assert [r.pseudonym for r in page.context["rows"]] == [selectors.pseudonym(episodes[1].pk)]


def test_restricted_episodes_are_counted_but_not_listed(client, lead, episodes):
    episodes[0].is_restricted = True
    episodes[0].save()

    page = client.get(URL)

    assert selectors.pseudonym(episodes[0].pk) not in page.content.decode()
    assert page.context["restricted"] == 1
    assert "1 restricted episode is counted" in page.content.decode()


def test_weeks_open_and_age_band_are_worked_out_to_the_end_of_the_period(episodes):
    today = timezone.localdate()
    period = selectors.Period("x", "x", today - timedelta(days=365), today)

    rows = {r.pseudonym: r for r in selectors.episode_rows(period)}

    row = rows[selectors.pseudonym(episodes[0].pk)]
    assert row.weeks_open == 30 // 7
    assert row.status == "Allocated"


@pytest.mark.parametrize(
    ("dob", "band"),
    [(None, "Not known"), (date(2030, 1, 1), "Unborn"), (date(2022, 1, 2), "0 to 4"), (date(2021, 1, 1), "5 to 10"),
     (date(2015, 1, 1), "11 to 15"), (date(2009, 6, 1), "16 to 17"), (date(2000, 1, 1), "18 or over")],
)
def test_age_bands(dob, band):
    assert selectors.age_band(dob, date(2026, 1, 1)) == band


@pytest.mark.parametrize("role", [Role.PARTNER_REFERRER, Role.FRONT_DOOR, Role.LEAD_PRACTITIONER, Role.ADMINISTRATOR])
def test_other_roles_get_not_found_and_nothing_is_exported(client, role, episodes):
    sign_in_client(client, make_user(role))

    assert client.get(URL).status_code == 404
    assert client.get(URL, {"format": "csv"}).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_team_manager_may_see_the_figures(client, episodes):
    sign_in_client(client, make_user(Role.TEAM_MANAGER, team=make_team()))

    assert client.get(URL).status_code == 200
