"""The service navigation for the signed-in user, built from a menu per role.

The menu is data: a feature appears in a role's navigation by adding its
(label, url name) here, and an entry whose URL name does not exist yet is
skipped, so menus can name pages before they are built.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

HOME: tuple[str, str] = ("Home", "home")

FIND_A_PERSON = ("Find a person", "people:search")

MENUS: dict[str, list[tuple[str, str]]] = {
    "partner_referrer": [
        ("Make a request", "referrals:request_start"),
        ("My requests", "referrals:my_requests"),
    ],
    "front_door": [
        ("Contacts", "referrals:queue"),
        ("Record a contact", "referrals:contact_new"),
        ("Import contacts", "referrals:import"),
        FIND_A_PERSON,
        ("Possible duplicates", "people:duplicates"),
    ],
    "lead_practitioner": [
        ("My caseload", "casework:my_caseload"),
        FIND_A_PERSON,
    ],
    "team_manager": [
        ("Decisions to check", "referrals:oversight_list"),
        ("Allocation", "casework:allocation_queue"),
        ("Caseloads", "casework:caseloads"),
        ("12-week evaluation", "outcomes:evaluation"),
        ("Family feedback", "outcomes:feedback_summary"),
        FIND_A_PERSON,
    ],
    "performance_lead": [
        ("Figures", "reporting:dashboard"),
        ("12-week evaluation", "outcomes:evaluation"),
        ("Family feedback", "outcomes:feedback_summary"),
    ],
    "administrator": [
        ("Users and teams", "admin:index"),
    ],
}


@dataclass(frozen=True)
class NavItem:
    """One link in the service navigation.

    ``active``: the user is on this page or inside its section (aria-current="true").
    ``current``: the user is on exactly this page (aria-current="page").
    """

    label: str
    url: str
    active: bool = False
    current: bool = False


def menu_for(role: str | None) -> list[tuple[str, str]]:
    """Home first, then the role's own entries (an unknown role gets Home only)."""
    return [HOME, *MENUS.get(str(role) if role is not None else "", [])]


def build_nav_items(path: str, role: str | None) -> list[NavItem]:
    """Resolve a role's menu against the URLconf and mark the item the user is in."""
    resolved: list[tuple[str, str, bool]] = []  # (label, url, is_home)
    for label, url_name in menu_for(role):
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        resolved.append((label, url, url_name == HOME[1]))

    # Home is active on its own page only (every path starts with "/").
    # Elsewhere, when one item's URL is a prefix of another's (/contacts/ and
    # /contacts/new/), only the longest match is active, so that exactly one
    # link carries aria-current.
    matches = [url for _label, url, is_home in resolved if (path == url if is_home else path.startswith(url))]
    active_url = max(matches, key=len) if matches else None
    return [
        NavItem(label=label, url=url, active=url == active_url, current=url == path)
        for label, url, _is_home in resolved
    ]


def navigation(request: HttpRequest) -> dict[str, list[NavItem]]:
    """Context processor: ``nav_items`` for the signed-in user's role (empty when signed out)."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return {"nav_items": []}
    return {"nav_items": build_nav_items(request.path, getattr(user, "role", None))}


def session(request: HttpRequest) -> dict[str, object]:
    """For the time-out warning (seconds of inactivity allowed) and for refilling a form that was
    sent after the session expired (see accounts.middleware.LoginRequiredKeepingFormMiddleware)."""
    from django.conf import settings

    from earlyhelp.accounts.middleware import pop_kept_form

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"session_seconds": settings.SESSION_COOKIE_AGE, "kept_form": pop_kept_form(request)}
