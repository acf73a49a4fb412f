#!/usr/bin/env bash
# Times two builds of coi against each other, run by run in turn (before, after, before, after, ...) so that a
# machine that gets slower or faster during the run moves both alike, and prints a Markdown table of min/median/max
# wall time in ms of each with the ratio of the medians (after/before). For a change that must not cost speed (a
# refactoring): build the old commit into another checkout first. Rows:
#   version       `coi --version` (answered by the launcher)
#   tool list     `coi tool list` in a JVM of its own (COI_RESIDENT=off): start-up, configuration and plugins
#   list 10       `coi list` with 10 running containers, with and without the resident
#   shell         `coi shell --background` until the AI tool runs in its tmux (the container is then removed)
#   run           `coi run -- true` (create, start, run, remove)
# Each build has a coi home of its own (its own resident); the sessions run in open network mode in a workspace of
# the script's own; the list containers are busybox containers named as coi names session containers. Every
# container made here is deleted at the end, whatever happened. Progress goes to stderr, the table to stdout.
#
# Usage: scripts/bench/before-after.sh --before PATH [--coi PATH] [--image ALIAS] [RUNS]
#   --before PATH  the coi to compare with (e.g. OTHER_CHECKOUT/dist/target/coi/bin/coi)
#   --coi PATH     the coi to time (default dist/target/coi/bin/coi of this checkout)
#   --image ALIAS  image of the session rows (default coi)
#   RUNS           runs per row and build (default 7), after a warm-up of each
# Needs: two built coi, a running Incus, the image, busybox-static.
set -euo pipefail

RUNS=7
LIST_CONTAINERS=10
before=""
args=()
while (($# > 0)); do
  case $1 in
    --before) before=${2:?--before needs the path of a coi}; shift 2 ;;
    --before=*) before=${1#--before=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
bench_options "${args[@]}"
AFTER=$COI
BEFORE=$(readlink -f "$before" || true)
[[ -n "$BEFORE" && -x "$BEFORE" ]] || bench_die "no coi to compare with at '$before': pass --before PATH" 2
bench_require_image
bench_setup coi-before-after "$(printf '[network]\nmode = "open"')"
mkdir -p "$WORK/home-before/.config" "$WORK/home-after/.config"
cp -r "$WORK/home/.config/coi" "$WORK/home-before/.config/"
cp -r "$WORK/home/.config/coi" "$WORK/home-after/.config/"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# coi_as SIDE ARGS...: the build of SIDE (before or after) with its own home, in the workspace
coi_as() {
  local side=$1 binary
  shift
  if [[ $side == before ]]; then binary=$BEFORE; else binary=$AFTER; fi
  (cd "$WORK/workspace" && env -i PATH="$PATH" HOME="$WORK/home-$side" TERM=xterm-256color LANG=C.UTF-8 \
    COI_CONTAINER_PREFIX="$PREFIX" ${COI_RESIDENT:+COI_RESIDENT="$COI_RESIDENT"} "$binary" "$@")
}

# in_turn SERIES ARGS...: a warm-up of each build, then RUNS runs of each in turn, recorded as SERIES-before and
# SERIES-after ("ms=MS"); a failed run is left out and says why.
in_turn() {
  local series=$1 i side ms
  shift
  for side in before after; do coi_as "$side" "$@" >/dev/null 2>&1 || true; done
  for ((i = 0; i < RUNS; i++)); do
    for side in before after; do
      if ms=$(time_ms coi_as "$side" "$@"); then record "$series-$side" "ms=$ms"; fi
    done
  done
}

# shell_in_turn: coi shell --background until the tool runs, as in_turn does (series shell); each container is
# removed after its run, untimed
shell_in_turn() {
  local i side ms
  for ((i = 0; i < RUNS + 1; i++)); do
    for side in before after; do
      if ms=$(time_ms coi_as "$side" shell --background --image "$IMAGE") && ((i > 0)); then
        record "shell-$side" "ms=$ms"
      fi
      delete_ours
    done
  done
}

bench_busybox_image
echo "starting $LIST_CONTAINERS busybox containers" >&2
for ((k = 1; k <= LIST_CONTAINERS; k++)); do
  name=$(printf '%s%08x-1' "$PREFIX" "$k")
  incus launch "$BUSYBOX_IMAGE" "$name" >/dev/null
  incus exec "$name" -- udhcpc -i eth0 -q -n >/dev/null 2>&1 || bench_die "$name got no DHCP lease"
done
echo "timing version, tool list and list" >&2
in_turn version --version
COI_RESIDENT=off in_turn tools tool list
in_turn list list
COI_RESIDENT=off in_turn list-jvm list
delete_ours
echo "timing shell" >&2
shell_in_turn
echo "timing run" >&2
in_turn run run --image "$IMAGE" -- true

# pair_row LABEL SERIES: min, median and max of SERIES-before and SERIES-after and the ratio of the medians
pair_row() {
  local b a
  b=$(summary "$2-before" | awk '$1 == "ms" { print $2, $3, $4 }')
  a=$(summary "$2-after" | awk '$1 == "ms" { print $2, $3, $4 }')
  awk -v label="$1" -v b="$b" -v a="$a" 'BEGIN {
    nb = split(b, bv, " "); na = split(a, av, " ")
    for (k = 1; k <= 3; k++) { if (nb < 3) bv[k] = "-"; if (na < 3) av[k] = "-" }
    ratio = (nb == 3 && na == 3 && bv[2] > 0) ? sprintf("%.2f", av[2] / bv[2]) : "-"
    printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", label, bv[1], bv[2], bv[3], av[1], av[2], av[3], ratio
  }'
}

printf '| wall time, ms | before min | before median | before max | after min | after median | after max | after/before |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
pair_row '`coi --version`' version
pair_row '`coi tool list` (`COI_RESIDENT=off`)' tools
pair_row "\`coi list\`, $LIST_CONTAINERS running (resident)" list
pair_row "\`coi list\`, $LIST_CONTAINERS running (\`COI_RESIDENT=off\`)" list-jvm
pair_row '`coi shell --background` until the tool runs' shell
pair_row '`coi run -- true`' run
printf '\n%d runs per row and build, in turn; image %s; before: %s; after: %s; %d cores; load average %s before, %s after.\n' \
  "$RUNS" "$IMAGE" "$("$BEFORE" --version 2>/dev/null | head -n 1)" "$("$AFTER" --version 2>/dev/null | head -n 1)" \
  "$(nproc)" "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)"
