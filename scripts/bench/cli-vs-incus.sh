#!/usr/bin/env bash
# Times whole coi commands beside the bare incus CLI doing the same thing and prints a table of
# min/median/max wall times in milliseconds.
#
# Usage: scripts/bench/cli-vs-incus.sh [RUNS]     (default 15 runs per command, after 2 warm-ups)
# Needs: a built coi (./mvnw -DskipTests package) or COI=/path/to/coi, and a running Incus (setup-host.sh).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
RUNS=${1:-15}
WARMUP=2
COI=${COI:-./dist/target/coi/bin/coi}
IMAGE=coi-bench-busybox
CONTAINER=coi-bench-$$

[[ -x "$COI" ]] || { echo "no coi at $COI: build it with ./mvnw -B -DskipTests package, or set COI" >&2; exit 1; }

image_was_there=false
incus image show "$IMAGE" >/dev/null 2>&1 && image_was_there=true
cleanup() {
  incus delete --force "$CONTAINER" >/dev/null 2>&1 || true
  $image_was_there || incus image delete "$IMAGE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

scripts/test/make-busybox-image.sh "$IMAGE" >&2
incus launch "$IMAGE" "$CONTAINER" >/dev/null

# time_ms COMMAND...: one run's wall time in milliseconds; the command's output is discarded.
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

# stats NAME COMMAND...: prints "NAME min median max" over RUNS runs.
stats() {
  local name=$1 i
  shift
  for ((i = 0; i < WARMUP; i++)); do "$@" >/dev/null 2>&1 || true; done
  local samples=()
  for ((i = 0; i < RUNS; i++)); do samples+=("$(time_ms "$@")"); done
  printf '%s\n' "${samples[@]}" | sort -n | awk -v name="$name" '
    { v[NR] = $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "%s %d %d %d\n", name, v[1], m, v[NR] }'
}

rows=(
  "$(stats "coi version" "$COI" version)"
  "$(stats "incus version" incus version)"
  "$(stats "coi container exists" "$COI" container exists "$CONTAINER")"
  "$(stats "incus info (exists)" incus info "$CONTAINER")"
  "$(stats "coi image list" "$COI" image list --all)"
  "$(stats "incus image list" incus image list)"
)

printf '%-24s %8s %8s %8s\n' "command ($RUNS runs)" "min ms" "median" "max ms"
printf '%s\n' "${rows[@]}" | awk '{ n = NF; name = $1; for (i = 2; i <= n - 3; i++) name = name " " $i
  printf "%-24s %8d %8d %8d\n", name, $(n - 2), $(n - 1), $n }'
