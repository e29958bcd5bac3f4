#!/usr/bin/env bash
# Runs every test of the suite: installs what is missing, builds Release with zero warnings, runs
# all test projects (they start their own private servers on free ports). Exit code: the tests'.
# Test results (trx) land in TestResults/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash scripts/install.sh
started=$SECONDS
# -warnaserror also fails on MSBuild and NuGet warnings, not only the compiler's.
dotnet build RelicSecurity.sln -c Release -nologo -warnaserror -clp:"Summary;ForceNoAlign"
echo "test: build took $((SECONDS - started)) s"

started=$SECONDS
status=0
rm -rf "$root/TestResults"
# minimal console verbosity: one line per failing test with its message and stack, a summary per
# project; a test host that hangs is dumped and killed instead of blocking the run.
dotnet test RelicSecurity.sln -c Release --no-build -nologo \
  --logger "console;verbosity=minimal" --logger "trx" --results-directory "$root/TestResults" \
  --blame-hang-timeout 10m </dev/null || status=$?
echo "test: tests took $((SECONDS - started)) s, exit code $status"
exit "$status"
