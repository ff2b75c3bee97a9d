#!/usr/bin/env bash
# Runs the whole Stock test suite against real servers on 127.0.0.1:
# installs what is missing (Debian mariadb-server and redis-server), starts a throwaway MariaDB, Redis and the
# Google Pub/Sub emulator on their own ports and data folders, waits until each answers, runs `dotnet test`,
# and stops them again, whatever happened. Extra arguments go to `dotnet test` (e.g. --filter Domain).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/stock-test.XXXXXX)"
mysql_port="${STOCK_TEST_MYSQL_PORT:-33306}"
mysql8_port="${STOCK_TEST_MYSQL8_PORT:-33307}"
redis_port="${STOCK_TEST_REDIS_PORT:-36379}"
pubsub_port="${STOCK_TEST_PUBSUB_PORT:-38085}"
pids=()

# shellcheck source=scripts/services.sh
source "$root/scripts/services.sh"
trap stop_all EXIT

install_missing
start_mariadb
start_mariadb mysql8 "$mysql8_port" "${mysql8_settings[@]}"
start_redis
start_pubsub

# What the infrastructure tests connect to; each test makes its own database, keys and topics.
export STOCK_TEST_MYSQL="Server=127.0.0.1;Port=$mysql_port;User ID=stock;Password=stock"
export STOCK_TEST_MYSQL_SOCKET="$work/mysql.sock"
export STOCK_TEST_MYSQL8="Server=127.0.0.1;Port=$mysql8_port;User ID=stock;Password=stock"
export STOCK_TEST_REDIS="127.0.0.1:$redis_port"
export STOCK_TEST_PUBSUB_EMULATOR="127.0.0.1:$pubsub_port"

cd "$root"
log "running dotnet test"
set +e
dotnet test Stock.sln -c Release "$@" 2>&1 | tee "$work/dotnet-test.log"
status=${PIPESTATUS[0]}
package_status=0
container_status=0
: > "$work/package-test.log"
: > "$work/container-test.log"
if [ $# -eq 0 ]; then
  # The NuGet packages, as another team consumes them, and the container images, as Cloud Run runs them (both
  # skipped when a filter narrows the run).
  log "running the package test"
  ./scripts/package-test.sh 2>&1 | tee "$work/package-test.log"
  package_status=${PIPESTATUS[0]}
  log "running the container test"
  ./scripts/container-test.sh 2>&1 | tee "$work/container-test.log"
  container_status=${PIPESTATUS[0]}
fi
set -e
if [ "$package_status" -ne 0 ] && ! grep -q "^package-test: " "$work/package-test.log"; then
  echo "package-test: 0 passed, 1 failed" >> "$work/package-test.log"
fi
if [ "$container_status" -ne 0 ] && ! grep -q "^container-test: .*[1-9][0-9]* failed" "$work/container-test.log"; then
  echo "container-test: 0 passed, 1 failed" >> "$work/container-test.log"
fi
# One plain closing line: the sum over every test assembly's summary, the package test and the container test.
awk '/(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1) } }
     /^(package|container)-test: / { p += $2; f += $4 }
     END { printf "tests: %d passed, %d failed\n", p, f }' FS='[ ,]+' "$work/dotnet-test.log" "$work/package-test.log" "$work/container-test.log"
if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "$package_status" -ne 0 ]; then exit "$package_status"; fi
exit "$container_status"
