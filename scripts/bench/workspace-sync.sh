#!/usr/bin/env bash
# Times a copied workspace (--workspace-mode copy) of 100 MB: 1000 files of 100 KB of random content in a git
# repository. Rows: the session start with the copy beside the same start with the workspace mounted (their
# difference is the copy in), `coi sync` when nothing changed, and `coi sync` after 10 files changed in the
# container; beside each, the bare incus equivalent (tar | incus file push + incus exec tar -x for the copy in;
# incus exec tar -c + incus file pull for the way back). Prints min/median/max wall times in milliseconds.
# The containers (persistent sessions, open network mode, a home of the script's own) and the 100 MB are
# deleted at the end, whatever happened.
#
# Usage: scripts/bench/workspace-sync.sh [--image ALIAS] [--coi PATH] [RUNS]
#        (default image coi, the coi of this checkout, 5 runs after 1 warm-up)
# Needs: a built coi (./mvnw -B -DskipTests package) or --coi PATH, a running Incus, the image, git.
set -euo pipefail

RUNS=5
WARMUP=1
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
bench_options "$@"
bench_require_image
bench_setup coi-bench "$(printf '[network]\nmode = "open"')"

ws=$WORK/workspace
git() { command git -c safe.directory="$ws" "$@"; } # the workspace may belong to 1000, not to who runs this
git -C "$ws" init -q -b main
for ((f = 0; f < 1000; f++)); do head -c 102400 /dev/urandom >"$ws/file-$f.bin"; done
git -C "$ws" add -A
git -C "$ws" -c user.name=bench -c user.email=bench@invalid commit -q -m bench
chown -R 1000:1000 "$ws" 2>/dev/null || true

sample() {
  if ((i >= WARMUP)); then record "$1|$2" "ms=$3"; fi
}

# a session per run and mode; each one removed before the next
for ((i = 0; i < WARMUP + RUNS; i++)); do
  echo "run $((i + 1))/$((WARMUP + RUNS)) (session start)" >&2
  for mode in copy mount; do
    ms=$(time_ms coi shell --background --persistent --workspace-mode "$mode" --image "$IMAGE")
    sample "start ($mode)" coi "$ms"
    delete_ours
  done
done

coi shell --background --persistent --workspace-mode copy --image "$IMAGE" >/dev/null 2>&1 ||
  { echo "coi shell --background --workspace-mode copy failed" >&2; exit 1; }
CONTAINER=$(incus list --format csv -c n | grep "^$PREFIX" | head -n 1)
[[ -n "$CONTAINER" ]] || { echo "no session container was made" >&2; exit 1; }

bare_in() {
  tar -C "$ws" -cf - . | incus file push - "$CONTAINER/var/tmp/bench-in.tar" &&
    incus exec "$CONTAINER" -- sh -c 'mkdir -p /var/tmp/bare && tar -xf /var/tmp/bench-in.tar -C /var/tmp/bare &&
      rm -rf /var/tmp/bench-in.tar /var/tmp/bare'
}
bare_out() {
  incus exec "$CONTAINER" -- tar -cf /var/tmp/bench-out.tar -C /workspace . &&
    incus file pull "$CONTAINER/var/tmp/bench-out.tar" - >/dev/null &&
    incus exec "$CONTAINER" -- rm -f /var/tmp/bench-out.tar
}
change_ten() {
  incus exec "$CONTAINER" --user 1000 --group 1000 -- sh -c \
    'for f in 1 2 3 4 5 6 7 8 9 10; do head -c 102400 /dev/urandom > /workspace/file-$f.bin; done'
}

for ((i = 0; i < WARMUP + RUNS; i++)); do
  echo "run $((i + 1))/$((WARMUP + RUNS)) (sync)" >&2
  sample "copy in" incus "$(time_ms bare_in)"
  sample "sync, no change" coi "$(time_ms coi sync "$CONTAINER")"
  sample "sync, no change" incus "$(time_ms bare_out)"
  change_ten
  sample "sync, 10 changed" coi "$(time_ms coi sync "$CONTAINER")"
  change_ten
  sample "sync, 10 changed" incus "$(time_ms bare_out)"
done

printf '\n%-20s %-6s %8s %8s %8s\n' "step ($RUNS runs)" "tool" "min ms" "median" "max ms"
for row in "start (copy)" "start (mount)" "copy in" "sync, no change" "sync, 10 changed"; do
  for tool in coi incus; do
    [[ -f "$WORK/$row|$tool.samples" ]] || continue
    read -r _ lo med hi <<<"$(summary "$row|$tool")"
    printf '%-20s %-6s %8d %8d %8d\n' "$row" "$tool" "$lo" "$med" "$hi"
  done
done
