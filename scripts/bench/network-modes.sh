#!/usr/bin/env bash
# Times `coi shell --background` (until the AI tool runs) in each network mode and prints the medians of the
# whole command and of coi's own phases (COI_TIMINGS=1), so that what network isolation adds shows as the
# "network" phase and as the difference of the totals to open mode. Then times the removal (`coi kill`) the
# same way. allowlist mode allows two addresses of TEST-NET-3 that nothing here ever contacts.
# Every container made here is deleted at the end, whatever happened.
#
# Usage: scripts/bench/network-modes.sh [--image ALIAS] [--coi PATH] [RUNS]
#        (default image coi, the coi of this checkout, 7 runs after 1 warm-up)
# Needs: a built coi (./mvnw -B -DskipTests package) or --coi PATH, a running Incus, firewalld and the image
# (coi build).
set -euo pipefail

RUNS=7
WARMUP=1
MODES=(open restricted allowlist)
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
bench_options "$@"
bench_require_image
bench_setup coi-netbench "$(printf '[network]\nallowed_domains = ["203.0.113.7", "203.0.113.8"]')"

# coi kill also removes the container's firewall rules
delete_container() {
  coi kill --force "$1"
}

# sample MODE: one session start and its removal.
sample() {
  local mode=$1 start end line name
  line=$(coi_timed_line shell --background --network="$mode" --image "$IMAGE") || return 0
  for name in $(incus list --format csv -c n); do
    if [[ $name == "$PREFIX"* ]]; then
      start=$(now_ms)
      coi kill --force "$name" >/dev/null 2>&1
      end=$(now_ms)
      line+=" kill=$((end - start))"
    fi
  done
  record "$mode" "$line"
}

for ((i = 0; i < WARMUP + RUNS; i++)); do
  echo "run $((i + 1))/$((WARMUP + RUNS))" >&2
  for mode in "${MODES[@]}"; do sample "$mode"; done
  if ((i < WARMUP)); then rm -f "$WORK"/*.samples; fi
done

printf '\ncoi shell --background by network mode (median of %d runs, ms)\n' "$RUNS"
for mode in "${MODES[@]}"; do medians "$mode" | sed "s/^/$mode /"; done | awk '
  { if (!($2 in seen)) { seen[$2] = 1; order[++k] = $2 } v[$1, $2] = $3 }
  END {
    printf "%-14s %10s %10s %10s\n", "phase", "open", "restricted", "allowlist"
    for (i = 1; i <= k; i++) {
      p = order[i]
      printf "%-14s %10s %10s %10s\n", p, ((("open", p) in v) ? v["open", p] : "-"),
        ((("restricted", p) in v) ? v["restricted", p] : "-"), ((("allowlist", p) in v) ? v["allowlist", p] : "-")
    }
    if (("open", "total") in v) {
      printf "%-14s %10s %10d %10d\n", "added vs open", "-", v["restricted", "total"] - v["open", "total"],
        v["allowlist", "total"] - v["open", "total"]
    }
  }'
