"""A family's progress on a star, and the 12-week evaluation over real rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from earlyhelp.accounts.models import Role, Team
from earlyhelp.core.testing import make_allocated_episode, make_team, make_user
from earlyhelp.outcomes import selectors
from earlyhelp.outcomes.tests.factories import FAMILY_LIFE, record_reading

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - timedelta(days=n)


def test_given_no_readings_then_there_is_no_progress(episode):
    assert selectors.star_progress(episode) is None


def test_given_a_baseline_and_a_review_then_progress_has_distance_travelled(episode, practitioner):
    record_reading(episode, practitioner, taken_on=days_ago(90), stage="baseline", score=4)
    record_reading(episode, practitioner, taken_on=days_ago(1), scores={"safe_home": 7, "feeling_good": 3})
    progress = selectors.star_progress(episode)
    rows = {row.area.code: row for row in progress.areas}
    assert rows["safe_home"].change == 3
    assert rows["feeling_good"].change == -1
    assert rows["getting_on"].change == 1  # every other area went from 4 to the default 5
    assert progress.classification == "improved"
    assert progress.overall_change == round((3 - 1 + 7 * 1) / 9, 1)
    assert [s.name for s in progress.radar.series] == ["baseline", "latest"]
    assert progress.radar.series[0].points != progress.radar.series[1].points
    assert progress.fall_reasons[0][0] == "How everyone in the family is feeling"


def test_given_readings_on_two_stars_then_the_most_recent_is_shown_and_either_can_be_chosen(episode, practitioner):
    record_reading(episode, practitioner, taken_on=days_ago(90), stage="baseline")
    record_reading(episode, practitioner, taken_on=days_ago(10), stage="baseline", star=FAMILY_LIFE)
    assert selectors.star_progress(episode).template.code == FAMILY_LIFE
    assert selectors.star_progress(episode, template_code="happy_healthy_safe").template.code == "happy_healthy_safe"
    assert len(selectors.star_progress(episode).choices) == 2


def test_given_a_csv_then_it_has_a_row_per_reading_and_area(episode, practitioner):
    record_reading(episode, practitioner, taken_on=days_ago(90), stage="baseline", score=4)
    record_reading(episode, practitioner, taken_on=days_ago(1), score=6)
    lines = selectors.progress_csv(episode, selectors.star_progress(episode)).strip().splitlines()
    assert len(lines) == 1 + 2 * 9
    assert lines[-1].startswith(f"E{episode.pk},")
    assert ",6,2," in lines[-1]


# --- The 12-week evaluation -----------------------------------------------------------------------


@pytest.fixture
def cohort(team, practitioner):
    """Three families in the team (improved, worse with a reason, never re-scored) and one elsewhere."""
    def family(baseline_days, later=None, **kw):
        episode = make_allocated_episode(lead_practitioner=practitioner, opened_on=days_ago(baseline_days + 5))
        record_reading(episode, practitioner, taken_on=days_ago(baseline_days), stage="baseline", score=5)
        if later:
            record_reading(episode, practitioner, taken_on=days_ago(baseline_days - later[0]), **later[1], **kw)
        return episode

    improved = family(100, (84, {"score": 6}))
    worse = family(100, (84, {"scores": {"safe_home": 2}}), reasons={"safe_home": "Police called to the home"})
    unscored = family(200)
    practitioner_only = family(100, (84, {"score": 9, "scored_by": "practitioner"}))
    other_worker = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    elsewhere = make_allocated_episode(lead_practitioner=other_worker, opened_on=days_ago(110))
    record_reading(elsewhere, other_worker, taken_on=days_ago(100), stage="baseline", score=5)
    record_reading(elsewhere, other_worker, taken_on=days_ago(16), score=1)
    return {"improved": improved, "worse": worse, "unscored": unscored, "practitioner_only": practitioner_only,
            "elsewhere": elsewhere}


def test_given_a_team_then_the_evaluation_counts_its_families_only(team, cohort):
    result = selectors.twelve_week_evaluation(teams=Team.objects.filter(pk=team.pk), start=days_ago(365), end=TODAY)
    assert result.summary.counts == {"improved": 1, "unchanged": 0, "worse": 1}
    assert {f.episode_id for f in result.evaluated} == {cohort["improved"].pk, cohort["worse"].pk}
    assert [f.episode_id for f in result.not_evaluated] == [cohort["unscored"].pk]
    [deterioration] = result.deteriorations
    assert deterioration.reasons == [("Feeling safe at home", days_ago(16), "Police called to the home")]
    safe = next(area for area in result.areas if area.label == "Feeling safe at home")
    assert (safe.families, safe.worse, safe.unchanged, safe.improved) == (2, 1, 0, 1)
    assert safe.spread == [(-3, 1), (1, 1)]


def test_given_every_team_then_the_other_team_is_counted_too(cohort):
    result = selectors.twelve_week_evaluation(teams=Team.objects.all(), start=days_ago(365), end=TODAY)
    assert result.summary.counts["worse"] == 2


@pytest.mark.parametrize(("start", "end", "evaluated"), [(16, 16, 2), (15, 0, 0), (365, 17, 0)])
def test_given_a_period_then_the_12_week_reading_must_be_taken_in_it(team, cohort, start, end, evaluated):
    result = selectors.twelve_week_evaluation(teams=Team.objects.filter(pk=team.pk), start=days_ago(start), end=days_ago(end))
    assert result.summary.evaluated == evaluated


def test_given_a_shorter_window_in_the_settings_then_it_is_used(team, cohort, settings):
    settings.EARLYHELP_TWELVE_WEEK_WINDOW_START_WEEKS = 6
    settings.EARLYHELP_TWELVE_WEEK_TARGET_WEEKS = 8
    settings.EARLYHELP_TWELVE_WEEK_WINDOW_END_WEEKS = 10
    result = selectors.twelve_week_evaluation(teams=Team.objects.filter(pk=team.pk), start=days_ago(365), end=TODAY)
    assert result.summary.evaluated == 0  # the readings at 12 weeks are outside a 6-to-10-week window


def test_given_the_evaluation_as_csv_then_it_names_no_family(team, cohort):
    result = selectors.twelve_week_evaluation(teams=Team.objects.filter(pk=team.pk), start=days_ago(365), end=TODAY)
    text = selectors.evaluation_csv(result)
    assert all(episode.household.name not in text for episode in cohort.values())
    assert f"E{cohort['worse'].pk}" in text
    assert "Police called to the home" in text
    assert "not evaluated" in text


def test_given_a_manager_then_figures_cover_their_team_and_a_performance_lead_every_team(team, manager):
    make_team()
    assert list(selectors.teams_for_figures(manager)) == [team]
    assert selectors.teams_for_figures(make_user(Role.PERFORMANCE_LEAD)).count() == Team.objects.count()
    assert selectors.teams_for_figures(make_user(Role.LEAD_PRACTITIONER, team=team)).count() == 0
