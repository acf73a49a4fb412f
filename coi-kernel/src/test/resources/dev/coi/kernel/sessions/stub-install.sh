#!/bin/bash
# Run as root in the root of a coi image (the test images do it through chroot; by hand:
# `coi build custom NAME --base <a coi image> --script stub-install.sh`): replaces Claude Code
# with stub-claude, a small bash program that behaves like it where coi can tell (command line, state in
# ~/.claude, resume, credentials refresh), so that sessions can be tested end to end without an account or a
# network. Every `claude` on the PATH becomes the stub.
set -euo pipefail

stub=/usr/local/bin/claude
others=$(which -a claude 2>/dev/null | sort -u || true)
rm -f "$stub"
cat >"$stub" <<'STUB'
#!/bin/bash
# stub-claude: answers like an AI tool and keeps its conversation where Claude Code keeps it:
# ~/.claude/projects/-workspace/<session id>.jsonl, one JSON line per turn.
#   claude --verbose --permission-mode bypassPermissions --session-id ID    new conversation
#   claude ... --resume [ID]                                                 continue ID (or the newest)
# Input lines: text (answered and recorded), "!CMD" (runs CMD with bash, like Claude Code's bash mode),
# "/refresh" (writes fresher credentials, as a token refresh does), "/exit".
set -u

session=""
resume=0
while (($# > 0)); do
  case $1 in
    --version) echo "0.0.0 (stub-claude)"; exit 0 ;;
    --verbose) ;;
    --permission-mode) shift ;;
    --session-id) session=${2:?--session-id needs a value}; shift ;;
    --resume)
      resume=1
      if (($# > 1)) && [[ $2 != -* ]]; then session=$2; shift; fi
      ;;
    *) echo "stub-claude: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

conversations=$HOME/.claude/projects/-workspace
credentials=$HOME/.claude/.credentials.json
mkdir -p "$conversations"

if ((resume)); then
  if [[ -z $session ]]; then
    # shellcheck disable=SC2012 # session ids are plain names
    newest=$(ls -t "$conversations"/*.jsonl 2>/dev/null | head -n 1)
    [[ -n $newest ]] || { echo "stub-claude: No conversation found to resume" >&2; exit 1; }
    session=$(basename "$newest" .jsonl)
  fi
  [[ -f $conversations/$session.jsonl ]] || {
    echo "stub-claude: No conversation found with session ID: $session" >&2; exit 1; }
elif [[ -z $session ]]; then
  session=$(cat /proc/sys/kernel/random/uuid)
fi
log=$conversations/$session.jsonl
touch "$log"
turns=$(wc -l <"$log")

token() {
  if [[ -f $credentials ]]; then
    grep -o '"accessToken" *: *"[^"]*"' "$credentials" | sed 's/.*"\([^"]*\)"$/\1/'
  else
    echo none
  fi
}

json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}

((resume)) && echo "stub-claude resumed session=$session earlier-turns=$turns"
echo "stub-claude credentials=$(token)"
echo "stub-claude ready session=$session turns=$turns"
while IFS= read -r -p "> " line; do
  case $line in
    /exit | /quit) break ;;
    /refresh)
      expires=$(($(date +%s%3N) + 8 * 3600 * 1000))
      fresh="sk-ant-oat01-stub-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
      printf '{"claudeAiOauth":{"accessToken":"%s","refreshToken":"sk-ant-ort01-stub","expiresAt":%d,"scopes":["user:inference","user:profile"],"subscriptionType":"max"}}\n' \
        "$fresh" "$expires" >"$credentials.tmp"
      chmod 600 "$credentials.tmp"
      mv "$credentials.tmp" "$credentials"
      echo "stub-claude: credentials refreshed token=$fresh"
      continue
      ;;
    '!'*)
      bash -c "${line#!}" </dev/null 2>&1
      echo "stub-claude: command exited $?"
      continue
      ;;
  esac
  turns=$((turns + 1))
  printf '{"type":"user","turn":%d,"sessionId":"%s","message":%s}\n' "$turns" "$session" "$(json_string "$line")" >>"$log"
  echo "stub-claude: you said $line (turn $turns)"
done
echo "stub-claude: bye (turns=$turns)"
STUB
chmod 0755 "$stub"

# npm may have put its own link elsewhere on the PATH (/usr/bin): make every one the stub.
for other in $others; do
  [[ $other == "$stub" ]] || ln -sf "$stub" "$other"
done

version=$(su - code -c 'claude --version')
[[ $version == *stub-claude* ]] || { echo "claude for code is still the real one: $version" >&2; exit 1; }
echo "stub-claude installed: $(command -v claude) ($version)"
