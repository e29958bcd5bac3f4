#!/usr/bin/env bash
# Starts the whole suite on this machine through the app host: PostgreSQL, Redis, RabbitMQ, the
# Sites, Cases and Inspections services and the gateway (127.0.0.1:7100). Ctrl+C stops everything.
# Data is kept in .relic/ between runs. Arguments go to the app host:
#   --fresh  --data-dir <path>  --gateway-port <port>  --infrastructure-only  --help
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash scripts/install.sh
# The app host runs every service from its Release build output.
dotnet build RelicSecurity.sln -c Release -nologo -v quiet -clp:NoSummary
exec dotnet apphost/bin/Release/net10.0/RelicSecurity.AppHost.dll "$@"
