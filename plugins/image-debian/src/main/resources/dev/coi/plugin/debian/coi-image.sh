#!/bin/bash
# coi-image.sh - turns a Debian root into the content of the default coi image.
#
# Runs as root inside the target root: a chroot prepared by coi's offline builder (debootstrap on the
# host), or a build container on a machine with internet. It never needs a running systemd, starts no
# services, and can run again on the same root.
#
# Input (all optional), in $COI_BUILD_DIR (default /tmp/coi-build):
#   ca/*.crt          extra CA certificates (e.g. of a TLS-intercepting proxy), trusted before any download
#   tools.d/*.sh      AI tool install steps (the AI tools come from coi's plugins, none is built in), run in
#                     name order by bash -euo pipefail as root from /; a failing one is reported and skipped...
#   tools.d/required  ...unless its tool is named here (one name a line; a step's tool is its file name without
#                     NN- and .sh): then the build fails, as the image is of no use without the configured tool
# Environment: COI_VERSION (coi's version) and COI_BASE (what the root was made from) for /etc/coi-image.
#
# /etc/coi-image says what the image is, as key="value" lines that a shell can source. It is written before the
# tool steps, which get its path as COI_IMAGE_INFO to add lines of their own (e.g. the tool's version).
#
# Every phase logs '[coi] phase NAME: ...' so that the caller can time the phases.
set -euo pipefail

BUILD_DIR=${COI_BUILD_DIR:-/tmp/coi-build}
TOOL_TIMEOUT=${COI_TOOL_TIMEOUT:-900}
export DEBIAN_FRONTEND=noninteractive
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LANG=C.UTF-8 LC_ALL=C.UTF-8

log() { printf '[coi] %s\n' "$*"; }
phase() {
  local name=$1
  shift
  log "phase $name: $*"
}
die() {
  log "ERROR: $*"
  exit 1
}

# ----------------------------------------------------------------------------------------------------------
# Build-time settings, undone on exit whatever happens
# ----------------------------------------------------------------------------------------------------------
POLICY=/usr/sbin/policy-rc.d
UNSAFE_IO=/etc/dpkg/dpkg.cfg.d/coi-build-unsafe-io
undo_build_settings() {
  rm -f "$UNSAFE_IO"
  if [[ -e "$POLICY.coi-saved" ]]; then
    mv -f "$POLICY.coi-saved" "$POLICY"
  else
    rm -f "$POLICY"
  fi
}
trap undo_build_settings EXIT

phase prepare "no services start during the build"
# invoke-rc.d asks policy-rc.d before starting a service; 101 means "not allowed".
if [[ -e "$POLICY" && ! -e "$POLICY.coi-saved" ]]; then
  mv "$POLICY" "$POLICY.coi-saved"
fi
printf '#!/bin/sh\nexit 101\n' >"$POLICY"
chmod 0755 "$POLICY"
# The root is thrown away if the build fails, so dpkg need not fsync every file (much faster).
mkdir -p /etc/dpkg/dpkg.cfg.d
echo force-unsafe-io >"$UNSAFE_IO"
# No manuals and documentation (about 60 MB): nobody reads them in a coding container, and dpkg
# unpacks faster. Kept for later installs too; copyright files stay.
printf '%s\n' 'path-exclude=/usr/share/doc/*' 'path-include=/usr/share/doc/*/copyright' \
  'path-exclude=/usr/share/man/*' 'path-exclude=/usr/share/info/*' >/etc/dpkg/dpkg.cfg.d/coi-no-docs

# ----------------------------------------------------------------------------------------------------------
# DNS: only when names do not resolve and the resolver is a local stub that is not there (e.g.
# systemd-resolved in a build container whose stub does not answer)
# ----------------------------------------------------------------------------------------------------------
mirror_host() { # the host name of the first apt source
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -v '^[[:space:]]*#' | grep -Eo 'https?://[^/ ]+' | head -n 1 | sed -E 's#https?://##; s#:.*##'
}
check_host=$(mirror_host || true)
if [[ -n "$check_host" ]] && ! getent hosts "$check_host" >/dev/null &&
  grep -Eq '^nameserver[[:space:]]+127\.0\.0\.(53|1)([[:space:]]|$)' /etc/resolv.conf 2>/dev/null; then
  gateway=$(ip -4 route show default 2>/dev/null | awk '{ print $3; exit }' || true)
  [[ -n "$gateway" ]] || die "$check_host does not resolve, the resolver is a local stub and there is no default gateway to ask instead"
  phase dns "$check_host does not resolve through the local stub: using the gateway $gateway as resolver"
  if [[ -e /lib/systemd/system/systemd-resolved.service ]]; then
    systemctl disable systemd-resolved >/dev/null 2>&1 || true
    systemctl mask systemd-resolved >/dev/null 2>&1 || true
  fi
  rm -f /etc/resolv.conf
  printf 'nameserver %s\n' "$gateway" >/etc/resolv.conf
  getent hosts "$check_host" >/dev/null || log "WARNING: $check_host still does not resolve; downloads will fail"
fi

# ----------------------------------------------------------------------------------------------------------
# CA certificates, before anything is downloaded over https
# ----------------------------------------------------------------------------------------------------------
APT_UPDATED=0
apt_update() {
  if ((APT_UPDATED == 0)); then
    apt-get update -q
    APT_UPDATED=1
  fi
}
# A base image may have changed configuration files: keep its version, never ask.
APT_OPTIONS=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
apt_install() {
  apt_update
  apt-get install "${APT_OPTIONS[@]}" --no-install-recommends "$@"
}
available() { # available PACKAGE: whether the archive has it
  apt-cache show --no-all-versions "$1" >/dev/null 2>&1
}

shopt -s nullglob
certs=("$BUILD_DIR"/ca/*.crt)
if ((${#certs[@]} > 0)); then
  phase certs "trusting ${#certs[@]} extra CA certificate(s)"
  command -v update-ca-certificates >/dev/null 2>&1 || apt_install ca-certificates
  mkdir -p /usr/local/share/ca-certificates/coi
  cp -f "${certs[@]}" /usr/local/share/ca-certificates/coi/
  chmod 0644 /usr/local/share/ca-certificates/coi/*.crt
  update-ca-certificates
fi

# ----------------------------------------------------------------------------------------------------------
# Packages
# ----------------------------------------------------------------------------------------------------------
# An image that brings its own network set-up (netplan, systemd-networkd) keeps it. A minbase root has
# none, and systemd-networkd there leaves eth0 "pending" (it waits for udev): ifupdown with dhclient
# is what gets it an address.
network_files=(/etc/netplan/*.yaml /etc/systemd/network/*.network)
OWN_NETWORK=$((${#network_files[@]} > 0))

packages=(
  systemd systemd-sysv dbus iproute2 iputils-ping procps less nano vim-tiny openssh-client
  curl wget git ca-certificates gnupg jq unzip sudo tmux dnsutils
  build-essential python3 python3-venv nodejs npm
  docker.io containerd
)
((OWN_NETWORK)) || packages+=(ifupdown isc-dhcp-client)

phase packages "apt-get update, upgrade"
apt_update
apt-get upgrade "${APT_OPTIONS[@]}"
for optional in pipx gh; do
  if available "$optional"; then
    packages+=("$optional")
  else
    log "note: the archive has no package '$optional': left out"
  fi
done
phase packages "installing ${#packages[@]} packages: ${packages[*]}"
apt_install "${packages[@]}"

# Debian's Node.js is older than the AI tools want (Claude Code 22, Gemini CLI and pi 20): a current LTS comes from
# the npm registry's node-linux-<arch> package (the binary, no install scripts) into /usr/local, ahead of Debian's
# on the PATH. Without the registry the build goes on with Debian's; the tools that need more say so when they start.
NODE_MAJOR=22
case "$(dpkg --print-architecture)" in
  amd64) node_arch=x64 ;;
  arm64) node_arch=arm64 ;;
  *) node_arch="" ;;
esac
if [[ -n "$node_arch" ]]; then
  phase node "Node.js $NODE_MAJOR from the npm registry (node-linux-$node_arch)"
  if npm install -g --no-fund --no-audit --no-update-notifier "node-linux-$node_arch@$NODE_MAJOR"; then
    # That build trusts only the CA list compiled into it, not the system's, which holds the CAs of
    # build.ca_certificates (an intercepting proxy's): a wrapper adds the system's list to every node process.
    node_binary="$(npm root -g)/node-linux-$node_arch/bin/node"
    rm -f /usr/local/bin/node
    printf '#!/bin/sh\nexport NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"\nexec %s "$@"\n' \
      "$node_binary" >/usr/local/bin/node
    chmod 0755 /usr/local/bin/node
    hash -r
  else
    log "WARNING: Node.js $NODE_MAJOR could not be installed from the npm registry: the image keeps Debian's" \
      "$(node --version), too old for some AI tools"
  fi
fi
node_version=$(node --version)
log "Node.js $node_version, npm $(npm --version)"

# ----------------------------------------------------------------------------------------------------------
# System settings
# ----------------------------------------------------------------------------------------------------------
phase system "locale, network, machine id"
# C.UTF-8 is built into glibc: no locales package needed.
echo 'LANG=C.UTF-8' >/etc/default/locale
if ((OWN_NETWORK == 0)); then
  mkdir -p /etc/network/interfaces.d
  cat >/etc/network/interfaces <<'EOF'
# Written by coi: eth0 gets its address by DHCP from the Incus bridge.
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback

auto eth0
iface eth0 inet dhcp
EOF
fi
# Every container must make its own machine id at first boot (empty file = "first boot").
: >/etc/machine-id
rm -f /var/lib/dbus/machine-id
ln -sf /etc/machine-id /var/lib/dbus/machine-id

# ----------------------------------------------------------------------------------------------------------
# User code (uid/gid 1000) with passwordless sudo and power commands
# ----------------------------------------------------------------------------------------------------------
phase user "user code (1000:1000), sudo, docker group, power wrappers, /workspace"
# Cloud images bring a user 1000 of their own (e.g. ubuntu): it becomes code.
existing=$(getent passwd 1000 | cut -d: -f1 || true)
if [[ -n "$existing" && "$existing" != code ]]; then
  usermod -l code -d /home/code -m "$existing"
  old_group=$(getent group 1000 | cut -d: -f1 || true)
  [[ -n "$old_group" && "$old_group" != code ]] && groupmod -n code "$old_group"
fi
getent group code >/dev/null || groupadd -g 1000 code
getent passwd code >/dev/null || useradd -m -u 1000 -g 1000 -d /home/code -s /bin/bash code
usermod -s /bin/bash -aG sudo,docker code
[[ "$(id -u code):$(id -g code)" == 1000:1000 ]] || die "user code is $(id code), not 1000:1000"

cat >/etc/sudoers.d/code <<'EOF'
code ALL=(ALL) NOPASSWD:ALL
EOF
chown root:root /etc/sudoers.d/code
chmod 0440 /etc/sudoers.d/code
visudo -cf /etc/sudoers.d/code

# `incus exec --user 1000 --group 1000` (how coi runs the AI tool) sets no supplementary groups, so
# membership of the docker group does not reach the tool: the socket belongs to code's own group instead.
if [[ -e /lib/systemd/system/docker.socket ]]; then
  mkdir -p /etc/systemd/system/docker.socket.d
  printf '[Socket]\nSocketGroup=code\n' >/etc/systemd/system/docker.socket.d/coi.conf
fi

for cmd in poweroff shutdown reboot halt; do
  printf '#!/bin/sh\nexec sudo /usr/sbin/%s "$@"\n' "$cmd" >"/usr/local/bin/$cmd"
  chmod 0755 "/usr/local/bin/$cmd"
done

install -d -m 0755 -o 1000 -g 1000 /workspace

# ----------------------------------------------------------------------------------------------------------
# Build info, which the tool steps add to
# ----------------------------------------------------------------------------------------------------------
phase info "/etc/coi-image"
# shellcheck disable=SC1091
os_name=$(. /etc/os-release && echo "${PRETTY_NAME:-unknown}")
export COI_IMAGE_INFO=/etc/coi-image
# key="value" lines like /etc/os-release, so that a shell can source it
cat >"$COI_IMAGE_INFO" <<EOF
version="${COI_VERSION:-unknown}"
date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
base="${COI_BASE:-$os_name}"
os="$os_name"
node="$node_version"
EOF

# ----------------------------------------------------------------------------------------------------------
# AI tool install steps contributed by plugins
# ----------------------------------------------------------------------------------------------------------
required_tools=()
installed_tools=()
if [[ -f "$BUILD_DIR/tools.d/required" ]]; then
  mapfile -t required_tools <"$BUILD_DIR/tools.d/required"
fi
is_required() {
  local name
  for name in "${required_tools[@]}"; do
    [[ "$name" == "$1" ]] && return 0
  done
  return 1
}
for step in "$BUILD_DIR"/tools.d/*.sh; do
  tool=$(basename "$step" .sh)
  tool=${tool#[0-9][0-9]-}
  # a phase of its own, so that the step times say what each tool costs
  phase "tool-${tool//[^a-z0-9-]/-}" "installing $tool"
  rc=0
  (cd / && timeout "$TOOL_TIMEOUT" bash -euo pipefail "$step") || rc=$?
  if ((rc == 0)); then
    installed_tools+=("$tool")
    continue
  elif ((rc == 124)); then
    problem="$tool could not be installed: its step took longer than ${TOOL_TIMEOUT}s"
  else
    problem="$tool could not be installed: its step failed with exit code $rc (see above)"
  fi
  if is_required "$tool"; then
    die "$problem. $tool is the configured tool ([tool] name) and the image is of no use without it, so the" \
      "build stops. Check that its package source is reachable from the build (see its output above; a proxy" \
      "needs http_proxy/https_proxy set, an intercepting one its CA certificate in build.ca_certificates), or" \
      "build the image for another tool: [tool] name = \"NAME\" in the configuration (coi tool list names them)"
  fi
  log "WARNING: $problem"
done

echo "tools=\"${installed_tools[*]}\"" >>"$COI_IMAGE_INFO"

# ----------------------------------------------------------------------------------------------------------
# Clean-up
# ----------------------------------------------------------------------------------------------------------
phase cleanup "apt and npm caches"
apt-get clean
rm -rf /var/lib/apt/lists/* /root/.npm /root/.cache
log "done"
