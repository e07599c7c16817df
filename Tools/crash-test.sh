#!/usr/bin/env bash
# The long crash-safety run: 200 SIGKILL trials per mode (single events, batches of 1,000 and
# 10,000 events, snapshot create and projection rebuilds), asserting that no acknowledged event
# is lost and that a killed batch is in the log wholly or not at all. CI runs the same tests
# with 12 trials each (2 for the 10,000-event batches).
# Usage: Tools/crash-test.sh [TRIALS=200]
set -euo pipefail
cd "$(dirname "$0")/.."
ANNALS_CRASH_TRIALS=${1:-200} swift test --filter CrashTests 2>&1 | grep -E "crash test|✔|✘|passed|failed"
