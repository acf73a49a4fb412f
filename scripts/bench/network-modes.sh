#!/usr/bin/env bash
# Times `coi shell --background` (until the AI tool runs) in each network mode beside the bare incus CLI doing
# the same steps without any rules (scripts/bench/sessions.sh), and prints the medians of the whole command and
# of coi's own phases (COI_TIMINGS=1), so that what network isolation adds shows as the "rules" phase (the rules
# go in place between create and start) and as the difference of the totals to open mode, and the ratio of each
# total to the bare CLI's. Then times the removal (`coi kill`; bare: incus delete --force) the same way.
# allowlist mode allows two addresses of TEST-NET-3 that nothing here ever contacts. The backend is what
# network.backend chooses (auto: the fastest that works); COI_NETWORK_BACKEND=firewalld (or nftables) names one.
# coi's keeper, which filtered sessions need, lingers for 10 minutes after its last session, so each session here
# finds it running, as back-to-back sessions do; COI_BENCH_KEEPER=cold stops it before each session, so that each
# pays for its start, as the first session after a quiet while does.
# Every container made here is deleted at the end, whatever happened.
#
# Usage: [COI_NETWORK_BACKEND=NAME] scripts/bench/network-modes.sh [--image ALIAS] [--coi PATH] [RUNS]
#        (default image coi, the coi of this checkout, 7 runs after 1 warm-up)
# Needs: a built coi (./mvnw -B -DskipTests package) or --coi PATH, a running Incus, nftables or firewalld,
# and the image (coi build).
set -euo pipefail

RUNS=7
WARMUP=1
MODES=(open restricted allowlist)
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
bench_options "$@"
bench_require_image
bench_setup coi-netbench "$(printf '[network]\nallowed_domains = ["203.0.113.7", "203.0.113.8"]')"
. scripts/bench/sessions.sh

# coi kill also removes the container's firewall rules
delete_container() {
  coi kill --force "$1"
}

# stop_keeper: ends the keeper of this run's coi home (also one still waiting to start) and waits until it is gone.
stop_keeper() {
  local pid
  for pid in $(pgrep -f 'dev[.]coi[.]kernel[.]Main keeper' || true); do
    if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "HOME=$WORK/home"; then
      kill "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    fi
  done
}

# sample MODE: one session start and its removal.
sample() {
  local mode=$1 start end line name
  if [[ ${COI_BENCH_KEEPER:-warm} == cold ]]; then stop_keeper; fi
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
  name=$(bare_name)
  bare_shell "$name" "$WORK/workspace"
  start=$(now_ms)
  incus delete --force "$name" >/dev/null
  record bare "$SAMPLE kill=$(($(now_ms) - start))"
  if ((i < WARMUP)); then rm -f "$WORK"/*.samples; fi
done

printf '\ncoi shell --background by network mode, network.backend = %s, keeper %s (median of %d runs, ms)\n' \
  "${COI_NETWORK_BACKEND:-auto}" "${COI_BENCH_KEEPER:-warm}" "$RUNS"
for mode in "${MODES[@]}" bare; do medians "$mode" | sed "s/^/$mode /"; done | awk '
  { if (!($2 in seen)) { seen[$2] = 1; order[++k] = $2 } v[$1, $2] = $3 }
  function cell(m, p) { return ((m, p) in v) ? v[m, p] : "-" }
  END {
    printf "%-14s %10s %10s %10s %10s\n", "phase", "open", "restricted", "allowlist", "bare incus"
    for (i = 1; i <= k; i++) {
      p = order[i]
      printf "%-14s %10s %10s %10s %10s\n", p, cell("open", p), cell("restricted", p), cell("allowlist", p),
        cell("bare", p)
    }
    if (("open", "total") in v) {
      printf "%-14s %10s %10d %10d %10s\n", "added vs open", "-", v["restricted", "total"] - v["open", "total"],
        v["allowlist", "total"] - v["open", "total"], "-"
    }
    if (("bare", "total") in v && v["bare", "total"] > 0) {
      printf "%-14s %10.2f %10.2f %10.2f %10s\n", "total vs bare", v["open", "total"] / v["bare", "total"],
        v["restricted", "total"] / v["bare", "total"], v["allowlist", "total"] / v["bare", "total"], "1.00"
    }
  }'
