#!/usr/bin/env bash
# Status benchmark: commit → GetNationalStatus delay (p50/p99) at a steady write rate through the gateway.
# Starts its own PostgreSQL, Redis and RabbitMQ; about a minute with the defaults (--rate 200 --seconds 30).
# Usage: bench/Status/run.sh [--no-build] [--rate 200] [--seconds 30]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ "${1:-}" == "--no-build" ]]; then
    shift
else
    dotnet build -c Release --nologo -v quiet "$root/bench/Status/RelicSecurity.Bench.Status.csproj" >/dev/null
fi
exec dotnet "$root/bench/Status/bin/Release/net10.0/RelicSecurity.Bench.Status.dll" "$@"
