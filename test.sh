#!/usr/bin/env bash
# Installs missing native dependencies and test peers, builds, and runs the whole test suite.
# Extra arguments go to dotnet test, e.g. ./test.sh --filter FullyQualifiedName~Rtmp
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh --test
dotnet build InteropGateway.sln -c Release -nologo -v quiet -clp:ErrorsOnly

# The console log of a full run is long and CI keeps only its tail, so the log is also
# written to a file and, when anything fails, each failure is printed again at the very end.
mkdir -p TestResults
log=TestResults/test-output.log
status=0
dotnet test InteropGateway.sln -c Release --no-build -nologo \
  --blame-hang-timeout 5m --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  scripts/failure-summary.sh "$log"
fi
exit "$status"
