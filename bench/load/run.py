"""The load-and-fault check: one command, loopback only, bounded in time.

    .venv/bin/python bench/load/run.py --users 50 --minutes 3

1. Starts a throwaway PostgreSQL cluster (initdb into a temporary folder, its own port), migrates it
   and loads a small demo authority; gives demo users of each role a password (db_steps.py setup).
2. Serves the service with gunicorn (several sync worker processes, config.settings.load) on 127.0.0.1.
3. Runs simulated users in threads, each signed in through the real form with real CSRF tokens:
   partners make requests (a one-time key each, resent with the same key after a failure, as a browser
   resubmit would), the front door opens the queue, checks each child and decides, practitioners open
   their caseload and an episode and add a case note (where that page exists). Every user also asks
   for the empty page (/bench/empty/, the framework's floor) in the same run.
4. While under load: SIGKILLs one gunicorn worker (the master starts another), then restarts
   PostgreSQL (pg_ctl restart -m fast). Errors are counted by phase: in a fault window they are
   expected and reported; outside them there should be none.
5. Afterwards (db_steps.py check): every acknowledged submission is present exactly once, and none
   is half-written. Results in bench/results/load.json; the figures table is printed for
   docs/benchmarks.md.

Everything it starts it stops, and the temporary folder is deleted (--keep keeps it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from glob import glob
from html.parser import HTMLParser
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
RESULTS = REPO / "bench" / "results" / "load.json"


# --- Forms as a browser sends them ---------------------------------------------------------------


class FormParser(HTMLParser):
    """Every <form> on a page, with the values a browser would send for it as it stands."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": (a.get("method") or "get").lower(), "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag in ("input", "button"):
            kind = (a.get("type") or ("submit" if tag == "button" else "text")).lower()
            name = a.get("name")
            if not name or kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form.setdefault("choices", []).append((name, a.get("value", "on")))
                return
            self._form["fields"].append((name, a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select":
            self._select, self._options = a.get("name"), []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = [v for v, s in self._options if s] or [v for v, _ in self._options[:1]]
            self._form["fields"] += [(self._select, v) for v in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append((self._textarea, self._text))
            self._textarea = None


def parse(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser


def form_with(parser: FormParser, field_name: str) -> dict | None:
    for form in parser.forms:
        if any(name == field_name for name, _ in form["fields"]) or any(n == field_name for n, _ in form.get("choices", [])):
            return form
    return None


def data_of(form: dict, **overrides) -> list[tuple[str, str]]:
    data = [(n, v) for n, v in form["fields"] if n not in overrides]
    for name, value in overrides.items():
        for v in value if isinstance(value, list) else [value]:
            data.append((name, v))
    return data


# --- Measuring ------------------------------------------------------------------------------------


@dataclass
class Sample:
    page: str
    started: float
    ended: float
    ok: bool
    detail: str = ""


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    keys_file: Path | None = None

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def key(self, entry: dict) -> None:
        with self.lock, self.keys_file.open("a") as handle:
            handle.write(json.dumps(entry) + "\n")


class Failed(Exception):
    pass


class SimulatedUser(threading.Thread):
    def __init__(self, *, base, role, username, password, recorder, stop_at, think, index, group_size, seed, ramp):
        super().__init__(daemon=True, name=f"{role}-{index}")
        self.base, self.role, self.username, self.password = base, role, username, password
        self.recorder, self.stop_at, self.think = recorder, stop_at, think
        self.index, self.group_size = index, group_size
        self.random = random.Random(seed)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "earlyhelp-load-check"
        self.journeys = 0
        self.ramp = ramp

    # one request, timed; ``expect`` is the status (or statuses) that mean it worked
    def call(self, page, method, path, *, expect=(200,), data=None, headers=None) -> requests.Response:
        started = time.monotonic()
        try:
            response = self.session.request(method, self.base + path, data=data, allow_redirects=False, timeout=60,
                                            headers=headers)
        except requests.RequestException as error:
            self.recorder.add(Sample(page, started, time.monotonic(), False, error.__class__.__name__))
            raise Failed(page) from error
        ended = time.monotonic()
        ok = response.status_code in (expect if isinstance(expect, tuple) else (expect,))
        detail = "" if ok else f"HTTP {response.status_code}"
        if not ok and response.is_redirect:
            detail += " to " + re.sub(r"\d+", "N", response.headers.get("Location", "").split("?")[0])
        self.recorder.add(Sample(page, started, ended, ok, detail))
        if not ok:
            raise Failed(f"{page}: HTTP {response.status_code}")
        return response

    def pause(self) -> None:
        time.sleep(self.random.uniform(*self.think))

    def sign_in(self) -> None:
        page = self.call("sign in (form)", "GET", "/accounts/sign-in/")
        form = form_with(parse(page.text), "username")
        sent = self.call("sign in (send)", "POST", "/accounts/sign-in/", expect=(302,),
                         data=data_of(form, username=self.username, password=self.password),
                         headers={"Referer": self.base + "/accounts/sign-in/"})
        if "sign-in" in sent.headers.get("Location", ""):
            raise Failed("sign in refused")

    def run(self) -> None:
        time.sleep(self.random.uniform(0, self.ramp))  # users arrive over the ramp, not all signing in at once
        signed_in = False
        while time.monotonic() < self.stop_at:
            try:
                if not signed_in:
                    self.sign_in()
                    signed_in = True
                getattr(self, f"journey_{self.role}")()
                self.call("empty page (floor)", "GET", "/bench/empty/")
                self.journeys += 1
            except Failed:
                time.sleep(self.random.uniform(3, 6))  # a person waits a little before trying again
            self.pause()

    # --- partners: make a request ---
    def journey_partner_referrer(self) -> None:
        page = self.call("partner: request form", "GET", "/front-door/request/")
        form = form_with(parse(page.text), "idempotency_key")
        key = dict(form["fields"])["idempotency_key"]
        n = self.random.randint(1, 10**6)
        data = data_of(
            form,
            **{"children-TOTAL_FORMS": "1", "children-INITIAL_FORMS": "0",
               "children-0-first_name": f"Loadchild{n}", "children-0-last_name": "Loadtest",
               "children-0-date_of_birth_day": str(1 + n % 28), "children-0-date_of_birth_month": str(1 + n % 12),
               "children-0-date_of_birth_year": str(2010 + n % 12), "children-0-sex": "F",
               "children-0-postcode": "NM1 4AB", "adults-TOTAL_FORMS": "0", "adults-INITIAL_FORMS": "0",
               "reasons": f"Load check request {n}: attendance has dropped.", "needs": ["SF1", "SF3"],
               "consent_status": "given", "consent_given_by": "Parent", "urgency": "routine", "action": "send"},
        )
        self.pause()
        self.recorder.key({"key": key, "user": self.username, "acknowledged": False})
        for attempt in range(10):  # a failed send is sent again with the same key, as a browser resubmit would
            try:
                sent = self.call("partner: send request", "POST", "/front-door/request/", expect=(302,), data=data,
                                 headers={"Referer": self.base + "/front-door/request/"})
            except Failed:
                time.sleep(1 + attempt)
                continue
            location = sent.headers["Location"]
            match = re.search(r"/request/(\d+)/sent/", location)
            if not match:
                raise Failed(f"partner: sent to {location}")
            self.recorder.key({"key": key, "user": self.username, "acknowledged": True, "pk": int(match.group(1)),
                               "attempts": attempt + 1})
            self.call("partner: confirmation", "GET", location)
            break
        if self.journeys % 3 == 0:
            self.pause()
            self.call("partner: my requests", "GET", "/front-door/my-requests/")

    # --- the front door: the queue, check each child, decide ---
    def journey_front_door(self) -> None:
        queue = self.call("front door: queue", "GET", "/front-door/contacts/")
        ids = sorted({int(m) for m in re.findall(r'href="/front-door/contacts/(\d+)/"', queue.text)})
        mine = [i for i in ids if i % self.group_size == self.index]  # no two front-door users on one contact
        if not mine:
            return
        contact = self.random.choice(mine[:10])
        self.pause()
        detail = self.call("front door: contact", "GET", f"/front-door/contacts/{contact}/")
        parsed = parse(detail.text)
        for form in parsed.forms:
            if re.search(r"/people/\d+/new-person/$", form["action"]):
                self.call("front door: new person", "POST", form["action"], expect=(302,), data=data_of(form),
                          headers={"Referer": self.base + f"/front-door/contacts/{contact}/"})
        self.pause()
        decide = self.call("front door: decision form", "GET", f"/front-door/contacts/{contact}/decide/",
                           expect=(200, 302))
        if decide.status_code == 302:
            return  # decided meanwhile: nothing to decide
        form = form_with(parse(decide.text), "rationale")
        if form is None:
            return
        fields = dict(form["fields"])
        overrides = {"rationale": "Load check decision", "override_reason": "Load check", "action": "decide"}
        if fields.get("outcome") not in ("advice", "single_agency", "targeted_early_help"):
            overrides["outcome"] = "advice"
            level_one = [v for n, v in form.get("choices", []) if n == "level"][:1]
            overrides["level"] = fields.get("level") or (level_one[0] if level_one else "")
        self.pause()
        self.call("front door: decide", "POST", f"/front-door/contacts/{contact}/decide/", expect=(302,),
                  data=data_of(form, **overrides),
                  headers={"Referer": self.base + f"/front-door/contacts/{contact}/decide/"})

    # --- practitioners: caseload, an episode, a case note ---
    def journey_lead_practitioner(self) -> None:
        caseload = self.call("practitioner: caseload", "GET", "/episodes/caseload/", expect=(200, 404))
        if caseload.status_code == 404:  # no caseload page yet: the home page lists the caseload
            caseload = self.call("practitioner: home", "GET", "/")
        episodes = sorted({int(m) for m in re.findall(r'href="/episodes/(\d+)/"', caseload.text)})
        if not episodes:
            return
        episode = self.random.choice(episodes)
        self.pause()
        page = self.call("practitioner: episode", "GET", f"/episodes/{episode}/")
        if f"/episodes/{episode}/notes/new/" not in page.text:
            return
        self.pause()
        form_page = self.call("practitioner: note form", "GET", f"/episodes/{episode}/notes/new/")
        parsed = parse(form_page.text)
        form = form_with(parsed, "text")  # the note's own form (not the header's sign-out form)
        if form is None:
            return
        fields = dict(form["fields"])
        today = date.today()
        overrides = {"text": "Load check: visited the family; school attendance improving."}
        for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
            if not fields.get(f"occurred_on_{part}"):
                overrides[f"occurred_on_{part}"] = str(value)
        for name, value in form.get("choices", []):  # a radio with nothing chosen: take its first option
            if name not in dict(form["fields"]) and name not in overrides:
                overrides[name] = value
        self.pause()
        self.call("practitioner: add note", "POST", f"/episodes/{episode}/notes/new/",
                  expect=(302,), data=data_of(form, **overrides),
                  headers={"Referer": self.base + f"/episodes/{episode}/notes/new/"})


# --- Services: PostgreSQL and gunicorn ------------------------------------------------------------


def pg_bin(name: str) -> str:
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return found[0] if found else (shutil.which(name) or name)


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def run(command, *, env=None, cwd=None, quiet=False) -> str:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    if not quiet and result.stderr.strip():
        print(result.stderr.strip()[-500:], file=sys.stderr)
    return result.stdout


class Postgres:
    def __init__(self, folder: Path, port: int):
        self.data, self.port, self.log = folder / "pgdata", port, folder / "postgres.log"
        self.socket_dir = folder

    def ctl(self, *args: str) -> None:
        run(as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), *args]), quiet=True)

    def start(self) -> None:
        run(as_postgres([pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                         "--no-sync"]), quiet=True)
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.socket_dir} -c max_connections=200 "
                   "-c shared_buffers=256MB")
        self.ctl("-o", options, "-w", "start")
        run(as_postgres([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "earlyhelp_load"]))

    def restart(self) -> None:
        self.ctl("-m", "fast", "-w", "restart")

    def stop(self) -> None:
        subprocess.run(as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                       capture_output=True, check=False)


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in glob("/proc/[0-9]*/stat"):
        try:
            parts = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(parts[1]) == master:
            pids.append(int(stat.split("/")[2]))
    return sorted(pids)


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


# --- Figures --------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = share * (len(ordered) - 1)
    low, high = int(rank), min(int(rank) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarise(samples: list[Sample], windows: list[dict], t0: float, duration: float) -> dict:
    def window_of(sample: Sample) -> str | None:
        for w in windows:
            if sample.started <= w["end"] and sample.ended >= w["start"]:
                return w["name"]
        return None

    pages: dict[str, dict] = {}
    errors = {"outside fault windows": 0, **{w["name"]: 0 for w in windows}}
    error_details: dict[str, dict[str, int]] = {}
    for s in samples:
        entry = pages.setdefault(s.page, {"requests": 0, "ok": [], "errors": 0})
        entry["requests"] += 1
        phase = window_of(s)
        if s.ok:
            if phase is None:
                entry["ok"].append(s.ended - s.started)
        else:
            entry["errors"] += 1
            bucket = phase or "outside fault windows"
            errors[bucket] += 1
            error_details.setdefault(bucket, {})
            key = f"{s.page}: {s.detail}"
            error_details[bucket][key] = error_details[bucket].get(key, 0) + 1
    floor = pages.get("empty page (floor)", {}).get("ok", [])
    floor_p50 = percentile(floor, 0.5) if floor else None
    table = {}
    for name, entry in sorted(pages.items()):
        ok = entry["ok"]
        p50 = percentile(ok, 0.5) * 1000 if ok else None
        table[name] = {
            "requests": entry["requests"],
            "errors": entry["errors"],
            "p50_ms": round(p50, 1) if p50 is not None else None,
            "p95_ms": round(percentile(ok, 0.95) * 1000, 1) if ok else None,
            "mean_ms": round(statistics.fmean(ok) * 1000, 1) if ok else None,
            "p50_vs_floor": round(p50 / (floor_p50 * 1000), 1) if ok and floor_p50 else None,
        }
    in_steady = sum(1 for s in samples if window_of(s) is None)
    return {
        "pages": table,
        "requests": len(samples),
        "requests_per_second": round(len(samples) / duration, 1),
        "requests_outside_fault_windows": in_steady,
        "errors_by_phase": errors,
        "error_details": error_details,
        "fault_windows": [{"name": w["name"], "start_s": round(w["start"] - t0, 1), "end_s": round(w["end"] - t0, 1),
                           **({"detail": w["detail"]} if w.get("detail") else {})} for w in windows],
    }


def markdown(result: dict) -> str:
    lines = ["| page | requests | errors | p50 ms | p95 ms | p50 / empty page |", "|---|---:|---:|---:|---:|---:|"]
    for name, row in result["summary"]["pages"].items():
        lines.append(f"| {name} | {row['requests']} | {row['errors']} | {row['p50_ms']} | {row['p95_ms']} | "
                     f"{row['p50_vs_floor']} |")
    return "\n".join(lines)


# --- The run --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated users: 40%% partners, 20%% front door, 40%% practitioners")
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--pg-port", type=int, default=5544)
    parser.add_argument("--children", type=int, default=400, help="size of the demo authority")
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), metavar=("MIN", "MAX"),
                        help="seconds a user pauses between pages")
    parser.add_argument("--source", type=Path, default=REPO, help="the tree to serve (default: this checkout)")
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, logs, keys)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.minutes > 8:
        raise SystemExit("--minutes is at most 8: the check is bounded in time")

    folder = Path(tempfile.mkdtemp(prefix="earlyhelp-load-"))
    os.chmod(folder, 0o700)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    postgres = Postgres(folder, args.pg_port)
    server = None
    source = args.source.resolve()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.load",
           "DATABASE_URL": f"postgres://postgres@127.0.0.1:{args.pg_port}/earlyhelp_load",
           "PYTHONPATH": str(source), "DJANGO_LOG_LEVEL": "ERROR"}
    began = time.monotonic()
    try:
        print(f"[load] PostgreSQL on 127.0.0.1:{args.pg_port} in {folder}", flush=True)
        postgres.start()
        run([PYTHON, "manage.py", "migrate", "--noinput"], env=env, cwd=source, quiet=True)
        print(f"[load] demo authority: {args.children} children, {args.years} years", flush=True)
        run([PYTHON, "manage.py", "demo_data", "--children", str(args.children), "--years", str(args.years),
             "--quiet"], env=env, cwd=source, quiet=True)
        partners = max(1, round(args.users * 0.4))
        front_door = max(1, round(args.users * 0.2))
        practitioners = max(1, args.users - partners - front_door)
        setup = json.loads(run([PYTHON, str(REPO / "bench" / "load" / "db_steps.py"), "setup", "--partners",
                                str(partners), "--front-door", str(front_door), "--practitioners", str(practitioners)],
                               env=env, cwd=source, quiet=True).strip().splitlines()[-1])
        prepared = round(time.monotonic() - began, 1)

        server_log = (folder / "gunicorn.log").open("w")
        server = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
             "--workers", str(args.workers), "--timeout", "60", "--graceful-timeout", "5", "--chdir", str(source),
             "--error-logfile", "-"],
            env=env, cwd=source, stdout=server_log, stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{args.port}"
        wait_for(base + "/accounts/sign-in/", 60)
        print(f"[load] gunicorn master {server.pid}, workers {worker_pids(server.pid)}; prepared in {prepared} s",
              flush=True)

        recorder = Recorder(keys_file=folder / "acknowledged.jsonl")
        recorder.keys_file.touch()
        duration = args.minutes * 60
        t0 = time.monotonic()
        since = datetime.now(UTC).isoformat()
        stop_at = t0 + duration
        users = []
        roles = ([("partner_referrer", u) for u in setup["users"]["partner_referrer"][:partners]]
                 + [("front_door", u) for u in setup["users"]["front_door"][:front_door]]
                 + [("lead_practitioner", u) for u in setup["users"]["lead_practitioner"]])
        while len(roles) < args.users:  # fewer practitioners with a caseload than asked: some share a sign-in
            roles.append(("lead_practitioner", setup["users"]["lead_practitioner"][len(roles) % max(1, practitioners)]))
        counters: dict[str, int] = {}
        for number, (role, username) in enumerate(roles[: args.users]):
            index = counters.get(role, 0)
            counters[role] = index + 1
            users.append(SimulatedUser(base=base, role=role, username=username, password=setup["password"],
                                       recorder=recorder, stop_at=stop_at, think=tuple(args.think), index=index,
                                       group_size=front_door if role == "front_door" else 1, seed=number,
                                       ramp=min(60.0, duration * 0.2)))
        for user in users:
            user.start()
        print(f"[load] {len(users)} users for {duration:.0f} s", flush=True)

        windows = []
        if not args.no_faults:
            time.sleep(max(0.0, t0 + duration * 0.35 - time.monotonic()))
            victim = worker_pids(server.pid)[0]
            start = time.monotonic()
            os.kill(victim, signal.SIGKILL)
            while victim in worker_pids(server.pid) or len(worker_pids(server.pid)) < args.workers:
                time.sleep(0.1)
            respawned = time.monotonic()
            windows.append({"name": "web worker killed", "start": start, "end": respawned + 5,
                            "detail": f"SIGKILL pid {victim}; a new worker was up in {respawned - start:.1f} s"})
            print(f"[load] killed worker {victim}; replaced in {respawned - start:.1f} s", flush=True)

            time.sleep(max(0.0, t0 + duration * 0.65 - time.monotonic()))
            start = time.monotonic()
            postgres.restart()
            restarted = time.monotonic()
            windows.append({"name": "PostgreSQL restarted", "start": start, "end": restarted + 5,
                            "detail": f"pg_ctl restart -m fast took {restarted - start:.1f} s"})
            print(f"[load] PostgreSQL restarted in {restarted - start:.1f} s", flush=True)

        for user in users:
            user.join(timeout=max(1.0, stop_at - time.monotonic() + 45))
        ended = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        server = None

        check = json.loads(run([PYTHON, str(REPO / "bench" / "load" / "db_steps.py"), "check",
                                str(recorder.keys_file), "--since", since], env=env, cwd=source,
                               quiet=True).strip().splitlines()[-1])
        summary = summarise(recorder.samples, windows, t0, ended - t0)
        result = {
            "command": "bash bench/load/run.sh " + " ".join(sys.argv[1:]),
            "date": date.today().isoformat(),
            "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                        "postgresql": run([pg_bin("postgres"), "--version"], quiet=True).strip()},
            "setup": {"users": len(users), "by_role": counters, "minutes": args.minutes, "gunicorn_workers": args.workers,
                      "think_seconds": list(args.think), "demo_children": args.children, "demo_years": args.years,
                      "prepared_in_s": prepared},
            "journeys": sum(u.journeys for u in users),
            "summary": summary,
            "exactly_once": check,
        }
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2) + "\n")
        print(markdown(result))
        print(json.dumps({"errors_by_phase": summary["errors_by_phase"], "error_details": summary["error_details"],
                          "exactly_once": check}, indent=2))
        print(f"[load] results in {args.output}; total {time.monotonic() - began:.0f} s", flush=True)
        if summary["errors_by_phase"]["outside fault windows"] or not check["ok"]:
            sys.exit(1)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        postgres.stop()
        if args.keep:
            print(f"[load] kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
