#!/usr/bin/env bash
# Set up everything the project needs on a fresh machine (Python 3.11 and the OS):
# the OS packages it can install (bubblewrap; chromium with WITH_BROWSER=1; as root via apt-get),
# and .venv/ at the project root with the pinned dependencies. Safe to run again: it only
# reinstalls Python packages when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

want=()
command -v bwrap >/dev/null || want+=(bubblewrap)
if [ "${WITH_BROWSER:-0}" = 1 ] && ! command -v chromium >/dev/null; then want+=(chromium); fi
if [ ${#want[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[setup] installing OS packages: ${want[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}" >/dev/null
  else
    echo "[setup] please install: ${want[*]} (Debian/Ubuntu: sudo apt-get install ${want[*]})." >&2
    echo "[setup] without bubblewrap, grading runs with weaker 'process' isolation and says so in every report." >&2
  fi
fi

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null; then python=$candidate; break; fi
  done
fi
if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "[setup] installing Python dependencies into .venv (a few minutes the first time)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
