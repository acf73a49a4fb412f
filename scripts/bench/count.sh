#!/usr/bin/env bash
# Times `coi shell --background --count N` until all N tools run, for N = 1, 10 and 50 sessions of one workspace,
# beside the bare incus CLI doing the same: N times the steps of scripts/bench/sessions.sh (incus init with the same
# config and workspace disk device, start, until it runs commands, the tool's settings pushed, tmux with the tool),
# as many at a time as coi starts (two per processor). Then times the clean-up of the N: one `coi kill --force` of
# all of them beside `incus delete --force` of each, as many at a time. Prints the medians. coi runs in the default
# network mode (restricted), so its times include the rules; the bare CLI puts none in place.
# Every container made here is deleted at the end, whatever happened.
#
# Usage: [COUNTS="1 10 50"] scripts/bench/count.sh [--image ALIAS] [--coi PATH] [RUNS]
#        (default image coi, the coi of this checkout, 3 runs of each N after one warm-up session)
# Needs: a built coi (./mvnw -B -DskipTests package) or --coi PATH, a running Incus, nftables or firewalld, the
# image (coi build), and memory for the largest N containers.
set -euo pipefail

RUNS=3
WARMUP=1
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
bench_options "$@"
bench_require_image
bench_setup coi-countbench ""
. scripts/bench/sessions.sh
read -r -a COUNTS <<<"${COUNTS:-1 10 50}"
PARALLEL=$((2 * $(nproc)))

# ours PATTERN: the names of this run's containers that match the pattern
ours() {
  incus list --format csv -c n | grep -E "^$1" || true
}

# running PATTERN: how many of this run's containers matching the pattern run
running() {
  incus list --format csv -c ns | grep -cE "^$1.*,RUNNING$" || true
}

# timed SERIES PHASE COMMAND...: runs the command, adding "PHASE=MS" to the series' current sample
timed() {
  local series=$1 phase=$2 start
  shift 2
  start=$(now_ms)
  "$@" >/dev/null 2>"$WORK/stderr" || { echo "$phase of $series failed:" >&2; tail -n 5 "$WORK/stderr" >&2; return 1; }
  LINE[$series]+=" $phase=$(($(now_ms) - start))"
}

# bare_many N: N bare sessions, PARALLEL at a time
bare_many() {
  local i jobs=0
  for ((i = 0; i < $1; i++)); do
    bare_shell "$(bare_name)" "$WORK/workspace" >/dev/null 2>&1 &
    if ((++jobs >= PARALLEL)); then
      wait -n || true
      jobs=$((jobs - 1))
    fi
  done
  wait
}

# delete_many NAME...: incus delete --force of each, PARALLEL at a time
delete_many() {
  printf '%s\n' "$@" | xargs -r -P "$PARALLEL" -n 1 incus delete --force
}

# all_run PATTERN N: whether N of this run's containers matching the pattern run, else says so
all_run() {
  local got
  got=$(running "$1")
  ((got == $2)) || { echo "$got of $2 containers run, not all; this run is left out" >&2; return 1; }
}

declare -A LINE
sample() {
  local n=$1
  LINE=([coi]="" [bare]="")
  if timed coi start coi shell --background --count "$n" --image "$IMAGE" && all_run "$PREFIX[0-9a-f]{8}-" "$n"; then
    # shellcheck disable=SC2046 # one name per word
    timed coi cleanup coi kill --force $(ours "$PREFIX[0-9a-f]{8}-") || true
    record "coi-$n" "${LINE[coi]# }"
  fi
  delete_ours
  if timed bare start bare_many "$n" && all_run "${PREFIX}bare-" "$n"; then
    # shellcheck disable=SC2046
    timed bare cleanup delete_many $(ours "${PREFIX}bare-") || true
    record "bare-$n" "${LINE[bare]# }"
  fi
  delete_ours
}

echo "warm-up" >&2
for ((i = 0; i < WARMUP; i++)); do sample 1; done
rm -f "$WORK"/*.samples
for n in "${COUNTS[@]}"; do
  for ((i = 0; i < RUNS; i++)); do
    echo "N=$n run $((i + 1))/$RUNS" >&2
    sample "$n"
  done
done

printf '\ncoi shell --background --count N until all N tools run, and the clean-up, beside the bare incus CLI'
printf ' %d at a time\n' "$PARALLEL"
printf '(median of %d runs, ms, %d processors)\n\n' "$RUNS" "$(nproc)"
echo "| N | coi start | bare incus start | coi / bare | coi per session | coi kill --force | incus delete --force |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in "${COUNTS[@]}"; do
  { medians "coi-$n" | sed 's/^/coi /'; medians "bare-$n" | sed 's/^/bare /'; } | awk -v n="$n" '
    { v[$1, $2] = $3 }
    function cell(s, p) { return ((s, p) in v) ? v[s, p] : "-" }
    END {
      both = ("coi", "start") in v && v["bare", "start"] > 0
      ratio = both ? sprintf("%.2f", v["coi", "start"] / v["bare", "start"]) : "-"
      per = (("coi", "start") in v) ? sprintf("%d", v["coi", "start"] / n) : "-"
      printf "| %d | %s | %s | %s | %s | %s | %s |\n", n, cell("coi", "start"), cell("bare", "start"), ratio, per,
        cell("coi", "cleanup"), cell("bare", "cleanup")
    }'
done
