#!/usr/bin/env bash
# Prints every failed test of a `dotnet test` console log (verbosity normal) with its
# error message and the top of its stack trace, so the reason survives a truncated log.
set -uo pipefail
log="$1"
echo
echo "==================== failed tests ===================="
awk '
  /^[[:space:]]+Failed [^ ]+ \[/      { show = 1; lines = 0; print; next }
  /^[[:space:]]+(Passed|Skipped) /    { show = 0 }
  /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]+ / { next }   # gateway log lines interleaved by the logger
  show && lines < 40                  { print; lines++ }
' "$log"
grep -E "^(Test Run|Total tests|[[:space:]]+(Passed|Failed|Skipped):)|Test host process crashed|blame" "$log" | tail -40
echo "======================================================"
