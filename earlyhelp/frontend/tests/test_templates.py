import datetime
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory

from earlyhelp.frontend.templatetags.govuk import govuk_date, govuk_datetime, govuk_time

pytestmark = pytest.mark.urls("earlyhelp.frontend.tests.urls")


def _user(role="front_door", full_name="Priya Shah", username="pshah"):
    return SimpleNamespace(
        is_authenticated=True,
        is_anonymous=False,
        role=role,
        get_full_name=lambda: full_name,
        get_username=lambda: username,
    )


def _page(path="/contacts/", user=None):
    request = RequestFactory().get(path)
    request.user = user if user is not None else _user()
    return render_to_string("base.html", {}, request=request)


def _assert_no_inline_code(html):
    # The Content-Security-Policy allows only our own files: no inline scripts, styles or handlers.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert re.search(r"<script\b[^>]*>\s*[^<\s]", html) is None
    assert "<style" not in html
    assert re.search(r'\sstyle="', html) is None
    assert re.search(r"\son[a-z]+=", html) is None


def test_base_page_has_the_govuk_template_and_service_chrome():
    html = _page()
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<body class="govuk-template__body">' in html
    assert (
        '<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>'
        in html
    )
    assert (
        '<a href="/" class="govuk-header__link govuk-header__link--homepage app-header__service-name">Early Help</a>'
        in html
    )
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert '<strong class="govuk-tag govuk-phase-banner__content__tag">Demo</strong>' in html
    assert "This is a demonstration service with synthetic data only." in html
    assert '<footer class="govuk-footer">' in html
    assert "<title> – Early Help</title>" in html
    # no GOV.UK crown: this is a council service
    assert "<svg" not in html.split("</header>")[0]


def test_base_page_shows_the_user_and_a_sign_out_form():
    html = _page()
    assert '<span class="govuk-visually-hidden">Signed in as </span>Priya Shah' in html
    form = re.search(r'<form method="post" action="/accounts/sign-out/".*?</form>', html, re.S)
    assert form is not None
    assert 'name="csrfmiddlewaretoken"' in form.group(0)
    assert '<button type="submit" class="app-header__sign-out">Sign out</button>' in form.group(0)


def test_user_without_a_full_name_is_shown_by_username():
    assert "</span>pshah</p>" in _page(user=_user(full_name=""))


def test_base_page_renders_the_service_navigation():
    html = re.sub(r"\s+", " ", _page("/contacts/"))
    assert '<div class="govuk-service-navigation" data-module="govuk-service-navigation">' in html
    assert (
        '<li class="govuk-service-navigation__item govuk-service-navigation__item--active"> '
        '<a class="govuk-service-navigation__link" href="/contacts/" aria-current="page">'
        '<strong class="govuk-service-navigation__active-fallback">Contacts</strong></a>'
    ) in html
    assert '<a class="govuk-service-navigation__link" href="/">Home</a>' in html


def test_signed_out_page_has_no_navigation_or_sign_out():
    from django.contrib.auth.models import AnonymousUser

    html = _page("/", user=AnonymousUser())
    assert "govuk-service-navigation" not in html
    assert "Sign out" not in html


def test_base_page_loads_assets_as_modules_without_inline_code():
    html = _page()
    assert '<script type="module" src="/static/earlyhelp/js/init.js"></script>' in html
    assert '<script type="module" src="/static/vendor/govuk-frontend/govuk-frontend.min.js"></script>' in html
    assert '<script defer src="/static/vendor/htmx/htmx.min.js"></script>' in html
    assert 'href="/static/vendor/govuk-frontend/assets/images/favicon.ico"' in html
    _assert_no_inline_code(html)


def test_title_block_and_error_prefix():
    template = Template('{% extends "base.html" %}{% block title %}Record a contact{% endblock %}')
    request = RequestFactory().get("/")
    request.user = _user()
    form = SimpleNamespace(errors={"name": ["Enter a name"]})
    assert "<title>Record a contact – Early Help</title>" in template.render(Context({"request": request}))
    assert "<title>Error: Record a contact – Early Help</title>" in template.render(
        Context({"request": request, "form": form})
    )


@pytest.mark.parametrize("name", ["404.html", "403.html", "400.html", "csrf_failure.html"])
def test_error_pages_extend_the_base_page(name):
    request = RequestFactory().get("/missing/")
    request.user = _user()
    html = render_to_string(name, {}, request=request)
    assert "govuk-template__body" in html
    assert html.count("<h1") == 1
    _assert_no_inline_code(html)


def test_500_page_renders_with_no_request_or_context():
    html = get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in html
    assert "/static/vendor/govuk-frontend/govuk-frontend.min.css" in html
    _assert_no_inline_code(html)


def test_csrf_failure_page_says_nothing_was_saved():
    request = RequestFactory().get("/")
    request.user = _user()
    html = render_to_string("csrf_failure.html", {}, request=request)
    assert "nothing in it has been saved" in html


def test_summary_list_with_some_change_links():
    rows = [
        {"label": "Name", "value": "Sam Brown", "change_url": "/people/1/name/"},
        {"label": "Date of birth", "value": ""},
    ]
    html = re.sub(r"\s+", " ", render_to_string("frontend/components/summary_list.html", {"rows": rows}))
    assert (
        '<a class="govuk-link" href="/people/1/name/">Change<span class="govuk-visually-hidden"> name</span></a>'
        in html
    )
    assert 'class="govuk-summary-list__row govuk-summary-list__row--no-actions"' in html
    assert "Not recorded" in html


def test_summary_list_without_change_links_has_no_actions_modifier():
    html = render_to_string(
        "frontend/components/summary_list.html", {"rows": [{"label": "Name", "value": "Sam"}]}
    )
    assert "--no-actions" not in html


def test_notification_banners():
    success = render_to_string(
        "frontend/components/notification_banner.html", {"type": "success", "heading": "Contact recorded"}
    )
    assert 'class="govuk-notification-banner govuk-notification-banner--success" role="alert"' in success
    assert ">Success</h2>" in success
    important = render_to_string("frontend/components/notification_banner.html", {"heading": "Review due"})
    assert 'role="region" aria-labelledby="govuk-notification-banner-title"' in important
    assert ">Important</h2>" in important


def test_identity_bar_sub_navigation_timeline_and_tag():
    bar = render_to_string(
        "frontend/components/identity_bar.html",
        {
            "title": "Sam Brown",
            "subtitles": ["Born 3 March 2015"],
            "badges": [("Child protection", "moj-badge--red")],
        },
    )
    assert '<span class="moj-badge moj-badge--red">Child protection</span>' in bar
    assert "Born 3 March 2015" in bar
    nav = render_to_string(
        "frontend/components/sub_navigation.html",
        {
            "items": [
                {"label": "Summary", "url": "/e/1/", "active": True},
                {"label": "Plan", "url": "/e/1/plan/"},
            ]
        },
    )
    assert '<a class="moj-sub-navigation__link" aria-current="page" href="/e/1/">Summary</a>' in nav
    when = datetime.datetime(2025, 7, 1, 13, 5, tzinfo=datetime.UTC)
    timeline = render_to_string(
        "frontend/components/timeline.html",
        {
            "items": [
                {"title": "Contact recorded", "byline": "Priya Shah", "datetime": when, "description": "a\nb"}
            ]
        },
    )
    assert '<h2 class="moj-timeline__title">Contact recorded</h2>' in timeline
    assert "1 July 2025 at 2:05pm" in timeline  # shown in UK time (BST)
    assert "a<br>b" in timeline
    tag = render_to_string("frontend/components/tag.html", {"text": "Overdue", "colour": "red"})
    assert tag.strip() == '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'


def test_pagination_keeps_other_query_parameters():
    page = Paginator(list(range(100)), 10).page(5)
    request = RequestFactory().get("/contacts/", {"status": "open", "page": "5"})
    html = Template("{% load govuk %}{% govuk_pagination page %}").render(
        Context({"page": page, "request": request})
    )
    assert 'href="?status=open&amp;page=4" rel="prev"' in html
    assert 'href="?status=open&amp;page=6" rel="next"' in html
    assert 'aria-label="Page 5" aria-current="page"' in html
    assert "govuk-pagination__item--ellipsis" in html


def test_no_pagination_for_one_page():
    page = Paginator([1, 2], 10).page(1)
    html = Template("{% load govuk %}{% govuk_pagination page %}").render(Context({"page": page}))
    assert "govuk-pagination" not in html


def test_empty_state():
    html = render_to_string("frontend/empty_state.html", {})
    assert "Nothing here yet" in html


def test_govuk_date_and_time_formats():
    london = ZoneInfo("Europe/London")
    assert govuk_date(datetime.date(2025, 3, 3)) == "3 March 2025"
    assert govuk_date(datetime.datetime(2025, 3, 2, 23, 30, tzinfo=datetime.UTC)) == "2 March 2025"
    assert govuk_date(datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC)) == "1 July 2025"
    assert govuk_date("2025-03-03") == "3 March 2025"
    assert govuk_date(None) == ""
    assert govuk_time(datetime.time(0, 0)) == "midnight"
    assert govuk_time(datetime.time(12, 0)) == "midday"
    assert govuk_time(datetime.time(10, 0)) == "10am"
    assert govuk_time(datetime.time(14, 15)) == "2:15pm"
    assert govuk_time(datetime.time(0, 5)) == "12:05am"
    assert govuk_datetime(datetime.datetime(2025, 3, 3, 9, 30, tzinfo=london)) == "3 March 2025 at 9:30am"
    assert govuk_datetime(datetime.date(2025, 3, 3)) == "3 March 2025"
