#!/usr/bin/env bash
# gRPC server benchmark: the same unary and server-streaming method of relic.interop.v1.InteropService
# on each server, one after another, with the same h2load command, then a side-by-side table.
#
#   bench/Grpc/run.sh                 # all servers
#   SERVERS="raw grpc-js" bench/Grpc/run.sh
#   UNARY_N=100000 STREAM_N=20000 WARMUP_SECONDS=6 bench/Grpc/run.sh
#
# Servers: relic (our RelicSecurity.Grpc server), grpcio (Python, sync, 16 threads), grpc-js (Node),
# raw (plain Kestrel HTTP/2 answering the same bytes without gRPC: the ceiling), and on request
# (SERVERS="... minimal") minimal: routing + protobuf + trailer only, the floor of any gRPC server on Kestrel.
# h2load counts HTTP 2xx only, so each server's grpc-status is checked separately with nghttp.
# Sized for a 2-core machine: the load generator shares the box with the server (-t 1).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$root/bench/Grpc"
interop="$root/tests/RelicSecurity.Grpc.Interop.Tests"
servers="${SERVERS:-relic grpcio grpc-js raw}"
unary_n="${UNARY_N:-100000}"
stream_n="${STREAM_N:-50000}"
# Warm-up: rounds of this many seconds of the same load on both methods (one round for grpcio and
# grpc-js; .NET servers until their JIT stops compiling, at most MAX_WARMUP_ROUNDS rounds).
warmup_seconds="${WARMUP_SECONDS:-4}"
max_warmup_rounds="${MAX_WARMUP_ROUNDS:-12}"
h2load_opts=(-c 16 -m 32 -t 1)
service="relic.interop.v1.InteropService"

for tool in h2load nghttp node dotnet; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (run scripts/install.sh)" >&2; exit 2; }
done
[ -d "$interop/node/node_modules/@grpc/grpc-js" ] || bash "$root/scripts/install.sh"

work="$(mktemp -d /tmp/relic-bench-grpc.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

echo "bench: building Release"
dotnet build -c Release --nologo -v q "$bench/RelicSecurity.Bench.Grpc.csproj" >"$work/build.txt" 2>&1 || { cat "$work/build.txt"; exit 1; }
bench_dll="$bench/bin/Release/net10.0/RelicSecurity.Bench.Grpc.dll"
dotnet "$bench_dll" requests "$work"

start_server() {
  local name="$1" log="$work/$1.server.txt"
  case "$name" in
    relic) dotnet "$bench_dll" relic 0 >"$log" 2>&1 & ;;
    raw) dotnet "$bench_dll" raw 0 >"$log" 2>&1 & ;;
    minimal) dotnet "$bench_dll" minimal 0 >"$log" 2>&1 & ;;
    grpcio) /usr/bin/python3 "$interop/python/interop_peer.py" server --threads 16 >"$log" 2>&1 & ;;
    grpc-js) node "$interop/node/peer.js" server >"$log" 2>&1 & ;;
    *) echo "bench: unknown server $name" >&2; exit 2 ;;
  esac
  server_pid=$!
  for _ in $(seq 1 200); do
    port="$(awk '/^LISTENING/{print $2; exit}' "$log")"
    [ -n "$port" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "bench: $name exited:"; cat "$log"; exit 1; }
    sleep 0.1
  done
  echo "bench: $name did not start"; cat "$log"; exit 1
}

# utime+stime of the server process and its threads, in clock ticks.
server_ticks() {
  awk '{print $14 + $15}' "/proc/$server_pid/stat"
}

# Load on both methods before measuring. .NET servers keep tiering their JIT up for tens of seconds
# when the machine is busy, so they get rounds until the JIT has (almost) stopped compiling.
warm_up() {
  local name="$1" round before after
  for round in $(seq 1 "$max_warmup_rounds"); do
    before="$(jit_methods "$name")"
    for method_body in "Echo:$work/echo.bin" "ServerStream:$work/stream.bin"; do
      h2load -D "$warmup_seconds" "${h2load_opts[@]}" -d "${method_body#*:}" -H 'content-type: application/grpc' -H 'te: trailers' \
        "http://127.0.0.1:$port/$service/${method_body%%:*}" >/dev/null 2>&1 || true
    done
    after="$(jit_methods "$name")"
    if [ -z "$after" ]; then
      return 0
    fi
    echo "bench: $name warm-up round $round: JIT compiled $((after - before)) more methods"
    if [ "$((after - before))" -lt 20 ]; then
      return 0
    fi
  done
}

jit_methods() {
  case "$1" in
    relic|raw|minimal) nghttp "http://127.0.0.1:$port/_bench/stats" 2>/dev/null | sed -n 's/.*jit_methods=\([0-9]*\).*/\1/p' ;;
  esac
}

# Bytes the .NET servers have allocated so far (GET /_bench/stats); empty for the others.
allocated_bytes() {
  case "$1" in
    relic|raw|minimal) nghttp "http://127.0.0.1:$port/_bench/stats" 2>/dev/null | sed -n 's/^allocated=\([0-9]*\).*/\1/p' ;;
  esac
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# grpc-status of one call, read from the response headers (trailers-only) or the trailers.
grpc_status() {
  local method="$1" body="$2"
  nghttp -v -n -d "$body" -H ':method: POST' -H 'content-type: application/grpc' -H 'te: trailers' \
    "http://127.0.0.1:$port/$service/$method" 2>&1 | awk '/grpc-status:/{print $NF}' | tail -1
}

# Runs h2load and appends one table row: server method req/s p50 p99 2xx grpc-status.
measure() {
  local name="$1" method="$2" body="$3" n="$4" out="$work/$1.$2"
  local cmd=(h2load -n "$n" "${h2load_opts[@]}" -d "$body" -H 'content-type: application/grpc' -H 'te: trailers'
    --log-file="$out.log" "http://127.0.0.1:$port/$service/$method")
  echo "bench: $name $method: ${cmd[*]}"
  # Server CPU time per call (user+system ticks of the server process around the run): unlike
  # req/s it hardly moves when other work shares the machine's two cores.
  local ticks_before ticks_after hz
  hz="$(getconf CLK_TCK)"
  local alloc_before alloc_after
  ticks_before="$(server_ticks)"
  alloc_before="$(allocated_bytes "$name")"
  "${cmd[@]}" >"$out.txt" 2>&1 || true
  alloc_after="$(allocated_bytes "$name")"
  ticks_after="$(server_ticks)"
  local rps ok p50 p99 status
  rps="$(awk '/^finished in/{gsub(",","",$4); print $4}' "$out.txt")"
  ok="$(awk '/^status codes:/{print $3}' "$out.txt")"
  read -r p50 p99 < <(cut -f3 "$out.log" | sort -n | awk '{v[NR]=$1} END {if (NR==0) {print "- -"; exit} i50=int(NR*0.50); i99=int(NR*0.99); if (i50<1) i50=1; if (i99<1) i99=1; printf "%.2f %.2f\n", v[i50]/1000, v[i99]/1000}')
  status="$(grpc_status "$method" "$body")"
  local cpu_us alloc="-"
  cpu_us="$(awk -v t=$((ticks_after - ticks_before)) -v hz="$hz" -v n="$n" 'BEGIN {printf "%.1f", t * 1000000 / hz / n}')"
  if [ -n "$alloc_before" ] && [ -n "$alloc_after" ]; then
    alloc="$(( (alloc_after - alloc_before) / n ))"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s/%s\t%s\t%s\t%s\n' "$name" "$method" "${rps:-0}" "$p50" "$p99" "${ok:-0}" "$n" "${status:-none}" "$cpu_us" "$alloc" >>"$work/table.tsv"
}

: >"$work/table.tsv"
for name in $servers; do
  echo "bench: starting $name"
  start_server "$name"
  warm_up "$name"
  measure "$name" Echo "$work/echo.bin" "$unary_n"
  measure "$name" ServerStream "$work/stream.bin" "$stream_n"
  stop_server
done

echo
echo "h2load -n N -c 16 -m 32 -t 1 -d <framed request> -H 'content-type: application/grpc' -H 'te: trailers' http://127.0.0.1:PORT/$service/<Method>"
echo "Echo: unary, 64-byte payload (N=$unary_n). ServerStream: 10 messages of 64 bytes per call (N=$stream_n calls). $(nproc) cores, load generator on the same machine."
echo
printf '| server | method | req/s | p50 ms | p99 ms | server CPU µs/call | bytes allocated/call | HTTP 2xx | grpc-status |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n'
awk -F'\t' '{printf "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $8, $9, $6, $7}' "$work/table.tsv"
echo
# Ratios against grpc-js and the raw ceiling, per method, when those rows exist.
awk -F'\t' '
  { rps[$1 "/" $2] = $3; cpu[$1 "/" $2] = $8; methods[$2] = 1 }
  END {
    for (m in methods) {
      if (("relic/" m) in rps) {
        line = "relic " m ":"
        if (("grpc-js/" m) in rps && rps["grpc-js/" m] > 0) line = line sprintf(" %.1fx grpc-js (target >= 4x)", rps["relic/" m] / rps["grpc-js/" m])
        if (("raw/" m) in rps && rps["raw/" m] > 0) line = line sprintf(", %.0f%% of raw Kestrel (target >= 80%%)", 100 * rps["relic/" m] / rps["raw/" m])
        if (("raw/" m) in cpu && cpu["relic/" m] > 0) line = line sprintf("; CPU per call: raw/relic = %.0f%%", 100 * cpu["raw/" m] / cpu["relic/" m])
        print line
      }
    }
  }' "$work/table.tsv"
echo "bench: raw h2load outputs in $work"
