#!/usr/bin/env bash
# Set up, fill ./demo-data with the demo district (once), start the app on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export LUZSONG_GRID_HOME="${LUZSONG_GRID_HOME:-$PWD/demo-data}"
.venv/bin/luzsong-grid demo --if-empty
exec .venv/bin/luzsong-grid "$@"
