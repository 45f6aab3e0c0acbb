"""A crawl of the whole site as each demo sign-in: every link a person is shown must work.

A small Northmoor (the demo generator, 120 children) is loaded inside the test's transaction; each role
then follows every same-site link from its home page (and from one episode page in every state it may
open), breadth first, up to ``PAGES_PER_ROLE`` pages.
No page may answer 5xx, and every link shown must answer 200 or a redirect: a link that answers 404 (or
403, 405, 410...) is a dead link between pieces built by different people. Downloads are fetched but
not parsed; sign-out, the admin's log-out and links off the site are not followed.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from earlyhelp.accounts.models import User
from earlyhelp.casework.models import Episode
from earlyhelp.core.testing import sign_in_client
from earlyhelp.demo.generator import DemoConfig
from earlyhelp.demo.loaders import load
from earlyhelp.demo.organisation import DEMO_USERNAMES

pytestmark = pytest.mark.django_db

PAGES_PER_ROLE = 300
PAGES_PER_SHAPE = 6  # at most this many pages of one kind (/episodes/N/notes/new/), so the crawl stays broad and quick
# The hubs that show different links in different states (an episode awaiting allocation, in plan, closing,
# closed, stepped up, stepped down) get more.
MORE_OF = {"/episodes/N/": 40, "/people/families/N/": 15, "/front-door/contacts/N/": 15}
MAX_DOWNLOAD_BYTES = 1024 * 1024
CONFIG = DemoConfig(seed=5, children=120, years=2, today=date.today())  # noqa: DTZ011 (the demo's "today")

# Links a person can see but a crawler must not follow.
SKIP = (
    re.compile(r"^/accounts/sign-out"),
    re.compile(r"^/admin/logout/"),
    re.compile(r"^/static/"),
    re.compile(r"^/media/"),
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_in(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url, _fragment = urldefrag(urljoin(f"http://testserver{base}", href))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            continue  # off the site
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if any(pattern.match(path) for pattern in SKIP):
            continue
        found.append(path)
    return found


def shape(url: str) -> str:
    """The kind of page: the path with every number as N and no query string."""
    return re.sub(r"\d+", "N", urlsplit(url).path)


@dataclass
class Crawl:
    visited: dict[str, int] = field(default_factory=dict)
    shown_on: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


SEED = "(seed)"


def crawl(client, *, start: str = "/", seeds: tuple[str, ...] = (), limit: int = PAGES_PER_ROLE) -> Crawl:
    """Breadth first from ``start``. ``seeds`` are pages the role was not necessarily shown a link to (one
    episode in every state): they may answer 404, but every link they show must work."""
    result = Crawl()
    queue: deque[str] = deque([start, *seeds])
    result.shown_on[start] = "(start)"
    result.shown_on.update(dict.fromkeys(seeds, SEED))
    per_shape: Counter[str] = Counter()
    while queue and len(result.visited) < limit:
        url = queue.popleft()
        if url in result.visited or per_shape[shape(url)] >= MORE_OF.get(shape(url), PAGES_PER_SHAPE):
            continue
        per_shape[shape(url)] += 1
        response = client.get(url)
        result.visited[url] = response.status_code
        if response.status_code == 404 and result.shown_on[url] == SEED:
            continue  # not this role's family
        if response.status_code >= 500 or response.status_code not in (200, 301, 302):
            result.problems.append(f"{response.status_code} {url} (linked from {result.shown_on[url]})")
            continue
        if response.status_code in (301, 302):
            target = urlsplit(urljoin(f"http://testserver{url}", response["Location"]))
            if target.netloc == "testserver":
                path = target.path + (f"?{target.query}" if target.query else "")
                if not any(pattern.match(path) for pattern in SKIP) and path not in result.shown_on:
                    result.shown_on[path] = f"redirect from {url}"
                    queue.append(path)
            continue
        if getattr(response, "streaming", False):
            continue
        if not response.get("Content-Type", "").startswith("text/html") or len(response.content) > MAX_DOWNLOAD_BYTES:
            continue
        for link in links_in(response.content.decode(), url):
            if link not in result.shown_on:
                result.shown_on[link] = url
                queue.append(link)
    return result


def episode_in_every_state() -> tuple[str, ...]:
    """One episode page per status and origin (awaiting allocation, in plan, closed, stepped up, stepped
    down...), so the links each state shows are followed whoever the demo's sign-ins happen to hold."""
    seen: dict[tuple[str, str], int] = {}
    for pk, status, origin in Episode.objects.order_by("pk").values_list("pk", "status", "origin"):
        seen.setdefault((status, origin), pk)
    return tuple(f"/episodes/{pk}/" for pk in seen.values())


def waiting_for_a_manager() -> tuple[str, ...]:
    """States the demo does not leave a family in, made through the services: a step-up waiting for a
    manager to agree, and a closure waiting for sign-off. Returns their episode pages."""
    from earlyhelp.casework.services import closure, step_up
    from earlyhelp.core.errors import ApplicationError

    made = []
    in_plan = list(Episode.objects.filter(status="plan", lead_practitioner__isnull=False).order_by("pk"))
    for episode in in_plan:
        try:
            step_up.step_up_request(episode=episode, actor=episode.lead_practitioner, reasons="A disclosure at school")
        except ApplicationError:
            continue
        made.append(episode)
        break
    for episode in in_plan:
        if episode in made:
            continue
        needs = closure.identified_needs(episode)
        try:
            closure.closure_request(
                episode=episode, actor=episode.lead_practitioner, reason="needs_met",
                need_results=[closure.NeedResult(need_id=need.pk, outcome="met") for need in needs],
                no_final_star_reason="The family did not want to score again",
            )
        except ApplicationError:
            continue
        made.append(episode)
        break
    return tuple(f"/episodes/{episode.pk}/" for episode in made)


@pytest.fixture
def demo():
    load(CONFIG, quiet=True, rebuild_indexes=False)
    return waiting_for_a_manager()


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_every_link_shown_to_a_role_works(client, demo, username):
    user = User.objects.get(username=username)
    sign_in_client(client, user)
    result = crawl(client, seeds=(*demo, *episode_in_every_state()))
    assert len(result.visited) >= 3, result.visited  # the home page links somewhere
    assert result.problems == [], "\n".join(result.problems)


def test_the_crawl_reports_a_link_that_does_not_work(client):
    """The crawler itself: a dead page is reported with the page that linked to it, and a seed that is not
    this user's may answer 404."""
    from earlyhelp.accounts.models import Role
    from earlyhelp.core.testing import make_team, make_user

    sign_in_client(client, make_user(Role.LEAD_PRACTITIONER, team=make_team()))
    assert crawl(client, start="/no-such-page/", limit=5).problems == ["404 /no-such-page/ (linked from (start))"]
    assert crawl(client, seeds=("/episodes/999999/",), limit=3).visited["/episodes/999999/"] == 404
    assert links_in('<a href="/x/?a=1#top">x</a><a href="https://www.gov.uk/">y</a><a href="/accounts/sign-out/">z</a>',
                    "/") == ["/x/?a=1"]
