#!/usr/bin/env bash
# Set up luzsong-grid on Debian/Ubuntu: the system libraries Qt and the tests
# need (installed with apt when we are root or have sudo), then .venv with the
# app (and, with --dev, the test tools). Safe to run again: it only does what
# is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"

# Qt's xcb/offscreen platform libraries, CJK fonts, Xvfb for screenshots.
apt_packages=(
  python3-venv python3-pip
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
  fonts-noto-cjk xvfb xauth
  libreoffice-calc-nogui  # tests open every Excel export in LibreOffice
  postgresql-15  # the office server's tests run a throwaway cluster (tests/pg.py)
)
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed${extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extras}"
  touch "$stamp"
fi
# The .qm files the app loads are built from translations/*.ts, never committed.
.venv/bin/python scripts/translations.py --release
