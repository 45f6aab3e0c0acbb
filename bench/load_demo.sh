#!/usr/bin/env bash
# Time loading the synthetic authority (Northmoor Borough Council) into a fresh PostgreSQL database.
#
#   bench/load_demo.sh                       # about 1,000,000 people with 10 years of history
#   CHILDREN=20000 YEARS=3 bench/load_demo.sh
#
# Creates a throwaway database, migrates it, loads the demo with `manage.py demo_data` under time, counts
# the rows of every loaded table and writes everything (command, machine, timings, rows) as JSON to
# bench/results/demo_load.json (RESULT=path to change). The database is dropped afterwards unless KEEP_DB=1.
# PostgreSQL is reached as PGUSER@PGHOST:PGPORT (default postgres@127.0.0.1:5432, trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."

CHILDREN=${CHILDREN:-584000}   # about 1.71 people per child: 584,000 children is about 1,000,000 people
YEARS=${YEARS:-10}
SEED=${SEED:-42}
TODAY=${TODAY:-$(date +%F)}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=${DB:-earlyhelp_bench_$(date +%Y%m%d%H%M%S)}
RESULT=${RESULT:-bench/results/demo_load.json}
PYTHON=${PYTHON:-.venv/bin/python}
export PGHOST PGPORT PGUSER

psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\"" 2>/dev/null
psql -q -d postgres -c "CREATE DATABASE \"$DB\""
export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB"
cleanup() { if [ "${KEEP_DB:-0}" != "1" ]; then psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\"" || true; fi; }
trap cleanup EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(date +%s.%N)
"$PYTHON" manage.py migrate -v0
t1=$(date +%s.%N)
COMMAND="$PYTHON manage.py demo_data --seed $SEED --children $CHILDREN --years $YEARS --today $TODAY --quiet"
/usr/bin/time -f '%e %U %S %M' -o /tmp/demo_load_time.$$ $COMMAND | tee /tmp/demo_load_out.$$
t2=$(date +%s.%N)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p "$(dirname "$RESULT")"
BENCH_COMMAND="$COMMAND" MIGRATE_SECONDS=$(echo "$t1 - $t0" | bc) LOAD_SECONDS=$(echo "$t2 - $t1" | bc) \
LOAD_BEFORE="$load_before" LOAD_AFTER="$load_after" TIME_FILE=/tmp/demo_load_time.$$ OUT_FILE=/tmp/demo_load_out.$$ \
CHILDREN=$CHILDREN YEARS=$YEARS SEED=$SEED TODAY=$TODAY RESULT=$RESULT \
"$PYTHON" - <<'PY'
import json
import os
import platform
import subprocess
from datetime import datetime, timezone

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()
from django.db import connection  # noqa: E402

from earlyhelp.demo.tables import tables  # noqa: E402

def cpu_model():
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()

def ram_gib():
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)

rows = {}
with connection.cursor() as cursor:
    for table in tables():
        cursor.execute(f'SELECT count(*) FROM "{table.db_table}"')
        rows[table.db_table] = cursor.fetchone()[0]
    cursor.execute("SELECT version()")
    pg_version = cursor.fetchone()[0]
    cursor.execute("SELECT pg_database_size(current_database())")
    size = cursor.fetchone()[0]
wall, user, system, max_kb = open(os.environ["TIME_FILE"]).read().split()
people = rows["people_person"]
result = {
    "command": os.environ["BENCH_COMMAND"],
    "script": "bench/load_demo.sh",
    "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    "parameters": {k.lower(): os.environ[k] for k in ("CHILDREN", "YEARS", "SEED", "TODAY")},
    "machine": {
        "nproc": os.cpu_count(),
        "ram_gib": ram_gib(),
        "cpu_model": cpu_model(),
        "postgresql": pg_version,
        "python": platform.python_version(),
        "load_average_before": os.environ["LOAD_BEFORE"],
        "load_average_after": os.environ["LOAD_AFTER"],
    },
    "seconds": {
        "migrate": round(float(os.environ["MIGRATE_SECONDS"]), 1),
        "load_wall": round(float(wall), 1),
        "load_user_cpu": round(float(user), 1),
        "load_system_cpu": round(float(system), 1),
    },
    "max_rss_mib": round(int(max_kb) / 1024),
    "database_size_gib": round(size / 1024**3, 2),
    "people": people,
    "total_rows": sum(rows.values()),
    "rows_per_second": round(sum(rows.values()) / float(wall)),
    "output": open(os.environ["OUT_FILE"]).read().strip().splitlines(),
    "rows": rows,
}
with open(os.environ["RESULT"], "w") as handle:
    json.dump(result, handle, indent=2)
    handle.write("\n")
print(json.dumps({k: result[k] for k in ("people", "total_rows", "seconds", "rows_per_second")}))
PY
rm -f /tmp/demo_load_time.$$ /tmp/demo_load_out.$$
echo "Wrote $RESULT"
