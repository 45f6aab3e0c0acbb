"""A manager sees who has seen a child's record, and can export it; nobody else can."""

import csv
import io

import pytest

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditAction, AuditEvent
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user, sign_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_family():
    team = make_team()
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=team, first_name="Priya", last_name="Shah")
    manager = make_user(Role.TEAM_MANAGER, team=team)
    episode = make_allocated_episode(lead_practitioner=practitioner)
    child = episode.household.memberships.filter(role="child").first().person
    return {"practitioner": practitioner, "manager": manager, "household": episode.household, "child": child}


def test_manager_sees_who_viewed_the_child_and_their_family(client, team_family):
    sign_in_client(client, team_family["practitioner"])
    client.get(f"/people/families/{team_family['household'].pk}/")
    client.get(f"/people/{team_family['child'].pk}/")
    client.logout()

    sign_in_client(client, team_family["manager"])
    page = client.get(f"/audit/people/{team_family['child'].pk}/").content.decode()

    assert page.count("Priya Shah") == 2
    assert "Viewed" in page


def test_audit_export_is_csv_and_is_itself_recorded(client, team_family):
    sign_in_client(client, team_family["manager"])
    response = client.get(f"/audit/people/{team_family['child'].pk}/?format=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["occurred_at", "actor_label", "action"]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, person_id=team_family["child"].pk).exists()


def test_practitioner_cannot_read_the_trail(client, team_family):
    sign_in_client(client, team_family["practitioner"])
    assert client.get(f"/audit/people/{team_family['child'].pk}/").status_code == 404


def test_audit_export_command_writes_the_period(team_family):
    from django.core.management import call_command

    AuditEvent.objects.create(actor_label="x", action=AuditAction.VIEW, person_id=team_family["child"].pk)
    out = io.StringIO()
    call_command("audit_export", "--from", "2000-01-01", "--to", "2100-01-01", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert len(rows) >= 2
