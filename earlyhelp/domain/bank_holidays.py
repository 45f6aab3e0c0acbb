"""Bank holidays in England and Wales, as data, with no network access.

Working-day deadlines need every bank holiday, for years after the published list as well as
during it. The published list comes from GOV.UK, as cached inside the ``govuk-bank-holidays``
package (it covers 2012 to 2028 in version 0.19). Every other year from ``FIRST_YEAR`` to
``LAST_YEAR`` comes from the rules in the Banking and Financial Dealings Act 1971 as
practised since 1978, plus the one-off changes below, which no rule can know.

When a new one-off day is announced (a coronation, a jubilee, a state funeral), add it to
``ONE_OFF_BANK_HOLIDAYS`` or ``MOVED_BANK_HOLIDAYS`` until the package's cache includes it.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

FIRST_YEAR = 2000
LAST_YEAR = 2060

# Extra days proclaimed for one year only.
ONE_OFF_BANK_HOLIDAYS: dict[date, str] = {
    date(2002, 6, 3): "Golden Jubilee",
    date(2011, 4, 29): "Royal wedding",
    date(2012, 6, 5): "Queen's Diamond Jubilee",
    date(2022, 6, 3): "Platinum Jubilee",
    date(2022, 9, 19): "State funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Coronation of King Charles III",
}

# Rule-based days moved for one year only: the rule's date -> the day actually taken.
MOVED_BANK_HOLIDAYS: dict[date, date] = {
    date(2002, 5, 27): date(2002, 6, 4),  # spring bank holiday, moved for the Golden Jubilee
    date(2012, 5, 28): date(2012, 6, 4),  # spring bank holiday, moved for the Diamond Jubilee
    date(2020, 5, 4): date(2020, 5, 8),  # early May bank holiday, moved to VE Day's 75th anniversary
    date(2022, 5, 30): date(2022, 6, 2),  # spring bank holiday, moved for the Platinum Jubilee
}


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian, or Meeus/Jones/Butcher, algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's published name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last = next_month - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _with_substitutes(fixed_days: list[date]) -> list[date]:
    """Fixed-date holidays that fall at a weekend move to the next weekday not already a holiday."""
    taken: list[date] = []
    for day in fixed_days:
        while day.weekday() >= 5 or day in taken:
            day += timedelta(days=1)
        taken.append(day)
    return taken


def rule_based_bank_holidays(year: int) -> frozenset[date]:
    """The eight England and Wales bank holidays the standing rules give for ``year``.

    New Year's Day, Good Friday, Easter Monday, the early May bank holiday (first Monday in
    May), the spring bank holiday (last Monday in May), the summer bank holiday (last Monday in
    August), Christmas Day and Boxing Day; New Year's Day, Christmas Day and Boxing Day falling
    at a weekend are substituted by the next free weekday. One-off changes are not included.
    """
    easter = easter_sunday(year)
    return frozenset(
        [
            *_with_substitutes([date(year, 1, 1)]),
            easter - timedelta(days=2),
            easter + timedelta(days=1),
            _first_monday(year, 5),
            _last_monday(year, 5),
            _last_monday(year, 8),
            *_with_substitutes([date(year, 12, 25), date(year, 12, 26)]),
        ]
    )


def generated_bank_holidays(year: int) -> frozenset[date]:
    """The rules for ``year`` with the known one-off extra and moved days applied."""
    days = {MOVED_BANK_HOLIDAYS.get(day, day) for day in rule_based_bank_holidays(year)}
    days |= {day for day in ONE_OFF_BANK_HOLIDAYS if day.year == year}
    return frozenset(days)


def published_bank_holidays() -> frozenset[date]:
    """England and Wales bank holidays from GOV.UK, as cached in the installed package (no download)."""
    # Imported here, not at the top, so importing the domain layer does not import ``requests``.
    from govuk_bank_holidays.bank_holidays import BankHolidays

    calendar = BankHolidays(use_cached_holidays=True)
    return frozenset(item["date"] for item in calendar.get_holidays(division=BankHolidays.ENGLAND_AND_WALES))


@functools.lru_cache(maxsize=1)
def england_and_wales_bank_holidays() -> frozenset[date]:
    """Every England and Wales bank holiday from ``FIRST_YEAR`` to ``LAST_YEAR``.

    Published GOV.UK dates win for every year they cover; the rules (with known one-off
    changes) fill the years before and after. Dates outside the range are treated as ordinary
    days by the working-day functions, so keep ``LAST_YEAR`` well ahead of any deadline.
    """
    published = published_bank_holidays()
    published_years = {day.year for day in published}
    generated = (
        generated_bank_holidays(year)
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        if year not in published_years
    )
    return published.union(*generated)
