"""Ages and the transitions into adulthood: adult services at 18, exploitation support to 22.

In England a person born on 29 February reaches a new age on 1 March in years without a 29
February, which is what comparing (month, day) pairs gives.
"""

from __future__ import annotations

import calendar
from datetime import date

from earlyhelp.domain.timescales import add_months, format_date


def age_on(dob: date, on: date) -> int:
    """Age in whole years on a day (a 29 February birthday counts from 1 March in other years)."""
    if on < dob:
        raise ValueError("The date is before the date of birth")
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def birthday(dob: date, age: int) -> date:
    """The day someone born on ``dob`` reaches ``age`` (1 March for a 29 February birthday in a common year)."""
    year = dob.year + age
    if (dob.month, dob.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 3, 1)
    return dob.replace(year=year)


def transition_prompts(
    dob: date,
    today: date,
    *,
    adult_services_age: int = 18,
    prompt_months_before: int = 6,
    exploitation_support_until: int = 22,
) -> list[str]:
    """Prompts for the lead practitioner as a young person nears adulthood, in plain English.

    - From ``prompt_months_before`` months before their 18th birthday: plan the move to adult
      services.
    - From 18 until ``exploitation_support_until`` (22): adult services now lead, and
      exploitation programmes can continue until 22.
    - From ``prompt_months_before`` months before their 22nd birthday: plan for that support
      ending.
    """
    adult_on = birthday(dob, adult_services_age)
    support_ends_on = birthday(dob, exploitation_support_until)
    prompts = []
    if add_months(adult_on, -prompt_months_before) <= today < adult_on:
        prompts.append(
            f"Turns {adult_services_age} on {format_date(adult_on)}: plan the move to adult services."
        )
    if adult_on <= today < support_ends_on:
        prompts.append(
            f"Turned {adult_services_age} on {format_date(adult_on)}: adult services lead now, and "
            f"support from exploitation programmes can continue until {format_date(support_ends_on)}."
        )
    if add_months(support_ends_on, -prompt_months_before) <= today < support_ends_on:
        prompts.append(
            f"Turns {exploitation_support_until} on {format_date(support_ends_on)}: "
            "support from exploitation programmes ends, so plan what follows."
        )
    return prompts
