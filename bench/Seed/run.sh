#!/usr/bin/env bash
# National seed benchmark: `relicctl seed --scale national` through the real gateway (default per-caller limits), then
# the national dashboard's load time in Debian's headless chromium with that data. Starts its own PostgreSQL, Redis
# and RabbitMQ; about 10–15 minutes for a fresh --data directory, a minute with --skip-seed on one already seeded.
# Usage: bench/Seed/run.sh [--no-build] [--data DIR] [--scale national|small] [--loads 5] [--skip-seed] [--raised-limits]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ "${1:-}" == "--no-build" ]]; then
    shift
else
    dotnet build -c Release --nologo -v quiet "$root/bench/Seed/RelicSecurity.Bench.Seed.csproj" >/dev/null
fi
exec dotnet "$root/bench/Seed/bin/Release/net10.0/RelicSecurity.Bench.Seed.dll" "$@"
