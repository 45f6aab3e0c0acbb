import re

from django import forms
from django.template import Context, Template

from earlyhelp.frontend.forms import GovukDateField


class RequestForm(forms.Form):
    name = forms.CharField(label="Full name")
    consent = forms.ChoiceField(
        label="Consent", widget=forms.RadioSelect, choices=[("yes", "Yes"), ("no", "No")]
    )
    date_of_birth = GovukDateField(label="Date of birth")
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("This family already has an open request")


def render(template, **context):
    return re.sub(r"\s+", " ", Template("{% load govuk %}" + template).render(Context(context)))


def test_error_summary_links_each_error_to_its_field_and_lists_form_errors_first():
    # given a form sent with nothing filled in
    form = RequestForm(data={})
    assert not form.is_valid()
    # when the summary is rendered
    html = render("{% govuk_error_summary form %}", form=form)
    # then it is the GOV.UK component, non-field error first and unlinked, then each field in order
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary"> <div role="alert">' in html
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    items = re.findall(r"<li>(.*?)</li>", html)
    assert items == [
        "This family already has an open request",
        '<a href="#id_name">This field is required.</a>',
        '<a href="#id_consent">This field is required.</a>',
        '<a href="#id_date_of_birth">Enter date of birth</a>',
        "This field is required.",  # the hidden field's: nothing to link to
    ]


def test_every_error_link_points_at_a_control_on_the_page():
    form = RequestForm(data={})
    form.is_valid()
    summary = render("{% govuk_error_summary form %}", form=form)
    fields = render("{% for field in form %}{% govuk_field field %}{% endfor %}", form=form)
    for target in re.findall(r'href="#([^"]+)"', summary):
        assert re.search(rf'<input[^>]* id="{target}"', fields), target


def test_no_summary_without_errors():
    assert render("{% govuk_error_summary form %}", form=RequestForm()).strip() == ""


def test_summary_title_can_be_changed():
    form = RequestForm(data={})
    form.is_valid()
    assert "Check the request" in render(
        '{% govuk_error_summary form title="Check the request" %}', form=form
    )


def test_summary_can_be_included_directly():
    form = RequestForm(data={"name": "Sam"})
    form.is_valid()
    html = render('{% include "frontend/components/error_summary.html" with form=form %}', form=form)
    assert '<a href="#id_consent">' in html
    assert '<a href="#id_name">' not in html


def test_widgets_drawn_by_django_link_to_their_first_control():
    class AppointmentForm(forms.Form):
        starts = forms.SplitDateTimeField(label="Starts")

    form = AppointmentForm(data={})
    form.is_valid()
    summary = render("{% govuk_error_summary form %}", form=form)
    fields = render("{% govuk_field form.starts %}", form=form)
    assert '<a href="#id_starts_0">' in summary
    assert 'id="id_starts_0"' in fields
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_starts-error">' in fields
