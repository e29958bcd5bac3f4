#!/usr/bin/env bash
# Event backbone benchmark: sustained events/s outbox → RabbitMQ → consumer and commit-to-effect lag.
# Starts its own PostgreSQL and RabbitMQ on free ports unless --postgres/--eventbus are passed through.
# Usage: bench/Events/run.sh [--scale 0.5] [--only drain] [--postgres "Host=...;Database=postgres" --eventbus amqp://...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dotnet build -c Release --nologo -v quiet "$root/bench/Events/RelicSecurity.Bench.Events.csproj" >/dev/null
exec dotnet "$root/bench/Events/bin/Release/net10.0/RelicSecurity.Bench.Events.dll" "$@"
