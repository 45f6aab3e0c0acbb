"""A crawl of the whole site as each demo sign-in: every link a person is shown must work.

A small Northmoor (the demo generator, 40 children) is loaded inside the test's transaction; each role
then follows every same-site link from its home page, breadth first, up to ``PAGES_PER_ROLE`` pages.
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
from earlyhelp.core.testing import sign_in_client
from earlyhelp.demo.generator import DemoConfig
from earlyhelp.demo.loaders import load
from earlyhelp.demo.organisation import DEMO_USERNAMES

pytestmark = pytest.mark.django_db

PAGES_PER_ROLE = 300
PAGES_PER_SHAPE = 6  # at most this many pages of one kind (/episodes/N/notes/new/), so the crawl stays broad and quick
MAX_DOWNLOAD_BYTES = 1024 * 1024
CONFIG = DemoConfig(seed=5, children=40, years=2, today=date.today())  # noqa: DTZ011 (the demo's "today")

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


def crawl(client, *, start: str = "/", limit: int = PAGES_PER_ROLE) -> Crawl:
    result = Crawl()
    queue: deque[str] = deque([start])
    result.shown_on[start] = "(start)"
    per_shape: Counter[str] = Counter()
    while queue and len(result.visited) < limit:
        url = queue.popleft()
        if url in result.visited or per_shape[shape(url)] >= PAGES_PER_SHAPE:
            continue
        per_shape[shape(url)] += 1
        response = client.get(url)
        result.visited[url] = response.status_code
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


@pytest.fixture
def demo():
    load(CONFIG, quiet=True, rebuild_indexes=False)


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_every_link_shown_to_a_role_works(client, demo, username):
    user = User.objects.get(username=username)
    sign_in_client(client, user)
    result = crawl(client)
    assert len(result.visited) >= 3, result.visited  # the home page links somewhere
    assert result.problems == [], "\n".join(result.problems)
