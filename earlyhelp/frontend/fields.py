"""Turn a bound Django form field into what the GOV.UK component templates need.

``present_field(bound_field)`` picks the GOV.UK component from the widget (text input, textarea,
select, radios, checkboxes, single checkbox, date, file upload), and works out ids, hint, error
messages, ``aria-describedby`` and the value to show again, which is always what the user sent
when the form has errors. ``frontend/components/field.html`` renders the result.

Id convention (the GOV.UK one): the first control of a field has the field's own id
(``id_<name>``, Django's auto id), so the error summary can always link to ``#id_<name>``;
further radios and checkboxes are ``id_<name>-2``, ``id_<name>-3``; the month and year boxes of a
date are ``id_<name>-month`` and ``id_<name>-year``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils import formats
from django.utils.safestring import SafeString

from earlyhelp.frontend.forms import GovukDateInput

# Attributes the templates set themselves, or that the GOV.UK Design System advises against
# (browser validation and maxlength, which silently cuts what the user typed).
_OWNED_ATTRS = frozenset(
    {
        "id",
        "name",
        "type",
        "value",
        "class",
        "required",
        "maxlength",
        "minlength",
        "aria-describedby",
        "aria-invalid",
        "checked",
        "rows",
        "cols",
        "multiple",
    }
)
_NUMBER_ATTRS = frozenset({"min", "max", "step"})

LABEL_SIZES = frozenset({"s", "m", "l", "xl"})


@dataclass
class Option:
    """One radio, checkbox or select option."""

    value: str
    label: str
    id: str = ""
    checked: bool = False
    hint: str = ""
    disabled: bool = False


@dataclass
class OptionGroup:
    """Select options under an optional <optgroup> label."""

    label: str | None
    options: list[Option]


@dataclass
class DatePart:
    """The day, month or year box of a GOV.UK date input."""

    name: str
    id: str
    label: str
    value: str
    width: int
    autocomplete: str = ""


@dataclass
class FieldPresentation:
    """Everything ``field.html`` needs to draw one field."""

    kind: str
    id: str
    name: str
    label: str
    hint: str
    errors: list[str]
    anchor: str
    label_size: str | None = None
    legend_size: str | None = None
    is_page_heading: bool = False
    classes: str = ""
    input_type: str = "text"
    value: str = ""
    has_value: bool = False
    checked: bool = False
    attrs: SafeString = field(default_factory=lambda: SafeString(""))
    options: list[Option] = field(default_factory=list)
    option_groups: list[OptionGroup] = field(default_factory=list)
    multiple: bool = False
    rows: int = 5
    maxlength: int | None = None
    date_parts: list[DatePart] = field(default_factory=list)
    current_file: str = ""

    @property
    def label_for(self) -> str:
        """The control the <label> points at: the field's first control."""
        return self.anchor

    @property
    def hint_id(self) -> str:
        return f"{self.id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def info_id(self) -> str:
        return f"{self.id}-info"

    @property
    def describedby(self) -> str:
        """The ids of the character count message, hint and error message, in GOV.UK order."""
        ids = []
        if self.maxlength:
            ids.append(self.info_id)
        if self.hint:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    use_fieldset: bool = False


def widget_kind(widget: forms.Widget) -> str:
    """The GOV.UK component that draws this widget (order matters: subclasses first)."""
    if isinstance(widget, GovukDateInput):
        return "date_input"
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.DateInput):
        return "date"
    if isinstance(widget, forms.MultiWidget):
        return "other"
    if isinstance(widget, Input):
        return "input"
    return "other"


def field_id(bound_field: BoundField) -> str:
    """The id of the field's first control: the widget's own id if it sets one, else Django's auto id."""
    widget = bound_field.field.widget
    return str(widget.attrs.get("id") or bound_field.auto_id or f"id_{bound_field.html_name}")


def field_anchor(bound_field: BoundField) -> str:
    """The id the error summary links to for this field."""
    widget = bound_field.field.widget
    if widget_kind(widget) == "other":
        base_id = field_id(bound_field)
        if isinstance(widget, forms.MultiWidget):
            return f"{base_id}_0"  # Django numbers a MultiWidget's boxes id_<name>_0, _1...
        return str(widget.id_for_label(base_id) or base_id)
    return field_id(bound_field)


def date_example(widget: forms.DateInput) -> str:
    """An example date in the first format the field accepts, e.g. '27/03/2014' for en-GB."""
    fmt = widget.format or formats.get_format(widget.format_key)[0]
    return datetime.date(2014, 3, 27).strftime(fmt)


def _extra_attrs(
    bound_field: BoundField,
    widget: forms.Widget,
    *,
    drop: frozenset[str] = frozenset(),
    defaults: dict[str, Any] | None = None,
) -> SafeString:
    """The widget's own attributes (autocomplete, spellcheck, data-*...) as HTML, less the ones we own."""
    attrs = dict(defaults or {})
    attrs.update({k: v for k, v in widget.attrs.items() if k not in _OWNED_ATTRS and k not in drop})
    if bound_field.field.disabled:
        attrs["disabled"] = True
    return flatatt(attrs)


def _choice_options(bound_field: BoundField, base_id: str, *, skip_blank: bool) -> list[OptionGroup]:
    widget = bound_field.field.widget
    value = widget.format_value(bound_field.value())
    hints = getattr(bound_field.field, "choice_hints", None) or {}
    groups: list[OptionGroup] = []
    count = 0
    for group_name, group_options, _index in widget.optgroups(bound_field.html_name, value):
        options = []
        for option in group_options:
            option_value = "" if option["value"] is None else str(option["value"])
            if skip_blank and option_value == "":
                continue
            count += 1
            options.append(
                Option(
                    value=option_value,
                    label=str(option["label"]),
                    id=base_id if count == 1 else f"{base_id}-{count}",
                    checked=bool(option["selected"]),
                    hint=str(hints.get(option_value, "")),
                    disabled=bool(option["attrs"].get("disabled")),
                )
            )
        groups.append(OptionGroup(label=str(group_name) if group_name else None, options=options))
    return groups


def present_field(
    bound_field: BoundField,
    *,
    label: str | None = None,
    hint: str | None = None,
    label_size: str | None = None,
    is_page_heading: bool = False,
    classes: str = "",
    inline: bool = False,
    small: bool = False,
) -> FieldPresentation:
    """Describe ``bound_field`` as the matching GOV.UK component.

    ``label``/``hint`` replace the field's label and help text; ``label_size`` is s, m, l or xl
    (a page heading defaults to l); ``classes`` go on the control (e.g. ``govuk-input--width-10``);
    ``inline``/``small`` are the radios and checkboxes variants.
    """
    widget = bound_field.field.widget
    kind = widget_kind(widget)
    base_id = field_id(bound_field)
    if label_size not in LABEL_SIZES:
        label_size = "l" if is_page_heading else None
    help_text = bound_field.help_text if hint is None else hint

    presentation = FieldPresentation(
        kind=kind,
        id=base_id,
        name=bound_field.html_name,
        label=str(bound_field.label if label is None else label),
        hint=help_text or "",
        errors=[str(error) for error in bound_field.errors],
        anchor=field_anchor(bound_field),
        label_size=label_size,
        is_page_heading=is_page_heading,
    )
    widget_classes = str(widget.attrs.get("class", "")).strip()
    presentation.classes = " ".join(c for c in (widget_classes, classes) if c)
    value = bound_field.value()

    if kind in {"input", "date"}:
        input_type = getattr(widget, "input_type", "text") or "text"
        drop: frozenset[str] = frozenset()
        defaults: dict[str, Any] = {}
        if isinstance(widget, forms.NumberInput):
            # GOV.UK: numbers are a text input with a numeric keyboard, not type="number".
            input_type = "text"
            drop = _NUMBER_ATTRS
            decimal = isinstance(bound_field.field, forms.DecimalField | forms.FloatField)
            defaults = {"inputmode": "decimal" if decimal else "numeric", "spellcheck": "false"}
        presentation.input_type = input_type
        presentation.attrs = _extra_attrs(bound_field, widget, drop=drop, defaults=defaults)
        if isinstance(widget, forms.PasswordInput) and not widget.render_value:
            value = None
        formatted = widget.format_value(value)
        presentation.value = "" if formatted is None else str(formatted)
        presentation.has_value = formatted not in (None, "")
        if kind == "date":
            if not presentation.hint:
                presentation.hint = f"For example, {date_example(widget)}"
            if "govuk-input--width" not in presentation.classes:
                presentation.classes = " ".join(
                    c for c in (presentation.classes, "govuk-input--width-10") if c
                )
        kind = presentation.kind = "input"
    elif kind == "textarea":
        presentation.attrs = _extra_attrs(bound_field, widget)
        formatted = widget.format_value(value)
        presentation.value = "" if formatted is None else str(formatted)
        rows = str(widget.attrs.get("rows") or "")
        if not rows.isdigit() or (rows == "10" and str(widget.attrs.get("cols")) == "40"):
            rows = "5"  # Django's Textarea defaults to 10 rows and 40 columns: use GOV.UK's 5 rows.
        presentation.rows = int(rows)
        max_length = getattr(bound_field.field, "max_length", None)
        presentation.maxlength = int(max_length) if max_length else None
    elif kind == "select":
        presentation.attrs = _extra_attrs(bound_field, widget)
        presentation.multiple = bool(widget.allow_multiple_selected)
        presentation.option_groups = _choice_options(bound_field, base_id, skip_blank=False)
    elif kind in {"radios", "checkboxes"}:
        presentation.attrs = _extra_attrs(bound_field, widget)
        presentation.options = [
            option
            for group in _choice_options(bound_field, base_id, skip_blank=True)
            for option in group.options
        ]
        presentation.legend_size = label_size if label_size else ("l" if is_page_heading else "m")
        variants = [
            f"govuk-{kind}--inline" if inline and kind == "radios" else "",
            f"govuk-{kind}--small" if small else "",
        ]
        presentation.classes = " ".join(c for c in (*variants, presentation.classes) if c)
    elif kind == "checkbox":
        presentation.attrs = _extra_attrs(bound_field, widget)
        presentation.checked = bool(widget.check_test(value))
        if small:
            presentation.classes = " ".join(c for c in ("govuk-checkboxes--small", presentation.classes) if c)
    elif kind == "file":
        presentation.attrs = _extra_attrs(bound_field, widget)
        initial = bound_field.initial
        presentation.current_file = str(getattr(initial, "name", "") or "") if initial else ""
    elif kind == "other":
        # Any other widget is drawn by Django itself, inside the GOV.UK form group; widgets
        # with several controls (MultiWidget, SelectDateWidget) get a fieldset and legend.
        presentation.use_fieldset = bool(getattr(widget, "use_fieldset", False))
        presentation.legend_size = label_size if label_size else ("l" if is_page_heading else "m")
    elif kind == "date_input":
        presentation.legend_size = label_size if label_size else ("l" if is_page_heading else "m")
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        autocomplete = str(widget.attrs.get("autocomplete", ""))
        presentation.date_parts = [
            DatePart(
                name=f"{bound_field.html_name}_{part}",
                id=base_id if part == "day" else f"{base_id}-{part}",
                label=part.capitalize(),
                value="" if parts[index] is None else str(parts[index]),
                width=4 if part == "year" else 2,
                autocomplete=f"{autocomplete}-{part}" if autocomplete else "",
            )
            for index, part in enumerate(GovukDateInput.parts)
        ]
    return presentation
