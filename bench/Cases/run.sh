#!/usr/bin/env bash
# bench/Cases: OpenCase throughput (direct and through the in-process gateway) and MatchRelic p50/p99 with 16 callers over generated sought relics.
# Usage: bench/Cases/run.sh [--no-build] [--relics N (default 1000000)] [--calls N per caller (default 50)] [--data DIR (keep the servers' data; reuse its relics)]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=1
if [[ "${1:-}" == "--no-build" ]]; then build=0; shift; fi
if [[ $build == 1 ]]; then dotnet build bench/Cases -c Release -nologo -warnaserror -v q; fi
exec dotnet bench/Cases/bin/Release/net10.0/RelicSecurity.Bench.Cases.dll "$@"
