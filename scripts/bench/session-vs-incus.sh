#!/usr/bin/env bash
# Times a session start with coi beside the bare incus CLI doing the same steps by hand, and prints the medians
# of the total and of each phase in milliseconds, and their ratio:
#   (a) `coi shell --background` until the AI tool runs in its tmux session, and
#   (b) `coi run -- true` (create, start, run, remove).
# coi's own split comes from COI_TIMINGS=1 (`[timing] <phase> <ms> ms` lines on stderr). The bare CLI does the
# steps in scripts/bench/sessions.sh. coi runs in open network mode (its config file here says so), because the
# bare CLI puts no firewall rules in place; scripts/bench/network-modes.sh times the modes. Every container made
# here is deleted at the end, whatever happened. scripts/bench/bench.sh times the same with min/median/max.
#
# Usage: scripts/bench/session-vs-incus.sh [--image ALIAS] [--coi PATH] [RUNS]
#        (default image coi, the coi of this checkout, 7 runs after 1 warm-up)
# Needs: a built coi (./mvnw -B -DskipTests package) or --coi PATH, a running Incus and the image (coi build).
set -euo pipefail

RUNS=7
WARMUP=1
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
bench_options "$@"
bench_require_image
bench_setup coi-bench "$(printf '[network]\nmode = "open"')"
. scripts/bench/sessions.sh

for ((i = 0; i < WARMUP + RUNS; i++)); do
  echo "run $((i + 1))/$((WARMUP + RUNS))" >&2
  session_round
  if ((i < WARMUP)); then rm -f "$WORK"/*.samples; fi
done

table() {
  local title=$1 coi_series=$2 bare_series=$3
  printf '\n%s (median of %d runs, ms)\n' "$title" "$RUNS"
  { medians "$coi_series" | sed 's/^/coi /'; medians "$bare_series" | sed 's/^/incus /'; } | awk '
    { if (!($2 in seen)) { seen[$2] = 1; order[++k] = $2 } v[$1, $2] = $3 }
    END {
      printf "%-14s %8s %8s\n", "phase", "coi", "incus"
      for (i = 1; i <= k; i++) {
        p = order[i]
        if (p == "total") continue
        printf "%-14s %8s %8s\n", p, ((("coi", p) in v) ? v["coi", p] : "-"), ((("incus", p) in v) ? v["incus", p] : "-")
      }
      if (("coi", "total") in v && ("incus", "total") in v && v["incus", "total"] > 0)
        printf "%-14s %8d %8d   ratio %.2f\n", "total", v["coi", "total"], v["incus", "total"], v["coi", "total"] / v["incus", "total"]
      else
        printf "%-14s %8s %8s\n", "total", ((("coi", "total") in v) ? v["coi", "total"] : "-"), ((("incus", "total") in v) ? v["incus", "total"] : "-")
    }'
}

table "coi shell --background until the tool runs" coi-shell bare-shell
table "coi run -- true" coi-run bare-run
