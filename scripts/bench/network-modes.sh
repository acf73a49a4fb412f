#!/usr/bin/env bash
# Times `coi shell --background` (until the AI tool runs) in each network mode and prints the medians of the
# whole command and of coi's own phases (COI_TIMINGS=1), so that what network isolation adds shows as the
# "network" phase and as the difference of the totals to open mode. Then times the removal (`coi kill`) the
# same way. allowlist mode allows two addresses of TEST-NET-3 that nothing here ever contacts.
# Every container made here is deleted at the end, whatever happened.
#
# Usage: scripts/bench/network-modes.sh [--image ALIAS] [RUNS]   (default image coi, 7 runs after 1 warm-up)
# Needs: a built coi (./mvnw -B -DskipTests package) or COI=/path/to/coi, a running Incus, firewalld and the
# image (coi build).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
IMAGE=coi
RUNS=7
while (($# > 0)); do
  case $1 in
    --image) IMAGE=${2:?--image needs an alias}; shift 2 ;;
    --image=*) IMAGE=${1#--image=}; shift ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) RUNS=$1; shift ;;
  esac
done
WARMUP=1
MODES=(open restricted allowlist)
COI=$(readlink -f "${COI:-./dist/target/coi/bin/coi}")
PREFIX=coi-netbench-$$-

[[ -x "$COI" ]] || { echo "no coi at $COI: build it with ./mvnw -B -DskipTests package, or set COI" >&2; exit 1; }
incus image show "$IMAGE" >/dev/null 2>&1 || { echo "no image $IMAGE: build it with coi build" >&2; exit 1; }

WORK=$(mktemp -d /tmp/coi-netbench-XXXXXX)
mkdir -p "$WORK/home/.config/coi" "$WORK/workspace"
chown 1000:1000 "$WORK/workspace" 2>/dev/null || true
printf '[network]\nallowed_domains = ["203.0.113.7", "203.0.113.8"]\n' >"$WORK/home/.config/coi/config.toml"
cleanup() {
  local name
  for name in $(incus list --format csv -c n 2>/dev/null); do
    [[ $name == "$PREFIX"* ]] && HOME="$WORK/home" COI_CONTAINER_PREFIX="$PREFIX" "$COI" kill --force "$name" \
      >/dev/null 2>&1
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

. scripts/bench/medians.sh

coi() {
  (cd "$WORK/workspace" && env -i PATH="$PATH" HOME="$WORK/home" TERM=xterm-256color LANG=C.UTF-8 COI_TIMINGS=1 \
    COI_CONTAINER_PREFIX="$PREFIX" "$COI" "$@")
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# sample MODE: one session start and its removal.
sample() {
  local mode=$1 start end line name
  start=$(now_ms)
  if ! coi shell --background --network="$mode" --image "$IMAGE" >/dev/null 2>"$WORK/stderr"; then
    echo "coi shell --network=$mode failed; this run is left out:" >&2
    tail -n 5 "$WORK/stderr" >&2
    return 0
  fi
  end=$(now_ms)
  line="total=$((end - start))"
  line+=$(sed -n 's/^\[timing\] \(.*\) \([0-9][0-9]*\) ms$/\1=\2/p' "$WORK/stderr" | tr ' ' '_' |
    sed 's/^total=/coi_total=/; s/^/ /' | tr -d '\n')
  for name in $(incus list --format csv -c n); do
    if [[ $name == "$PREFIX"* ]]; then
      start=$(now_ms)
      coi kill --force "$name" >/dev/null 2>&1
      end=$(now_ms)
      line+=" kill=$((end - start))"
    fi
  done
  echo "$line" >>"$WORK/$mode.samples"
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
