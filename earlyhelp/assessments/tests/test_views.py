"""The assessment pages through the Django test client: who reaches them, saving with and without
JavaScript, conflicts shown side by side, signed-out autosaves, needs, sending and authorising."""

import pytest
from django.urls import reverse

from earlyhelp.accounts.models import Role
from earlyhelp.assessments import rules, services
from earlyhelp.assessments.models import AssessmentStatus
from earlyhelp.assessments.tests.factories import (
    make_episode_with_contact,
    make_ready,
    make_team_with_manager,
    start,
)
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user, sign_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    team, practitioner, manager = make_team_with_manager()
    episode = make_episode_with_contact(practitioner)
    return {"team": team, "practitioner": practitioner, "manager": manager, "episode": episode}


def _detail(assessment):
    return reverse("assessments:detail", args=[assessment.pk])


def test_the_episode_panel_offers_to_start_then_links_to_the_assessment(client, setup):
    sign_in_client(client, setup["practitioner"])
    page = client.get(reverse("casework:episode_detail", args=[setup["episode"].pk])).content.decode()
    assert "Start the assessment" in page
    response = client.post(reverse("assessments:start", args=[setup["episode"].pk]),
                           {"consent": "no", "no_consent_reason": ""})
    assert "Enter the reason for going ahead without" in response.content.decode()
    response = client.post(reverse("assessments:start", args=[setup["episode"].pk]),
                           {"consent": "yes", "consent_given_by_name": "Jo Family"})
    assessment = setup["episode"].assessments.get()
    assert response["Location"] == _detail(assessment)
    page = client.get(reverse("casework:episode_detail", args=[setup["episode"].pk])).content.decode()
    assert "Open the assessment" in page
    assert "Start the assessment" not in page
    # A second press of the start button goes to the assessment already started.
    again = client.post(reverse("assessments:start", args=[setup["episode"].pk]),
                        {"consent": "yes", "consent_given_by_name": "Jo Family"})
    assert again["Location"] == _detail(assessment)


def test_the_page_shows_the_register_and_the_request_never_to_be_retyped(client, setup):
    assessment = start(setup["episode"], setup["practitioner"])
    sign_in_client(client, setup["practitioner"])
    page = client.get(_detail(assessment)).content.decode()
    member = setup["episode"].household.memberships.first().person
    assert member.full_name in page
    assert "Mill Lane" in page
    assert "shouting at home" in page
    assert "Due in" in page or "Due today" in page


def test_a_partner_and_another_teams_practitioner_get_404(client, setup):
    assessment = start(setup["episode"], setup["practitioner"])
    outsider = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    partner = make_user(Role.PARTNER_REFERRER)
    for user in (outsider, partner):
        sign_in_client(client, user)
        assert client.get(_detail(assessment)).status_code == 404
        assert client.post(reverse("assessments:autosave", args=[assessment.pk]),
                           {"version": 1, "analysis": "x"}).status_code == 404
        assert client.post(_detail(assessment), {"version": 1, "analysis": "x"}).status_code == 404
        client.logout()
    assessment.refresh_from_db()
    assert assessment.analysis == ""


def test_the_front_door_reads_but_cannot_change(client, setup):
    assessment = start(setup["episode"], setup["practitioner"])
    sign_in_client(client, make_user(Role.FRONT_DOOR))
    page = client.get(_detail(assessment)).content.decode()
    assert 'id="assessment-form"' not in page
    assert client.post(_detail(assessment), {"version": 1}).status_code == 404


def test_save_without_javascript_and_hostile_text_shows_escaped(client, setup):
    assessment = start(setup["episode"], setup["practitioner"])
    sign_in_client(client, setup["practitioner"])
    data = {"version": assessment.version, "family_view": "<script>alert(1)</script>",
            "base__family_view": rules.value_hash("")}
    response = client.post(_detail(assessment), data)
    assert response.status_code == 302
    page = client.get(_detail(assessment)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_second_full_save_sees_both_versions_and_can_keep_or_take(client, setup):
    assessment = start(setup["episode"], setup["practitioner"])
    loaded, empty = assessment.version, rules.value_hash("")
    services.assessment_save(assessment=assessment, actor=setup["manager"], version=loaded,
                             values={"strengths": "Grandma helps"}, bases={"strengths": empty})
    sign_in_client(client, setup["practitioner"])
    response = client.post(_detail(assessment), {"version": loaded, "strengths": "Dad cooks",
                                                  "base__strengths": empty})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Grandma helps" in page
    assert "Dad cooks" in page
    assessment.refresh_from_db()
    assert assessment.strengths == "Grandma helps"
    # Use their version: nothing of theirs is overwritten, and the page moves on.
    response = client.post(_detail(assessment), {"version": assessment.version, "strengths": "Dad cooks",
                                                  "base__strengths": rules.value_hash("Grandma helps"),
                                                  "take": "strengths"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.strengths == "Grandma helps"


def test_autosave_answers_in_json_and_reports_conflicts(client, setup):
    assessment = start(setup["episode"], setup["practitioner"])
    url = reverse("assessments:autosave", args=[assessment.pk])
    empty = rules.value_hash("")
    sign_in_client(client, setup["practitioner"])
    saved = client.post(url, {"version": assessment.version, "analysis": "Typed", "base__analysis": empty}).json()
    assert saved["status"] == "saved"
    assert saved["saved"] == ["analysis"]
    assert saved["saved_at"]
    stale = client.post(url, {"version": assessment.version, "analysis": "Other", "base__analysis": empty})
    assert stale.status_code == 409
    body = stale.json()
    assert body["status"] == "conflict"
    assert body["conflicts"] == [{"name": "analysis", "theirs": "Typed", "base": rules.value_hash("Typed")}]
    assert "Your version" in body["html"]
    assert "Their saved version" in body["html"]


def test_autosave_after_the_session_ended_says_so_instead_of_losing_it(client, setup):
    assessment = start(setup["episode"], setup["practitioner"])
    response = client.post(reverse("assessments:autosave", args=[assessment.pk]),
                           {"version": assessment.version, "analysis": "Typed"})
    assert response.status_code == 401
    assert response.json()["status"] == "signed_out"
    assert "/accounts/sign-in/" in response.json()["sign_in_url"]


def test_needs_add_with_errors_shown_and_remove(client, setup):
    assessment = start(setup["episode"], setup["practitioner"])
    sign_in_client(client, setup["practitioner"])
    url = reverse("assessments:need_add", args=[assessment.pk])
    response = client.post(url, {"person": "", "description": "Money worries"})
    assert "Select a Supporting Families outcome area or a census assessment factor" in response.content.decode()
    before = assessment.needs.count()
    key = "a" * 32
    for _ in range(2):
        client.post(url, {"person": "", "sf_outcome": "SF10", "description": "Money worries", "unmet": "true",
                          "idempotency_key": key})
    assert assessment.needs.count() == before + 1
    need = assessment.needs.get(sf_outcome="SF10")
    client.post(reverse("assessments:need_remove", args=[assessment.pk, need.pk]))
    assert not assessment.needs.filter(pk=need.pk).exists()


def test_send_shows_what_is_missing_then_a_manager_authorises(client, setup):
    assessment = start(setup["episode"], setup["practitioner"])
    sign_in_client(client, setup["practitioner"])
    response = client.post(reverse("assessments:submit", args=[assessment.pk]))
    assert "Enter the family&#x27;s view" in response.content.decode()
    make_ready(assessment, setup["practitioner"])
    client.post(reverse("assessments:submit", args=[assessment.pk]))
    client.post(reverse("assessments:submit", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    # The practitioner cannot reach the manager's page.
    assert client.get(reverse("assessments:authorise", args=[assessment.pk])).status_code == 404
    client.logout()
    sign_in_client(client, setup["manager"])
    url = reverse("assessments:authorise", args=[assessment.pk])
    response = client.post(url, {"decision": "return", "reason": ""})
    assert "Enter what needs to change" in response.content.decode()
    client.post(url, {"decision": "return", "reason": "Add Leo's words"})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RETURNED
    page = client.get(_detail(assessment)).content.decode()
    assert "Add Leo&#x27;s words" in page
    services.assessment_submit(assessment=assessment, actor=setup["practitioner"])
    client.post(url, {"decision": "authorise"})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AUTHORISED


def test_another_teams_manager_cannot_authorise(client, setup):
    assessment = make_ready(start(setup["episode"], setup["practitioner"]), setup["practitioner"])
    services.assessment_submit(assessment=assessment, actor=setup["practitioner"])
    other_team, _, other_manager = make_team_with_manager()
    sign_in_client(client, other_manager)
    assert client.post(reverse("assessments:authorise", args=[assessment.pk]), {"decision": "authorise"}).status_code == 404
    unrelated = make_allocated_episode(lead_practitioner=make_user(Role.LEAD_PRACTITIONER, team=other_team))
    assert unrelated.pk


def test_consent_can_be_recorded_later_and_a_colleagues_change_is_not_overwritten(client, setup):
    assessment = start(setup["episode"], setup["practitioner"], consent_confirmed=False,
                       no_consent_reason="Police concern")
    url = reverse("assessments:consent", args=[assessment.pk])
    sign_in_client(client, setup["practitioner"])
    page = client.get(url).content.decode()
    seen = services.consent_fingerprint(assessment)
    assert seen in page
    services.assessment_consent_change(assessment=assessment, actor=setup["manager"], consent_confirmed=False,
                                       no_consent_reason="Police concern; family not yet seen")
    response = client.post(url, {"consent": "yes", "consent_given_by_name": "Jo", "seen": seen})
    assert "Someone else changed the consent" in response.content.decode()
    fresh = services.consent_fingerprint(assessment)
    response = client.post(url, {"consent": "yes", "consent_given_by_name": "Jo", "seen": fresh})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.consent_confirmed
    assert assessment.no_consent_reason == ""
