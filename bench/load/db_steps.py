"""Steps the load-and-fault check runs inside the throwaway database (under config.settings.load).

    python bench/load/db_steps.py setup --partners 20 --front-door 10 --practitioners 20
    python bench/load/db_steps.py check KEYS.jsonl --since ISO_TIME

`setup` gives demo users of each role the load password (one hash for all, so it is quick) and
creates more users where the demo has too few, printing their usernames as JSON. `check` looks up
every submission the clients saw acknowledged, and every one they tried, and prints a JSON report:
each acknowledged key present exactly once, nothing half-written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.load")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils.dateparse import parse_datetime  # noqa: E402

from earlyhelp.accounts.models import Role, User  # noqa: E402
from earlyhelp.audit.models import AuditEvent  # noqa: E402
from earlyhelp.casework.models import OPEN_STATUS_VALUES  # noqa: E402
from earlyhelp.referrals.models import Contact, TriageDecision  # noqa: E402

PASSWORD = "load-check-password-2026"  # noqa: S105 (a throwaway database that the run deletes)


def _fill(role: str, wanted: int, queryset, template: dict) -> list[str]:
    users = list(queryset[:wanted])
    number = 1
    while len(users) < wanted:
        username = f"load-{role.replace('_', '-')}-{number}"
        number += 1
        user, _ = User.objects.get_or_create(username=username, defaults={**template, "role": role,
                                                                           "first_name": "Load", "last_name": username})
        users.append(user)
    return [u.username for u in users]


def setup(partners: int, front_door: int, practitioners: int) -> dict:
    first_partner = User.objects.filter(role=Role.PARTNER_REFERRER, agency__isnull=False).order_by("id").first()
    first_front_door = User.objects.filter(role=Role.FRONT_DOOR).order_by("id").first()
    names = {
        Role.PARTNER_REFERRER: _fill(
            Role.PARTNER_REFERRER, partners,
            User.objects.filter(role=Role.PARTNER_REFERRER, is_active=True, agency__isnull=False).order_by("id"),
            {"agency": first_partner.agency if first_partner else None, "job_title": "Safeguarding lead"},
        ),
        Role.FRONT_DOOR: _fill(
            Role.FRONT_DOOR, front_door, User.objects.filter(role=Role.FRONT_DOOR, is_active=True).order_by("id"),
            {"team": first_front_door.team if first_front_door else None, "job_title": "Front door practitioner"},
        ),
        # Practitioners who hold the most open episodes, so each has a caseload to work.
        Role.LEAD_PRACTITIONER: list(
            User.objects.filter(role=Role.LEAD_PRACTITIONER, is_active=True)
            .annotate(open_episodes=Count("lead_episodes", filter=Q(lead_episodes__status__in=OPEN_STATUS_VALUES)))
            .filter(open_episodes__gt=0).order_by("-open_episodes", "id")
            .values_list("username", flat=True)[:practitioners]
        ),
    }
    User.objects.filter(username__in=[n for group in names.values() for n in group]).update(
        password=make_password(PASSWORD), is_active=True
    )
    return {"password": PASSWORD, "users": {str(k): v for k, v in names.items()}}


def check(keys_file: Path, since: str) -> dict:
    acknowledged: dict[str, int] = {}
    attempted: set[str] = set()
    for line in keys_file.read_text().splitlines():
        if line.strip():
            entry = json.loads(line)
            attempted.add(entry["key"])
            if entry.get("acknowledged"):
                acknowledged[entry["key"]] = entry["pk"]
    rows = {c.idempotency_key: c for c in Contact.objects.filter(idempotency_key__in=attempted)
            .annotate(people=Count("named_people", distinct=True), need_rows=Count("needs", distinct=True),
                      consent_rows=Count("consents", distinct=True))}
    counts = dict(Contact.objects.filter(idempotency_key__in=attempted).values_list("idempotency_key")
                  .annotate(n=Count("id")).values_list("idempotency_key", "n"))
    created = set(AuditEvent.objects.filter(object_type="referrals.contact", action="create",
                                            object_id__in=[str(c.pk) for c in rows.values()])
                  .values_list("object_id", flat=True))
    problems = []
    for key, pk in acknowledged.items():
        if counts.get(key, 0) != 1:
            problems.append(f"acknowledged {key} is present {counts.get(key, 0)} times")
        elif rows[key].pk != pk:
            problems.append(f"acknowledged {key} was contact {pk} but is now contact {rows[key].pk}")

    def half_written(contact) -> list[str]:
        missing = []
        if contact.status == "draft":
            missing.append("still a draft")
        if contact.people < 1:
            missing.append("no named child")
        if contact.need_rows < 1:
            missing.append("no needs")
        if contact.consent_rows < 1:
            missing.append("no consent")
        if str(contact.pk) not in created:
            missing.append("no audit event")
        return missing

    for key, contact in rows.items():  # tried but never acknowledged: absent, or whole
        missing = half_written(contact)
        if missing:
            problems.append(f"contact {contact.pk} ({key}) is half-written: {', '.join(missing)}")
    started = parse_datetime(since)
    # Every contact sent during the run, by any route, is whole; every decision left its contact decided.
    later = Contact.objects.filter(received_at__gte=started).exclude(status="draft").annotate(
        people=Count("named_people", distinct=True))
    no_people = [c.pk for c in later if c.people < 1 and c.entry_point == "partner_form"]
    if no_people:
        problems.append(f"contacts sent during the run with no named people: {no_people[:20]}")
    decisions = TriageDecision.objects.filter(decided_at__gte=started)
    undecided = list(decisions.filter(contact__status="awaiting_triage").values_list("contact_id", flat=True)[:20])
    if undecided:
        problems.append(f"decisions whose contact still awaits triage: {undecided}")
    return {
        "acknowledged": len(acknowledged),
        "attempted": len(attempted),
        "present_exactly_once": sum(1 for k in acknowledged if counts.get(k, 0) == 1),
        "tried_not_acknowledged": len(attempted - set(acknowledged)),
        "tried_not_acknowledged_but_stored": len((attempted - set(acknowledged)) & set(rows)),
        "contacts_sent_during_run": later.count(),
        "decisions_during_run": decisions.count(),
        "problems": problems,
        "ok": not problems,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="step", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--partners", type=int, default=20)
    s.add_argument("--front-door", type=int, default=10)
    s.add_argument("--practitioners", type=int, default=20)
    c = sub.add_parser("check")
    c.add_argument("keys", type=Path)
    c.add_argument("--since", required=True)
    args = parser.parse_args()
    if args.step == "setup":
        result = setup(args.partners, args.front_door, args.practitioners)
    else:
        result = check(args.keys, args.since)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
