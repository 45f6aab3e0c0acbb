"""Form pieces that make Django forms render as GOV.UK Design System components.

- ``GovukFormRenderer``: set ``FORM_RENDERER = "earlyhelp.frontend.forms.GovukFormRenderer"`` and
  ``{{ form }}`` / ``{{ form.field.as_field_group }}`` render GOV.UK markup.
- ``GovukDateField`` with ``GovukDateInput``: the GOV.UK date input (day, month and year boxes),
  which keeps exactly what the user typed when the date is wrong.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates


class GovukFormRenderer(DjangoTemplates):
    """Django's default renderer with GOV.UK form and field templates."""

    form_template_name = "frontend/forms/form.html"
    field_template_name = "frontend/components/field.html"


class GovukDateInput(forms.MultiWidget):
    """Three text boxes, day, month and year, named ``<name>_day``, ``<name>_month``, ``<name>_year``.

    The value is the list of the three strings as typed, so a wrong date is shown back unchanged.
    Give ``attrs={"autocomplete": "bday"}`` for a date of birth: each box gets bday-day and so on.
    """

    parts = ("day", "month", "year")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({part: forms.TextInput() for part in self.parts}, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


def _lower_first(label: str) -> str:
    """'Date of birth' -> 'date of birth', leaving initialisms alone ('EHA start date')."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


class GovukDateField(forms.Field):
    """A date entered as day, month and year, with the GOV.UK Design System's error messages."""

    widget = GovukDateInput
    default_error_messages = {
        "required": "Enter %(lower_label)s",
        "incomplete": "%(label)s must include a %(missing)s",
        "invalid": "%(label)s must be a real date",
        "year_length": "Year must include 4 numbers",
    }

    def _message(self, code: str, **extra: str) -> ValidationError:
        label = str(self.label or "Date")
        params = {"label": label, "lower_label": _lower_first(label), **extra}
        return ValidationError(self.error_messages[code], code=code, params=params)

    def validate(self, value: Any) -> None:
        if value in self.empty_values and self.required:
            raise self._message("required")

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            # A single ISO string, for example from initial data or an API round trip.
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                raise self._message("invalid") from None
        day, month, year = (str(part if part is not None else "").strip() for part in value)
        if not (day or month or year):
            return None
        missing = [
            name for name, part in zip(GovukDateInput.parts, (day, month, year), strict=True) if not part
        ]
        if missing:
            raise self._message("incomplete", missing=" and ".join(missing))
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise self._message("invalid")
        if len(year) != 4:
            raise self._message("year_length")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise self._message("invalid") from None


def new_idempotency_key() -> str:
    """A one-time key for a form, made when the form is first shown: sending it twice records it once."""
    return secrets.token_urlsafe(24)


def show_refusal(form: forms.BaseForm, error) -> None:
    """Put a service's refusal (``core.errors.ApplicationError``) next to the field it is about, or at the
    top of the form, keeping everything the user typed."""
    field = error.field if error.field in form.fields else None
    for problem in error.problems:
        form.add_error(field, problem)
