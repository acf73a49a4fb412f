#!/usr/bin/env bash
# Times whole coi commands beside the bare incus CLI doing the same thing and prints a table of
# min/median/max wall times in milliseconds. It makes a tiny image and a container of its own and removes them.
# scripts/bench/bench.sh times more commands (list, exec, sessions) the same way.
#
# Usage: scripts/bench/cli-vs-incus.sh [--coi PATH] [RUNS]   (default 15 runs per command, after 2 warm-ups)
# Needs: a built coi (./mvnw -B -DskipTests package) or --coi PATH, and a running Incus (setup-host.sh).
set -euo pipefail

RUNS=15
WARMUP=2
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
bench_options "$@"
bench_setup coi-bench ""
bench_busybox_image
CONTAINER=${PREFIX}busybox
incus launch "$BUSYBOX_IMAGE" "$CONTAINER" >/dev/null

rows=("coi version" "incus version" "coi container exists" "incus info (exists)" "coi image list" "incus image list")
echo "timing ${rows[*]}" >&2
repeat "${rows[0]}" coi version
repeat "${rows[1]}" incus version
repeat "${rows[2]}" coi container exists "$CONTAINER"
repeat "${rows[3]}" incus info "$CONTAINER"
repeat "${rows[4]}" coi image list --all
repeat "${rows[5]}" incus image list

printf '%-24s %8s %8s %8s\n' "command ($RUNS runs)" "min ms" "median" "max ms"
for row in "${rows[@]}"; do
  read -r _ lo med hi <<<"$(summary "$row")"
  printf '%-24s %8d %8d %8d\n' "$row" "$lo" "$med" "$hi"
done
