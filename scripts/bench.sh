#!/usr/bin/env bash
# The benchmark of issue 11: the simulated marketplaces with N products per marketplace (default 1,000) and 60 days of
# orders; a first, a next-day and a no-change check, each in a process of its own, with the client's rate limits and
# the simulation's lifted for timing; for each: wall time, the floors measured in the same run (a plain download of the
# same pages and a plain bulk insert of the rows the check added), the CPU time of the check and of the simulated
# marketplaces, requests, the time the documented limits force for those requests, peak RSS, SQL commands, and relay
# events per second to the JSON-lines file (to the Pub/Sub emulator with --pubsub). --container-memory MiB runs each
# check in a memory cgroup of that size (Cloud Run's default instance has 512 MiB; needs root, else only the GC is told
# the limit), and the table adds what the kernel charged it. Prints a markdown table.
# Usage: ./scripts/bench.sh [--products N] [--mysql] [--pubsub] [--container-memory MiB]
#   (--mysql and --pubsub each start a throwaway server, as scripts/test.sh does)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/stock-bench.XXXXXX)"
mysql_port="${STOCK_BENCH_MYSQL_PORT:-33316}"
redis_port=0
pubsub_port=0
pubsub=""
extra=()
pids=()
products=1000
mysql=""
while [ $# -gt 0 ]; do
  case "$1" in
    --products) products=$2; shift 2 ;;
    --mysql) mysql=yes; shift ;;
    --pubsub) pubsub=yes; shift ;;
    --container-memory) extra+=(--container-memory "$2"); shift 2 ;;
    *) echo "usage: $0 [--products N] [--mysql] [--pubsub] [--container-memory MiB]" >&2; exit 2 ;;
  esac
done

# shellcheck source=scripts/services.sh
source "$root/scripts/services.sh"
trap stop_all EXIT

args=(run --products "$products" "${extra[@]}")
if [ -n "$mysql" ]; then
  command -v mariadbd >/dev/null 2>&1 || install_missing
  start_mariadb
  args+=(--mysql "Server=127.0.0.1;Port=$mysql_port;User ID=stock;Password=stock")
fi

if [ -n "$pubsub" ]; then
  pubsub_port="${STOCK_BENCH_PUBSUB_PORT:-38085}"
  start_pubsub
  args+=(--pubsub "127.0.0.1:$pubsub_port")
fi

# Published ReadyToRun, as the containers publish the hosts (D39): each check's process is a cold instance's first check.
log "building the benchmark"
rid="$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')"
dotnet publish "$root/bench/Stock.Bench" -c Release -r "${rid:-linux-x64}" --self-contained false -p:PublishReadyToRun=true -o "$work/bin" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
log "running it at $products products per marketplace"
dotnet "$work/bin/Stock.Bench.dll" "${args[@]}"
