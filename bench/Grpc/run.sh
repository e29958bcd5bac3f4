#!/usr/bin/env bash
# gRPC server benchmark: the same unary and server-streaming method of relic.interop.v1.InteropService
# on each server with the same h2load command, then a side-by-side table.
#
#   bench/Grpc/run.sh                                   # relic grpcio grpc-js minimal raw, 3 rounds
#   SERVERS="relic raw" ROUNDS=5 bench/Grpc/run.sh
#   UNARY_N=100000 STREAM_N=10000 WARMUP_SECONDS=3 bench/Grpc/run.sh   (the defaults; ~6 min in all)
#   SERVERS="relic grpc-js raw" UNARY_N=30000 STREAM_N=3000 MAX_WARMUP_ROUNDS=4 bench/Grpc/run.sh   (< 3 min)
#
# Servers: relic (the suite's server: Grpc.AspNetCore 2.85 with the suite's ServiceDefaults, i.e. its
# limits, DomainStatusInterceptor, health, reflection and telemetry, hosting the interop service the
# interop tests prove), grpcio (Python, sync server, 16 threads), grpc-js
# (Node), minimal (Kestrel routing + protobuf parse/serialize + trailer and nothing else: the floor
# of any gRPC server on Kestrel) and raw (plain Kestrel HTTP/2 answering the same bytes without
# gRPC: the ceiling).
#
# The machine has 2 cores and is usually shared, so: every server is started and warmed up first
# (.NET ones until their JIT stops compiling), then the measurements run in ROUNDS rounds that
# visit the servers in turn, one h2load run at a time, and the table shows the median of the
# rounds. Besides req/s and latency it shows the server's CPU time per call (user+system of its
# process) and, for the .NET servers, bytes allocated per call: both hardly move with other load.
# h2load counts HTTP 2xx only, so each server's grpc-status is checked separately with nghttp.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$root/bench/Grpc"
interop="$root/tests/RelicSecurity.Interop.Tests"
servers="${SERVERS:-relic grpcio grpc-js minimal raw}"
unary_n="${UNARY_N:-100000}"
stream_n="${STREAM_N:-10000}"
rounds="${ROUNDS:-3}"
warmup_seconds="${WARMUP_SECONDS:-3}"
max_warmup_rounds="${MAX_WARMUP_ROUNDS:-12}"
h2load_opts=(-c 16 -m 32 -t 1)
service="relic.interop.v1.InteropService"

for tool in h2load nghttp node dotnet; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (run scripts/install.sh)" >&2; exit 2; }
done
[ -d "$interop/node/node_modules/@grpc/grpc-js" ] || bash "$root/scripts/install.sh"

work="$(mktemp -d /tmp/relic-bench-grpc.XXXXXX)"
declare -A server_pids server_ports
# The relic server authenticates every call, as every suite service does: it prints a bearer token it
# trusts, and every h2load and nghttp request to every server carries it (the others ignore it).
auth=()
cleanup() {
  local pid
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

echo "bench: building Release"
dotnet build -c Release --nologo -v q "$bench/RelicSecurity.Bench.Grpc.csproj" >"$work/build.txt" 2>&1 || { cat "$work/build.txt"; exit 1; }
bench_dll="$bench/bin/Release/net10.0/RelicSecurity.Bench.Grpc.dll"
dotnet "$bench_dll" requests "$work"

is_dotnet() { case "$1" in relic|raw|minimal) return 0 ;; *) return 1 ;; esac; }

start_server() {
  local name="$1" log="$work/$1.server.txt" pid port=""
  # Create the log before the background server does, so the readiness poll never reads a missing file.
  : >"$log"
  case "$name" in
    relic|raw|minimal) dotnet "$bench_dll" "$name" 0 >"$log" 2>&1 & ;;
    grpcio) /usr/bin/python3 "$interop/python/interop_peer.py" server --threads 16 >"$log" 2>&1 & ;;
    grpc-js) node "$interop/node/peer.js" server >"$log" 2>&1 & ;;
    *) echo "bench: unknown server $name" >&2; exit 2 ;;
  esac
  pid=$!
  server_pids[$name]=$pid
  for _ in $(seq 1 200); do
    port="$(awk '/^LISTENING/{print $2; exit}' "$log")"
    if [ -n "$port" ]; then
      server_ports[$name]=$port
      token="$(awk '/^TOKEN/{print $2; exit}' "$log")"
      [ -z "$token" ] || auth=(-H "authorization: Bearer $token")
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "bench: $name exited:"; cat "$log"; exit 1; }
    sleep 0.1
  done
  echo "bench: $name did not start"; cat "$log"; exit 1
}

url() { echo "http://127.0.0.1:${server_ports[$1]}/$service/$2"; }

body_of() { if [ "$1" = Echo ]; then echo "$work/echo.bin"; else echo "$work/stream.bin"; fi; }

# One field of GET /_bench/stats of a .NET server (allocated, jit_methods, ...); empty for the others.
stat_of() {
  is_dotnet "$1" || return 0
  nghttp "${auth[@]}" "http://127.0.0.1:${server_ports[$1]}/_bench/stats" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# utime+stime of the server process, in clock ticks.
server_ticks() { awk '{print $14 + $15}' "/proc/${server_pids[$1]}/stat"; }

# Load on both methods before measuring; .NET servers get rounds until the JIT has (almost) stopped
# compiling: tiered compilation keeps going for tens of seconds when the machine is busy.
warm_up() {
  local name="$1" round before after method
  for round in $(seq 1 "$max_warmup_rounds"); do
    before="$(stat_of "$name" jit_methods)"
    for method in Echo ServerStream; do
      h2load -D "$warmup_seconds" "${h2load_opts[@]}" "${auth[@]}" -d "$(body_of $method)" -H 'content-type: application/grpc' -H 'te: trailers' \
        "$(url "$name" $method)" >/dev/null 2>&1 || true
    done
    after="$(stat_of "$name" jit_methods)"
    [ -n "$after" ] || return 0
    echo "bench: $name warm-up round $round: the JIT compiled $((after - before)) more methods"
    [ "$((after - before))" -ge 20 ] || return 0
  done
}

# grpc-status of one call, from the response headers (trailers-only) or the trailers.
grpc_status() {
  nghttp -v -n -d "$(body_of "$2")" "${auth[@]}" -H ':method: POST' -H 'content-type: application/grpc' -H 'te: trailers' \
    "$(url "$1" "$2")" 2>&1 | awk '/grpc-status:/{print $NF}' | tail -1
}

# One h2load run; appends: server method round req/s p50 p99 cpu_us bytes_per_call 2xx
measure() {
  local name="$1" method="$2" round="$3" n out hz t0 t1 a0 a1 rps ok p50 p99 cpu alloc="-"
  if [ "$method" = Echo ]; then n="$unary_n"; else n="$stream_n"; fi
  out="$work/$name.$method.$round"
  local cmd=(h2load -n "$n" "${h2load_opts[@]}" "${auth[@]}" -d "$(body_of "$method")" -H 'content-type: application/grpc' -H 'te: trailers'
    --log-file="$out.log" "$(url "$name" "$method")")
  echo "bench: round $round $name $method: ${cmd[*]}"
  hz="$(getconf CLK_TCK)"
  a0="$(stat_of "$name" allocated)"
  t0="$(server_ticks "$name")"
  "${cmd[@]}" >"$out.txt" 2>&1 || true
  t1="$(server_ticks "$name")"
  a1="$(stat_of "$name" allocated)"
  rps="$(awk '/^finished in/{gsub(",","",$4); print $4}' "$out.txt")"
  ok="$(awk '/^status codes:/{print $3}' "$out.txt")"
  read -r p50 p99 < <(cut -f3 "$out.log" | sort -n | awk '{v[NR]=$1} END {if (NR==0) {print "0 0"; exit} i50=int(NR*0.50); i99=int(NR*0.99); if (i50<1) i50=1; if (i99<1) i99=1; printf "%.2f %.2f\n", v[i50]/1000, v[i99]/1000}')
  cpu="$(awk -v t=$((t1 - t0)) -v hz="$hz" -v n="$n" 'BEGIN {printf "%.1f", t * 1000000 / hz / n}')"
  if [ -n "$a0" ] && [ -n "$a1" ]; then alloc="$(( (a1 - a0) / n ))"; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$method" "$round" "${rps:-0}" "$p50" "$p99" "$cpu" "$alloc" "${ok:-0}/$n" >>"$work/runs.tsv"
}

for name in $servers; do
  echo "bench: starting $name"
  start_server "$name"
done
for name in $servers; do
  warm_up "$name"
done
: >"$work/runs.tsv"
for method in Echo ServerStream; do
  for round in $(seq 1 "$rounds"); do
    for name in $servers; do
      measure "$name" "$method" "$round"
    done
  done
done
: >"$work/status.tsv"
for name in $servers; do
  for method in Echo ServerStream; do
    printf '%s\t%s\t%s\n' "$name" "$method" "$(grpc_status "$name" "$method")" >>"$work/status.tsv"
  done
done

echo
echo "h2load -n N -c 16 -m 32 -t 1 -d <framed request> -H 'content-type: application/grpc' -H 'te: trailers' http://127.0.0.1:PORT/$service/<Method>"
echo "Echo: unary, 64-byte payload, N=$unary_n. ServerStream: 10 messages of 64 bytes per call, N=$stream_n calls."
echo "$(nproc) cores shared with the load generator (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)); median of $rounds interleaved rounds."
echo
# Median of each column over the rounds, servers in the order given, Echo then ServerStream.
awk -F'\t' -v order="$servers" -v rounds="$rounds" '
  function median(key, col,   n, i, j, t, a) {
    n = 0
    for (i = 1; i <= rounds; i++) if ((key SUBSEP i) in row) { split(row[key SUBSEP i], f, "\t"); a[++n] = f[col] + 0 }
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n ? a[int((n + 1) / 2)] : 0
  }
  FILENAME == ARGV[1] { status[$1 SUBSEP $2] = $3; next }
  { row[$1 SUBSEP $2 SUBSEP $3] = $0; ok[$1 SUBSEP $2] = $9; alloc[$1 SUBSEP $2] = ($8 == "-") }
  END {
    print "| server | method | req/s | p50 ms | p99 ms | server CPU µs/call | bytes allocated/call | HTTP 2xx | grpc-status |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    split(order, names, " ")
    for (m = 1; m <= 2; m++) {
      method = m == 1 ? "Echo" : "ServerStream"
      for (s = 1; s in names; s++) {
        k = names[s] SUBSEP method
        rps[k] = median(k, 4); cpu[k] = median(k, 7)
        printf "| %s | %s | %.0f | %.2f | %.2f | %.1f | %s | %s | %s |\n", names[s], method, rps[k], median(k, 5), median(k, 6),
          cpu[k], alloc[k] ? "-" : sprintf("%d", median(k, 8)), ok[k], status[k]
      }
    }
    print ""
    for (m = 1; m <= 2; m++) {
      method = m == 1 ? "Echo" : "ServerStream"
      r = "relic" SUBSEP method; j = "grpc-js" SUBSEP method; w = "raw" SUBSEP method
      if (!(r in rps)) continue
      line = "relic " method ":"
      if ((j in rps) && rps[j] > 0) line = line sprintf(" %.1fx grpc-js req/s (target >= 4x);", rps[r] / rps[j])
      if ((w in rps) && rps[w] > 0) line = line sprintf(" %.0f%% of raw Kestrel req/s (target >= 80%%);", 100 * rps[r] / rps[w])
      if ((w in cpu) && cpu[r] > 0) line = line sprintf(" raw Kestrel CPU per call / ours = %.0f%%", 100 * cpu[w] / cpu[r])
      print line
    }
  }' "$work/status.tsv" "$work/runs.tsv"
echo
echo "bench: every h2load output is in $work"
