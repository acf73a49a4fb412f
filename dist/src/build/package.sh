#!/usr/bin/env bash
# Turns target/coi (the JVM launcher bin/coi-jvm and the jars, copied there by Maven) into the self-contained
# distribution and packs it as target/coi-<version>-linux-<arch>.tar.gz:
#   bin/coi           the client of the resident coi (src/main/c), compiled here; it execs bin/coi-jvm when no
#                     resident runs the command
#   runtime/          a JDK runtime image made with jlink, holding only the JDK modules coi needs
#   lib/classpath     the order of the jars, which bin/coi-jvm and the start-up cache share
#   lib/coi.aot       the start-up cache (JDK 25+ AOT cache) made by a training run; none with an older JDK
#   share/man/man1    a man page per command; share/completions: the bash (also zsh) and fish scripts
# Maven runs it in the package phase: package.sh JAVA_HOME VERSION TARGET_DIR
set -euo pipefail

java_home=$1 version=$2 target=$3
dist=$target/coi
jdk_bin=$java_home/bin

log() { printf '[coi-dist] %s\n' "$*" >&2; }

# bin/coi is compiled from C: a missing compiler is said at once, not after the minutes the rest takes
command -v cc >/dev/null 2>&1 || { log "the distribution needs a C compiler: apt-get install gcc libc6-dev"; exit 1; }

# What coi and its libraries use from the JDK (jdeps over lib/*.jar), plus jdk.zipfs, which PF4J opens plugin
# jars with through a service jdeps cannot see. java.compiler is needed only by PF4J's annotation processor
# classes, which its extension finder refers to. jdk.net: the resident coi checks who is on the other end of its
# socket (SO_PEERCRED).
modules=java.base,java.logging,java.compiler,jdk.net,jdk.zipfs

major=$("$jdk_bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')

case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch=$(uname -m) ;;
esac

# 1. The runtime image. jlink takes seconds, so an image made by the same JDK with the same modules is kept.
stamp="$("$jdk_bin/java" -version 2>&1 | head -n 1) $modules"
if [[ -f $dist/runtime/coi-jlink && "$(cat "$dist/runtime/coi-jlink")" == "$stamp" ]]; then
  log "runtime: kept (same JDK and modules)"
elif [[ -x $jdk_bin/jlink ]]; then
  rm -rf "$dist/runtime"
  "$jdk_bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$dist/runtime"
  printf '%s\n' "$stamp" > "$dist/runtime/coi-jlink"
  log "runtime: linked $modules ($(du -sh "$dist/runtime" | cut -f1))"
else
  rm -rf "$dist/runtime"
  log "runtime: none bundled, $java_home has no jlink; bin/coi-jvm will look for a Java 21+ on the machine"
fi

# 2. The class path in Maven's order (target/runtime-classpath); jars of earlier builds that no longer belong
#    are removed.
{ tr ':' '\n' < "$target/runtime-classpath"; echo; } | sed -n 's|^.*/\(.*\.jar\)$|\1|p' > "$dist/lib/classpath"
for jar in "$dist"/lib/*.jar; do
  grep -qxF "$(basename "$jar")" "$dist/lib/classpath" || rm -f "$jar"
done
classpath=$(sed "s|^|$dist/lib/|" "$dist/lib/classpath" | paste -sd:)

# 3. Man pages and completion scripts, from the command model. The cache is made afterwards: it must not be
#    there while the jars it was made from change. The JVM launcher is run directly: no resident coi takes part in
#    the build, and none is started (COI_RESIDENT=off).
rm -f "$dist/lib/coi.aot"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/home" "$scratch/work"
built_coi() {
  (cd "$scratch/work" && env -i PATH=/usr/bin:/bin HOME="$scratch/home" JAVA_HOME="$java_home" LANG=C.UTF-8 \
    NO_COLOR=1 COI_RESIDENT=off INCUS_SOCKET="$scratch/no-incus.socket" "$dist/bin/coi-jvm" "$@")
}
rm -rf "$dist/share"
mkdir -p "$dist/share/completions"
built_coi man-pages "$dist/share/man/man1"
built_coi completion bash > "$dist/share/completions/coi.bash"
built_coi completion fish > "$dist/share/completions/coi.fish"
pages=$(find "$dist/share/man/man1" -name '*.1' | wc -l)
((pages > 0)) || { log "man pages: none were written"; exit 1; }
log "man pages: $pages, completions: bash (also zsh), fish"

# 4. The client, bin/coi. It prints the version line itself, so it gets exactly the line the JVM prints; the line
#    becomes a C string literal, hence no quote or backslash in it.
#    Warnings fail only the project's own checks (CI=true): a newer compiler with new warnings must not break a
#    user's build.
version_line=$(built_coi --version)
[[ $version_line =~ ^coi\ version\ [^\"\\]+$ ]] || { log "bin/coi-jvm --version printed '$version_line'"; exit 1; }
werror=()
[[ ${CI:-} == true ]] && werror=(-Werror)
if ! cc -std=c11 -Wall -Wextra "${werror[@]}" -O2 -DCOI_VERSION_LINE="\"$version_line\"" \
    -o "$dist/bin/coi" "$(dirname "$0")/../main/c/coi-client.c"; then
  log "bin/coi: the client did not compile (output above); it needs a C compiler and the C library's headers:"
  log "apt-get install gcc libc6-dev"
  exit 1
fi
log "bin/coi: the client, for $version_line"

# 5. The start-up cache: the training run goes through the commands people start most, with no Incus (a canned
#    stand-in on a socket of its own, then nothing), an empty home and an empty working folder, so nothing on this
#    machine is touched; nor is a resident coi started.
if [[ ! -x $dist/runtime/bin/java ]]; then
  log "start-up cache: skipped (no bundled runtime)"
elif ((major < 25)); then
  log "start-up cache: skipped, the build JDK is $major and the AOT cache needs 25 or newer"
else
  # the cache leaves out classes older than Java 6 (picocli is built for Java 5): they get stack maps first
  "$jdk_bin/java" "$(dirname "$0")/UpgradeClassFiles.java" "$dist"/lib/*.jar
  # The training code is not shipped: its jar (module coi-training) comes after coi's, as a class path coi's is the
  # beginning of still matches the cache. The same JVM options as bin/coi-jvm: a cache made with other ones does not.
  training_jar=$(cat "$target/training-classpath")
  [[ -f $training_jar ]] || { log "start-up cache: the training jar '$training_jar' is missing"; exit 1; }
  if ! (cd "$scratch/work" && env -i PATH=/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 NO_COLOR=1 \
      INCUS_SOCKET="$scratch/no-incus.socket" COI_RESIDENT=off \
      "$dist/runtime/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
      -XX:AOTCacheOutput="$dist/lib/coi.aot" -cp "$classpath:$training_jar" dev.coi.training.StartupTraining \
      > "$target/aot-training.log" 2>&1); then
    cat "$target/aot-training.log" >&2
    log "start-up cache: the training run failed (output above)"
    exit 1
  fi
  [[ -s $dist/lib/coi.aot ]] || { log "start-up cache: the training run made none (see $target/aot-training.log)"; exit 1; }
  log "start-up cache: $(du -h "$dist/lib/coi.aot" | cut -f1) (training output in $target/aot-training.log)"
fi

# 6. The tarball: one folder coi-<version>/, owned by root, readable by all whatever the builder's umask (root keeps
#    the modes when it unpacks, and `sudo ./install.sh` installs for everybody), names sorted, times kept (the
#    cache checks them).
tarball=$target/coi-$version-linux-$arch.tar.gz
tar -C "$target" --sort=name --owner=0 --group=0 --numeric-owner --mode=u+rwX,go=rX \
  --transform "flags=r;s|^coi|coi-$version|" -czf "$tarball" coi
log "$(basename "$tarball"): $(du -h "$tarball" | cut -f1)"
