#!/usr/bin/env bash
# Times a session start with coi beside the bare incus CLI doing the same steps by hand, and prints the medians
# of the total and of each phase in milliseconds, and their ratio:
#   (a) `coi shell --background` until the AI tool runs in its tmux session, and
#   (b) `coi run -- true` (create, start, run, remove).
# coi's own split comes from COI_TIMINGS=1 (`[timing] <phase> <ms> ms` lines on stderr). The bare CLI does:
# incus init (same config and workspace device, from YAML on stdin), incus start, `incus exec -- true` until it
# works, incus file push of the tool's settings, tmux new-session as 1000 (or exec true), and for (b)
# incus delete --force. coi runs in open network mode (its config file here says so), because the bare CLI puts
# no firewall rules in place; scripts/bench/network-modes.sh times the modes. Every container made here is
# deleted at the end, whatever happened.
#
# Usage: scripts/bench/session-vs-incus.sh [--image ALIAS] [RUNS]   (default image coi, 7 runs after 1 warm-up)
# Needs: a built coi (./mvnw -B -DskipTests package) or COI=/path/to/coi, a running Incus and the image
# (coi build).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
IMAGE=coi
RUNS=7
while (($# > 0)); do
  case $1 in
    --image) IMAGE=${2:?--image needs an alias}; shift 2 ;;
    --image=*) IMAGE=${1#--image=}; shift ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) RUNS=$1; shift ;;
  esac
done
WARMUP=1
COI=$(readlink -f "${COI:-./dist/target/coi/bin/coi}")
PREFIX=coi-bench-$$-

[[ -x "$COI" ]] || { echo "no coi at $COI: build it with ./mvnw -B -DskipTests package, or set COI" >&2; exit 1; }
incus image show "$IMAGE" >/dev/null 2>&1 || { echo "no image $IMAGE: build it with coi build" >&2; exit 1; }

WORK=$(mktemp -d /tmp/coi-bench-XXXXXX)
mkdir -p "$WORK/home/.config/coi" "$WORK/workspace"
printf '[network]\nmode = "open"\n' >"$WORK/home/.config/coi/config.toml"
# the container's code user works in the workspace as its owner does on a laptop
chown 1000:1000 "$WORK/workspace" 2>/dev/null || true
cleanup() {
  local name
  for name in $(incus list --format csv -c n 2>/dev/null); do
    [[ $name == "$PREFIX"* ]] && incus delete --force "$name" >/dev/null 2>&1
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# coi with a home of its own, so that the runs neither see nor change the user's sessions and settings
# (run in the workspace, which is also the default of --workspace)
coi() {
  (cd "$WORK/workspace" && env -i PATH="$PATH" HOME="$WORK/home" TERM=xterm-256color LANG=C.UTF-8 COI_TIMINGS=1 \
    COI_CONTAINER_PREFIX="$PREFIX" "$COI" "$@")
}

. scripts/bench/medians.sh

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Each sample is one line "total=MS phase=MS ..." in $WORK/<series>.samples.
record() { echo "$2" >>"$WORK/$1.samples"; }

# coi_sample SERIES ARGS...: one coi run; total wall time plus coi's own [timing] lines.
coi_sample() {
  local series=$1 start end line
  shift
  start=$(now_ms)
  if ! coi "$@" >/dev/null 2>"$WORK/stderr"; then
    echo "coi $* failed; its runs are left out:" >&2
    tail -n 5 "$WORK/stderr" >&2
    return 0
  fi
  end=$(now_ms)
  line="total=$((end - start))"
  # "[timing] tool start 120 ms" -> "tool_start=120"; coi's own total is kept apart from the wall time
  line+=$(sed -n 's/^\[timing\] \(.*\) \([0-9][0-9]*\) ms$/\1=\2/p' "$WORK/stderr" | tr ' ' '_' |
    sed 's/^total=/coi_total=/; s/^/ /' | tr -d '\n')
  record "$series" "$line"
}

# step NAME COMMAND...: runs one bare step, adding its time to the current sample line.
step() {
  local name=$1 start end
  shift
  start=$(now_ms)
  "$@" >/dev/null 2>&1
  end=$(now_ms)
  sample+=" ${name}=$((end - start))"
  total=$((total + end - start))
}

until_ready() {
  until incus exec "$1" -- true >/dev/null 2>&1; do :; done
}

bare_config() {
  cat <<YAML
config:
  security.nesting: "true"
  security.syscalls.intercept.mknod: "true"
  security.syscalls.intercept.setxattr: "true"
  environment.TMUX_TMPDIR: /var/tmp
  user.coi.persistent: "false"
  user.coi.workspace: $WORK/workspace
devices:
  workspace:
    type: disk
    source: $WORK/workspace
    path: /workspace
    shift: "true"
YAML
}

printf '{\n  "allowDangerouslySkipPermissions": true,\n  "bypassPermissionsModeAccepted": true,\n  "permissions": {"defaultMode": "bypassPermissions"}\n}\n' \
  >"$WORK/settings.json"

# bare_sample SERIES: the same steps with the incus CLI; shell also pushes settings and starts tmux, run
# runs true and deletes.
bare_sample() {
  local series=$1 name=${PREFIX}bare-$RANDOM
  sample="" total=0
  step create incus init "$IMAGE" "$name" < <(bare_config)
  step start incus start "$name"
  sample+=" create+start=$total"  # coi creates and starts in one request: its phase spans both
  step ready until_ready "$name"
  if [[ $series == bare-shell ]]; then
    step setup incus file push "$WORK/settings.json" "$name/home/code/.claude/settings.json" --uid 1000 --gid 1000 \
      --mode 0600 --create-dirs
    step tool_start incus exec "$name" --user 1000 --group 1000 --cwd /workspace --env HOME=/home/code -- \
      tmux new-session -d -s "$name" "claude --verbose --permission-mode bypassPermissions --session-id 00000000-0000-4000-8000-000000000000"
    record "$series" "total=$total$sample"
    incus delete --force "$name" >/dev/null
  else
    step command incus exec "$name" --user 1000 --group 1000 --cwd /workspace -- true
    step delete incus delete --force "$name"
    record "$series" "total=$total$sample"
  fi
}

coi_shell_sample() {
  coi_sample coi-shell shell --background --image "$IMAGE" --workspace "$WORK/workspace"
  local name
  for name in $(incus list --format csv -c n); do
    [[ $name == "$PREFIX"* && $name != "${PREFIX}bare-"* ]] && incus delete --force "$name" >/dev/null 2>&1
  done
  return 0
}

for ((i = 0; i < WARMUP + RUNS; i++)); do
  echo "run $((i + 1))/$((WARMUP + RUNS))" >&2
  coi_shell_sample
  bare_sample bare-shell
  coi_sample coi-run run --image "$IMAGE" --workspace "$WORK/workspace" -- true
  bare_sample bare-run
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
