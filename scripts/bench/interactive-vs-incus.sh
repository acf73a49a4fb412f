#!/usr/bin/env bash
# Times an interactive session as a user has it, in a real terminal, beside the bare incus CLI doing the same
# steps by hand, and prints a Markdown table of min/median/max (wall time in ms) with the ratio of the medians:
#   start  `coi shell --network open --image IMAGE` typed into a terminal, until the tool's prompt is on the
#          screen, vs `incus launch` (the config and workspace device coi gives, as in scripts/bench/sessions.sh),
#          `incus exec -- true` until it answers, `incus file push` of the tool's settings, and `incus exec -t`
#          as code of `tmux new-session` running the tool (then bash, as coi does), attached to the terminal
#   end    `sudo poweroff` typed into the session's shell (after `/exit` has left the tool) until coi has exited,
#          vs until the bare steps that do what coi does then are done: `incus exec -t` returns, `incus query`
#          of the container's state until it has stopped, `incus file pull -r` of the tool's ~/.claude (coi saves
#          the session to its home) and `incus delete` (forced when Incus still calls it running, as coi does)
# Below the table, the medians of the bare steps one by one and of coi's own phases until it attaches. The
# terminal is a detached tmux session on the host (a tmux server of the script's own, 200x50, ended at the end),
# its screen read every 20 ms (`tmux capture-pane`); each side starts in a fresh one and ends by writing its exit
# code to a file, whose appearance is its end. The tool's prompt is stub-claude's ("stub-claude ready ...", then
# "> "), so the image must be one with the stub for claude
# (coi-kernel/src/test/resources/dev/coi/kernel/sessions/stub-install.sh; the session integration tests build
# one). Sessions run in open network mode (the bare CLI puts no firewall rules in place), in a
# workspace and a coi home (HOME) of the script's own. Every container made here is deleted at the end, whatever
# happened (also on Ctrl-C); no other container is touched. Progress goes to stderr, the table to stdout.
#
# Usage: scripts/bench/interactive-vs-incus.sh [--image ALIAS] [--coi PATH] [RUNS]
#   --image ALIAS  an image whose claude is stub-claude (default coi-stub-dev)
#   --coi PATH     the coi to time (default dist/target/coi/bin/coi of this checkout)
#   RUNS           sessions per side (default 5), after 1 warm-up each (WARMUP=N in the environment to change)
# Needs: a built coi (./mvnw -B -DskipTests package) or --coi PATH, a running Incus, the image, tmux.
set -euo pipefail

RUNS=5
WARMUP=${WARMUP:-1}
POLL=0.02
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
IMAGE='coi-stub-dev'
bench_options "$@"
bench_require_image
command -v tmux >/dev/null || bench_die "no tmux: install it (apt-get install tmux)"
bench_setup coi-bench ""
. scripts/bench/sessions.sh
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# the terminal's tmux server, its socket in the work folder
term() { tmux -S "$WORK/tmux.sock" "$@"; }
printf '%s\n' 'set -g remain-on-exit on' 'set -g exit-empty off' 'set -g status off' \
  'set -g default-terminal screen-256color' 'set -g update-environment ""' >"$WORK/tmux.conf"
mkdir -p "$WORK/saved"

# The terminal's side of coi: coi shell in the workspace, with the home and prefix of this run and nothing of
# the script's environment, then its exit code into the file named by $1. COI_TIMINGS=1 has coi print its
# phases ("[timing] <phase> <ms> ms") on the terminal before it attaches, where they are read back at the end.
cat >"$WORK/coi-terminal.sh" <<SCRIPT
#!/usr/bin/env bash
cd $(printf %q "$WORK/workspace") || exit 1
env -i PATH=$(printf %q "$PATH") HOME=$(printf %q "$WORK/home") TERM=screen-256color LANG=C.UTF-8 COI_TIMINGS=1 \\
  COI_CONTAINER_PREFIX=$(printf %q "$PREFIX") ${COI_RESIDENT:+COI_RESIDENT=$(printf %q "$COI_RESIDENT")} \\
  $(printf %q "$COI") shell --network open --image $(printf %q "$IMAGE")
echo \$? >"\$1.tmp" && mv "\$1.tmp" "\$1"
SCRIPT

# The terminal's side of the bare steps, for container $2 and the exit file $1: each step's end goes into $3
# as "step=epoch ms"; a failed step ends it with the step's exit code.
cat >"$WORK/bare-terminal.sh" <<'SCRIPT'
#!/usr/bin/env bash
exit_file=$1 name=$2 marks=$3 image=$4 config=$5 settings=$6 saved=$7
mark() { echo "$1=$(date +%s%3N)" >>"$marks"; }
steps() {
  incus launch "$image" "$name" <"$config" && mark launch &&
    until incus exec "$name" -- true 2>/dev/null; do :; done && mark ready &&
    incus file push "$settings" "$name/home/code/.claude/settings.json" --uid 1000 --gid 1000 --mode 0600 \
      --create-dirs && mark setup || return
  # its exit code is that of a client whose server was shut down
  incus exec "$name" -t --user 1000 --group 1000 --cwd /workspace --env HOME=/home/code -- \
    tmux new-session -s "coi-$name" \
    "claude --verbose --permission-mode bypassPermissions --session-id 00000000-0000-4000-8000-000000000000; exec bash"
  mark returned
  # the poweroff is under way (the attached client ends first): waits until the container has stopped, asking
  # every 100 ms (coi asks every 200 ms). Incus may still call it running a moment after it said stopped; then
  # the delete is forced, as coi does.
  local state
  while state=$(incus query "/1.0/instances/$name/state") && [[ $state != *'"status": "Stopped"'* ]]; do
    sleep 0.1
  done
  mark stop &&
    incus file pull -r "$name/home/code/.claude" "$saved/$name" && mark save &&
    { incus delete "$name" || incus delete --force "$name"; } && mark delete
}
steps
echo $? >"$exit_file.tmp" && mv "$exit_file.tmp" "$exit_file"
SCRIPT
bare_config "$WORK/workspace" >"$WORK/bare-config.yaml"

# bench_cleanup_first: closes the terminal; a coi still in it ends its session on the hang-up, and is waited
# for (at most 60 s), so that the containers are removed after it
bench_cleanup_first() {
  local pids pid deadline=$((SECONDS + 60))
  pids=$(term list-panes -a -F '#{pane_pid}' 2>/dev/null || true)
  term kill-server 2>/dev/null || true
  for pid in $pids; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  done
}

# await SECONDS CHECK...: polls the check every $POLL s until it succeeds; fails after SECONDS
await() {
  local deadline=$(($(now_ms) + $1 * 1000))
  shift
  until "$@"; do
    (($(now_ms) < deadline)) || return 1
    sleep "$POLL"
  done
}

screen() { term capture-pane -p -J -t "$SESSION"; }
ended() { [[ -e $WORK/exit ]]; }
prompt_shown() {
  screen | awk '/stub-claude ready/ { ready = 1; next } ready && /^>/ { found = 1 } END { exit !found }'
}
prompt_or_end() { prompt_shown || ended; }
shell_shown() {
  screen | awk '/stub-claude: bye/ { bye = 1; next } bye && /[$#] *$/ { found = 1 } END { exit !found }'
}
type_line() {
  term send-keys -t "$SESSION" -l "$1"
  term send-keys -t "$SESSION" Enter
}

# left_out SIDE WHY: says why this run is left out, with the end of the screen; closes the terminal (a coi in it
# ends its session on the hang-up) and removes what is left of this run's containers.
left_out() {
  echo "$1: $2; this run is left out. The screen ends with:" >&2
  screen 2>/dev/null | grep -v '^$' | tail -n 8 >&2 || true
  bench_cleanup_first
  delete_ours
}

# at MARK: the epoch ms the bare steps wrote for MARK
at() { sed -n "s/^$1=//p" "$WORK/marks"; }

# session SIDE KEEP: one interactive session, coi or bare, in a fresh terminal; recorded as SIDE-start and
# SIDE-end ("total=MS", for bare also each step) when KEEP is true.
session() {
  local side=$1 keep=$2 start prompt off end status sample
  rm -f "$WORK/exit" "$WORK/marks"
  SESSION=$side-$((++sessions))
  start=$(now_ms)
  if [[ $side == coi ]]; then
    term -f "$WORK/tmux.conf" new-session -d -s "$SESSION" -x 200 -y 50 \
      "$(printf '%q ' bash "$WORK/coi-terminal.sh" "$WORK/exit")"
  else
    term -f "$WORK/tmux.conf" new-session -d -s "$SESSION" -x 200 -y 50 \
      "$(printf '%q ' bash "$WORK/bare-terminal.sh" "$WORK/exit" "$(bare_name)" "$WORK/marks" "$IMAGE" \
        "$WORK/bare-config.yaml" "$WORK/settings.json" "$WORK/saved")"
  fi
  await 180 prompt_or_end || { left_out "$side" "no prompt of the tool within 180 s"; return 0; }
  prompt=$(now_ms)
  ! ended || { left_out "$side" "ended (exit code $(<"$WORK/exit")) before the tool's prompt showed"; return 0; }
  type_line /exit
  await 30 shell_shown || { left_out "$side" "no shell after /exit within 30 s"; return 0; }
  term send-keys -t "$SESSION" -l 'sudo poweroff'
  off=$(now_ms)
  term send-keys -t "$SESSION" Enter
  await 180 ended || { left_out "$side" "still running 180 s after sudo poweroff"; return 0; }
  end=$(now_ms)
  status=$(<"$WORK/exit")
  ((status == 0)) || { left_out "$side" "ended with exit code $status"; return 0; }
  # "[timing] tool start 120 ms" -> " tool_start=120", coi's own total as coi_total
  sample=$(term capture-pane -p -J -S - -t "$SESSION" | sed -n 's/^\[timing\] \(.*\) \([0-9][0-9]*\) ms$/\1=\2/p' |
    tr ' ' '_' | sed 's/^total=/coi_total=/; s/^/ /' | tr -d '\n')
  term kill-session -t "$SESSION"
  $keep || return 0
  if [[ $side == coi ]]; then
    record coi-start "total=$((prompt - start))$sample"
    record coi-end "total=$((end - off))"
  else
    sample="total=$((prompt - start)) launch=$(($(at launch) - start)) ready=$(($(at ready) - $(at launch)))"
    record bare-start "$sample setup=$(($(at setup) - $(at ready))) tool=$((prompt - $(at setup)))"
    sample="total=$((end - off)) returned=$(($(at returned) - off)) stop=$(($(at stop) - $(at returned)))"
    record bare-end "$sample save=$(($(at save) - $(at stop))) delete=$(($(at delete) - $(at save)))"
  fi
}

sessions=0
for ((i = 0; i < WARMUP + RUNS; i++)); do
  keep=false
  ((i < WARMUP)) || keep=true
  echo "session $((i + 1))/$((WARMUP + RUNS))$($keep || echo ' (warm-up)'): coi" >&2
  session coi $keep
  echo "session $((i + 1))/$((WARMUP + RUNS))$($keep || echo ' (warm-up)'): bare incus" >&2
  session bare $keep
done

# steps SERIES: "step median ms, ..." of the steps or phases
steps() {
  medians "$1" | awk '$1 != "total" { printf "%s%s %d", (n++ ? ", " : ""), $1, $2 }'
}

printf '| coi vs bare incus, in a terminal | unit | coi min | coi median | coi max | incus min | incus median | incus max | coi/incus |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|\n'
row "interactive \`coi shell\` until the tool's prompt vs bare steps" ms coi-start bare-start total
row "\`sudo poweroff\` inside until coi exits vs bare steps" ms coi-end bare-end total
printf '\nBare steps (medians, ms): start: %s; end: %s.\n' "$(steps bare-start)" "$(steps bare-end)"
printf "coi's phases until it attaches (COI_TIMINGS=1, medians, ms): %s.\n" "$(steps coi-start)"
printf '%d runs per row; image %s; %s; %d cores; load average %s before, %s after.\n' "$RUNS" "$IMAGE" \
  "$("$COI" --version 2>/dev/null | head -n 1)" "$(nproc)" "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)"
