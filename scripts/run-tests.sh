#!/usr/bin/env bash
# The whole suite: the SQLite leg (with the browser tests), then the PostgreSQL leg.
# PostgreSQL: PORTAL_TEST_DATABASE_URL, or the local default when a server answers there.
# Under CI=true a leg that cannot run is a failure, not a skip.
set -uo pipefail
BIN=${1:-.venv/bin}
WORKERS=${PYTEST_WORKERS:-3}  # 3 on 2 cores: the browser and database waits leave CPU idle
DEFAULT_PG="postgresql://postgres@127.0.0.1:5432/test"
CI=${CI:-}

postgres_answers() {
  "$BIN/python" - "$1" <<'PY'
import sys
import psycopg
from sqlalchemy.engine import make_url
url = make_url(sys.argv[1])
try:
    psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                    dbname=url.database, connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL at {url.host}:{url.port or 5432} does not answer: {exc}", file=sys.stderr)
    sys.exit(1)
PY
}

echo "== SQLite leg (unit, integration and browser tests) =="
env -u PORTAL_TEST_DATABASE_URL "$BIN/pytest" -n "$WORKERS" -p no:cacheprovider -q --ignore=tests/e2e tests
sqlite_status=$?

PG_URL=${PORTAL_TEST_DATABASE_URL:-$DEFAULT_PG}
pg_status=0
if postgres_answers "$PG_URL"; then
  echo "== PostgreSQL leg ($PG_URL), with the production path: gunicorn + PostgreSQL + Redis =="
  PORTAL_TEST_DATABASE_URL="$PG_URL" "$BIN/pytest" -n "$WORKERS" -p no:cacheprovider -q tests
  pg_status=$?
elif [ "$CI" = "true" ]; then
  echo "ERROR: the PostgreSQL leg cannot run in CI: no server at $PG_URL." >&2
  pg_status=1
else
  echo "NOTE: the PostgreSQL leg did NOT run (no server at $PG_URL); only SQLite was tested."
fi

if [ $sqlite_status -ne 0 ] || [ $pg_status -ne 0 ]; then
  echo "FAILED: SQLite leg exit $sqlite_status, PostgreSQL leg exit $pg_status" >&2
  exit 1
fi
