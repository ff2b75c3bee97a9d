#!/usr/bin/env bash
# Runs the whole Stock test suite against real servers on 127.0.0.1:
# installs what is missing (Debian mariadb-server and redis-server), starts a throwaway MariaDB, Redis and the
# Google Pub/Sub emulator on their own ports and data folders, waits until each answers, runs `dotnet test`,
# and stops them again, whatever happened. Extra arguments go to `dotnet test` (e.g. --filter Domain).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/stock-test.XXXXXX)"
mysql_port="${STOCK_TEST_MYSQL_PORT:-33306}"
redis_port="${STOCK_TEST_REDIS_PORT:-36379}"
pubsub_port="${STOCK_TEST_PUBSUB_PORT:-38085}"
pids=()

log() { printf '[test.sh] %s\n' "$*" >&2; }

stop_all() {
  local code=$?
  log "stopping services"
  if [ -S "$work/mysql.sock" ]; then
    mariadb-admin --socket="$work/mysql.sock" -uroot shutdown >/dev/null 2>&1 || true
  fi
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  for pid in "${pids[@]}"; do
    pkill -TERM -P "$pid" >/dev/null 2>&1 || true
    kill "$pid" >/dev/null 2>&1 || true
  done
  # The emulator's Java process outlives its gcloud wrapper.
  pkill -f "cloud-pubsub-emulator.*$pubsub_port" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$code"
}
trap stop_all EXIT

wait_for() { # name, tries, command...
  local name=$1 tries=$2
  shift 2
  for _ in $(seq "$tries"); do
    if "$@" >/dev/null 2>&1; then log "$name is up"; return 0; fi
    sleep 0.5
  done
  log "$name did not answer in time; its log:"
  cat "$work/$name.log" >&2 2>/dev/null || true
  return 1
}

install_missing() {
  local missing=()
  command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server mariadb-client)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-dejavu-core)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if ! gcloud beta emulators pubsub --help >/dev/null 2>&1; then
    log "the Pub/Sub emulator is missing: install google-cloud-cli-pubsub-emulator (needs Java)"
    return 1
  fi
}

start_mariadb() {
  log "starting MariaDB on 127.0.0.1:$mysql_port"
  mkdir -p "$work/mysql"
  mariadb-install-db --no-defaults --datadir="$work/mysql" --user=root --auth-root-authentication-method=socket \
    --skip-test-db >"$work/mariadb.log" 2>&1
  mariadbd --no-defaults --datadir="$work/mysql" --socket="$work/mysql.sock" --port="$mysql_port" \
    --bind-address=127.0.0.1 --user=root --skip-log-bin --innodb-buffer-pool-size=64M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --max-connections=300 \
    >>"$work/mariadb.log" 2>&1 &
  pids+=($!)
  wait_for mariadb 120 mariadb-admin --socket="$work/mysql.sock" -uroot ping
  mariadb --socket="$work/mysql.sock" -uroot <<SQL
CREATE USER 'stock'@'127.0.0.1' IDENTIFIED BY 'stock';
GRANT ALL PRIVILEGES ON *.* TO 'stock'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
}

start_redis() {
  log "starting Redis on 127.0.0.1:$redis_port"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$work" \
    >"$work/redis.log" 2>&1 &
  pids+=($!)
  wait_for redis 60 redis-cli -p "$redis_port" ping
}

start_pubsub() {
  log "starting the Pub/Sub emulator on 127.0.0.1:$pubsub_port"
  mkdir -p "$work/pubsub"
  gcloud beta emulators pubsub start --host-port="127.0.0.1:$pubsub_port" --data-dir="$work/pubsub" \
    --project=stock-test --quiet >"$work/pubsub.log" 2>&1 &
  pids+=($!)
  wait_for pubsub 240 curl -sf "http://127.0.0.1:$pubsub_port/"
}

install_missing
start_mariadb
start_redis
start_pubsub

# What the infrastructure tests connect to; each test makes its own database, keys and topics.
export STOCK_TEST_MYSQL="Server=127.0.0.1;Port=$mysql_port;User ID=stock;Password=stock"
export STOCK_TEST_REDIS="127.0.0.1:$redis_port"
export STOCK_TEST_PUBSUB_EMULATOR="127.0.0.1:$pubsub_port"

cd "$root"
log "running dotnet test"
set +e
dotnet test Stock.sln -c Release "$@" 2>&1 | tee "$work/dotnet-test.log"
status=${PIPESTATUS[0]}
package_status=0
: > "$work/package-test.log"
if [ $# -eq 0 ]; then
  # The NuGet packages, as another team consumes them (skipped when a filter narrows the run).
  log "running the package test"
  ./scripts/package-test.sh 2>&1 | tee "$work/package-test.log"
  package_status=${PIPESTATUS[0]}
fi
set -e
if [ "$package_status" -ne 0 ] && ! grep -q "^package-test: " "$work/package-test.log"; then
  echo "package-test: 0 passed, 1 failed" >> "$work/package-test.log"
fi
# One plain closing line: the sum over every test assembly's summary and the package test.
awk '/(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1) } }
     /^package-test: / { p += $2; f += $4 }
     END { printf "tests: %d passed, %d failed\n", p, f }' FS='[ ,]+' "$work/dotnet-test.log" "$work/package-test.log"
if [ "$status" -ne 0 ]; then exit "$status"; fi
exit "$package_status"
