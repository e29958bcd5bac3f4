#!/usr/bin/env bash
# Event backbone benchmark: sustained events/s outbox → RabbitMQ → consumer and commit-to-effect lag.
# Starts its own PostgreSQL and RabbitMQ on free ports unless --postgres/--eventbus are passed through;
# SIGINT/SIGTERM stop the run and those servers.
# Usage: bench/Events/run.sh [--no-build] [--scale 0.5] [--only drain] [--postgres "Host=...;Database=postgres" --eventbus amqp://...]
# On the shared machine: flock -s /tmp/relic-bench.lock dotnet build -c Release bench/Events/RelicSecurity.Bench.Events.csproj
#                        flock -x /tmp/relic-bench.lock bash bench/Events/run.sh --no-build
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ "${1:-}" == "--no-build" ]]; then
    shift
else
    dotnet build -c Release --nologo -v quiet "$root/bench/Events/RelicSecurity.Bench.Events.csproj" >/dev/null
fi
exec dotnet "$root/bench/Events/bin/Release/net10.0/RelicSecurity.Bench.Events.dll" "$@"
