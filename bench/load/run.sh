#!/usr/bin/env bash
# The load-and-fault check in one command (loopback only, a few minutes): see bench/load/run.py.
#   bash bench/load/run.sh [--users 50] [--minutes 3] [--keep] ...
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! .venv/bin/python -c "import gunicorn, requests" 2>/dev/null; then
  .venv/bin/pip install -q -e ".[load]"
fi
exec .venv/bin/python bench/load/run.py "$@"
