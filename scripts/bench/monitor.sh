#!/usr/bin/env bash
# What the security monitor costs: two background sessions of one workspace, slot 1 with --monitor and slot 2
# without, and then
#   idle cost   the keeper's CPU time (utime+stime from /proc) over IDLE seconds with only the unmonitored session
#               (in the default network mode, restricted, the keeper runs for its rules), then over IDLE seconds
#               with both: the difference is the monitor's share of one core
#   agent work  the same work run in each container in turn (monitored, unmonitored, monitored, ...), timed from
#               outside with the bare incus exec: a build-like mix of processes, small files and git
# and prints a Markdown table (min/median/max ms of the work in each, ratio of the medians) and the idle cost.
# Everything made here is removed at the end. Progress goes to stderr, the table to stdout.
#
# Usage: scripts/bench/monitor.sh [--coi PATH] [--image ALIAS] [RUNS]
#   RUNS  runs of the work per container (default 9), after a warm-up of each
# Env: IDLE  seconds of each idle measurement (default 60)
# Needs: a built coi, a running Incus, the image.
set -euo pipefail

RUNS=9
WARMUP=1
IDLE=${IDLE:-60}
SETTLE=20
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
bench_options "$@"
bench_require_image
# the default network mode, restricted, in which the keeper runs for the network rules with or without the monitor
bench_setup coi-bench-monitor "$(printf '[defaults]\nimage = "%s"' "$IMAGE")"

# processes, files and git, as an agent's build and tests make them
WORK_SCRIPT='set -e; d=$(mktemp -d); cd "$d"; git init -q .; for i in $(seq 300); do echo "line $i" > "f$i.txt"; done
git add -A; git -c user.name=b -c user.email=b@bench.invalid commit -qm work; for i in $(seq 100); do sh -c "cat f$i.txt | wc -l" >/dev/null; done
find /usr/lib -name "*.py" 2>/dev/null | head -2000 | xargs cat 2>/dev/null | sha256sum >/dev/null; cd /; rm -rf "$d"'

keeper_pid() {
  local lock=$WORK/home/.coi/keeper.lock pid
  for pid in $(pgrep -f "keeper" || true); do
    [[ -r /proc/$pid/fd ]] || continue
    if ls -l "/proc/$pid/fd" 2>/dev/null | grep -q -- "$lock"; then echo "$pid"; return; fi
  done
  return 1
}

# cpu_ticks PID: utime + stime of a process, in clock ticks
cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

idle_cpu_ms() {
  local pid=$1 before after
  before=$(cpu_ticks "$pid")
  sleep "$IDLE"
  after=$(cpu_ticks "$pid")
  echo $(((after - before) * 1000 / $(getconf CLK_TCK)))
}

echo "starting the unmonitored session (slot 2)" >&2
coi shell --background --slot 2 >/dev/null
unmonitored=$(incus list --format csv -c n | grep "^$PREFIX" | grep -- '-2$')
# the keeper's JVM starts a moment after the session that needs it, and is measured once it is warm
sleep "$SETTLE"
if pid=$(keeper_pid); then
  echo "keeper $pid; ${IDLE} s with the unmonitored session only" >&2
  base_ms=$(idle_cpu_ms "$pid")
else
  echo "no keeper runs with the unmonitored session only" >&2
  base_ms=0
fi

echo "starting the monitored session (slot 1)" >&2
coi shell --background --slot 1 --monitor >/dev/null
monitored=$(incus list --format csv -c n | grep "^$PREFIX" | grep -- '-1$')
for ((i = 0; i < 30; i++)); do pid=$(keeper_pid) && break; sleep 1; done
[[ -n "${pid:-}" ]] || bench_die "no keeper runs for this run's home"
sleep "$SETTLE"
echo "${IDLE} s with both" >&2
watched_ms=$(idle_cpu_ms "$pid")

work() {
  incus exec "$1" --user 1000 --group 1000 --env HOME=/home/code -- bash -c "$WORK_SCRIPT"
}
for ((i = 0; i < WARMUP; i++)); do work "$monitored" >/dev/null; work "$unmonitored" >/dev/null; done
for ((i = 0; i < RUNS; i++)); do
  echo "work run $((i + 1)) of $RUNS" >&2
  ms=$(time_ms work "$monitored") && record monitored "ms=$ms"
  ms=$(time_ms work "$unmonitored") && record unmonitored "ms=$ms"
done
audit=$WORK/home/.coi/audit/$monitored.jsonl
events=0
[[ -f "$audit" ]] && events=$(wc -l <"$audit")

echo "| | unit | monitored min | median | max | unmonitored min | median | max | ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
row "agent work in the container" ms monitored unmonitored ms
echo
awk -v base="$base_ms" -v watched="$watched_ms" -v idle="$IDLE" -v events="$events" 'BEGIN {
  printf "keeper CPU over %d s: %d ms unmonitored, %d ms with one monitored idle session: the monitor costs %.2f %% of a core\n",
    idle, base, watched, (watched - base) / (idle * 10)
  printf "monitor events raised by the work: %d\n", events
}'
