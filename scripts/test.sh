#!/bin/bash
# Set-up, then every test: unit tests (ctest) and system tests (pytest, as
# root, each on a throwaway --root). Ends with pytest's summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || { echo "0 passed, 1 failed: set-up failed"; exit 1; }
ctest --test-dir build --output-on-failure -j2 2>&1 | tail -n 15
unit=${PIPESTATUS[0]}
/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/system
sys=$?
[ "$unit" = 0 ] && [ "$sys" = 0 ]
