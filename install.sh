#!/bin/sh
# Installs coi from a tarball built by this repository (dist/target/coi-<version>-linux-<arch>.tar.gz), for
# one user or for everybody. Runs again safely: an installed coi is replaced as a whole (upgrade), and
# --uninstall removes everything it installed. It uses no network.
set -eu

usage() {
  cat <<'EOF'
Usage: install.sh [--user | --system] [--prefix DIR] [--tarball FILE | --build] [--no-alias] [--uninstall]

Installs coi from the tarball the build makes (dist/target/coi-<version>-linux-<arch>.tar.gz beside this script).

  --user          for you only (the default unless root): ~/.local/bin/coi, the rest in ~/.local/share/coi
  --system        for everybody (the default as root): /usr/local/bin/coi, the rest in /usr/local/lib/coi
  --prefix DIR    install under DIR instead of ~/.local or /usr/local
  --tarball FILE  the tarball to install (default: the newest one in dist/target)
  --build         build the tarball first (./mvnw -B -q -DskipTests package)
  --no-alias      do not add the name claude-on-incus (by default a link to coi, as the reference tool offers)
  --uninstall     remove what an earlier install.sh put there (the same --user/--system/--prefix); your
                  settings and saved sessions in ~/.coi and ~/.config/coi stay
  -h, --help      this text

Man pages go to PREFIX/share/man/man1, bash and fish completions to PREFIX/share/bash-completion and
PREFIX/share/fish; for zsh add `source <(coi completion zsh)` to ~/.zshrc.
EOF
}

say() { printf '%s\n' "$*" >&2; }
fail() { printf 'Error: %s\n' "$*" >&2; exit 1; }
usage_error() { printf 'Error: %s\nRun %s --help for usage.\n' "$*" "$0" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
mode="" prefix="" tarball="" build=false alias=true uninstall=false
while [ $# -gt 0 ]; do
  case "$1" in
    --user) mode=user ;;
    --system) mode=system ;;
    --prefix) [ $# -ge 2 ] || usage_error "--prefix needs a folder"; prefix=$2; shift ;;
    --prefix=*) prefix=${1#--prefix=} ;;
    --tarball) [ $# -ge 2 ] || usage_error "--tarball needs a file"; tarball=$2; shift ;;
    --tarball=*) tarball=${1#--tarball=} ;;
    --build) build=true ;;
    --no-alias) alias=false ;;
    --uninstall) uninstall=true ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown option '$1'" ;;
  esac
  shift
done

if [ -z "$mode" ]; then
  if [ "$(id -u)" -eq 0 ]; then mode=system; else mode=user; fi
fi
if [ "$mode" = user ]; then
  [ -n "${HOME-}" ] || fail "HOME is not set; give --prefix DIR"
  prefix=${prefix:-$HOME/.local}
  app=$prefix/share/coi
else
  prefix=${prefix:-/usr/local}
  app=$prefix/lib/coi
fi
bin=$prefix/bin
man1=$prefix/share/man/man1
bash_completion=$prefix/share/bash-completion/completions/coi
fish_completion=$prefix/share/fish/vendor_completions.d/coi.fish

# A link is ours when it leads into the installed coi (coi, or claude-on-incus through coi).
ours() {
  [ -L "$1" ] || return 1
  case "$(readlink -f "$1" 2>/dev/null || true)" in
    "$app"/*) return 0 ;;
    *) return 1 ;;
  esac
}

# Removes the links, man pages and completions that the coi in $1 installed (its own files stay).
remove_around() {
  for name in claude-on-incus coi; do
    if ours "$bin/$name"; then rm -f "$bin/$name"; fi
  done
  if [ -d "$1/share/man/man1" ]; then
    for page in "$1"/share/man/man1/*.1; do
      [ -e "$page" ] && rm -f "$man1/$(basename "$page")"
    done
  fi
  rm -f "$bash_completion" "$fish_completion"
}

if $uninstall; then
  [ -d "$app" ] || { say "coi is not installed in $app: nothing to remove."; exit 0; }
  [ -x "$app/bin/coi" ] || fail "$app does not look like coi installed by install.sh (no bin/coi): left as it is"
  remove_around "$app"
  created=$(cat "$app/created-folders" 2>/dev/null || true)
  rm -rf "$app"
  # the folders an install made (newest first), when nothing else is in them; folders that were there stay
  printf '%s\n' "$created" | sed '/^$/d' | sort -r | while IFS= read -r folder; do
    rmdir "$folder" 2>/dev/null || true
  done
  say "coi removed from $prefix. Settings and saved sessions (~/.coi, ~/.config/coi) are kept; delete them yourself if you want."
  exit 0
fi

case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch=$(uname -m) ;;
esac
if $build; then
  [ -x "$here/mvnw" ] || fail "--build needs the coi repository; $here has no mvnw"
  say "Building coi (./mvnw -B -q -DskipTests package) ..."
  (cd "$here" && ./mvnw -B -q -DskipTests package) || fail "the build failed (output above)"
fi
if [ -z "$tarball" ]; then
  tarball=$(ls -t "$here"/dist/target/coi-*-linux-"$arch".tar.gz 2>/dev/null | head -n 1 || true)
  [ -n "$tarball" ] || fail "no coi-*-linux-$arch.tar.gz in $here/dist/target: build it first (./mvnw -B -q -DskipTests package), or run install.sh --build, or give --tarball FILE"
fi
[ -f "$tarball" ] || fail "no tarball at $tarball"

# Folders made here are noted (in the installed copy), so that --uninstall removes those and no others.
created=$(cat "$app/created-folders" 2>/dev/null || true)
for folder in "$bin" "$man1" "$(dirname "$bash_completion")" "$(dirname "$fish_completion")" "$(dirname "$app")"; do
  missing=$folder
  while [ ! -d "$missing" ]; do
    created=$(printf '%s\n%s' "$created" "$missing")
    missing=$(dirname "$missing")
  done
  mkdir -p "$folder" || fail "cannot create $folder (install for everybody as root, or use --user)"
done

# Unpacked beside the old copy, then swapped, so a failed unpack leaves the installed coi as it was. tar keeps
# the files' times, which the start-up cache checks.
staging=$(mktemp -d "$(dirname "$app")/.coi-install.XXXXXX")
trap 'rm -rf "$staging"' EXIT
tar -xzf "$tarball" -C "$staging" --no-same-owner || fail "cannot unpack $tarball"
unpacked=$(find "$staging" -mindepth 1 -maxdepth 1 -type d | head -n 1)
[ -n "$unpacked" ] && [ -x "$unpacked/bin/coi" ] || fail "$tarball holds no coi-<version>/bin/coi"
# bin/coi answers --version without Java; bin/coi-jvm (in tarballs since the resident coi) shows that Java starts
for launcher in "$unpacked/bin/coi" "$unpacked/bin/coi-jvm"; do
  [ -e "$launcher" ] || continue
  "$launcher" --version >/dev/null 2>&1 || fail "the coi in $tarball does not start on this machine: $("$launcher" --version 2>&1 | head -n 3)"
done

if [ -d "$app" ]; then
  [ -x "$app/bin/coi" ] || fail "$app exists but is no coi installed by install.sh: move it away first"
  previous=$("$app/bin/coi" --version 2>/dev/null || echo "an earlier coi")
  remove_around "$app"
  mv "$app" "$staging/previous"
fi
mv "$unpacked" "$app"
printf '%s\n' "$created" | sed '/^$/d' | sort -u > "$app/created-folders"

ln -sfn "$app/bin/coi" "$bin/coi"
if $alias; then
  if [ -e "$bin/claude-on-incus" ] || [ -L "$bin/claude-on-incus" ]; then
    say "Left $bin/claude-on-incus alone: it is not coi's (the reference tool?). Remove it and run again for the alias."
  else
    ln -s coi "$bin/claude-on-incus"
  fi
fi
if [ -d "$app/share/man/man1" ]; then
  cp -p "$app"/share/man/man1/*.1 "$man1/"
fi
[ -f "$app/share/completions/coi.bash" ] && cp -p "$app/share/completions/coi.bash" "$bash_completion"
[ -f "$app/share/completions/coi.fish" ] && cp -p "$app/share/completions/coi.fish" "$fish_completion"

installed=$("$bin/coi" --version)
if [ -n "${previous-}" ]; then
  say "Upgraded $previous to $installed in $prefix."
else
  say "Installed $installed in $prefix."
fi
case ":$PATH:" in
  *":$bin:"*) ;;
  *) say "Add $bin to your PATH to run coi by its name, e.g.: echo 'export PATH=\"$bin:\$PATH\"' >> ~/.profile" ;;
esac
