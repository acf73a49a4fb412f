# Sourced by mvnw: makes sure Maven runs on a JDK 21 or newer, looking for one when the default is older.
coi_java_major() {
  # Reads JAVA_VERSION from the JDK's release file, which is faster than starting a JVM.
  [ -r "$1/release" ] || return 1
  sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
}

coi_find_jdk() {
  current="${JAVA_HOME-}"
  if [ -z "$current" ] && command -v javac >/dev/null 2>&1; then
    current="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  fi
  if [ -n "$current" ]; then
    major="$(coi_java_major "$current" || true)"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      return 0
    fi
  fi
  best="" best_major=0
  set +f # mvnw turns globbing off; the search below needs it
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/javac" ] || continue
    major="$(coi_java_major "$candidate" || true)"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate" best_major="$major"
    fi
  done
  set -f
  if [ -z "$best" ]; then
    echo "coi needs a JDK 21 or newer to build, and none was found (JAVA_HOME=${JAVA_HOME-unset})." >&2
    echo "sudo ./scripts/setup-host.sh installs one where the distribution has one (Debian 13, Ubuntu 24.04)" >&2
    echo "and otherwise prints the commands that install Eclipse Temurin. Or set JAVA_HOME to a JDK 21+." >&2
    exit 1
  fi
  JAVA_HOME="$best"
  export JAVA_HOME
}

coi_find_jdk
