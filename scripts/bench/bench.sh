#!/usr/bin/env bash
# Times coi beside the bare incus CLI doing the same steps and prints a Markdown table of min/median/max (wall
# time in ms, memory in MiB) with the ratio of the medians. Rows:
#   version       `coi --version`                               vs `incus version`
#   list N        `coi list` with 0, 10 and 50 running containers vs `incus list PREFIX` (the same containers);
#                 answered by the resident coi, which the script starts first; with 10 also without it
#                 (COI_RESIDENT=off: a JVM of its own per command)
#   exec          `coi container exec C --capture -- true`     vs `incus exec C -- true`
#   shell         `coi shell --background` until the AI tool runs in its tmux vs the same steps by hand
#   run           `coi run -- true` (create, start, run, remove)  vs the same steps by hand
#   10 shells     10 `coi shell --background` at once, until all 10 have the tool running vs 10 bare ones at once
#   memory        memory in use by one idle session container, SETTLE s after the 10 started (each container one
#                 sample: Incus' memory usage of the instance, i.e. its cgroup); and the resident coi's resident
#                 set size after the list and exec rows (one sample)
# The list and exec containers are busybox containers (a tiny image the script imports), running, named as coi
# names session containers, with this run's prefix, each with a DHCP lease (udhcpc) as session containers have. Sessions run in open network mode (the bare CLI puts no
# firewall rules in place), in workspaces and a coi home (HOME) of the script's own; the bare steps are those of
# scripts/bench/sessions.sh. Every container made here is deleted at the end, whatever happened (also on Ctrl-C);
# no other container is touched. Progress goes to stderr, the table to stdout. An interactive session in a
# terminal (start until the tool's prompt, `sudo poweroff` until coi exits): scripts/bench/interactive-vs-incus.sh.
#
# Usage: scripts/bench/bench.sh [--image ALIAS] [--coi PATH] [RUNS]
#   --image ALIAS  image of the session rows (default coi)
#   --coi PATH     the coi to time (default dist/target/coi/bin/coi of this checkout); for an installed copy:
#                  ./install.sh --prefix /tmp/coi-installed --tarball dist/target/coi-*.tar.gz, then
#                  --coi /tmp/coi-installed/bin/coi
#   RUNS           runs per row (default 7), after 2 warm-ups (1 for sessions, none for the 10 at once)
# Needs: a built coi (./mvnw -B -DskipTests package) or --coi PATH, a running Incus, the image, busybox-static, jq.
set -euo pipefail

RUNS=7
PARALLEL=10
SETTLE=${SETTLE:-15}
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
bench_options "$@"
bench_require_image
command -v jq >/dev/null || bench_die "no jq: install it (apt-get install jq)"
bench_setup coi-bench "$(printf '[network]\nmode = "open"')"
. scripts/bench/sessions.sh
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# at_once COMMAND...: runs the commands (one per line of stdin, words split) 4 at a time; fails when one failed
at_once() {
  local -a words
  local failed=0 running=0
  while read -ra words; do
    "${words[@]}" </dev/null >/dev/null 2>&1 &
    if ((++running == 4)); then wait -n || failed=1; running=$((running - 1)); fi
  done
  while ((running > 0)); do wait -n || failed=1; running=$((running - 1)); done
  return $failed
}

# busybox containers named as coi session containers (PREFIX, 8 hex digits, -1), so that coi list counts them;
# they carry no labels, so coi takes them for persistent sessions and leaves them alone
list_name() { printf '%s%08x-1\n' "$PREFIX" "$1"; }
list_containers=0
grow_to() {
  local k
  echo "starting busybox containers $((list_containers + 1)) to $1" >&2
  for ((k = list_containers + 1; k <= $1; k++)); do echo incus launch "$BUSYBOX_IMAGE" "$(list_name "$k")"; done |
    at_once || bench_die "could not start the busybox containers"
  # a DHCP lease each, as a session container of a coi image gets one: both lists then have an address to show
  for ((k = list_containers + 1; k <= $1; k++)); do echo incus exec "$(list_name "$k")" -- udhcpc -i eth0 -q -n; done |
    at_once || bench_die "a busybox container got no DHCP lease"
  list_containers=$1
}
list_row() {
  echo "timing list with $list_containers containers" >&2
  repeat "list$list_containers-coi" coi list
  repeat "list$list_containers-incus" incus list "$PREFIX"
}

# await_resident: the first coi list runs in a JVM of its own and starts the resident coi; waits until it listens
await_resident() {
  local log=$WORK/home/.coi/logs/resident.log deadline=$((SECONDS + 60))
  coi list >/dev/null 2>&1 || true
  until grep -q "resident started" "$log" 2>/dev/null; do
    ((SECONDS < deadline)) || bench_die "no resident coi started within 60 s (see $log)"
    sleep 0.2
  done
}

bench_busybox_image
WARMUP=2
await_resident
echo "timing version" >&2
repeat version-coi coi --version
repeat version-incus incus version
list_row
grow_to 10
list_row
COI_RESIDENT=off repeat list10-jvm coi list
echo "timing exec" >&2
repeat exec-coi coi container exec "$(list_name 1)" --capture -- true
repeat exec-incus incus exec "$(list_name 1)" -- true
grow_to 50
list_row
resident_pid=$(sed -n 's/.*resident started (pid \([0-9]*\)).*/\1/p' "$WORK/home/.coi/logs/resident.log" | tail -n 1)
record resident-memory "mib=$(awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$resident_pid/status")"
echo "deleting the busybox containers" >&2
for ((k = 1; k <= list_containers; k++)); do echo incus delete --force "$(list_name "$k")"; done | at_once || true

WARMUP=1
for ((i = 0; i < WARMUP + RUNS; i++)); do
  echo "session run $((i + 1))/$((WARMUP + RUNS))" >&2
  session_round
  if ((i < WARMUP)); then rm -f "$WORK"/{coi,bare}-{shell,run}.samples; fi
done

for ((k = 1; k <= PARALLEL; k++)); do
  mkdir -p "$WORK/ws-$k"
  chown 1000:1000 "$WORK/ws-$k" 2>/dev/null || true
done

# memory_of SERIES NAME...: records each container's memory in use (MiB)
memory_of() {
  local series=$1 name
  shift
  for name in "$@"; do
    record "$series" "mib=$(incus query "/1.0/instances/$name/state" | jq '.memory.usage / 1048576 | floor')"
  done
}

# parallel_round TOOL: PARALLEL sessions at once (coi or bare), each in a workspace of its own; records the wall
# time until all have the tool running, then, after SETTLE seconds, the memory of each; removes them.
parallel_round() {
  local tool=$1 k start end failed=0 said="" names
  local -a pids=()
  start=$(now_ms)
  for ((k = 1; k <= PARALLEL; k++)); do
    if [[ $tool == coi ]]; then
      coi_in "$WORK/ws-$k" shell --background --image "$IMAGE" >/dev/null 2>"$WORK/ws-$k.stderr" &
    else
      (bare_shell "${PREFIX}bare-$k" "$WORK/ws-$k") >/dev/null 2>"$WORK/ws-$k.stderr" &
    fi
    pids+=($!)
  done
  for ((k = 1; k <= PARALLEL; k++)); do
    wait "${pids[k - 1]}" || { ((failed++ > 0)) || said=$(tail -n 5 "$WORK/ws-$k.stderr"); }
  done
  end=$(now_ms)
  if ((failed == 0)); then
    record "parallel-$tool" "ms=$((end - start))"
  else
    printf '%s of the %s %s sessions failed; this run is left out. One said:\n%s\n' "$failed" "$PARALLEL" "$tool" \
      "$said" >&2
  fi
  sleep "$SETTLE" # the idle tools settle
  names=$(incus list --format csv -c n | grep "^$PREFIX" || true)
  ((failed > 0)) || memory_of "memory-$tool" $names
  for name in $names; do echo incus delete --force "$name"; done | at_once || true
}

for ((i = 0; i < RUNS; i++)); do
  echo "$PARALLEL sessions at once, run $((i + 1))/$RUNS: coi" >&2
  parallel_round coi
  echo "$PARALLEL sessions at once, run $((i + 1))/$RUNS: bare incus" >&2
  parallel_round incus
done

printf '| coi vs bare incus | unit | coi min | coi median | coi max | incus min | incus median | incus max | coi/incus |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|\n'
row '`coi --version` vs `incus version`' ms version-coi version-incus ms
row '`coi list` vs `incus list PREFIX`, 0 containers' ms list0-coi list0-incus ms
row '`coi list` vs `incus list PREFIX`, 10 running' ms list10-coi list10-incus ms
row '`coi list` (no resident: `COI_RESIDENT=off`) vs `incus list PREFIX`, 10 running' ms list10-jvm list10-incus ms
row '`coi list` vs `incus list PREFIX`, 50 running' ms list50-coi list50-incus ms
row '`coi container exec C --capture -- true` vs `incus exec C -- true`' ms exec-coi exec-incus ms
row '`coi shell --background` until the tool runs vs bare steps' ms coi-shell bare-shell total
row '`coi run -- true` vs bare steps' ms coi-run bare-run total
row "$PARALLEL \`coi shell --background\` at once, until all run, vs bare steps" ms parallel-coi parallel-incus ms
row 'memory of one idle session container' MiB memory-coi memory-incus mib
row 'memory of the resident coi (resident set)' MiB resident-memory no-such-series mib
printf '\n%d runs per row; image %s; %s; %d cores; load average %s before, %s after.\n' "$RUNS" "$IMAGE" \
  "$("$COI" --version 2>/dev/null | head -n 1)" "$(nproc)" "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)"
