# Sourced by every benchmark script in this folder: the options they share, the checks, a work folder with a coi
# home of its own, the `coi` wrapper, the removal of everything a run made (also on Ctrl-C), and the timing and
# statistics helpers. A script sets its defaults (RUNS, WARMUP), sources this file, then calls
#   bench_options "$@"             --image ALIAS, --coi PATH, RUNS, -h (its own header comment is the help)
#   bench_setup NAME CONFIG_TOML   $WORK (home, workspace), $PREFIX; everything named $PREFIX* goes at the end
#   bench_busybox_image            $BUSYBOX_IMAGE, a tiny image, removed at the end unless it was there before
# and, to print the results, summary/medians SERIES and row (a line of the Markdown table of coi beside incus).
# A script may redefine delete_container NAME (how one of its containers is removed) and may define
# bench_cleanup_first, which the clean-up runs before it removes the containers (e.g. to close a terminal).

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."

IMAGE=coi

bench_usage() {
  awk 'NR == 1 { next } !/^#/ { exit } { sub(/^# ?/, ""); print }' "$0"
}

bench_die() {
  echo "$(basename "$0"): $*" >&2
  exit "${2:-1}"
}

# bench_options ARGS...: sets IMAGE, RUNS and COI (absolute); exits with the help or on a usage error.
bench_options() {
  local coi=${COI:-./dist/target/coi/bin/coi}
  while (($# > 0)); do
    case $1 in
      --image) IMAGE=${2:?--image needs an alias}; shift 2 ;;
      --image=*) IMAGE=${1#--image=}; shift ;;
      --coi) coi=${2:?--coi needs the path of a coi}; shift 2 ;;
      --coi=*) coi=${1#--coi=}; shift ;;
      -h | --help) bench_usage; exit 0 ;;
      *)
        [[ $1 =~ ^[1-9][0-9]*$ ]] || { echo "unknown argument $1 (RUNS is a number)" >&2; bench_usage >&2; exit 2; }
        RUNS=$1; shift ;;
    esac
  done
  COI=$(readlink -f "$coi" || true)
  [[ -n "$COI" && -x "$COI" ]] ||
    bench_die "no coi at $coi: build it with ./mvnw -B -DskipTests package, or pass --coi PATH (an installed coi)"
}

bench_require_image() {
  incus image show "$IMAGE" >/dev/null 2>&1 ||
    bench_die "no image $IMAGE: build it with coi build, or pass --image ALIAS of an image that Incus has"
}

# bench_setup NAME CONFIG_TOML: a work folder /tmp/NAME-XXXXXX with home/ (coi's home: config, saved sessions)
# and workspace/ (owned by 1000, as a laptop user's is), the container prefix NAME-<pid>- and the clean-up.
bench_setup() {
  WORK=$(mktemp -d "/tmp/$1-XXXXXX")
  PREFIX=$1-$$-
  mkdir -p "$WORK/home/.config/coi" "$WORK/workspace"
  printf '%s\n' "$2" >"$WORK/home/.config/coi/config.toml"
  chown 1000:1000 "$WORK/workspace" 2>/dev/null || true
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

delete_container() {
  incus delete --force "$1"
}

# kill_tree PID: the process and everything it started (a coi in a background job keeps running otherwise:
# background jobs of a script ignore Ctrl-C).
kill_tree() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}

delete_ours() {
  local name
  for name in $(incus list --format csv -c n 2>/dev/null); do
    [[ $name == "$PREFIX"* ]] && delete_container "$name" >/dev/null 2>&1
  done
  return 0
}

bench_cleanup() {
  local status=$? job jobs
  trap - EXIT INT TERM
  if declare -F bench_cleanup_first >/dev/null; then bench_cleanup_first || true; fi
  jobs=$(jobs -p)
  if [[ -n "$jobs" ]]; then
    echo "stopping the commands still running and removing what they made" >&2
    for job in $jobs; do kill_tree "$job"; done
    wait 2>/dev/null
    delete_ours
    sleep 2 # an Incus operation a killed command started may still finish
  fi
  delete_ours
  delete_busybox_image
  rm -rf "$WORK"
  exit "$status"
}

# coi_in DIR ARGS...: coi run in DIR with the home of this run, so that the runs neither see nor change the
# user's sessions and settings, and with the container prefix of this run; COI_TIMINGS=1 makes it print
# "[timing] <phase> <ms> ms" lines on stderr. COI_RESIDENT, COI_NETWORK_BACKEND and INCUS_CONF are passed on when
# set.
coi_in() {
  local dir=$1
  shift
  (cd "$dir" && env -i PATH="$PATH" HOME="$WORK/home" TERM=xterm-256color LANG=C.UTF-8 COI_TIMINGS=1 \
    COI_CONTAINER_PREFIX="$PREFIX" ${COI_RESIDENT:+COI_RESIDENT="$COI_RESIDENT"} \
    ${COI_NETWORK_BACKEND:+COI_NETWORK_BACKEND="$COI_NETWORK_BACKEND"} ${INCUS_CONF:+INCUS_CONF="$INCUS_CONF"} \
    "$COI" "$@")
}

coi() {
  coi_in "$WORK/workspace" "$@"
}

# bench_busybox_image: BUSYBOX_IMAGE, a tiny image (scripts/test/make-busybox-image.sh), removed at the end
# unless it was there before.
BUSYBOX_IMAGE=coi-bench-busybox
busybox_image_was_there=true
bench_busybox_image() {
  incus image show "$BUSYBOX_IMAGE" >/dev/null 2>&1 || busybox_image_was_there=false
  scripts/test/make-busybox-image.sh "$BUSYBOX_IMAGE" >&2
}
delete_busybox_image() {
  $busybox_image_was_there || incus image delete "$BUSYBOX_IMAGE" >/dev/null 2>&1 || true
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# time_ms COMMAND...: the wall time of one run in ms on stdout, the command's output discarded; fails (and says
# so) when the command fails.
time_ms() {
  local start end
  start=$(now_ms)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
  end=$(now_ms)
  echo $((end - start))
}

# Each sample is one line "phase=VALUE phase=VALUE ..." in $WORK/<series>.samples.
record() { echo "$2" >>"$WORK/$1.samples"; }

# repeat SERIES COMMAND...: WARMUP runs, then RUNS runs recorded as "ms=MS"; failed runs are left out.
repeat() {
  local series=$1 i ms
  shift
  for ((i = 0; i < WARMUP; i++)); do "$@" >/dev/null 2>&1 || true; done
  for ((i = 0; i < RUNS; i++)); do
    if ms=$(time_ms "$@"); then record "$series" "ms=$ms"; fi
  done
}

# coi_timed_line ARGS...: one coi run; prints "total=MS phase=MS ..." (wall time plus coi's own [timing] lines,
# its own total as coi_total), or says why it failed and fails.
coi_timed_line() {
  local start end
  start=$(now_ms)
  if ! coi "$@" >/dev/null 2>"$WORK/stderr"; then
    echo "coi $* failed; this run is left out:" >&2
    tail -n 5 "$WORK/stderr" >&2
    return 1
  fi
  end=$(now_ms)
  # "[timing] tool start 120 ms" -> "tool_start=120"
  echo "total=$((end - start))$(sed -n 's/^\[timing\] \(.*\) \([0-9][0-9]*\) ms$/\1=\2/p' "$WORK/stderr" |
    tr ' ' '_' | sed 's/^total=/coi_total=/; s/^/ /' | tr -d '\n')"
}

# summary SERIES: "phase min median max" lines, in the order the phases first appear.
summary() {
  [[ -f "$WORK/$1.samples" ]] || return 0
  tr ' ' '\n' <"$WORK/$1.samples" | awk -F= '
    NF == 2 { if (!($1 in n)) order[++k] = $1; v[$1, ++n[$1]] = $2 }
    END {
      for (i = 1; i <= k; i++) {
        p = order[i]; c = n[p]
        for (a = 1; a <= c; a++) s[a] = v[p, a]
        for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (s[b] < s[a]) { t = s[a]; s[a] = s[b]; s[b] = t }
        m = (c % 2) ? s[(c + 1) / 2] : (s[c / 2] + s[c / 2 + 1]) / 2
        printf "%s %d %d %d\n", p, s[1], m, s[c]
      }
    }'
}

# medians SERIES: "phase median" lines.
medians() {
  summary "$1" | awk '{ print $1, $3 }'
}

# row LABEL UNIT COI_SERIES INCUS_SERIES PHASE: one line of a Markdown table of coi beside bare incus: min,
# median and max of PHASE in each series and the ratio of the medians ("-" where a series has no samples)
row() {
  local c i
  c=$(summary "$3" | awk -v p="$5" '$1 == p { print $2, $3, $4 }')
  i=$(summary "$4" | awk -v p="$5" '$1 == p { print $2, $3, $4 }')
  awk -v label="$1" -v unit="$2" -v c="$c" -v i="$i" 'BEGIN {
    nc = split(c, cv, " "); ni = split(i, iv, " ")
    for (k = 1; k <= 3; k++) { if (nc < 3) cv[k] = "-"; if (ni < 3) iv[k] = "-" }
    ratio = (nc == 3 && ni == 3 && iv[2] > 0) ? sprintf("%.2f", cv[2] / iv[2]) : "-"
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label, unit, cv[1], cv[2], cv[3], iv[1], iv[2], iv[3], ratio
  }'
}
