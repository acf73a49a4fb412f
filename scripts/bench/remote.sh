#!/usr/bin/env bash
# Times coi through an Incus remote beside coi on the local socket, and the bare incus CLI the same two ways: this
# machine's daemon is made to listen on a loopback HTTPS port, with a client certificate of the run's own that it
# trusts, known to a configuration of the run's own (INCUS_CONF) as the remote "bench" (its default remote, so that
# the bare incus CLI goes through it too). Every request then pays TLS on top of the daemon's work. Rows:
# `coi list` and `coi shell --background --network open` until the tool runs (the bare steps of sessions.sh).
# The daemon's listening address is put back and the trust removed at the end, whatever happened.
#
# Usage: scripts/bench/remote.sh [--image ALIAS] [--coi PATH] [RUNS]   (default image coi, 7 runs after 1 warm-up)
# Needs: a built coi (./mvnw -B -DskipTests package) or --coi PATH, a running Incus, and the image (coi build).
set -euo pipefail

RUNS=7
WARMUP=1
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
bench_options "$@"
bench_require_image
bench_setup coi-remotebench ""
. scripts/bench/sessions.sh

address_before=$(incus config get core.https_address)
address=${address_before:-127.0.0.1:$((20000 + RANDOM % 20000))}
[[ $address == 127.0.0.1:* ]] || bench_die "the daemon already listens on $address_before; run this where it does not"
[[ -n $address_before ]] || incus config set core.https_address "$address"
remote_conf=$WORK/incus
mkdir -p "$remote_conf"
INCUS_CONF=$remote_conf incus remote generate-certificate >/dev/null 2>&1
fingerprint=$(openssl x509 -in "$remote_conf/client.crt" -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : |
  tr 'A-F' 'a-f')
incus config trust add-certificate "$remote_conf/client.crt" --name "coi-remotebench-$$"
bench_cleanup_first() {
  incus config trust remove "$fingerprint" >/dev/null 2>&1 || true
  [[ -n $address_before ]] || incus config unset core.https_address
}
INCUS_CONF=$remote_conf incus remote add bench "https://$address" --accept-certificate >/dev/null
INCUS_CONF=$remote_conf incus remote switch bench

local_coi() { coi "$@"; }
remote_coi() { INCUS_CONF=$remote_conf coi --remote bench "$@"; }

# shell_sample SERIES WAY: one coi shell --background through WAY (local_coi or remote_coi), then its removal
shell_sample() {
  local line
  if line=$(INCUS_CONF=$([[ $2 == remote_coi ]] && echo "$remote_conf") coi_timed_line \
    $([[ $2 == remote_coi ]] && echo --remote bench) shell --background --network open --image "$IMAGE"); then
    record "$1" "$line"
  fi
  delete_coi_sessions
}

for ((i = 0; i < WARMUP + RUNS; i++)); do
  echo "run $((i + 1))/$((WARMUP + RUNS))" >&2
  for way in local_coi remote_coi; do
    ms=$(time_ms "$way" list) && record "$way-list" "total=$ms"
  done
  ms=$(time_ms incus list) && record bare-local-list "total=$ms"
  ms=$(INCUS_CONF=$remote_conf time_ms incus list) && record bare-remote-list "total=$ms"
  shell_sample local-shell local_coi
  shell_sample remote-shell remote_coi
  name=$(bare_name)
  bare_shell "$name" "$WORK/workspace"
  record bare-local-shell "$SAMPLE"
  incus delete --force "$name" >/dev/null
  name=$(bare_name)
  INCUS_CONF=$remote_conf bare_shell "$name" "$WORK/workspace"
  record bare-remote-shell "$SAMPLE"
  incus delete --force "$name" >/dev/null
  if ((i < WARMUP)); then rm -f "$WORK"/*.samples; fi
done

printf '\ncoi and the bare incus CLI on the local socket and through a loopback HTTPS remote (median of %d runs, ms)\n' \
  "$RUNS"
printf '| command | coi local | coi remote | bare incus local | bare incus remote |\n|---|---:|---:|---:|---:|\n'
for row in list shell; do
  printf '| %s | %s | %s | %s | %s |\n' "$row" \
    "$(medians "local_coi-$row" | awk '$1 == "total" { print $2 }')$(medians "local-$row" | awk '$1 == "total" { print $2 }')" \
    "$(medians "remote_coi-$row" | awk '$1 == "total" { print $2 }')$(medians "remote-$row" | awk '$1 == "total" { print $2 }')" \
    "$(medians "bare-local-$row" | awk '$1 == "total" { print $2 }')" \
    "$(medians "bare-remote-$row" | awk '$1 == "total" { print $2 }')"
done
