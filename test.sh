#!/usr/bin/env bash
# Installs missing native dependencies and test peers, builds, and runs the whole test suite.
# Extra arguments go to dotnet test, e.g. ./test.sh --filter FullyQualifiedName~Rtmp
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh --test
dotnet build InteropGateway.sln -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet test InteropGateway.sln -c Release --no-build -nologo \
  --blame-hang-timeout 5m --logger "console;verbosity=normal" "$@"
