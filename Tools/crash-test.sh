#!/usr/bin/env bash
# The long crash-safety run: 200 SIGKILL trials per mode (single events, 1,000-event batches,
# snapshot create and projection rebuilds). CI runs the same tests with 12 trials each.
# Usage: Tools/crash-test.sh [TRIALS=200]
set -euo pipefail
cd "$(dirname "$0")/.."
ANNALS_CRASH_TRIALS=${1:-200} swift test --filter CrashTests 2>&1 | grep -E "crash test|✔|✘|passed|failed"
