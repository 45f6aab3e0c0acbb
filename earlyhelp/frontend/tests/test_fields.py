import re

from django import forms
from django.template import Context, Template
from django.test import override_settings

from earlyhelp.frontend.forms import GovukDateField, GovukDateInput, GovukFormRenderer


class ContactForm(forms.Form):
    """A throwaway form with one field of each kind the front end draws."""

    name = forms.CharField(label="Full name", help_text="As the family gives it.", max_length=50)
    email = forms.EmailField(label="Email address", required=False)
    age = forms.IntegerField(label="Age", required=False)
    notes = forms.CharField(label="What is the worry?", widget=forms.Textarea, max_length=500, required=False)
    source = forms.ChoiceField(
        label="Who is asking?", choices=[("", "Select"), ("school", "School"), ("gp", "GP")]
    )
    consent = forms.ChoiceField(
        label="Has the family agreed?", widget=forms.RadioSelect, choices=[("yes", "Yes"), ("no", "No")]
    )
    needs = forms.MultipleChoiceField(
        label="Needs",
        widget=forms.CheckboxSelectMultiple,
        choices=[("housing", "Housing"), ("money", "Money"), ("school", "School attendance")],
        required=False,
    )
    urgent = forms.BooleanField(label="This is urgent", required=False)
    seen_on = forms.DateField(label="Date seen", required=False)
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, widget=GovukDateInput(attrs={"autocomplete": "bday"})
    )
    letter = forms.FileField(label="Upload a letter", required=False)
    secret = forms.CharField(label="Password", widget=forms.PasswordInput, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def render(template, **context):
    return Template("{% load govuk %}" + template).render(Context(context))


def squash(html):
    return re.sub(r"\s+", " ", html)


def bound(**data):
    base = {"name": "", "source": "", "consent": ""}
    base.update(data)
    form = ContactForm(data=base)
    form.is_valid()
    return form


def test_text_input_with_error_shows_the_message_and_keeps_what_was_typed():
    # given a name that is too long
    form = bound(name="x" * 60, source="school", consent="yes")
    # when the field is rendered
    html = squash(render("{% govuk_field form.name %}", form=form))
    # then the GOV.UK error markup is there, linked by aria-describedby, with the typed value
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert '<p id="id_name-error" class="govuk-error-message">' in html
    assert (
        '<span class="govuk-visually-hidden">Error:</span> Ensure this value has at most 50 characters'
        in html
    )
    assert 'class="govuk-input govuk-input--error"' in html
    assert f'value="{"x" * 60}"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert '<div id="id_name-hint" class="govuk-hint">As the family gives it.</div>' in html
    assert '<label class="govuk-label" for="id_name">Full name</label>' in html
    # and neither browser validation nor maxlength cut in
    assert "maxlength" not in html
    assert "required" not in html


def test_input_keeps_a_wrong_email_and_escapes_it():
    form = bound(email='not an email"><script>', source="school", consent="yes")
    html = render("{% govuk_field form.email %}", form=form)
    assert 'type="email"' in html
    assert 'value="not an email&quot;&gt;&lt;script&gt;"' in html
    assert "govuk-input--error" in html


def test_number_is_a_text_input_with_a_numeric_keyboard_and_keeps_bad_input():
    html = render("{% govuk_field form.age %}", form=bound(age="twelve"))
    assert 'type="text"' in html
    assert 'inputmode="numeric"' in html
    assert 'value="twelve"' in html
    assert "Enter a whole number." in html


def test_field_without_errors_has_no_error_markup():
    form = ContactForm(data={"name": "Sam", "source": "gp", "consent": "no"})
    assert form.is_valid()
    html = render("{% govuk_field form.name %}", form=form)
    assert "govuk-error-message" not in html
    assert "--error" not in html
    assert 'aria-describedby="id_name-hint"' in html


def test_textarea_keeps_text_and_has_a_character_count():
    form = bound(notes="Line one\nLine two", source="school", consent="yes")
    html = render("{% govuk_field form.notes %}", form=form)
    assert 'data-module="govuk-character-count" data-maxlength="500"' in html
    assert 'class="govuk-textarea govuk-js-character-count"' in html
    assert ">\nLine one\nLine two</textarea>" in html
    assert 'rows="5"' in html
    assert 'aria-describedby="id_notes-info"' in html
    assert '<div id="id_notes-info" class="govuk-hint govuk-character-count__message">' in html


def test_select_keeps_the_choice_and_shows_its_error():
    html = squash(render("{% govuk_field form.source %}", form=bound(source="")))
    assert 'class="govuk-select govuk-select--error"' in html
    assert "This field is required." in html
    html = render("{% govuk_field form.source %}", form=bound(source="gp"))
    assert '<option value="gp" selected>GP</option>' in html


def test_radios_keep_the_choice_and_link_the_first_radio_to_the_field_id():
    html = squash(render("{% govuk_field form.consent %}", form=bound(consent="no")))
    assert '<fieldset class="govuk-fieldset">' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Has the family agreed?' in html
    assert 'id="id_consent" name="consent" type="radio" value="yes">' in html
    assert 'id="id_consent-2" name="consent" type="radio" value="no" checked>' in html
    assert 'data-module="govuk-radios"' in html


def test_radios_with_error_describe_the_fieldset():
    html = squash(render("{% govuk_field form.consent inline=True %}", form=bound()))
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_consent-error">' in html
    assert 'class="govuk-radios govuk-radios--inline"' in html
    assert "govuk-form-group--error" in html


def test_checkboxes_keep_every_ticked_box():
    form = ContactForm(data={"needs": ["housing", "school"], "name": ""})
    form.is_valid()
    html = render("{% govuk_field form.needs %}", form=form)
    assert 'id="id_needs" name="needs" type="checkbox" value="housing" checked>' in html
    assert 'id="id_needs-2" name="needs" type="checkbox" value="money">' in html
    assert 'id="id_needs-3" name="needs" type="checkbox" value="school" checked>' in html


def test_single_checkbox_keeps_its_tick():
    form = bound(urgent="true")
    html = render("{% govuk_field form.urgent %}", form=form)
    assert (
        'class="govuk-checkboxes__input" id="id_urgent" name="urgent" type="checkbox" value="true" checked'
        in html
    )
    assert '<label class="govuk-label govuk-checkboxes__label" for="id_urgent">This is urgent</label>' in html
    assert "checked" not in render("{% govuk_field form.urgent %}", form=bound())


@override_settings(LANGUAGE_CODE="en-gb")
def test_date_input_field_shows_an_example_in_the_format_it_accepts_and_keeps_bad_input():
    html = render("{% govuk_field form.seen_on %}", form=bound(seen_on="31/02/2024"))
    assert '<div id="id_seen_on-hint" class="govuk-hint">For example, 27/03/2014</div>' in html
    assert 'value="31/02/2024"' in html
    assert "Enter a valid date." in html
    form = bound(name="Sam", seen_on="27/3/2014", source="school", consent="yes")
    assert form.is_valid(), form.errors


def test_govuk_date_keeps_each_box_and_says_what_is_wrong():
    form = bound(date_of_birth_day="31", date_of_birth_month="2", date_of_birth_year="2019")
    html = squash(render("{% govuk_field form.date_of_birth %}", form=form))
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_date_of_birth-error">' in html
    assert "Date of birth must be a real date" in html
    assert (
        'id="id_date_of_birth" name="date_of_birth_day" type="text" value="31" autocomplete="bday-day"'
        in html
    )
    assert 'id="id_date_of_birth-month" name="date_of_birth_month" type="text" value="2"' in html
    assert 'id="id_date_of_birth-year" name="date_of_birth_year" type="text" value="2019"' in html
    assert html.count("govuk-input--error") == 3


def test_govuk_date_messages():
    def error(day, month, year, required=False):
        class F(forms.Form):
            when = GovukDateField(label="Date of birth", required=required)

        form = F(data={"when_day": day, "when_month": month, "when_year": year})
        return form.errors.get("when", [None])[0] if not form.is_valid() else form.cleaned_data["when"]

    assert error("", "", "", required=True) == "Enter date of birth"
    assert error("", "", "") is None
    assert error("3", "", "") == "Date of birth must include a month and year"
    assert error("3", "x", "2020") == "Date of birth must be a real date"
    assert error("3", "4", "20") == "Year must include 4 numbers"
    assert str(error(" 3", "04", "2020")) == "2020-04-03"


def test_password_is_never_sent_back():
    html = render("{% govuk_field form.secret %}", form=bound(secret="hunter2"))
    assert "hunter2" not in html
    assert 'type="password"' in html


def test_file_upload_and_hidden_field():
    form = bound()
    file_html = render("{% govuk_field form.letter %}", form=form)
    assert 'class="govuk-file-upload" id="id_letter" name="letter" type="file"' in file_html
    hidden_html = render("{% govuk_field form.token %}", form=form).strip()
    assert hidden_html.startswith('<input type="hidden" name="token"')
    assert "govuk-form-group" not in hidden_html


def test_label_options_and_page_heading():
    html = squash(
        render(
            '{% govuk_field form.name label="What is their name?" hint="" is_page_heading=True classes="govuk-input--width-20" %}',
            form=ContactForm(),
        )
    )
    assert (
        '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="id_name">What is their name?</label></h1>'
        in html
    )
    assert 'class="govuk-input govuk-input--width-20"' in html
    assert "govuk-hint" not in html


def test_unbound_form_shows_initial_values():
    form = ContactForm(initial={"name": "Alex", "consent": "yes", "urgent": True})
    assert 'value="Alex"' in render("{% govuk_field form.name %}", form=form)
    assert 'value="yes" checked' in render("{% govuk_field form.consent %}", form=form)
    assert "checked" in render("{% govuk_field form.urgent %}", form=form)


def test_form_renderer_draws_every_field_as_govuk():
    form = ContactForm(data={"name": ""})
    form.renderer = GovukFormRenderer()
    html = str(form)
    assert '<p id="id_name-error" class="govuk-error-message">' in html
    assert 'class="govuk-radios"' in html
    assert '<input type="hidden" name="token"' in html
