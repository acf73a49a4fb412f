#!/usr/bin/env bash
# Times `coi snapshot` beside the bare incus CLI doing the same to the same session container and prints the
# min/median/max wall times in milliseconds. coi does more than Incus here: create also copies the container's
# saved AI-tool session to the host, restore puts that copy back as the saved session, delete removes it.
# The container is a persistent session made by `coi shell --background` (open network mode, a home of the
# script's own); it is deleted at the end, whatever happened.
#
# Usage: scripts/bench/snapshots-vs-incus.sh [--image ALIAS] [RUNS]   (default image coi, 7 runs after 1 warm-up)
# Needs: a built coi (./mvnw -B -DskipTests package) or COI=/path/to/coi, a running Incus and the image.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
IMAGE=coi
RUNS=7
while (($# > 0)); do
  case $1 in
    --image) IMAGE=${2:?--image needs an alias}; shift 2 ;;
    --image=*) IMAGE=${1#--image=}; shift ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) RUNS=$1; shift ;;
  esac
done
WARMUP=1
COI=$(readlink -f "${COI:-./dist/target/coi/bin/coi}")
PREFIX=coi-bench-$$-

[[ -x "$COI" ]] || { echo "no coi at $COI: build it with ./mvnw -B -DskipTests package, or set COI" >&2; exit 1; }
incus image show "$IMAGE" >/dev/null 2>&1 || { echo "no image $IMAGE: build it with coi build" >&2; exit 1; }

WORK=$(mktemp -d /tmp/coi-bench-XXXXXX)
mkdir -p "$WORK/home/.config/coi" "$WORK/workspace"
printf '[network]\nmode = "open"\n' >"$WORK/home/.config/coi/config.toml"
chown 1000:1000 "$WORK/workspace" 2>/dev/null || true
cleanup() {
  local name
  for name in $(incus list --format csv -c n 2>/dev/null); do
    [[ $name == "$PREFIX"* ]] && incus delete --force "$name" >/dev/null 2>&1
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

coi() {
  (cd "$WORK/workspace" && env -i PATH="$PATH" HOME="$WORK/home" TERM=xterm-256color LANG=C.UTF-8 \
    COI_CONTAINER_PREFIX="$PREFIX" "$COI" "$@")
}

time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

# series NAME MS: one sample of a row
declare -A SAMPLES=()
series() { SAMPLES[$1]+="$2 "; }

coi shell --background --persistent --image "$IMAGE" >/dev/null 2>&1 ||
  { echo "coi shell --background failed" >&2; exit 1; }
CONTAINER=$(incus list --format csv -c n | grep "^$PREFIX" | head -n 1)
[[ -n "$CONTAINER" ]] || { echo "no session container was made" >&2; exit 1; }

for ((i = 0; i < WARMUP + RUNS; i++)); do
  echo "run $((i + 1))/$((WARMUP + RUNS)) (running container)" >&2
  c=$(time_ms coi snapshot create "c$i" -c "$CONTAINER")
  b=$(time_ms incus snapshot create "$CONTAINER" "b$i")
  cl=$(time_ms coi snapshot list -c "$CONTAINER" --format json)
  bl=$(time_ms incus snapshot list "$CONTAINER" --format json)
  if ((i >= WARMUP)); then
    series "create (running)|coi" "$c"; series "create (running)|incus" "$b"
    series "list|coi" "$cl"; series "list|incus" "$bl"
  fi
done
incus stop "$CONTAINER" >/dev/null
for ((i = 0; i < WARMUP + RUNS; i++)); do
  echo "run $((i + 1))/$((WARMUP + RUNS)) (stopped container)" >&2
  c=$(time_ms coi snapshot restore "c$i" -f -c "$CONTAINER")
  b=$(time_ms incus snapshot restore "$CONTAINER" "b$i")
  cd_=$(time_ms coi snapshot delete "c$i" -c "$CONTAINER")
  bd=$(time_ms incus snapshot delete "$CONTAINER" "b$i")
  if ((i >= WARMUP)); then
    series "restore (stopped)|coi" "$c"; series "restore (stopped)|incus" "$b"
    series "delete|coi" "$cd_"; series "delete|incus" "$bd"
  fi
done

stats() {
  tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d %d", v[1], m, v[NR] }'
}

printf '\n%-18s %-6s %8s %8s %8s\n' "step ($RUNS runs)" "tool" "min ms" "median" "max ms"
for row in "create (running)" "list" "restore (stopped)" "delete"; do
  for tool in coi incus; do
    read -r lo med hi <<<"$(stats "${SAMPLES[$row|$tool]}")"
    printf '%-18s %-6s %8d %8d %8d\n' "$row" "$tool" "$lo" "$med" "$hi"
  done
done
