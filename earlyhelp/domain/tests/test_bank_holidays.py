from datetime import date

import pytest

from earlyhelp.domain import bank_holidays
from earlyhelp.domain.bank_holidays import (
    MOVED_BANK_HOLIDAYS,
    ONE_OFF_BANK_HOLIDAYS,
    easter_sunday,
    england_and_wales_bank_holidays,
    generated_bank_holidays,
    published_bank_holidays,
    rule_based_bank_holidays,
)

PUBLISHED = published_bank_holidays()
PUBLISHED_YEARS = sorted({day.year for day in PUBLISHED})


def _published(year):
    return {day for day in PUBLISHED if day.year == year}


def test_given_the_package_cache_then_it_covers_whole_years_from_2012():
    assert PUBLISHED_YEARS[0] == 2012
    assert PUBLISHED_YEARS == list(range(PUBLISHED_YEARS[0], PUBLISHED_YEARS[-1] + 1))
    assert all(len(_published(year)) >= 8 for year in PUBLISHED_YEARS)


@pytest.mark.parametrize("year", PUBLISHED_YEARS)
def test_given_a_published_year_when_generated_with_known_changes_then_it_matches_gov_uk(year):
    assert generated_bank_holidays(year) == _published(year)


def test_given_published_years_when_rules_alone_are_used_then_only_the_known_one_off_years_differ():
    differing = {year for year in PUBLISHED_YEARS if rule_based_bank_holidays(year) != _published(year)}
    known = {day.year for day in ONE_OFF_BANK_HOLIDAYS} | {day.year for day in MOVED_BANK_HOLIDAYS}
    assert differing == known & set(PUBLISHED_YEARS) == {2012, 2020, 2022, 2023}


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2011, date(2011, 4, 24)),
        (2019, date(2019, 4, 21)),
        (2030, date(2030, 4, 21)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),
    ],
)
def test_given_a_year_when_easter_is_computed_then_it_is_the_known_date(year, easter):
    assert easter_sunday(year) == easter


def test_given_2030_when_generated_then_it_has_the_eight_standing_holidays():
    assert rule_based_bank_holidays(2030) == {
        date(2030, 1, 1),
        date(2030, 4, 19),
        date(2030, 4, 22),
        date(2030, 5, 6),
        date(2030, 5, 27),
        date(2030, 8, 26),
        date(2030, 12, 25),
        date(2030, 12, 26),
    }


def test_given_christmas_on_a_saturday_then_monday_and_tuesday_are_substitutes():
    assert date(2032, 12, 25).weekday() == 5
    holidays = rule_based_bank_holidays(2032)
    assert {date(2032, 12, 27), date(2032, 12, 28)} <= holidays
    assert date(2032, 12, 25) not in holidays


def test_given_new_year_on_a_sunday_then_monday_is_the_substitute():
    assert date(2034, 1, 1).weekday() == 6
    assert date(2034, 1, 2) in rule_based_bank_holidays(2034)


def test_given_the_full_calendar_then_it_spans_the_generated_years_and_keeps_published_dates():
    holidays = england_and_wales_bank_holidays()
    assert PUBLISHED <= holidays
    assert generated_bank_holidays(2030) <= holidays
    assert generated_bank_holidays(2060) <= holidays
    assert date(2011, 4, 29) in holidays
    assert england_and_wales_bank_holidays() is holidays


def test_given_no_network_when_loading_then_the_cached_copy_is_used(monkeypatch):
    import requests

    def refuse(*args, **kwargs):
        raise AssertionError("bank holidays must not be downloaded")

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(requests.Session, "request", refuse)
    assert published_bank_holidays() == PUBLISHED


def test_given_the_module_then_it_names_its_range():
    assert bank_holidays.FIRST_YEAR <= 2012
    assert bank_holidays.LAST_YEAR >= 2050
