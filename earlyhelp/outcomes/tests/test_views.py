"""The outcomes pages: recording a reading, the pictures, the CSVs, the family's feedback link, the figures."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.audit.models import AuditEvent
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user, sign_in_client
from earlyhelp.outcomes import services
from earlyhelp.outcomes.models import FamilyFeedback, StarReading
from earlyhelp.outcomes.tests.factories import record_reading, template

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - timedelta(days=n)


def reading_post(*, key="a-key-for-this-form-123", day=None, score="5", star="happy_healthy_safe", **extra):
    day = day or TODAY
    data = {
        "star": star, "idempotency_key": key, "taken_on_day": str(day.day), "taken_on_month": str(day.month),
        "taken_on_year": str(day.year), "stage": "review", "scored_by": "agreed", "person": "",
    }
    for area in template(star).areas.all():
        data[f"score_{area.code}"] = score
    data.update(extra)
    return data


@pytest.fixture
def signed_in(client, practitioner):
    sign_in_client(client, practitioner)
    return client


def test_given_a_worker_then_they_choose_a_star_first(signed_in, episode):
    response = signed_in.get(reverse("outcomes:reading_new", kwargs={"episode_pk": episode.pk}))
    assert response.status_code == 200
    assert b"Which star are you using with the family?" in response.content


def test_given_no_star_switched_on_then_the_page_says_so_instead_of_failing(signed_in, episode):
    from earlyhelp.outcomes.models import StarTemplate

    StarTemplate.objects.update(disabled_on=days_ago(1))
    response = signed_in.get(reverse("outcomes:reading_new", kwargs={"episode_pk": episode.pk}))
    assert response.status_code == 200
    assert b"No star is set up yet" in response.content


def test_given_a_valid_reading_then_it_is_recorded_once_even_if_sent_twice(signed_in, episode):
    url = reverse("outcomes:reading_new", kwargs={"episode_pk": episode.pk})
    form = signed_in.get(url, {"star": "happy_healthy_safe"})
    assert b"Things are very hard" in form.content  # the scale words
    first = signed_in.post(url, reading_post())
    second = signed_in.post(url, reading_post())
    assert first.status_code == second.status_code == 302
    assert StarReading.objects.filter(episode=episode).count() == 1


def test_given_a_fall_without_a_reason_then_the_page_says_so_and_keeps_what_was_typed(signed_in, episode, practitioner):
    record_reading(episode, practitioner, taken_on=days_ago(90), stage="baseline", score=5)
    url = reverse("outcomes:reading_new", kwargs={"episode_pk": episode.pk})
    response = signed_in.post(url, reading_post(score="6", score_safe_home="3", reason_feeling_good="<script>x</script>"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The score for feeling safe at home fell from 5 to 3: say why" in page
    assert 'href="#id_reason_safe_home"' in page
    assert 'id="id_score_safe_home-3" name="score_safe_home" type="radio" value="3" checked' in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x</script>" not in page
    assert StarReading.objects.filter(episode=episode).count() == 1


def test_given_nothing_chosen_then_every_problem_is_listed(signed_in, episode):
    url = reverse("outcomes:reading_new", kwargs={"episode_pk": episode.pk})
    response = signed_in.post(url, {"star": "family_life", "idempotency_key": "k" * 20})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the date of the reading" in page
    assert "Select who gave the scores" in page
    assert page.count("Select a score for") >= 20  # summary and field, ten areas


def test_given_an_unknown_star_then_404(signed_in, episode):
    url = reverse("outcomes:reading_new", kwargs={"episode_pk": episode.pk})
    assert signed_in.get(url, {"star": "no-such-star"}).status_code == 404


def test_given_readings_then_the_progress_page_draws_both_and_the_csv_is_audited(signed_in, episode, practitioner):
    record_reading(episode, practitioner, taken_on=days_ago(90), stage="baseline", score=4)
    record_reading(episode, practitioner, taken_on=days_ago(1), score=7)
    page = signed_in.get(reverse("outcomes:progress", kwargs={"episode_pk": episode.pk})).content.decode()
    assert page.count('<polygon points="') == 5 + 2  # five rings, baseline and latest
    assert 'role="img"' in page
    assert "Distance travelled" in page
    response = signed_in.get(reverse("outcomes:progress_csv", kwargs={"episode_pk": episode.pk}))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().count("\n") == 1 + 18
    assert AuditEvent.objects.filter(action="export", episode_id=episode.pk).exists()


def test_given_the_family_view_then_it_is_in_plain_words(signed_in, episode, practitioner):
    record_reading(episode, practitioner, taken_on=days_ago(90), stage="baseline", score=4)
    record_reading(episode, practitioner, taken_on=days_ago(1), score=5, scores={"safe_home": 8})
    page = signed_in.get(reverse("outcomes:family_view", kwargs={"episode_pk": episode.pk})).content.decode()
    assert "What has got better" in page
    assert "Feeling safe at home: up 4 points, from 4 to 8" in page


def test_given_the_episode_page_then_it_shows_the_star_panel(signed_in, episode, practitioner):
    record_reading(episode, practitioner, taken_on=days_ago(90), stage="baseline", score=4)
    page = signed_in.get(reverse("casework:episode_detail", kwargs={"episode_pk": episode.pk})).content.decode()
    assert "The family&#x27;s star" in page or "The family's star" in page
    assert "Record a star reading" in page


def test_given_another_teams_worker_then_the_readings_are_not_found(client, episode):
    sign_in_client(client, make_user(Role.LEAD_PRACTITIONER, team=make_team()))
    for name in ("outcomes:progress", "outcomes:progress_csv", "outcomes:reading_new"):
        assert client.get(reverse(name, kwargs={"episode_pk": episode.pk})).status_code == 404
    assert client.post(reverse("outcomes:reading_new", kwargs={"episode_pk": episode.pk}), reading_post()).status_code == 404
    assert not StarReading.objects.filter(episode=episode).exists()


# --- The family's feedback ------------------------------------------------------------------------


def test_given_a_worker_then_they_can_make_a_link_shown_once(signed_in, episode):
    response = signed_in.post(reverse("outcomes:feedback_link", kwargs={"episode_pk": episode.pk}), {"stage": "closure"})
    assert response.status_code == 200
    assert b"/outcomes/feedback/" in response.content


def test_given_a_link_then_the_family_answers_once_without_an_account(client, episode, practitioner):
    cache.clear()
    _, token = services.feedback_request_create(episode=episode, actor=practitioner)
    url = reverse("outcomes:feedback", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    empty = client.post(url, {})
    assert empty.status_code == 200
    assert b"Answer at least one question" in empty.content
    sent = client.post(url, {"felt_listened_to": "5", "what_helped": "<b>Sam</b> listened"})
    assert sent.status_code == 200
    assert b"Thank you" in sent.content
    again = client.get(url)
    assert again.status_code == 410
    assert b"This link has expired or has already been used" in again.content
    assert client.post(url, {"felt_listened_to": "1"}).status_code == 410
    assert FamilyFeedback.objects.get(episode=episode).what_helped == "<b>Sam</b> listened"


def test_given_many_wrong_links_from_one_address_then_it_is_refused_for_a_while(client, settings, episode, practitioner):
    cache.clear()
    settings.EARLYHELP_FEEDBACK_GUESS_LIMIT = 3
    _, token = services.feedback_request_create(episode=episode, actor=practitioner)
    for n in range(3):
        assert client.get(reverse("outcomes:feedback", kwargs={"token": f"guess{n}"})).status_code == 410
    assert client.get(reverse("outcomes:feedback", kwargs={"token": "guess-again"})).status_code == 429
    assert client.get(reverse("outcomes:feedback", kwargs={"token": token})).status_code == 429
    cache.clear()


def test_given_feedback_with_the_worker_then_it_is_recorded(signed_in, episode):
    url = reverse("outcomes:feedback_with_worker", kwargs={"episode_pk": episode.pk})
    data = {"idempotency_key": "w" * 24, "stage": "midway", "things_better": "4"}
    assert signed_in.post(url, data).status_code == 302
    assert signed_in.post(url, data).status_code == 302
    assert FamilyFeedback.objects.filter(episode=episode, completed_with_worker=True).count() == 1


# --- The figures ----------------------------------------------------------------------------------


def test_given_a_manager_then_the_evaluation_names_their_families_and_a_performance_lead_sees_references(
    client, team, manager, practitioner
):
    episode = make_allocated_episode(lead_practitioner=practitioner, opened_on=days_ago(120))
    record_reading(episode, practitioner, taken_on=days_ago(100), stage="baseline", score=5)
    record_reading(episode, practitioner, taken_on=days_ago(16), scores={"safe_home": 4},
                   reasons={"safe_home": "Lost the tenancy"})
    sign_in_client(client, manager)
    page = client.get(reverse("outcomes:evaluation")).content.decode()
    assert episode.household.name in page
    assert "Lost the tenancy" in page
    assert "100%" in page
    client.logout()
    sign_in_client(client, make_user(Role.PERFORMANCE_LEAD))
    page = client.get(reverse("outcomes:evaluation")).content.decode()
    assert episode.household.name not in page
    assert f"E{episode.pk}" in page
    assert "Lost the tenancy" in page
    response = client.get(reverse("outcomes:evaluation_csv"), {"team": str(team.pk)})
    assert f"E{episode.pk}" in response.content.decode()
    assert AuditEvent.objects.filter(action="export", object_type="outcomes.evaluation").exists()


def test_given_a_bad_period_then_the_evaluation_says_so(client, manager):
    sign_in_client(client, manager)
    response = client.get(reverse("outcomes:evaluation"), {
        "start_day": "2", "start_month": "3", "start_year": "2026", "end_day": "1", "end_month": "3", "end_year": "2026",
    })
    assert response.status_code == 200
    assert b"The end of the period must be the same as or after the start" in response.content


def test_given_feedback_then_it_is_summarised_by_team_and_quarter(client, manager, episode, practitioner):
    _, token = services.feedback_request_create(episode=episode, actor=practitioner)
    services.feedback_submit(token=token, answers={"felt_listened_to": 5, "things_better": 3, "what_helped": "Kind"})
    sign_in_client(client, manager)
    page = client.get(reverse("outcomes:feedback_summary")).content.decode()
    assert episode.team.label in page
    assert "100%" in page
    assert "Kind" in page
