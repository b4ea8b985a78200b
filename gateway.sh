#!/usr/bin/env bash
# Installs missing native dependencies, builds, and runs the gateway (demo stream on by default).
# Extra arguments go to the gateway, e.g. ./gateway.sh --Gateway:HttpPort=9090
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
dotnet build Gateway/Host/Gateway.Host.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
# Watch the repository's matrix file, so an edit there is picked up live (a bad edit keeps the last good matrix).
exec dotnet Gateway/Host/bin/Release/net10.0/InteropGateway.dll --Gateway:Matrix:Path="$PWD/Matrix/matrix.json" "$@"
