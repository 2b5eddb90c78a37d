#!/usr/bin/env bash
# Make sure a Chromium is there for the browser tests: Debian's package when we are root,
# Playwright's own build otherwise. Under CI=true, no browser is an error.
set -u
BIN=${1:-.venv/bin}
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests …"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    && exit 0
fi
echo "Trying Playwright's own Chromium …"
"$BIN/playwright" install chromium >/dev/null 2>&1 && exit 0
if [ "${CI:-}" = "true" ]; then
  echo "ERROR: no Chromium could be installed; the browser tests cannot run." >&2
  exit 1
fi
echo "WARNING: no Chromium available; the browser tests will be reported as not run." >&2
