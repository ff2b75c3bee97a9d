#!/usr/bin/env bash
# The throwaway servers of scripts/test.sh and scripts/bench.sh, sourced by both. The caller sets $work (a temporary
# folder), $mysql_port, $redis_port, $pubsub_port and pids=(), and traps stop_all on EXIT.

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }

stop_all() {
  local code=$?
  log "stopping services"
  for socket in "$work"/mysql*.sock; do
    if [ -S "$socket" ]; then mariadb-admin --socket="$socket" -uroot shutdown >/dev/null 2>&1 || true; fi
  done
  if [ "${redis_port:-0}" != 0 ]; then redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true; fi
  for pid in "${pids[@]}"; do
    pkill -TERM -P "$pid" >/dev/null 2>&1 || true
    kill "$pid" >/dev/null 2>&1 || true
  done
  # The emulator's Java process outlives its gcloud wrapper.
  if [ "${pubsub_port:-0}" != 0 ]; then pkill -f "cloud-pubsub-emulator.*$pubsub_port" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
  exit "$code"
}

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

# MySQL 8's defaults where they differ from MariaDB 10.11's and Stock depends on them: the stricter sql_mode
# (ONLY_FULL_GROUP_BY, no zero dates) and group_concat_max_len of 1,024 bytes (MariaDB: 1 MB). Cloud SQL offers MySQL,
# not MariaDB, and no MySQL server is to be had here: the MySQL 8 tests run on a MariaDB with these settings.
mysql8_settings=(
  --sql-mode=ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION
  --group-concat-max-len=1024
)

start_mariadb() { # [name [port [server settings...]]]: a throwaway server with its socket at $work/<name>.sock
  local name=${1:-mysql} port=${2:-$mysql_port}
  shift $(( $# > 2 ? 2 : $# ))
  log "starting MariaDB ($name) on 127.0.0.1:$port${*:+ with $*}"
  mkdir -p "$work/$name"
  mariadb-install-db --no-defaults --datadir="$work/$name" --user=root --auth-root-authentication-method=socket \
    --skip-test-db >"$work/$name.log" 2>&1
  mariadbd --no-defaults --datadir="$work/$name" --socket="$work/$name.sock" --port="$port" \
    --bind-address=127.0.0.1 --user=root --skip-log-bin --innodb-buffer-pool-size=64M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --max-connections=300 "$@" \
    >>"$work/$name.log" 2>&1 &
  pids+=($!)
  wait_for "$name" 120 mariadb-admin --socket="$work/$name.sock" -uroot ping
  # 'stock'@'localhost' is who connects through the Unix socket (as Cloud Run reaches Cloud SQL).
  mariadb --socket="$work/$name.sock" -uroot <<SQL
CREATE USER 'stock'@'127.0.0.1' IDENTIFIED BY 'stock';
GRANT ALL PRIVILEGES ON *.* TO 'stock'@'127.0.0.1';
CREATE USER 'stock'@'localhost' IDENTIFIED BY 'stock';
GRANT ALL PRIVILEGES ON *.* TO 'stock'@'localhost';
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

