# Installs Claude Code from the npm registry while coi build makes the image: run by bash -euo pipefail as root
# inside the image, after Node.js, npm and the user code (1000:1000, /home/code) are in.

node_version=$(node --version)
node_major=${node_version#v}
node_major=${node_major%%.*}
if ((node_major < 18)); then
  echo "Node.js $node_version is too old: Claude Code needs 18 or newer (build on a newer base image)"
  exit 1
fi

if ! npm install -g --no-audit --no-fund --loglevel=warn @anthropic-ai/claude-code; then
  echo "npm could not install @anthropic-ai/claude-code: is the npm registry (registry.npmjs.org, or the one" \
    "an .npmrc names) reachable from the build?"
  exit 1
fi
# npm 9 (Debian 12) ignores the "libc" field of optional dependencies and installs the musl build of the native
# binary beside the glibc one (about 370 MB); only the glibc one can run here.
if ! compgen -G '/lib/ld-musl-*' >/dev/null; then
  rm -rf "$(npm root -g)"/@anthropic-ai/claude-code/node_modules/@anthropic-ai/claude-code-*-musl
fi
if ! claude_version=$(claude --version); then
  echo "claude --version failed after the install"
  exit 1
fi
echo "Claude Code: $claude_version"

# coi copies the credentials and settings into it when a session starts; it must belong to code.
install -d -m 0700 -o 1000 -g 1000 /home/code/.claude

# "2.0.5 (Claude Code)": the number alone, and nothing that would break the file for a shell that sources it
version=${claude_version%% *}
printf 'claude_code="%s"\n' "${version//[^A-Za-z0-9.+-]/}" >>"$COI_IMAGE_INFO"
