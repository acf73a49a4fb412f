#!/usr/bin/env bash
# make-busybox-image.sh ALIAS - import a tiny busybox container image into Incus under ALIAS.
#
# For integration tests and CI, where no image can be downloaded. Idempotent: does nothing if an
# image with alias ALIAS already exists. Needs a static busybox (Debian: busybox-static, which
# scripts/setup-host.sh --ci installs) and access to Incus (root or a member of incus-admin).
#
# The image: /bin/busybox with a symlink for each applet at its usual path (/bin/sh, /bin/true,
# /bin/false, /usr/bin/env, /sbin/ip, /sbin/udhcpc, ...); /sbin/init is a shell loop that exits on
# SIGPWR/SIGTERM/SIGINT (so 'incus stop' is quick); users root (0) and code (1000:1000, home
# /home/code owned by 1000:1000); /tmp (1777), /root, /workspace (owned by 1000:1000); and a udhcpc
# default script (both paths) so 'udhcpc -i eth0' configures the address, default route and resolv.conf.
set -euo pipefail

PROG=make-busybox-image.sh
die() { printf '[%s] ERROR: %s\n' "$PROG" "$*" >&2; exit 1; }
log() { printf '[%s] %s\n' "$PROG" "$*" >&2; }

if [[ $# -ne 1 || -z "$1" || "$1" == -* ]]; then
  echo "Usage: $PROG ALIAS   (imports a tiny busybox image as ALIAS unless it exists)" >&2
  exit 2
fi
ALIAS=$1
BUSYBOX=${BUSYBOX:-/bin/busybox}

command -v incus >/dev/null 2>&1 || die "incus not found: run scripts/setup-host.sh first"
if incus image info "$ALIAS" >/dev/null 2>&1; then
  log "image '$ALIAS' already exists: nothing to do"
  exit 0
fi

[[ -x "$BUSYBOX" ]] || die "$BUSYBOX not found: install busybox-static (scripts/setup-host.sh --ci does)"
ldd_out=$(LC_ALL=C ldd "$BUSYBOX" 2>&1 || true)
if [[ "$ldd_out" != *"not a dynamic executable"* ]]; then
  die "$BUSYBOX is dynamically linked and would not run in the image: install busybox-static (apt-get install busybox-static)"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/coi-busybox-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/share/udhcpc,etc,dev,proc,sys,run,var/tmp,tmp,root,home/code,workspace}
chmod 1777 "$root/tmp" "$root/var/tmp"
chmod 0700 "$root/root"
chmod 0755 "$root/home/code" "$root/workspace"
cp "$BUSYBOX" "$root/bin/busybox"
chmod 0755 "$root/bin/busybox"

# One symlink per applet, at the path busybox itself gives it (bin/sh, usr/bin/env, sbin/ip, ...).
while read -r applet; do
  [[ -z "$applet" || "$applet" == */busybox || "$applet" == linuxrc ]] && continue
  mkdir -p "$root/$(dirname "$applet")"
  ln -sf /bin/busybox "$root/$applet"
done < <("$BUSYBOX" --list-full)
for must in bin/sh bin/true bin/false usr/bin/env bin/sleep sbin/udhcpc; do
  [[ -L "$root/$must" ]] || die "$BUSYBOX has no applet for /$must"
done

# PID 1: no real init; exit on the signals 'incus stop' sends, otherwise sleep forever.
rm -f "$root/sbin/init"
cat >"$root/sbin/init" <<'EOF'
#!/bin/sh
trap 'exit 0' PWR TERM INT
while :; do sleep 1 & wait $!; done
EOF
chmod 0755 "$root/sbin/init"

cat >"$root/usr/share/udhcpc/default.script" <<'EOF'
#!/bin/sh
# Minimal udhcpc hook: configure the leased address, the default route and DNS.
case "$1" in
  deconfig)
    ip -4 addr flush dev "$interface"
    ip link set "$interface" up
    ;;
  bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    if [ -n "$router" ]; then
      for r in $router; do ip route replace default via "$r" dev "$interface"; break; done
    fi
    : >/etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >>/etc/resolv.conf; done
    ;;
esac
exit 0
EOF
chmod 0755 "$root/usr/share/udhcpc/default.script"
# Debian's busybox looks for /etc/udhcpc/default.script, upstream's for /usr/share/udhcpc/: both.
mkdir -p "$root/etc/udhcpc"
ln -s /usr/share/udhcpc/default.script "$root/etc/udhcpc/default.script"

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
code:x:1000:1000:code:/home/code:/bin/sh
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
code:x:1000:
EOF
echo busybox >"$root/etc/hostname"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"
: >"$root/etc/resolv.conf"
cat >"$root/etc/os-release" <<'EOF'
NAME="coi busybox test image"
ID=busybox
PRETTY_NAME="coi busybox test image"
EOF

arch=$(uname -m)
now=$(date +%s)
cat >"$work/metadata.yaml" <<EOF
architecture: $arch
creation_date: $now
properties:
  description: coi busybox test image ($ALIAS)
  os: busybox
  release: "$("$BUSYBOX" 2>&1 | head -n 1 | awk '{ print $2 }')"
  architecture: $arch
EOF

# Owners are set in the archive, so no chown (and no root) is needed: everything is 0:0 except
# /home/code and /workspace, which belong to code (1000:1000).
tarball=$work/image.tar
tar --numeric-owner --owner=0 --group=0 -C "$work" -cf "$tarball" \
  --exclude=rootfs/home/code --exclude=rootfs/workspace metadata.yaml rootfs
tar --numeric-owner --owner=1000 --group=1000 -C "$work" -rf "$tarball" rootfs/home/code rootfs/workspace
gzip -1 "$tarball"

log "importing image '$ALIAS'"
if ! incus image import "$tarball.gz" --alias "$ALIAS" >&2; then
  # Another process may have imported it meanwhile.
  incus image info "$ALIAS" >/dev/null 2>&1 || die "incus image import failed (see above)"
fi
log "image '$ALIAS' imported"
