#!/usr/bin/env bash
# The container test, without a container engine (none runs on these machines). For each host's Dockerfile it:
#  1. copies the sources as the build stage's `COPY . .` does (less .dockerignore) and runs the build stage's
#     `RUN dotnet publish ...`, read from the Dockerfile itself, so that the test and the image cannot drift;
#  2. builds a .NET root that holds only what the final base image holds: `runtime` Microsoft.NETCore.App, `aspnet`
#     also Microsoft.AspNetCore.App, `runtime-deps` no framework (a self-contained app); a chiseled image without
#     `-extra` gets no time zone data either;
#  3. runs the image's own ENTRYPOINT and CMD on it, in its WORKDIR, with its ENV and, of this machine's environment,
#     only what Cloud Run would set and the deploy commands of README.md pass (DATABASE_URL, the secrets, PROJECT_ID):
#     - the console: `keys set` for the demo seller, then the image's CMD (`check --all`) as a Cloud Run job task,
#       against the simulated marketplaces (`stock-demo serve`), MariaDB through a Unix socket named as Cloud SQL's
#       (/cloudsql/PROJECT:REGION:INSTANCE) and the Pub/Sub emulator: exit 0, the alerts on their topics, no key in
#       its output;
#     - the function: `/healthz/live`, `/healthz/ready` and one check on $PORT, then SIGTERM, as Cloud Run stops it;
#  4. checks that neither image holds the simulator (Bogus.dll, Stock.Simulation.dll, stock-demo.dll).
# Where a container engine answers (docker or podman), it also builds both images and runs them.
# Needs MariaDB and the Pub/Sub emulator: scripts/test.sh passes its own (STOCK_TEST_MYSQL_SOCKET,
# STOCK_TEST_PUBSUB_EMULATOR); run alone, it starts throwaway ones. Prints `container-test: N passed, N failed`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/stock-container.XXXXXX)"
mysql_port="${STOCK_CONTAINER_MYSQL_PORT:-33326}"
redis_port=0
pubsub_port=0
function_port="${STOCK_CONTAINER_FUNCTION_PORT:-38090}"
pids=()
passed=0
failed=0

# shellcheck source=scripts/services.sh
source "$root/scripts/services.sh"
finish() {
  local code=$?
  echo "container-test: $passed passed, $failed failed"
  if [ "$failed" -gt 0 ] && [ "$code" -eq 0 ]; then code=1; fi
  (exit "$code")
  stop_all
}
trap finish EXIT

pass() { passed=$((passed + 1)); log "ok: $*"; }
fail() { failed=$((failed + 1)); log "FAILED: $*"; }
check() { # description, command...: passes when the command succeeds
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

if [ -z "${STOCK_TEST_MYSQL_SOCKET:-}" ] || [ -z "${STOCK_TEST_PUBSUB_EMULATOR:-}" ]; then
  pubsub_port="${STOCK_CONTAINER_PUBSUB_PORT:-38095}"
  install_missing
  start_mariadb
  start_pubsub
  STOCK_TEST_MYSQL_SOCKET="$work/mysql.sock"
  STOCK_TEST_PUBSUB_EMULATOR="127.0.0.1:$pubsub_port"
fi

# ---- the Dockerfile, read as docker reads it ---------------------------------------------------------------------

# The Dockerfile with continuation lines joined, comments dropped.
instructions() { sed -e '/^[[:space:]]*#/d' -e ':a' -e '/\\$/{N;s/\\\n//;ta}' "$1" | sed -E 's/[[:space:]]+/ /g; /^ ?$/d'; }

# The instructions of the final stage (from its FROM on).
final_stage() { instructions "$1" | awk '/^FROM /{ stage = "" } { stage = stage $0 "\n" } END { printf "%s", stage }'; }

# The words of an exec-form instruction (ENTRYPOINT ["a", "b"]), one a line; fails on the shell form, which a
# chiseled image cannot run (it has no shell).
exec_form() { # stage, instruction
  local line
  line=$(grep -E "^$2 " <<<"$1" | tail -n 1 || true)
  [ -n "$line" ] || return 0
  line=${line#"$2 "}
  if [[ $line != \[* ]]; then log "$2 is in shell form; the image has no shell: $line"; return 1; fi
  sed -E 's/^\[ ?//; s/ ?\]$//' <<<"$line" | tr ',' '\n' | sed -E 's/^ *"//; s/" *$//'
}

# A .NET root holding only the frameworks of the image <kind> (runtime, aspnet, runtime-deps) of major version <major>,
# with this machine's host (dotnet, hostfxr): what the image's /usr/share/dotnet holds.
dotnet_root() { # kind, major, dir
  local kind=$1 major=$2 dir=$3 sdk fxr framework version
  sdk="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  mkdir -p "$dir/shared"
  local frameworks=()
  case "$kind" in
    runtime) frameworks=(Microsoft.NETCore.App) ;;
    aspnet) frameworks=(Microsoft.NETCore.App Microsoft.AspNetCore.App) ;;
    runtime-deps) return 0 ;;
    *) log "unknown base image kind '$kind'"; return 1 ;;
  esac
  cp "$sdk/dotnet" "$dir/dotnet"
  fxr=$(find "$sdk/host/fxr" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
  mkdir -p "$dir/host/fxr" && cp -r "$sdk/host/fxr/$fxr" "$dir/host/fxr/"
  for framework in "${frameworks[@]}"; do
    version=$(find "$sdk/shared/$framework" -mindepth 1 -maxdepth 1 -name "$major.*" -printf '%f\n' | sort -V | tail -n 1)
    if [ -z "$version" ]; then log "this machine has no $framework $major.x to build the image's root from"; return 1; fi
    mkdir -p "$dir/shared/$framework" && cp -r "$sdk/shared/$framework/$version" "$dir/shared/$framework/"
  done
}

# Publishes the host of <dockerfile> as its build stage does, into <out>; sets image_* for the final stage.
publish_as_dockerfile() { # dockerfile, out
  local dockerfile=$1 out=$2 src publish from stage copy_from
  stage=$(final_stage "$dockerfile")
  from=$(grep -E '^FROM ' <<<"$stage" | head -n 1 | cut -d' ' -f2)
  if [[ ! $from =~ ^mcr\.microsoft\.com/dotnet/(runtime|aspnet|runtime-deps):([0-9]+)\.[0-9]+(-.*)?$ ]]; then
    log "$dockerfile: the final base image '$from' is not a .NET runtime, aspnet or runtime-deps image"; return 1
  fi
  image_kind=${BASH_REMATCH[1]}
  image_major=${BASH_REMATCH[2]}
  image_tag_suffix=${BASH_REMATCH[3]}
  image_workdir=$(grep -E '^WORKDIR ' <<<"$stage" | tail -n 1 | cut -d' ' -f2)
  mapfile -t image_env < <(grep -E '^ENV ' <<<"$stage" | sed -E 's/^ENV //' | tr ' ' '\n' | grep '=' || true)
  mapfile -t image_entrypoint < <(exec_form "$stage" ENTRYPOINT)
  mapfile -t image_cmd < <(exec_form "$stage" CMD)

  publish=$(instructions "$dockerfile" | grep -E '^RUN dotnet publish ' || true)
  if [ "$(grep -c . <<<"$publish")" -ne 1 ]; then log "$dockerfile: expected one 'RUN dotnet publish' in its build stage"; return 1; fi
  read -ra args <<<"${publish#RUN }"
  copy_from=$(grep -E '^COPY --from=' <<<"$stage" | head -n 1 | cut -d' ' -f3)
  local i found=0
  for i in "${!args[@]}"; do
    if [ "${args[$i]}" = "-o" ] || [ "${args[$i]}" = "--output" ]; then
      if [ "${args[$((i + 1))]}" != "$copy_from" ]; then log "$dockerfile: publishes to ${args[$((i + 1))]} but copies $copy_from"; return 1; fi
      args[i + 1]="$out"
      found=1
    fi
  done
  if [ "$found" -ne 1 ]; then log "$dockerfile: its publish names no -o folder"; return 1; fi

  # COPY . . into a fresh folder, less what .dockerignore leaves out.
  src="$work/src-$(basename "$(dirname "$dockerfile")")"
  mkdir -p "$src"
  local excludes=() pattern
  while read -r pattern; do
    [ -z "$pattern" ] || [[ $pattern == \#* ]] || excludes+=("--exclude=${pattern#\*\*/}")
  done <"$root/.dockerignore"
  tar -C "$root" "${excludes[@]}" -cf - . | tar -C "$src" -xf -
  log "publishing as $dockerfile does: ${args[*]}"
  (cd "$src" && "${args[@]}" >"$work/publish-$(basename "$out").log" 2>&1) || {
    tail -n 30 "$work/publish-$(basename "$out").log" >&2
    return 1
  }
}

# Runs <command...> as the image runs it: from the published folder (the WORKDIR), on the image's .NET root, with the
# image's ENV and the given variables only. Sets ran_exit, and leaves stdout and stderr in $work/<name>.out|.err.
run_as_image() { # name, dotnet-root, folder, env-file, command...
  local name=$1 dotnet=$2 folder=$3 env_file=$4
  shift 4
  local environment=(PATH="$dotnet" HOME="$work/home" DOTNET_ROOT="$dotnet" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1)
  environment+=("${image_env[@]}")
  if [[ $image_tag_suffix == *chiseled* && $image_tag_suffix != *extra* ]]; then
    environment+=(TZDIR="$work/no-tzdata") # the plain chiseled image has no time zone data
  fi
  mapfile -t -O "${#environment[@]}" environment <"$env_file"
  set +e
  (cd "$folder" && exec env -i "${environment[@]}" "$@") >"$work/$name.out" 2>"$work/$name.err"
  ran_exit=$?
  set -e
}

no_simulator_in() { # folder
  local found
  found=$(find "$1" -maxdepth 1 \( -name 'Bogus.dll' -o -name 'Stock.Simulation.dll' -o -name 'stock-demo.dll' \) -printf '%f ')
  if [ -n "$found" ]; then log "the image would hold $found"; return 1; fi
}

# ---- the simulated marketplaces, the database, the topics --------------------------------------------------------

mkdir -p "$work/home" "$work/no-tzdata"
log "starting the simulated marketplaces (stock-demo serve)"
dotnet build "$root/Stock.Hosts.Demo/Stock.Hosts.Demo.csproj" -c Release --nologo -v q >"$work/demo-build.log" 2>&1 || {
  tail -n 30 "$work/demo-build.log" >&2
  exit 1
}
dotnet "$root/Stock.Hosts.Demo/bin/Release/net10.0/stock-demo.dll" serve --env-file "$work/simulated.env" >"$work/serve.log" 2>&1 &
pids+=($!)
wait_for serve 120 test -s "$work/simulated.env"
# The demo seller and its keys (for `keys set` only); the settings that point Stock at the simulation go to the images.
simulated() { sed -n "s/^$1=//p" "$work/simulated.env"; }
STOCK_DEMO_SELLER=$(simulated STOCK_DEMO_SELLER)
STOCK_DEMO_WB_TOKEN=$(simulated STOCK_DEMO_WB_TOKEN)
STOCK_DEMO_OZON_CLIENT_ID=$(simulated STOCK_DEMO_OZON_CLIENT_ID)
STOCK_DEMO_OZON_API_KEY=$(simulated STOCK_DEMO_OZON_API_KEY)

database="stock_container_$$"
mariadb --socket="$STOCK_TEST_MYSQL_SOCKET" -ustock -pstock \
  -e "CREATE DATABASE $database CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
# Cloud Run mounts a Cloud SQL instance as /cloudsql/PROJECT:REGION:INSTANCE; the same name, here, for MariaDB's socket.
mkdir -p "$work/cloudsql"
instance="$work/cloudsql/stock-test:europe-west1:stock"
ln -s "$STOCK_TEST_MYSQL_SOCKET" "$instance"

project="stock-container-$$"
topics=(low_on_stock fbo_over fbo_received cluster_low supply_due stock_health)
emulator="http://$STOCK_TEST_PUBSUB_EMULATOR/v1/projects/$project"
for topic in "${topics[@]}"; do
  curl -sf -X PUT "$emulator/topics/$topic" >/dev/null
  curl -sf -X PUT "$emulator/subscriptions/bot-$topic" -H 'Content-Type: application/json' \
    -d "{\"topic\":\"projects/$project/topics/$topic\"}" >/dev/null
done

# What `gcloud run ... --set-env-vars $COMMON_ENV --set-secrets $SECRETS` gives the containers (README.md).
{
  echo "PROJECT_ID=$project"
  echo "Stock__Database__Provider=MySql"
  echo "DATABASE_URL=mysql://stock:stock@/$database?unix_socket=$instance"
  echo "Stock__Secrets__Key=$(head -c 32 /dev/urandom | base64)"
  echo "PUBSUB_EMULATOR_HOST=$STOCK_TEST_PUBSUB_EMULATOR"
  grep -E '^Stock__Marketplaces__' "$work/simulated.env"
} >"$work/deploy.env"

# ---- the console: the Cloud Run job ------------------------------------------------------------------------------

dockerfile="$root/Stock.Hosts.Console/Dockerfile"
if publish_as_dockerfile "$dockerfile" "$work/console"; then
  pass "the console publishes as its Dockerfile does"
  check "the console's image holds no simulator" no_simulator_in "$work/console"
  dotnet_root "$image_kind" "$image_major" "$work/dotnet-console"
  cp "$work/deploy.env" "$work/job.env"
  printf '%s\n' CLOUD_RUN_JOB=stock-check-all CLOUD_RUN_EXECUTION=stock-check-all-test CLOUD_RUN_TASK_INDEX=0 \
    CLOUD_RUN_TASK_COUNT=1 CLOUD_RUN_TASK_ATTEMPT=0 >>"$work/job.env"

  run_as_image keys-wb "$work/dotnet-console" "$work/console" "$work/job.env" "${image_entrypoint[@]}" \
    keys set --legal-entity "$STOCK_DEMO_SELLER" --marketplace wb --token "$STOCK_DEMO_WB_TOKEN"
  keys_wb=$ran_exit
  run_as_image keys-ozon "$work/dotnet-console" "$work/console" "$work/job.env" "${image_entrypoint[@]}" \
    keys set --legal-entity "$STOCK_DEMO_SELLER" --marketplace ozon --client-id "$STOCK_DEMO_OZON_CLIENT_ID" --api-key "$STOCK_DEMO_OZON_API_KEY"
  if [ "$keys_wb" -eq 0 ] && [ "$ran_exit" -eq 0 ]; then pass "the console's image stores the legal entity's keys"; else
    fail "the console's image stores the legal entity's keys (exit $keys_wb, $ran_exit): $(cat "$work/keys-wb.err" "$work/keys-ozon.err")"
  fi

  log "running the image's command: ${image_entrypoint[*]} ${image_cmd[*]}"
  run_as_image job "$work/dotnet-console" "$work/console" "$work/job.env" "${image_entrypoint[@]}" "${image_cmd[@]}"
  if [ "$ran_exit" -eq 0 ]; then pass "the console's image runs its command (${image_cmd[*]}): exit 0"; else
    fail "the console's image runs its command (${image_cmd[*]}): exit $ran_exit: $(head -c 2000 "$work/job.err")"
  fi
  check "the check covered the demo seller" grep -q "$STOCK_DEMO_SELLER" "$work/job.out"
  pulled=0
  low=0
  for topic in "${topics[@]}"; do
    curl -sf -X POST "$emulator/subscriptions/bot-$topic:pull" -H 'Content-Type: application/json' \
      -d '{"maxMessages":1000,"returnImmediately":true}' --max-time 30 >"$work/pulled-$topic.json"
    count=$({ grep -o '"messageId"' "$work/pulled-$topic.json" || true; } | wc -l)
    pulled=$((pulled + count))
    if [ "$topic" = low_on_stock ]; then low=$count; fi
  done
  if [ "$low" -gt 0 ]; then pass "the job's alerts reached Pub/Sub ($pulled messages, $low on low_on_stock)"; else
    fail "the job's alerts reached Pub/Sub ($pulled messages, $low on low_on_stock)"
  fi
  if grep -qF -e "$STOCK_DEMO_WB_TOKEN" -e "$STOCK_DEMO_OZON_API_KEY" "$work"/keys-*.out "$work"/keys-*.err "$work"/job.out "$work"/job.err; then
    fail "no key in the console's output"
  else
    pass "no key in the console's output"
  fi
else
  fail "the console publishes as its Dockerfile does"
fi

# ---- the function: the Cloud Run service -------------------------------------------------------------------------

dockerfile="$root/Stock.Hosts.Function/Dockerfile"
if publish_as_dockerfile "$dockerfile" "$work/function"; then
  pass "the function publishes as its Dockerfile does"
  check "the function's image holds no simulator" no_simulator_in "$work/function"
  dotnet_root "$image_kind" "$image_major" "$work/dotnet-function"
  cp "$work/deploy.env" "$work/service.env"
  # Cloud Run sets PORT (over the image's ENV) and K_SERVICE.
  printf '%s\n' "PORT=$function_port" K_SERVICE=stock-function K_REVISION=stock-function-00001 >>"$work/service.env"
  log "starting the image's command: ${image_entrypoint[*]} ${image_cmd[*]} on port $function_port"
  run_as_image function "$work/dotnet-function" "$work/function" "$work/service.env" "${image_entrypoint[@]}" "${image_cmd[@]}" &
  runner=$! # its child is the function's process (run_as_image execs it)
  pids+=("$runner")
  url="http://127.0.0.1:$function_port"
  if wait_for function 120 curl -sf "$url/healthz/live"; then pass "the function's image serves /healthz/live on \$PORT"; else
    fail "the function's image serves /healthz/live on \$PORT: $(head -c 2000 "$work/function.err")"
  fi
  check "the function's image is ready (/healthz/ready: database, Pub/Sub)" curl -sf -o "$work/ready.json" "$url/healthz/ready"
  status=$(curl -s -o "$work/function-check.json" -w '%{http_code}' -X POST --get --data-urlencode "legal_entity=$STOCK_DEMO_SELLER" "$url/")
  if [ "$status" = 200 ]; then pass "the function's image checks a legal entity: HTTP 200"; else
    fail "the function's image checks a legal entity: HTTP $status $(head -c 1000 "$work/function-check.json")"
  fi
  # Cloud Run stops an instance with SIGTERM and kills it 10 s later.
  pkill -TERM -P "$runner" || true
  stopped=1
  for _ in $(seq 20); do
    if ! kill -0 "$runner" 2>/dev/null; then stopped=0; break; fi
    sleep 0.5
  done
  if [ "$stopped" -eq 0 ]; then pass "the function's image stops on SIGTERM within 10 s"; else
    fail "the function's image stops on SIGTERM within 10 s"
    pkill -KILL -P "$runner" || true
  fi
else
  fail "the function publishes as its Dockerfile does"
fi

# ---- a real container engine, where there is one -----------------------------------------------------------------

engine=""
for candidate in docker podman; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" info >/dev/null 2>&1; then engine=$candidate; break; fi
done
if [ -n "$engine" ]; then
  for host in Console Function; do
    tag="stock-$(tr '[:upper:]' '[:lower:]' <<<"$host"):container-test"
    check "$engine builds Stock.Hosts.$host/Dockerfile" "$engine" build -q -f "$root/Stock.Hosts.$host/Dockerfile" -t "$tag" "$root"
  done
  check "$engine runs the console's image (--help)" "$engine" run --rm "stock-console:container-test" --help
else
  log "no container engine answers here (docker, podman): the images were tested by their published folders only"
fi
