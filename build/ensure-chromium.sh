#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the headless browser tests.
# Exit 0 if it is there (or was just installed), 1 with instructions if not.
# CHROMIUM=/path/to/chrome overrides the browser used (and skips the install).
set -euo pipefail

want="${CHROMIUM:-/usr/bin/chromium}"

if [[ -x "$want" ]]; then
  exit 0
fi
if [[ -n "${CHROMIUM:-}" ]]; then
  echo "ensure-chromium: CHROMIUM=$CHROMIUM is not an executable file." >&2
  exit 1
fi

if [[ "$(id -u)" -ne 0 ]]; then
  cat >&2 <<'MSG'
ensure-chromium: /usr/bin/chromium is missing and this is not root, so it
cannot be installed automatically. Install Debian's chromium package:

    sudo apt-get update && sudo apt-get install -y chromium

or point CHROMIUM at another Chromium/Chrome binary, e.g.

    CHROMIUM=/path/to/chrome make test
MSG
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available;" >&2
  echo "install Chromium and set CHROMIUM=/path/to/chromium." >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium (apt-get; this takes a minute)..."
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg run (e.g. unattended upgrades) to release its lock.
apt_opts=(-o DPkg::Lock::Timeout=600 -q)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { apt-get "${apt_opts[@]}" update && \
       apt-get "${apt_opts[@]}" install -y chromium; } >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "ensure-chromium: apt-get failed installing chromium (log tail above)." >&2
  exit 1
fi
if [[ ! -x /usr/bin/chromium ]]; then
  echo "ensure-chromium: apt-get finished but /usr/bin/chromium is still missing." >&2
  exit 1
fi
echo "ensure-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
