#!/usr/bin/env bash
# Times `coi snapshot` beside the bare incus CLI doing the same to the same session container and prints the
# min/median/max wall times in milliseconds. coi does more than Incus here: create also copies the container's
# saved AI-tool session to the host, restore puts that copy back as the saved session, delete removes it.
# The container is a persistent session made by `coi shell --background` (open network mode, a home of the
# script's own); it is deleted at the end, whatever happened.
#
# Usage: scripts/bench/snapshots-vs-incus.sh [--image ALIAS] [--coi PATH] [RUNS]
#        (default image coi, the coi of this checkout, 7 runs after 1 warm-up)
# Needs: a built coi (./mvnw -B -DskipTests package) or --coi PATH, a running Incus and the image.
set -euo pipefail

RUNS=7
WARMUP=1
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
bench_options "$@"
bench_require_image
bench_setup coi-bench "$(printf '[network]\nmode = "open"')"

# sample ROW TOOL MS: one sample of a row, kept after the warm-up
sample() {
  if ((i >= WARMUP)); then record "$1|$2" "ms=$3"; fi
}

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
  sample "create (running)" coi "$c"; sample "create (running)" incus "$b"
  sample list coi "$cl"; sample list incus "$bl"
done
incus stop "$CONTAINER" >/dev/null
for ((i = 0; i < WARMUP + RUNS; i++)); do
  echo "run $((i + 1))/$((WARMUP + RUNS)) (stopped container)" >&2
  c=$(time_ms coi snapshot restore "c$i" -f -c "$CONTAINER")
  b=$(time_ms incus snapshot restore "$CONTAINER" "b$i")
  cd_=$(time_ms coi snapshot delete "c$i" -c "$CONTAINER")
  bd=$(time_ms incus snapshot delete "$CONTAINER" "b$i")
  sample "restore (stopped)" coi "$c"; sample "restore (stopped)" incus "$b"
  sample delete coi "$cd_"; sample delete incus "$bd"
done

printf '\n%-18s %-6s %8s %8s %8s\n' "step ($RUNS runs)" "tool" "min ms" "median" "max ms"
for row in "create (running)" "list" "restore (stopped)" "delete"; do
  for tool in coi incus; do
    read -r _ lo med hi <<<"$(summary "$row|$tool")"
    printf '%-18s %-6s %8d %8d %8d\n' "$row" "$tool" "$lo" "$med" "$hi"
  done
done
