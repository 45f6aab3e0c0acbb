"""Subject access export and retention: everything about a person comes out; expired families are
anonymised keeping only coded facts; nobody with open work is touched."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from earlyhelp.accounts.models import Role
from earlyhelp.assessments.models import Assessment
from earlyhelp.audit.models import AuditAction, AuditEvent
from earlyhelp.casework.models import CaseNote, Closure, Episode, StepUp
from earlyhelp.core.testing import make_allocated_episode, make_household, make_team, make_user
from earlyhelp.domain.retention import RetentionPolicy
from earlyhelp.meetings.models import Meeting
from earlyhelp.people.models import Person, PersonAlias
from earlyhelp.people.retention import household_anonymise, households_due
from earlyhelp.people.subject_access import subject_access_export
from earlyhelp.plans.models import Plan
from earlyhelp.socialcare.models import StatutoryInvolvement

pytestmark = pytest.mark.django_db

POLICY = RetentionPolicy(years_after_closure=6, until_youngest_child_age=25)


def _closed_family(*, closed_on, child_born):
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    household = make_household(children=1)
    child = household.memberships.get(role="child").person
    child.date_of_birth = child_born
    child.nhs_number = "9434765919"
    child.save()
    PersonAlias.objects.create(person=child, kind="known_as", first_name="Mimi")
    episode = make_allocated_episode(lead_practitioner=practitioner, household=household, opened_on=date(closed_on.year - 1, 1, 1))
    CaseNote.objects.create(episode=episode, author=practitioner, occurred_at="2000-01-01T10:00Z", text="Visited at home")
    Episode.objects.filter(pk=episode.pk).update(status="closed", closed_on=closed_on)
    return household, child


def test_subject_access_export_holds_the_record_and_is_audited():
    household, child = _closed_family(closed_on=date(2024, 1, 1), child_born=date(2012, 3, 3))
    actor = make_user(Role.ADMINISTRATOR)

    document = subject_access_export(person=child, actor=actor, reason="SAR-2026-001")

    assert document["person"]["nhs_number"] == "9434765919"
    assert document["aliases"][0]["first_name"] == "Mimi"
    assert len(document["episodes"]) == 1
    assert document["case_notes"][0]["text"] == "Visited at home"
    json.dumps(document, default=str)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, person_id=child.pk).exists()


def _worked_family():
    """A closed family whose whole episode was worked: assessment, meeting, plan, step-up asked, closure."""
    household, child = _closed_family(closed_on=date(2005, 1, 1), child_born=date(1995, 7, 9))
    episode = Episode.objects.get(household=household)
    worker = episode.lead_practitioner
    assessment = Assessment.objects.create(
        episode=episode, started_on=date(2004, 1, 10), due_on=date(2004, 3, 1), family_view="Mum wants calmer mornings",
        consent_given_by_name="Mum",
    )
    meeting = Meeting.objects.create(episode=episode, scheduled_for="2004-02-01T10:00Z", chaired_by=worker,
                                     minutes="Dad said school runs are hard")
    meeting.attendees.create(name="Jo Bloggs", person=child)
    plan = Plan.objects.create(episode=episode, written_by=worker, family_words="We will get up earlier")
    plan.actions.create(what="Jo to walk Mimi to school", owner_name="Jo Bloggs")
    StepUp.objects.create(episode=episode, requested_by=worker, requested_on=date(2004, 6, 1), reasons="Bruise on Mimi")
    Closure.objects.create(episode=episode, reason="needs_met", summary="Mimi settled at school", requested_by=worker,
                           requested_on=date(2004, 12, 1))
    return household, child, assessment


def test_subject_access_export_holds_the_whole_episode():
    household, child, _ = _worked_family()
    document = json.dumps(subject_access_export(person=child, actor=make_user(Role.ADMINISTRATOR), reason="SAR-7"),
                          default=str)
    for words in ("Mum wants calmer mornings", "Dad said school runs are hard", "Jo Bloggs", "We will get up earlier",
                  "Jo to walk Mimi to school", "Bruise on Mimi", "Mimi settled at school"):
        assert words in document, words


def test_anonymising_a_worked_family_leaves_no_free_text_about_it():
    household, child, assessment = _worked_family()
    household_anonymise(household_id=household.pk)
    document = json.dumps(subject_access_export(person=child, actor=make_user(Role.ADMINISTRATOR), reason="check"),
                          default=str)
    for words in ("calmer mornings", "school runs", "Jo Bloggs", "get up earlier", "walk Mimi", "Bruise", "settled",
                  "Visited at home"):
        assert words not in document, words
    assessment.refresh_from_db()
    assert assessment.consent_given_by_name == ""


def test_family_is_due_only_after_both_periods_end():
    household, _ = _closed_family(closed_on=date(2010, 6, 1), child_born=date(2001, 6, 1))
    assert [c.household_id for c in households_due(today=date(2026, 5, 31), policy=POLICY)] == []
    assert [c.household_id for c in households_due(today=date(2026, 6, 1), policy=POLICY)] == [household.pk]


def test_open_episode_or_current_social_care_involvement_keeps_a_family():
    household, child = _closed_family(closed_on=date(2005, 1, 1), child_born=date(1995, 1, 1))
    StatutoryInvolvement.objects.create(person=child, kind="lac", started_on=date(2020, 1, 1))
    assert households_due(today=date(2026, 1, 1), policy=POLICY) == []


def test_anonymising_removes_identity_but_keeps_coded_facts():
    household, child = _closed_family(closed_on=date(2005, 1, 1), child_born=date(1995, 7, 9))

    household_anonymise(household_id=household.pk)

    child.refresh_from_db()
    assert (child.first_name, child.last_name, child.nhs_number) == ("Anonymised", "Anonymised", "")
    assert child.date_of_birth == date(1995, 1, 1)
    assert (child.sex, child.ethnicity) == ("U", "NOBT")
    assert not PersonAlias.objects.filter(person=child).exists()
    assert CaseNote.objects.get().text == "Anonymised"
    assert household.addresses.get().postcode == "NM1"
    assert Episode.objects.get(household=household).status == "closed"


def test_retention_command_is_a_dry_run_unless_applied(capsys):
    household, child = _closed_family(closed_on=date(2005, 1, 1), child_born=date(1990, 1, 1))
    call_command("retention")
    assert "1 family due" in capsys.readouterr().out
    assert Person.objects.get(pk=child.pk).first_name != "Anonymised"
    call_command("retention", "--apply")
    assert Person.objects.get(pk=child.pk).first_name == "Anonymised"
