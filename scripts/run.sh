#!/usr/bin/env bash
# Starts the whole suite on this machine under the Aspire app host: PostgreSQL, Redis, RabbitMQ, the
# Sites, Cases and Inspections services and the gateway (127.0.0.1:7100), the national dashboard page at
# http://127.0.0.1:7180/ and the Aspire dashboard at http://127.0.0.1:7190 (its login URL is printed once
# everything is healthy). Ctrl+C stops everything. Data is kept in .relic/ between runs. Arguments go to the app host:
#   --fresh  --data-dir <path>  --gateway-port <port>  --page-port <port>  --dashboard-port <port>  --infrastructure-only  --help
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash scripts/install.sh
# Building the app host builds every service it runs (they are its project references); Aspire then
# runs each one from this Release build ("dotnet run --no-build").
dotnet build apphost/RelicSecurity.AppHost.csproj -c Release -nologo -v quiet -clp:NoSummary
exec dotnet apphost/bin/Release/net10.0/RelicSecurity.AppHost.dll "$@"
