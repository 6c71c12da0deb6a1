#!/usr/bin/env bash
# Set up and run every quality gate: lint, format, types, tests (with the
# layering check). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
export QT_QPA_PLATFORM=offscreen
echo "== ruff" && .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy" && .venv/bin/mypy luzsong_grid
echo "== pytest" && .venv/bin/python -m pytest -n 2 "$@"
