"""GOV.UK Design System template tags: ``{% load govuk %}``.

Fields and forms
    {% govuk_field form.first_name %}
    {% govuk_field form.reason label="Why are you asking for help?" label_size="l" is_page_heading=True %}
    {% govuk_field form.needs small=True %}   {# radios/checkboxes: inline=True, small=True #}
    {% govuk_error_summary form %}            {# title="There is a problem" #}

Pagination
    {% govuk_pagination page_obj %}           {# keeps the other query parameters; param="page" #}

Dates and times, GOV.UK style
    {{ value|govuk_date }}      -> 3 March 2025
    {{ value|govuk_time }}      -> 2:15pm, 10am, midday, midnight
    {{ value|govuk_datetime }}  -> 3 March 2025 at 2:15pm
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.core.paginator import Page
from django.forms import BaseForm
from django.forms.boundfield import BoundField
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from earlyhelp.frontend.fields import FieldPresentation, field_anchor, present_field

register = template.Library()

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# Fields ---------------------------------------------------------------------------------------


@register.inclusion_tag("frontend/components/field.html")
def govuk_field(
    field: BoundField,
    label: str | None = None,
    hint: str | None = None,
    label_size: str | None = None,
    is_page_heading: bool = False,
    classes: str = "",
    inline: bool = False,
    small: bool = False,
) -> dict[str, Any]:
    """Render one bound field as its GOV.UK component (see ``earlyhelp.frontend.fields``)."""
    return {
        "field": field,
        "govuk_field_options": {
            "label": label,
            "hint": hint,
            "label_size": label_size,
            "is_page_heading": is_page_heading,
            "classes": classes,
            "inline": inline,
            "small": small,
        },
    }


@register.simple_tag
def govuk_field_context(field: BoundField, options: dict[str, Any] | None = None) -> FieldPresentation:
    """Used by field.html: ``{% govuk_field_context field govuk_field_options as f %}``."""
    return present_field(field, **(options or {}))


@register.inclusion_tag("frontend/components/error_summary.html")
def govuk_error_summary(form: BaseForm, title: str = "There is a problem") -> dict[str, Any]:
    """The error summary for a form: non-field errors first, then each field's errors, linked."""
    return {"form": form, "title": title}


@register.simple_tag
def govuk_error_summary_items(form: BaseForm | None) -> list[dict[str, str]]:
    """Used by error_summary.html: ``[{"text": ..., "href": "#id_x" or ""}]`` in page order."""
    if form is None or not getattr(form, "errors", None):
        return []
    items = [{"text": str(error), "href": ""} for error in form.non_field_errors()]
    for bound_field in form:
        for error in bound_field.errors:
            # A hidden field has nothing to move focus to, so its error is not a link.
            href = "" if bound_field.is_hidden else f"#{field_anchor(bound_field)}"
            items.append({"text": str(error), "href": href})
    return items


@register.filter
def govuk_any_change_url(rows: Any) -> bool:
    """Used by summary_list.html: does any row have a change link?"""
    for row in rows or []:
        url = row.get("change_url") if isinstance(row, dict) else getattr(row, "change_url", None)
        if url:
            return True
    return False


# Pagination -----------------------------------------------------------------------------------


@register.inclusion_tag("frontend/components/pagination.html", takes_context=True)
def govuk_pagination(context: template.Context, page: Page, param: str = "page") -> dict[str, Any]:
    """GOV.UK pagination for a Django ``Page`` (nothing is shown when there is only one page)."""
    return {"page": page, "param": param, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def govuk_pagination_context(context: template.Context, page: Page, param: str = "page") -> dict[str, Any]:
    """Used by pagination.html: previous/next links and the elided list of page numbers."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)

    def url_for(number: int) -> str:
        query[param] = str(number)
        return f"?{query.urlencode()}"

    paginator = page.paginator
    items: list[dict[str, Any]] = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "url": url_for(number), "current": number == page.number})
    return {
        "show": paginator.num_pages > 1,
        "previous_url": url_for(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url_for(page.next_page_number()) if page.has_next() else "",
        "items": items,
    }


# Dates and times ------------------------------------------------------------------------------


def _as_local(value: Any) -> datetime.date | datetime.datetime | None:
    if isinstance(value, str):
        try:
            value = parse_date(value) or parse_datetime(value)
        except ValueError:
            return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    return None


@register.filter
def govuk_date(value: Any) -> str:
    """'3 March 2025' (a datetime is shown in the service's time zone). Empty for no date."""
    local = _as_local(value)
    if local is None:
        return ""
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


@register.filter
def govuk_time(value: Any) -> str:
    """'2:15pm', '10am', 'midday', 'midnight' (the GOV.UK style guide's times)."""
    if isinstance(value, datetime.datetime | str):
        value = _as_local(value)
    if not isinstance(value, datetime.datetime | datetime.time):
        return ""
    hour, minute = value.hour, value.minute
    if minute == 0 and hour == 0:
        return "midnight"
    if minute == 0 and hour == 12:
        return "midday"
    suffix = "am" if hour < 12 else "pm"
    hour12 = hour % 12 or 12
    return f"{hour12}:{minute:02d}{suffix}" if minute else f"{hour12}{suffix}"


@register.filter
def govuk_datetime(value: Any) -> str:
    """'3 March 2025 at 2:15pm'; a plain date is shown as govuk_date."""
    local = _as_local(value)
    if local is None:
        return ""
    if not isinstance(local, datetime.datetime):
        return govuk_date(local)
    return f"{govuk_date(local)} at {govuk_time(local)}"
