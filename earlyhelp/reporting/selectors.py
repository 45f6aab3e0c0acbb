"""Reads for the performance pages: the reporting periods a lead can choose, and the pseudonymised
list of episodes behind the figures.

The list never carries a name, a date of birth, an address or an identifier that leads back to the
family: each episode is shown under a stable pseudonym (a keyed hash of its id, so it is the same on
every page and every export but cannot be turned back into the id without the key), with the
youngest subject child's age band, the family's locality, the status, the weeks open and the source.
Restricted episodes count in the figures but are left out of the list.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from earlyhelp.casework.models import EPISODE_STATUS_CHOICES, Episode, EpisodeMember, EpisodeOrigin
from earlyhelp.domain import codes
from earlyhelp.domain.timescales import add_months
from earlyhelp.domain.transitions import age_on
from earlyhelp.people.models import HouseholdAddress

AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 4, "0 to 4"),
    (5, 10, "5 to 10"),
    (11, 15, "11 to 15"),
    (16, 17, "16 to 17"),
    (18, 200, "18 or over"),
)
UNBORN, UNKNOWN = "Unborn", "Not known"
STATUS_LABELS = dict(EPISODE_STATUS_CHOICES)
SOURCE_LABELS = dict(codes.REFERRAL_SOURCES)
ORIGIN_LABELS = dict(EpisodeOrigin.choices)
CSV_HEADINGS = ["pseudonym", "age_band", "locality", "status", "weeks_open", "source"]


# --- Periods ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date
    end: date


def _financial_year_start(day: date) -> date:
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def periods(today: date) -> list[Period]:
    """The windows a lead can choose, most recent first; the first is the default."""
    fy = _financial_year_start(today)
    quarter_start = date(today.year, ((today.month - 1) // 3) * 3 + 1, 1)
    last_quarter_end = quarter_start - timedelta(days=1)
    last_quarter_start = date(last_quarter_end.year, ((last_quarter_end.month - 1) // 3) * 3 + 1, 1)
    return [
        Period("12m", "The last 12 months", add_months(today, -12) + timedelta(days=1), today),
        Period("fytd", "This financial year so far", fy, today),
        Period("fy-1", f"Financial year April {fy.year - 1} to March {fy.year}", date(fy.year - 1, 4, 1),
               fy - timedelta(days=1)),
        Period("q-1", "The last full quarter", last_quarter_start, last_quarter_end),
        Period("36m", "The last 3 years", add_months(today, -36) + timedelta(days=1), today),
    ]


def period_for(key: str | None, today: date) -> Period:
    """The chosen period, or the default (the last 12 months) for a missing or unknown choice."""
    choices = periods(today)
    return next((p for p in choices if p.key == key), choices[0])


# --- Pseudonyms ---------------------------------------------------------------------------------


def _pseudonym_key() -> bytes:
    configured = getattr(settings, "EARLYHELP_PSEUDONYM_SECRET", "") or ""
    secret = configured or f"earlyhelp.reporting.pseudonym:{settings.SECRET_KEY}"
    return hashlib.sha256(secret.encode()).digest()


def pseudonym(episode_id: int) -> str:
    """A stable pseudonym for an episode: the same every time for one key, not reversible without it."""
    digest = hmac.new(_pseudonym_key(), f"episode:{episode_id}".encode(), hashlib.sha256).hexdigest()
    return f"EP-{digest[:10].upper()}"


def age_band(dob: date | None, on: date) -> str:
    if dob is None:
        return UNKNOWN
    if dob > on:
        return UNBORN
    age = age_on(dob, on)
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


# --- The list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EpisodeRow:
    """One episode as the performance pages show it: nothing that names or dates a person."""

    pseudonym: str
    age_band: str
    locality: str
    status: str
    weeks_open: int
    source: str

    def as_csv_row(self) -> list[str]:
        return [self.pseudonym, self.age_band, self.locality, self.status, str(self.weeks_open), self.source]


def episodes_in_period(period: Period) -> QuerySet[Episode]:
    """Episodes open at any time in the period (opened by its end, not closed before its start), unrestricted."""
    return (
        Episode.objects.filter(opened_on__lte=period.end, is_restricted=False, household__is_restricted=False)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=period.start))
        .order_by("opened_on", "id")
    )


def restricted_count(period: Period) -> int:
    return (
        Episode.objects.filter(opened_on__lte=period.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=period.start))
        .filter(Q(is_restricted=True) | Q(household__is_restricted=True))
        .count()
    )


def _rows(episodes: Iterable[Episode], period: Period) -> Iterator[EpisodeRow]:
    for episode in episodes:
        until = min(episode.closed_on or period.end, period.end)
        subjects = [m.person for m in episode.members.all() if m.is_subject] or [m.person for m in episode.members.all()]
        dobs = [p.date_of_birth for p in subjects if p.date_of_birth is not None]
        youngest = max(dobs) if dobs else None
        addresses = [a for a in episode.household.addresses.all() if a.moved_in_on <= until]
        address = max(addresses, key=lambda a: a.moved_in_on, default=None)
        locality = address.locality.label if address is not None and address.locality is not None else UNKNOWN
        if episode.contact is not None and episode.contact.referral_source:
            source = SOURCE_LABELS.get(episode.contact.referral_source, episode.contact.referral_source)
        else:
            source = ORIGIN_LABELS.get(episode.origin, episode.origin)
        yield EpisodeRow(
            pseudonym=pseudonym(episode.pk),
            age_band=age_band(youngest, until),
            locality=locality,
            status=STATUS_LABELS.get(episode.status, episode.status),
            weeks_open=max((until - episode.opened_on).days // 7, 0),
            source=source,
        )


def _with_related(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    return episodes.select_related("contact").prefetch_related(
        Prefetch("members", queryset=EpisodeMember.objects.select_related("person")),
        Prefetch("household__addresses", queryset=HouseholdAddress.objects.select_related("locality")),
    )


def episode_rows(period: Period, episodes: Iterable[Episode] | None = None) -> list[EpisodeRow]:
    """The rows for the given episodes (a page of them), or for every episode in the period."""
    if episodes is None:
        episodes = _with_related(episodes_in_period(period))
    else:
        episodes = _with_related(Episode.objects.filter(pk__in=[e.pk for e in episodes]).order_by("opened_on", "id"))
    return list(_rows(episodes, period))


def episode_rows_csv(period: Period) -> tuple[str, int]:
    """The whole pseudonymised list as CSV text, and how many rows it has."""
    rows = episode_rows(period)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADINGS)
    for row in rows:
        writer.writerow([_csv_safe(value) for value in row.as_csv_row()])
    return out.getvalue(), len(rows)


def _csv_safe(value: str) -> str:
    """No cell starts a spreadsheet formula (a locality or code label typed by an administrator)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
