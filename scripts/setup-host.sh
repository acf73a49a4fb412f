#!/usr/bin/env bash
# setup-host.sh - install and start everything coi needs on this host: Incus (daemon + client),
# a storage pool and a bridged network in the default profile, D-Bus and firewalld; and what its
# build needs: a C compiler with the C library's headers, and a JDK 21+ where the distribution has one.
#
# Idempotent: it only creates what is missing and (re)starts what is not running. It never deletes
# or recreates an existing Incus pool, network, profile device or container. Run it as often as you
# like; when everything is in place it takes a few seconds.
#
# Usage: scripts/setup-host.sh [--ci] [--help]   (see usage() below)
set -euo pipefail

PROG=setup-host.sh
SELF=$(readlink -f "${BASH_SOURCE[0]}")

# Names used when something has to be created.
DEFAULT_POOL=default
DEFAULT_BRIDGE=incusbr0
POOL_SIZE=30GiB
# Candidate bridge subnets (gateway/prefix), tried in order; the first that overlaps no route wins.
SUBNETS=(10.123.45.1/24 10.123.46.1/24 10.147.33.1/24 10.201.17.1/24 172.29.123.1/24 192.168.223.1/24)
GUARD_TABLE=coi_test_guard
INCUS_LOG=/var/log/incus/incusd.log
FIREWALLD_LOG=/var/log/coi-firewalld.log
WAIT_SECONDS=60

usage() {
  cat <<EOF
Usage: $PROG [--ci] [--help]

Installs and starts what coi needs: Incus (incus-base + incus-client, from bookworm-backports on
Debian 12), a storage pool (btrfs on a loop file when possible, else dir) with a root disk in the
default profile, a managed bridge with an eth0 nic in the default profile, D-Bus and firewalld
(with the bridge in firewalld's 'trusted' zone so that DHCP reaches containers), and inotify limits
high enough for dozens of containers (/etc/sysctl.d/60-coi-inotify.conf).
Also what building coi needs: gcc and libc6-dev (bin/coi is a C program), and a JDK 21 or newer
unless ./mvnw already finds one (for the user who ran this through sudo). Where the distribution
has none (Debian 12) it says how to install Eclipse Temurin, and exits with 1 after the rest is done.
Safe to run again: it only creates what is missing and starts what is not running; it never
deletes an existing Incus set-up. Runs itself through sudo when not started as root.

Options:
  --ci     Test/CI set-up (also implied by CI=true in the environment): the bridge gets
           ipv4.nat=false (also enforced on an existing bridge) and an nftables table
           'inet $GUARD_TABLE' drops everything forwarded from the bridge to the host's uplink(s),
           so containers can never send packets out of the machine. Also installs the test-only
           packages busybox-static, tmux, zsh and fish (the completion tests run the scripts).
           And lets the user who ran it through sudo run ip, nsenter, sysctl, firewall-cmd, nft and the
           java of the JDK ./mvnw uses as root without a password (/etc/sudoers.d/coi-tests-USER),
           which the tests need when not run as root: the network tests, and the offline build of
           the test images (as 'sudo coi build --base offline'). java, 'ip netns exec' and nsenter
           run any program as root, so this makes that user root-equivalent: meant for a test
           machine, not a workstation.
  --help   Show this help.

Without --ci (normal users) the bridge gets NAT, as Incus normally does, and no guard.
EOF
}

log() { printf '[%s] %s\n' "$PROG" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$PROG" "$1" >&2
  shift
  local line
  for line in "$@"; do printf '[%s]   %s\n' "$PROG" "$line" >&2; done
  exit 1
}

# ----------------------------------------------------------------------------------------------
# Arguments, root
# ----------------------------------------------------------------------------------------------
CI_MODE=0
[[ "${CI:-}" == "true" ]] && CI_MODE=1
for arg in "$@"; do
  case "$arg" in
    --ci) CI_MODE=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$arg'" "Run '$PROG --help' for the options." ;;
  esac
done

if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 ||
    die "this script must run as root and sudo is not installed" "Run it as root, e.g.: su -c 'bash $SELF $*'"
  reexec=()
  ((CI_MODE)) && reexec+=(--ci)
  log "not root: running again through sudo"
  # sudo sets SUDO_USER to the calling user, so step 6 can add that user to incus-admin. JAVA_HOME goes along
  # (sudo drops it): the JDK check asks which JDK ./mvnw would use for that user.
  if [[ -n "${JAVA_HOME:-}" ]]; then
    exec sudo "JAVA_HOME=$JAVA_HOME" -- bash "$SELF" "${reexec[@]}"
  fi
  exec sudo -- bash "$SELF" "${reexec[@]}"
fi

export DEBIAN_FRONTEND=noninteractive
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
START_SECONDS=$SECONDS

# ----------------------------------------------------------------------------------------------
# Step 1: packages
# ----------------------------------------------------------------------------------------------
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing_pkgs() { # prints the packages of "$@" that are not installed
  local p
  for p in "$@"; do pkg_installed "$p" || printf '%s\n' "$p"; done
}

APT_UPDATED=0
apt_update_once() {
  ((APT_UPDATED)) && return 0
  log "apt-get update"
  apt-get update -q </dev/null >&2 ||
    die "apt-get update failed" "Check the apt sources in /etc/apt/sources.list{,.d/} and the network, then run again."
  APT_UPDATED=1
}

apt_install() { # apt_install [apt options...] -- packages...
  local opts=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do opts+=("$1"); shift; done
  shift
  [[ $# -eq 0 ]] && return 0
  apt_update_once
  log "installing: $*"
  apt-get install -y -q --no-install-recommends "${opts[@]}" "$@" </dev/null >&2 ||
    die "apt-get install ${opts[*]} $* failed" "See apt's messages above; fix them and run this script again."
}

# The Debian mirror that the existing sources use (first 'URIs:' of debian.sources, or first
# 'deb' line of sources.list), without security/updates mirrors; deb.debian.org as a last resort.
debian_mirror() {
  local uri=""
  if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
    uri=$(awk 'tolower($1) == "uris:" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [[ -z "$uri" && -r /etc/apt/sources.list ]]; then
    # deb [opt=val ...] URI suite components
    uri=$(awk '$1 == "deb" {
                 i = 2
                 if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                 if ($i !~ /security/) { print $i; exit }
               }' /etc/apt/sources.list)
  fi
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

has_backports_source() { # any enabled apt source (.list or .sources) mentioning bookworm-backports
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" ]] || continue
    grep -Eq '^[^#]*bookworm-backports' "$f" && return 0
  done
  return 1
}

ensure_backports_source() {
  has_backports_source && return 0
  local mirror file=/etc/apt/sources.list.d/coi-bookworm-backports.sources
  mirror=$(debian_mirror)
  log "adding bookworm-backports ($mirror) as $file"
  cat >"$file" <<EOF
# Added by coi's scripts/setup-host.sh: Incus for Debian 12 is in bookworm-backports.
Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  APT_UPDATED=0 # the new suite needs an update before installing
}

incus_present() { command -v incus >/dev/null 2>&1 && find_incusd >/dev/null 2>&1; }

install_packages() {
  local os_id="" os_like="" codename="" version_id=""
  if [[ -r /etc/os-release ]]; then
    # shellcheck disable=SC1091
    os_id=$(. /etc/os-release && echo "${ID:-}")
    # shellcheck disable=SC1091
    os_like=$(. /etc/os-release && echo "${ID_LIKE:-}")
    # shellcheck disable=SC1091
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    # shellcheck disable=SC1091
    version_id=$(. /etc/os-release && echo "${VERSION_ID:-}")
  fi
  # Everything besides Incus itself (no recommends: keeps the install small and fast).
  # debootstrap and pigz serve `coi build --base offline`, which makes the coi image on this host.
  # gcc and libc6-dev: the build compiles bin/coi, a C program (dist/src/build/package.sh).
  local base=(firewalld dbus iptables nftables btrfs-progs dnsmasq-base sudo ca-certificates iproute2 procps kmod
    debootstrap pigz gcc libc6-dev)
  ((CI_MODE)) && base+=(busybox-static tmux zsh fish)

  local missing_incus missing_base
  case "$os_id" in
    debian)
      missing_base=$(missing_pkgs "${base[@]}")
      if [[ "$codename" == bookworm ]]; then
        missing_incus=$(missing_pkgs incus-base incus-client)
        incus_present && missing_incus="" # e.g. installed from another repository: keep it
        if [[ -n "$missing_incus" ]]; then
          ensure_backports_source
          pkg_installed debian-archive-keyring || missing_base+=$'\n'debian-archive-keyring
          # shellcheck disable=SC2086 # word splitting of the package lists is intended
          apt_install -- $missing_base
          # shellcheck disable=SC2086
          apt_install -t bookworm-backports -- $missing_incus
          missing_base=""
        fi
      elif [[ "${version_id%%.*}" =~ ^[0-9]+$ && "${version_id%%.*}" -ge 13 ]]; then
        incus_present || missing_base+=$'\n'$(missing_pkgs incus-base incus-client) # in the archive since trixie
      else
        die "Debian '${codename:-$version_id}' is not supported by this script" \
          "Incus needs Debian 12 (bookworm, with bookworm-backports) or newer. Install incus by hand, then run again."
      fi
      # shellcheck disable=SC2086
      apt_install -- $missing_base
      ;;
    ubuntu)
      if [[ "${version_id%%.*}" =~ ^[0-9]+$ && "${version_id%%.*}" -ge 24 ]]; then
        # Ubuntu 24.04+ has 'incus' in its archive (universe). Not tested by the coi project.
        missing_base=$(missing_pkgs "${base[@]}")
        incus_present || missing_base+=$'\n'incus
        # shellcheck disable=SC2086
        apt_install -- $missing_base
      else
        die "Ubuntu $version_id has no Incus package" \
          "Use Ubuntu 24.04 or newer, or install Incus by hand (https://linuxcontainers.org/incus/docs/main/installing/), then run again."
      fi
      ;;
    *)
      local need=() c
      for c in incus incusd:/usr/libexec/incus/incusd firewalld firewall-cmd dbus-daemon nft mkfs.btrfs cc; do
        case "$c" in
          *:*) [[ -x "${c#*:}" ]] || command -v "${c%%:*}" >/dev/null 2>&1 || need+=("${c%%:*}") ;;
          *) command -v "$c" >/dev/null 2>&1 || need+=("$c") ;;
        esac
      done
      if [[ ${#need[@]} -gt 0 ]]; then
        die "unsupported distribution '${os_id:-unknown}${os_like:+ (like $os_like)}'; missing: ${need[*]}" \
          "Install by hand: Incus (daemon and client), firewalld, dbus, nftables, iptables, btrfs-progs, sudo, a C compiler" \
          "(and for --ci: busybox-static, tmux, zsh, fish), then run this script again."
      fi
      log "unsupported distribution '${os_id:-unknown}', but the needed commands are present: going on"
      ;;
  esac
}

# ----------------------------------------------------------------------------------------------
# Step 1b: what the build needs: a working C compiler (installed above) and a JDK 21 or newer
# ----------------------------------------------------------------------------------------------
compiles_c() {
  printf '#include <stdio.h>\nint main(void) { return puts("") < 0; }\n' | cc -x c -o /dev/null - >/dev/null 2>&1
}

# The build runs ./mvnw as the user who called this script through sudo (else as root), and ./mvnw looks for a
# JDK itself (.mvn/find-jdk.sh: JAVA_HOME, javac on the PATH, /usr/lib/jvm, /opt, ~/.sdkman). That same search,
# as that user, tells whether a JDK has to be installed.
JDK_FINDER=$(dirname "$(dirname "$SELF")")/.mvn/find-jdk.sh
BUILD_USER=root
if [[ -n "${SUDO_USER:-}" && "${SUDO_USER}" != root ]] && id "$SUDO_USER" >/dev/null 2>&1; then
  BUILD_USER=$SUDO_USER
fi
JDK_HOME="" JDK_MISSING=0

build_jdk() { # prints the home of the JDK 21+ that ./mvnw would use for BUILD_USER; fails if it finds none
  # shellcheck disable=SC2016 # expanded by that sh
  local probe='. "$1" >/dev/null 2>&1 || exit 1
    if [ -n "${JAVA_HOME-}" ]; then printf "%s\n" "$JAVA_HOME"
    else dirname "$(dirname "$(readlink -f "$(command -v javac)")")"; fi'
  if [[ "$BUILD_USER" == root ]]; then
    (cd / && sh -c "$probe" sh "$JDK_FINDER")
  else
    (cd / && sudo -u "$BUILD_USER" -H ${JAVA_HOME:+"JAVA_HOME=$JAVA_HOME"} -- sh -c "$probe" sh "$JDK_FINDER")
  fi
}

jdk_major() { sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1; }

apt_has() { # true if apt has a candidate for package $1
  local cand
  cand=$(apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" { print $2; exit }')
  [[ -n "$cand" && "$cand" != "(none)" ]]
}

ensure_build_tools() {
  compiles_c || die "cc cannot compile a C program with the C library's headers (the build compiles bin/coi)" \
    "Install gcc and libc6-dev (or your distribution's C compiler and C library headers), then run again."
  if [[ ! -r "$JDK_FINDER" ]]; then
    log "no $JDK_FINDER beside this script (not in the coi repository?): not looking for a JDK"
    return 0
  fi
  JDK_HOME=$(build_jdk) && return 0
  if command -v apt-get >/dev/null 2>&1; then
    apt_update_once
    local pkg
    # The newest first: a JDK 25 also makes the start-up cache. temurin-*: once Adoptium's repository is added.
    for pkg in openjdk-25-jdk-headless temurin-25-jdk openjdk-21-jdk-headless temurin-21-jdk; do
      apt_has "$pkg" || continue
      apt_install -- "$pkg"
      JDK_HOME=$(build_jdk) && return 0
      break
    done
  fi
  JDK_MISSING=1
}

# Says how to install a JDK where the distribution has none, and exits with 1. Called last: all else is set up.
die_without_jdk() {
  local codename="" why="" fix=()
  # shellcheck disable=SC1091
  [[ -r /etc/os-release ]] && codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [[ "$codename" == bookworm ]] && why=" (Debian 12 has only OpenJDK 17, also in bookworm-backports)"
  if command -v apt-get >/dev/null 2>&1 && [[ -n "$codename" ]]; then
    fix=("Install Eclipse Temurin from Adoptium's apt repository (https://adoptium.net/installation/linux/):"
      "  sudo apt-get install -y curl"
      "  sudo mkdir -p /etc/apt/keyrings"
      "  curl -fsSL https://packages.adoptium.net/artifactory/api/gpg/key/public | sudo tee /etc/apt/keyrings/adoptium.asc >/dev/null"
      "  echo 'deb [signed-by=/etc/apt/keyrings/adoptium.asc] https://packages.adoptium.net/artifactory/deb $codename main' | sudo tee /etc/apt/sources.list.d/adoptium.list"
      "  sudo apt-get update && sudo apt-get install -y temurin-25-jdk")
  else
    fix=("Install a JDK 21 or newer (e.g. Eclipse Temurin, https://adoptium.net/installation/linux/) under /usr/lib/jvm or /opt.")
  fi
  die "no JDK 21 or newer for building coi (./mvnw, as $BUILD_USER), and the distribution's repositories have none$why. Everything else is set up." \
    "${fix[@]}" \
    "Then go on with ./mvnw. A JDK elsewhere: point JAVA_HOME at it, also for this script: sudo JAVA_HOME=<folder> $SELF"
}

# ----------------------------------------------------------------------------------------------
# Step 2: services
# ----------------------------------------------------------------------------------------------
find_incusd() {
  local p
  for p in /usr/libexec/incus/incusd /usr/lib/incus/incusd /opt/incus/bin/incusd; do
    [[ -x "$p" ]] && { printf '%s\n' "$p"; return 0; }
  done
  command -v incusd 2>/dev/null || return 1
}

incus_answers() { timeout 10 incus query /1.0 >/dev/null 2>&1; }
# True if the main incusd daemon process exists. Not just 'pgrep -x incusd': each running container
# has an '[lxc monitor]' process named incusd too, and there are 'incusd fork*' helpers.
incusd_main_running() {
  local pid args
  for pid in $(pgrep -x incusd 2>/dev/null); do
    args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
    [[ "$args" == *incusd\ --* || "$args" == */incusd\  || "$args" == incusd\  ]] && return 0
  done
  return 1
}
dbus_answers() {
  timeout 5 dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetId >/dev/null 2>&1
}
# firewalld is asked read-only questions over D-Bus (a few ms) rather than with firewall-cmd
# (about 0.4 s of Python start-up each), falling back to firewall-cmd; changes use firewall-cmd.
fw_dbus() { # fw_dbus OBJECT-SUFFIX METHOD ARGS...: prints the reply's value(s)
  local obj=$1 method=$2
  shift 2
  timeout 10 dbus-send --system --print-reply=literal --dest=org.fedoraproject.FirewallD1 \
    "/org/fedoraproject/FirewallD1$obj" "$method" "$@" 2>/dev/null | awk 'NF { print $NF }'
}
firewalld_running() {
  local state
  state=$(fw_dbus "" org.freedesktop.DBus.Properties.Get string:org.fedoraproject.FirewallD1 string:state) || true
  [[ "$state" == RUNNING ]] && return 0
  [[ "$(timeout 10 firewall-cmd --state 2>/dev/null)" == running ]]
}
fw_zone_of() { # fw_zone_of [--permanent] IFACE: the interface's zone, empty if none
  local zone perm=()
  [[ "$1" == --permanent ]] && { perm=(--permanent); shift; }
  if [[ ${#perm[@]} -gt 0 ]]; then
    zone=$(fw_dbus /config org.fedoraproject.FirewallD1.config.getZoneOfInterface "string:$1") || true
  else
    zone=$(fw_dbus "" org.fedoraproject.FirewallD1.zone.getZoneOfInterface "string:$1") || true
  fi
  if [[ -z "$zone" ]]; then
    zone=$(timeout 20 firewall-cmd "${perm[@]}" --get-zone-of-interface="$1" 2>/dev/null) || true
  fi
  [[ "$zone" == "no zone" ]] && zone=""
  printf '%s\n' "$zone"
}

# wait_for SECONDS COMMAND...: polls COMMAND every second, at most SECONDS times.
wait_for() {
  local secs=$1 i
  shift
  for ((i = 0; i < secs; i++)); do
    "$@" && return 0
    sleep 1
  done
  "$@"
}

start_detached() { # start_detached LOGFILE COMMAND...: own session, survives this script
  local logfile=$1
  shift
  mkdir -p "$(dirname "$logfile")"
  setsid nohup "$@" </dev/null >>"$logfile" 2>&1 &
  disown || true
}

start_services_systemd() {
  log "systemd: enabling and starting dbus, incus, firewalld"
  systemctl enable --now dbus.socket dbus.service >/dev/null 2>&1 || systemctl start dbus ||
    die "could not start dbus" "See: systemctl status dbus"
  local units=() u
  for u in incus.socket incus.service incus-startup.service; do
    systemctl cat "$u" >/dev/null 2>&1 && units+=("$u")
  done
  [[ ${#units[@]} -gt 0 ]] || die "no incus systemd units found" "Reinstall the incus package."
  systemctl enable --now "${units[@]}" >&2 || die "could not start incus" "See: systemctl status incus; journalctl -u incus"
  if ((SUBIDS_ADDED || MAPPED_IDS_ADDED)); then
    log "restarting incus: it reads the sub-id delegations only at start (containers keep running)"
    systemctl restart incus.service >&2 || die "could not restart incus" "See: systemctl status incus"
  fi
  systemctl enable --now firewalld.service >&2 || die "could not start firewalld" "See: systemctl status firewalld"
  wait_for "$WAIT_SECONDS" incus_answers ||
    die "incusd did not answer within ${WAIT_SECONDS}s" "See: systemctl status incus; journalctl -u incus"
  wait_for "$WAIT_SECONDS" firewalld_running ||
    die "firewalld is not running after ${WAIT_SECONDS}s" "See: systemctl status firewalld"
}

start_dbus() {
  mkdir -p /run/dbus
  dbus_answers && return 0
  local pid=""
  [[ -r /run/dbus/pid ]] && pid=$(cat /run/dbus/pid 2>/dev/null || true)
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dbus-daemon ]]; then
    log "system D-Bus (pid $pid) runs but does not answer yet: waiting"
  else
    log "starting the system D-Bus"
    # A previous session's dbus-daemon was killed: its pid file and socket are stale.
    rm -f /run/dbus/pid /run/dbus/system_bus_socket
    dbus-daemon --system --fork ||
      die "dbus-daemon --system --fork failed" "Check /usr/share/dbus-1/system.conf and that the 'messagebus' user exists (reinstall the dbus package)."
  fi
  wait_for 20 dbus_answers ||
    die "the system D-Bus does not answer on /run/dbus/system_bus_socket" "Kill any dbus-daemon --system, remove /run/dbus/pid and run again."
}

start_incusd() {
  incus_answers && return 0
  local incusd
  incusd=$(find_incusd) || die "incusd not found" "Reinstall incus-base (Debian: apt-get install -t bookworm-backports incus-base)."
  if incusd_main_running; then
    log "incusd runs but does not answer yet: waiting"
  else
    log "starting incusd (log: $INCUS_LOG)"
    mkdir -p /var/log/incus
    # The same command line as Debian's incus.service.
    start_detached /var/log/incus/incusd.stdout.log "$incusd" --group incus-admin --logfile "$INCUS_LOG"
  fi
  if ! wait_for "$WAIT_SECONDS" incus_answers; then
    tail -n 30 "$INCUS_LOG" /var/log/incus/incusd.stdout.log >&2 2>/dev/null || true
    die "incusd did not answer on /var/lib/incus/unix.socket within ${WAIT_SECONDS}s (log tail above)" \
      "See $INCUS_LOG; fix the cause, kill the stuck incusd (if any) by its pid and run again."
  fi
  # Let incusd finish its start-up work (networks, storage) before we configure it.
  timeout "$WAIT_SECONDS" "$incusd" waitready --timeout="$WAIT_SECONDS" >/dev/null 2>&1 || true
}

# incusd reads /etc/subuid and /etc/subgid only when it starts. Stopping the daemon (SIGTERM) leaves the
# containers running; the new daemon takes them over.
incusd_stopped() { ! incusd_main_running; }
restart_incusd() {
  local pid args
  log "restarting incusd: it reads the sub-id delegations only at start (containers keep running)"
  for pid in $(pgrep -x incusd 2>/dev/null); do
    args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
    [[ "$args" == *incusd\ --* ]] && kill "$pid"
  done
  wait_for "$WAIT_SECONDS" incusd_stopped ||
    die "incusd did not stop within ${WAIT_SECONDS}s" "Stop it by hand (kill <pid of incusd --group ...>) and run again."
  start_incusd
}

start_firewalld() {
  firewalld_running && return 0
  if pgrep -f '^/usr/bin/python3 .*/usr/sbin/firewalld|^firewalld' >/dev/null 2>&1 || pgrep -x firewalld >/dev/null 2>&1; then
    log "firewalld runs but is not ready yet: waiting"
  else
    command -v firewalld >/dev/null 2>&1 || die "firewalld not found" "Install it: apt-get install firewalld"
    # A firewalld that was killed (not stopped) leaves its nftables table behind, and a new
    # firewalld appends its rules to it instead of replacing it (seen: every rule twice, and stale
    # zone bindings that the new firewalld neither shows nor removes). firewalld is not running,
    # so its tables are stale: drop them; firewalld rebuilds them from its config at start.
    local fam
    for fam in inet ip ip6; do
      if nft list table "$fam" firewalld >/dev/null 2>&1; then
        log "removing the stale nftables table '$fam firewalld' of a firewalld that is no longer running"
        nft delete table "$fam" firewalld || die "could not delete the stale table $fam firewalld" "Run: nft delete table $fam firewalld"
      fi
    done
    log "starting firewalld (log: $FIREWALLD_LOG)"
    start_detached "$FIREWALLD_LOG" firewalld --nofork --nopid
  fi
  if ! wait_for "$WAIT_SECONDS" firewalld_running; then
    tail -n 30 "$FIREWALLD_LOG" /var/log/firewalld >&2 2>/dev/null || true
    die "firewalld is not running after ${WAIT_SECONDS}s (log tail above)" \
      "See $FIREWALLD_LOG and /var/log/firewalld; it needs the system D-Bus. Fix the cause and run again."
  fi
}

start_services() {
  if [[ -d /run/systemd/system ]]; then
    start_services_systemd
  else
    # No systemd as PID 1 (e.g. these CI machines): start the daemons ourselves, detached so that
    # they outlive this script. A machine handed back with Incus' database, images and pools on
    # disk but no processes only needs this: incusd re-attaches its loop-file pool by itself.
    start_dbus
    start_firewalld
    local was_running=0
    incus_answers && was_running=1
    start_incusd
    if (((SUBIDS_ADDED || MAPPED_IDS_ADDED) && was_running)); then
      restart_incusd
    fi
  fi
}

# Sub-ids. Verified on these machines (Debian 12, incus 6.0.4 from bookworm-backports, which
# pulls in uidmap): Incus maps unprivileged containers to host ids 1000000.. (1e9 of them) and LXC
# applies that map with newuidmap/newgidmap, which only allow ranges listed for root in
# /etc/subuid and /etc/subgid. With the files removed (and incusd restarted) every container
# start fails: 'newuidmap failed to write mapping ... newuidmap PID 0 1000000 1000000000'.
# Debian's incus-base postinst adds 'root:1000000:1000000000' to both files; this function does the
# same when root has no range (e.g. the files were lost), taking the first free id above the
# existing ranges, like the postinst. It runs before incusd starts, since incusd reads them at start.
SUBUID_FILE=${SUBUID_FILE:-/etc/subuid}
SUBGID_FILE=${SUBGID_FILE:-/etc/subgid}
SUBIDS_ADDED=0
# Every container's root is the same host user (1000000), whose inotify instances the kernel caps at 128 by
# default; a container's systemd takes about 7, so from about 17 running containers on new ones stop right after
# they start ("Failed to get init pid"). Incus's production setup raises the limits; so does this, persistently.
ensure_inotify_limits() {
  local conf=/etc/sysctl.d/60-coi-inotify.conf
  if (($(sysctl -n fs.inotify.max_user_instances) < 1024 || $(sysctl -n fs.inotify.max_user_watches) < 1048576)); then
    printf 'fs.inotify.max_user_instances = 1024\nfs.inotify.max_user_watches = 1048576\n' >"$conf"
    sysctl -q -p "$conf" || die "cannot raise the inotify limits ($conf)" "sysctl refused them"
    log "inotify: up to 1024 instances and 1048576 watches per user ($conf), for many containers at once"
  fi
}

ensure_subids() {
  local f start
  for f in "$SUBUID_FILE" "$SUBGID_FILE"; do
    if [[ -e "$f" ]] && grep -Eq '^(root|0):[0-9]+:[0-9]+' "$f"; then
      continue
    fi
    start=$(awk -F: 'NF >= 3 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ && $2 + $3 > m { m = $2 + $3 }
                     END { print (m > 1000000 ? m : 1000000) }' "$f" 2>/dev/null || echo 1000000)
    log "giving root the sub-id range $start+1000000000 in $f (unprivileged containers need it)"
    echo "root:$start:1000000000" >>"$f" || die "could not write $f" "Add the line 'root:$start:1000000000' to $f by hand."
    SUBIDS_ADDED=1
  done
}

# The ids coi maps into session containers: the owner of a workspace (uid and gid) becomes the
# container's code user through raw.idmap, and Incus allows that only for ids delegated to root in
# /etc/subuid and /etc/subgid (one line 'root:<id>:1' each). Delegated here: the user who ran this
# script through sudo, and with --ci the owners the tests give their workspaces (1000 and 1002).
# Host root (0) is never delegated: coi never maps it. incusd reads the files at start.
MAPPED_IDS_ADDED=0
id_delegated() { # FILE ID
  awk -F: -v id="$2" '($1 == "root" || $1 == "0") && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ &&
                      id >= $2 && id < $2 + $3 { found = 1 } END { exit !found }' "$1" 2>/dev/null
}
delegate_id() { # FILE ID
  id_delegated "$1" "$2" && return 0
  log "delegating id $2 to root in $1 (coi maps the workspace owner into its containers)"
  echo "root:$2:1" >>"$1" || die "could not write $1" "Add the line 'root:$2:1' to $1 by hand."
  MAPPED_IDS_ADDED=1
}
ensure_mapped_ids() {
  local uids=() gids=() id
  if [[ -n "${SUDO_USER:-}" && "${SUDO_USER}" != root ]] && id "$SUDO_USER" >/dev/null 2>&1; then
    uids+=("$(id -u "$SUDO_USER")")
    gids+=("$(id -g "$SUDO_USER")")
  fi
  ((CI_MODE)) && { uids+=(1000 1002); gids+=(1000 1002); }
  for id in "${uids[@]}"; do ((id > 0)) && delegate_id "$SUBUID_FILE" "$id"; done
  for id in "${gids[@]}"; do ((id > 0)) && delegate_id "$SUBGID_FILE" "$id"; done
  return 0
}

# ----------------------------------------------------------------------------------------------
# Steps 3 and 4: storage pool, network, default profile
# ----------------------------------------------------------------------------------------------
profile_dev_get() { incus profile device get default "$1" "$2" 2>/dev/null || true; }

# Prints the name of the default profile's root disk device (a disk with path "/"), if any.
profile_root_device() {
  local dev
  while read -r dev; do
    [[ -z "$dev" ]] && continue
    [[ "$(profile_dev_get "$dev" type)" == disk && "$(profile_dev_get "$dev" path)" == / ]] && {
      printf '%s\n' "$dev"
      return 0
    }
  done < <(incus profile device list default 2>/dev/null)
  return 1
}

have_btrfs() {
  command -v mkfs.btrfs >/dev/null 2>&1 || return 1
  grep -qw btrfs /proc/filesystems && return 0
  modprobe btrfs >/dev/null 2>&1 && grep -qw btrfs /proc/filesystems
}

POOL="" POOL_DRIVER=""
ensure_storage() {
  local rootdev
  if rootdev=$(profile_root_device); then
    POOL=$(profile_dev_get "$rootdev" pool)
    log "default profile has root disk '$rootdev' on pool '$POOL': left alone"
  else
    POOL=$DEFAULT_POOL
    if incus storage show "$POOL" >/dev/null 2>&1; then
      log "pool '$POOL' exists: using it for the default profile's root disk"
    else
      local driver=dir
      have_btrfs && driver=btrfs
      log "creating storage pool '$POOL' ($driver)"
      if [[ $driver == btrfs ]]; then
        incus storage create "$POOL" btrfs size="$POOL_SIZE" >&2 ||
          die "incus storage create $POOL btrfs size=$POOL_SIZE failed" "See the message above and $INCUS_LOG."
      else
        incus storage create "$POOL" dir >&2 ||
          die "incus storage create $POOL dir failed" "See the message above and $INCUS_LOG."
      fi
    fi
    if incus profile device show default 2>/dev/null | grep -q '^root:'; then
      die "the default profile has a device named 'root' that is not a root disk" \
        "Inspect it with 'incus profile show default' and fix or rename it, then run again."
    fi
    incus profile device add default root disk path=/ pool="$POOL" >&2 ||
      die "could not add a root disk on pool '$POOL' to the default profile" "See: incus profile show default"
  fi
  POOL_DRIVER=$(incus storage show "$POOL" 2>/dev/null | awk '$1 == "driver:" { print $2; exit }')
}

ip2int() { # a.b.c.d -> integer
  local a b c d
  IFS=. read -r a b c d <<<"$1"
  printf '%s\n' $(((a << 24) | (b << 16) | (c << 8) | d))
}

cidr_overlap() { # cidr_overlap A/len B/len: true if the two IPv4 prefixes overlap
  local a=${1%/*} al=${1#*/} b=${2%/*} bl=${2#*/} l m
  [[ "$1" == */* ]] || al=32
  [[ "$2" == */* ]] || bl=32
  l=$((al < bl ? al : bl))
  m=$(((l == 0) ? 0 : ((0xffffffff << (32 - l)) & 0xffffffff)))
  (($(($(ip2int "$a") & m)) == $(($(ip2int "$b") & m))))
}

pick_subnet() { # prints the first candidate subnet that overlaps no IPv4 route and no address
  local routes cand r ok
  routes=$( {
    ip -4 route show table all 2>/dev/null | awk '$1 ~ /^[0-9]/ { print $1 } $1 ~ /^(local|broadcast|unicast|blackhole|unreachable|prohibit)$/ && $2 ~ /^[0-9]/ { print $2 }'
    ip -4 -o addr show 2>/dev/null | awk '{ print $4 }'
  } | sort -u)
  for cand in "${SUBNETS[@]}"; do
    ok=1
    while read -r r; do
      [[ -z "$r" ]] && continue
      [[ "$r" == 127.* ]] && continue
      if cidr_overlap "$cand" "$r"; then ok=0; break; fi
    done <<<"$routes"
    ((ok)) && { printf '%s\n' "$cand"; return 0; }
  done
  return 1
}

BRIDGE="" BRIDGE_MANAGED=0
# Decides the bridge name (from the default profile's eth0 nic when it exists). No changes.
find_bridge() {
  local nictype net parent
  nictype=$(profile_dev_get eth0 type)
  if [[ "$nictype" == nic ]]; then
    net=$(profile_dev_get eth0 network)
    parent=$(profile_dev_get eth0 parent)
    if [[ -n "$net" ]]; then
      BRIDGE=$net
      BRIDGE_MANAGED=1
    elif [[ -n "$parent" ]]; then
      BRIDGE=$parent
      incus network get "$parent" ipv4.address >/dev/null 2>&1 && BRIDGE_MANAGED=1
    else
      die "the default profile's eth0 nic has neither network= nor parent=" "Fix it: incus profile device show default"
    fi
    HAVE_ETH0=1
  elif [[ -n "$nictype" ]]; then
    die "the default profile has a device 'eth0' of type '$nictype', not a nic" "Fix it: incus profile device show default"
  else
    BRIDGE=$DEFAULT_BRIDGE
    BRIDGE_MANAGED=1
    HAVE_ETH0=0
  fi
}

ensure_network() {
  local nat=true
  ((CI_MODE)) && nat=false
  if ((HAVE_ETH0)); then
    log "default profile has eth0 on '$BRIDGE': left alone"
  else
    if incus network show "$BRIDGE" >/dev/null 2>&1; then
      log "network '$BRIDGE' exists: using it"
    else
      local subnet
      subnet=$(pick_subnet) ||
        die "no free private subnet for the bridge (all of ${SUBNETS[*]} overlap a route)" \
          "Create it by hand: incus network create $BRIDGE ipv4.address=<free /24> ipv4.nat=$nat ipv6.address=none; then run again."
      log "creating bridge '$BRIDGE' ($subnet, NAT $nat)"
      incus network create "$BRIDGE" ipv4.address="$subnet" ipv4.nat="$nat" ipv6.address=none >&2 ||
        die "incus network create $BRIDGE failed" "See the message above and $INCUS_LOG."
    fi
    incus profile device add default eth0 nic network="$BRIDGE" name=eth0 >&2 ||
      die "could not add an eth0 nic on '$BRIDGE' to the default profile" "See: incus profile show default"
  fi
  if ((CI_MODE)); then
    if ((BRIDGE_MANAGED)); then
      if [[ "$(incus network get "$BRIDGE" ipv4.nat 2>/dev/null)" != false ]]; then
        log "--ci: turning NAT off on '$BRIDGE'"
        incus network set "$BRIDGE" ipv4.nat=false >&2 ||
          die "could not set ipv4.nat=false on '$BRIDGE'" "Run: incus network set $BRIDGE ipv4.nat=false"
      fi
    else
      log "WARNING: '$BRIDGE' is not managed by Incus: cannot enforce ipv4.nat=false (the guard still applies)"
    fi
  elif ((BRIDGE_MANAGED)) && [[ "$(incus network get "$BRIDGE" ipv4.nat 2>/dev/null)" == false ]]; then
    log "note: NAT is off on '$BRIDGE' (set up by an earlier --ci run?): containers cannot reach the internet."
    log "  To turn it on: incus network set $BRIDGE ipv4.nat=true"
  fi
}

ensure_trusted_zone() {
  local zone
  zone=$(fw_zone_of "$BRIDGE")
  if [[ "$zone" != trusted ]]; then
    log "firewalld: putting '$BRIDGE' in zone 'trusted' (runtime; was '${zone:-none}')"
    firewall-cmd --quiet --zone=trusted --change-interface="$BRIDGE" ||
      die "firewall-cmd --zone=trusted --change-interface=$BRIDGE failed" "Without it DHCP to containers is dropped; see firewall-cmd's message above."
  fi
  zone=$(fw_zone_of --permanent "$BRIDGE")
  if [[ "$zone" != trusted ]]; then
    log "firewalld: putting '$BRIDGE' in zone 'trusted' (permanent; was '${zone:-none}')"
    firewall-cmd --quiet --permanent --zone=trusted --change-interface="$BRIDGE" ||
      die "firewall-cmd --permanent --zone=trusted --change-interface=$BRIDGE failed" "See firewall-cmd's message above."
  fi
}

# ----------------------------------------------------------------------------------------------
# Step 5 (--ci): the forward guard
# ----------------------------------------------------------------------------------------------
uplinks() { # interfaces of the default routes (v4 and v6, all tables), one per line
  {
    ip -4 route show default table all 2>/dev/null
    ip -6 route show default table all 2>/dev/null
  } | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") print $(i + 1) }' |
    grep -vx -e lo -e "$BRIDGE" | sort -u
}

ensure_guard() {
  local ups rule
  ups=$(uplinks | tr '\n' ' ')
  ups=${ups% }
  if [[ -n "$ups" ]]; then
    rule="iifname \"$BRIDGE\" oifname { $(sed 's/[^ ]*/"&"/g; s/ /, /g' <<<"$ups") } drop"
  else
    log "WARNING: no default route found: the guard drops everything forwarded from '$BRIDGE' to any other interface"
    rule="iifname \"$BRIDGE\" oifname != \"$BRIDGE\" drop"
  fi
  # One transaction: create-if-missing, delete, re-add. Never a moment without the guard once it
  # exists; a separate table is untouched by firewalld reloads.
  nft -f - <<EOF || die "could not install the nftables guard table inet $GUARD_TABLE" "See nft's message above; is the nftables package installed and nf_tables available?"
table inet $GUARD_TABLE
delete table inet $GUARD_TABLE
table inet $GUARD_TABLE {
  chain forward_guard {
    type filter hook forward priority -10; policy accept;
    $rule
  }
}
EOF
  log "guard: table inet $GUARD_TABLE: $rule"
}

# ----------------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------------
log "mode: $( ((CI_MODE)) && echo 'ci (NAT off, forward guard)' || echo 'user (NAT on)')"
install_packages
ensure_build_tools
ensure_subids
ensure_mapped_ids
ensure_inotify_limits
start_services

if ! incus query /1.0 2>/dev/null | grep -q '"auth": "trusted"'; then
  die "the Incus API does not trust root" "See $INCUS_LOG"
fi

ensure_storage
HAVE_ETH0=0
find_bridge
# In CI mode the guard goes in before the bridge is created or changed.
((CI_MODE)) && ensure_guard
ensure_network
ensure_trusted_zone

# A sudoers entry that lets USER run COMMAND as root without a password, for coi's network isolation.
# The first user's file keeps the plain name; every other user gets one of their own (no dot: sudo skips those).
allow_without_password() {
  local user=$1 path sudoers=/etc/sudoers.d/$3
  path=$(command -v "$2" || true)
  [[ -n "$path" ]] || return 0
  if [[ -e "$sudoers" && "$(awk '{ print $1; exit }' "$sudoers")" != "$user" ]]; then
    sudoers=/etc/sudoers.d/$3-${user//./_}
  fi
  [[ -e "$sudoers" ]] && return 0
  printf '%s ALL=(root) NOPASSWD: %s\n' "$user" "$path" >"$sudoers.tmp"
  chmod 440 "$sudoers.tmp"
  if visudo -cf "$sudoers.tmp" >/dev/null 2>&1; then
    mv "$sudoers.tmp" "$sudoers"
    log "allowed $user to run $path without a password ($sudoers), for coi's network isolation"
  else
    rm -f "$sudoers.tmp"
    log "could not write $sudoers: allow '$user ALL=(root) NOPASSWD: $path' with visudo for network isolation"
  fi
}

# Step 6: the user who called us through sudo gets access to Incus, and to nft and firewall-cmd for network
# isolation.
if [[ -n "${SUDO_USER:-}" && "${SUDO_USER}" != root ]] && id "$SUDO_USER" >/dev/null 2>&1; then
  if ! id -nG "$SUDO_USER" | tr ' ' '\n' | grep -qx incus-admin; then
    usermod -aG incus-admin "$SUDO_USER" ||
      die "could not add $SUDO_USER to the group incus-admin" "Run: usermod -aG incus-admin $SUDO_USER"
    log "added $SUDO_USER to the group incus-admin: log out and in again (or run 'newgrp incus-admin') to use incus without sudo"
  fi
  # coi's restricted and allowlist network modes drive nftables ('sudo -n nft') or firewalld
  # ('sudo -n firewall-cmd') as this user
  allow_without_password "$SUDO_USER" firewall-cmd coi-firewalld
  allow_without_password "$SUDO_USER" nft coi-nftables
fi

# With --ci the same user may run what the tests run as root through 'sudo -n': the network tests'
# namespaces, veths, policy routes, sysctls and firewalld rules, and the JVM that builds the test images
# offline. java, ip netns exec and nsenter make this root-equivalent: the --help says so. Rewritten when the
# commands' paths changed.
ensure_test_sudoers() {
  local user=$1 name paths=() path file entry
  for name in ip nsenter sysctl firewall-cmd nft; do
    path=$(command -v "$name" || true)
    [[ -n "$path" ]] || { log "no $name found: the network tests cannot run as $user without it"; continue; }
    paths+=("$path")
  done
  if [[ -n "$JDK_HOME" && -x "$JDK_HOME/bin/java" ]]; then
    paths+=("$JDK_HOME/bin/java")
  else
    log "no JDK 21+ for $user yet: the test images cannot be built as $user; run this again once it is installed"
  fi
  ((${#paths[@]})) || return 0
  # sudo skips files in sudoers.d whose name has a dot, as a user name may
  file=/etc/sudoers.d/coi-tests-${user//./_}
  entry=$(printf '%s, ' "${paths[@]}")
  entry="$user ALL=(root) NOPASSWD: ${entry%, }"
  [[ -f "$file" && "$(cat "$file")" == "$entry" ]] && return 0
  printf '%s\n' "$entry" >"$file.tmp"
  chmod 440 "$file.tmp"
  if visudo -cf "$file.tmp" >/dev/null 2>&1; then
    mv "$file.tmp" "$file"
    log "allowed $user to run ${paths[*]} as root without a password ($file), for the tests"
  else
    rm -f "$file.tmp"
    log "could not write $file: allow '$entry' with visudo for the tests to run as $user"
  fi
}
if ((CI_MODE)) && [[ -n "${SUDO_USER:-}" && "${SUDO_USER}" != root ]] && id "$SUDO_USER" >/dev/null 2>&1; then
  ensure_test_sudoers "$SUDO_USER"
fi

# Step 7: summary.
{
  echo "----- coi host set-up ($( ((CI_MODE)) && echo ci || echo user) mode, $((SECONDS - START_SECONDS)) s) -----"
  echo "incus:     $(incus version 2>/dev/null | tr '\n' ' ')"
  echo "pool:      $POOL (driver ${POOL_DRIVER:-?})"
  echo "bridge:    $BRIDGE subnet $(incus network get "$BRIDGE" ipv4.address 2>/dev/null || echo '?') NAT $(incus network get "$BRIDGE" ipv4.nat 2>/dev/null || echo '?')"
  echo "firewalld: $(firewalld_running && echo running || echo 'not running'), $BRIDGE in zone $(fw_zone_of "$BRIDGE") (permanent: $(fw_zone_of --permanent "$BRIDGE"))"
  echo "cc:        $(cc --version 2>/dev/null | head -n 1)"
  if [[ -n "$JDK_HOME" ]]; then
    echo "jdk:       $JDK_HOME (Java $(jdk_major "$JDK_HOME")), which ./mvnw uses for $BUILD_USER"
  elif ((JDK_MISSING)); then
    echo "jdk:       none found for $BUILD_USER (see below)"
  fi
  if ((CI_MODE)); then
    echo "guard:"
    nft list table inet "$GUARD_TABLE" 2>/dev/null | sed 's/^/  /'
  elif nft list table inet "$GUARD_TABLE" >/dev/null 2>&1; then
    echo "guard:     table inet $GUARD_TABLE present (from an earlier --ci run; left alone)"
  fi
} >&2
if ((JDK_MISSING)); then die_without_jdk; fi
