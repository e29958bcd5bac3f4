#!/usr/bin/env bash
# Installs only what is missing for running and testing RelicSecurity on a Debian 12 machine.
# Idempotent: safe to call before every run. Used by the README's commands and by CI.
set -euo pipefail

need_apt=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# Servers the LocalInfrastructure library runs privately; util-linux gives it setsid/setpriv.
# chromium (headless) and a CJK font: the national dashboard's browser test (never a downloaded browser).
for pkg in postgresql redis-server rabbitmq-server python3-grpcio python3-grpc-tools nghttp2-client procps iproute2 util-linux \
  chromium fonts-wqy-zenhei; do
  have_pkg "$pkg" || need_apt+=("$pkg")
done
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
interop="$root/tests/RelicSecurity.Interop.Tests/node"
# Node.js (any source) for the grpc-js interop peers; Debian's packages when there is none.
if [ -f "$interop/package.json" ] && ! command -v npm >/dev/null 2>&1; then
  need_apt+=(nodejs npm)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install: apt packages missing: ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# Debian starts nothing automatically in this environment, but on machines where it did,
# the suite still uses its own private server processes on free ports.

# npm ci only when node_modules does not match the committed lockfile (stamp = the lockfile it came from).
if [ -f "$interop/package-lock.json" ] && ! cmp -s "$interop/package-lock.json" "$interop/node_modules/.relic-lock-stamp"; then
  echo "install: npm packages of the gRPC interop tests (npm ci)"
  (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$interop/package-lock.json" "$interop/node_modules/.relic-lock-stamp"
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "install: the .NET SDK 10 is missing: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi
echo "install: all prerequisites present"
