#!/usr/bin/env bash
# The whole test suite, as `make test` runs it (inside scripts/with-test-postgres.sh):
#  1. every test, in parallel, except the few that stop PostgreSQL servers, end sessions, or bound
#     how long an answer or a test may take (a `.timeLimit`);
#  2. those alone, one suite after the other: on a 2-core machine running 400 parallel tests their
#     bounds (seconds) would measure the machine's queue instead of the code, and a stopped server
#     is easier to reason about when nothing else is running;
#  3. the ingest crash test (scripts/crash-ingest.sh).
# Every step runs even when an earlier one failed; the exit status is the first failure's.
#   SWIFT=swift scripts/run-tests.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
swift=${SWIFT:-swift}
isolated='DatabaseOutageTests|ConnectionFailureTests|LoaderSessionLossTests'
status=0
step() {
  echo "== $1" >&2
  shift
  "$@"
  local result=$?
  if [ $result -ne 0 ] && [ $status -eq 0 ]; then status=$result; fi
  echo "== exit $result" >&2
}
step "swift test (all but the outage, connection-failure and session-loss tests)" "$swift" test --skip "$isolated"
step "swift test (outage, connection-failure and session-loss tests, alone)" "$swift" test --skip-build --filter "$isolated"
step "ingest crash test" env SWIFT="$swift" "$here/crash-ingest.sh"
exit $status
