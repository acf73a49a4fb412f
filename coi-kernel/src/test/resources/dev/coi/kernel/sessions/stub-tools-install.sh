#!/bin/bash
# Run as root in the root of a coi image after stub-install.sh (the test images do it through chroot; by hand:
# `coi build custom NAME --base <the stub-claude image> --script stub-tools-install.sh`): adds two
# more stub AI tools, so that tool plugins and tools declared as data can be tested end to end without a network:
#   aider      stub-aider: Aider's command line (history files, --restore-chat-history), reports the config files
#              and the test's variables it sees
#   stub-tool  a tool that exists only as a TOML declaration in the tests: a session id of its own, state in
#              ~/.stubtool, a JSON settings file
#   codex, gemini, opencode, pi
#              one stand-in for the tools coi ships as tool files: says how coi started it (arguments, the
#              variables it got, the files of the home, the sandbox block of its instructions file) and writes a
#              session file where the real tool keeps its sessions
set -euo pipefail

cat >/usr/local/bin/aider <<'STUB'
#!/bin/bash
# stub-aider: answers like Aider and keeps the chat and input history where its options say, as Aider does
# (default: .aider.chat.history.md and .aider.input.history in the working directory).
#   aider [--yes-always] [--chat-history-file F] [--input-history-file F] [--restore-chat-history]
# Input lines: text (answered and recorded), "/exit".
set -u
chat=.aider.chat.history.md
input=.aider.input.history
restore=0
while (($# > 0)); do
  case $1 in
    --version) echo "aider 0.0.0 (stub-aider)"; exit 0 ;;
    --yes-always) ;;
    --chat-history-file) chat=${2:?}; shift ;;
    --input-history-file) input=${2:?}; shift ;;
    --restore-chat-history) restore=1 ;;
    *) echo "stub-aider: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
turns=0
if ((restore)) && [[ -f $chat ]]; then
  turns=$(grep -c '^#### ' "$chat" || true)
  echo "stub-aider restored turns=$turns"
fi
conf=none
[[ -f $HOME/.aider.conf.yml ]] && conf=$(head -n 1 "$HOME/.aider.conf.yml")
settings=absent
[[ -f $HOME/.aider.model.settings.yml ]] && settings=present
echo "stub-aider conf=[$conf] model-settings=$settings cwd=$PWD"
echo "stub-aider env named=${AIDER_IT_NAMED:-unset} unnamed=${AIDER_IT_UNNAMED:-unset}"
echo "stub-aider ready turns=$turns"
while IFS= read -r -p "> " line; do
  [[ $line == /exit ]] && break
  turns=$((turns + 1))
  printf '+%s\n' "$line" >>"$input"
  printf '#### %s\n\nstub-aider: you said %s\n\n' "$line" "$line" >>"$chat"
  echo "stub-aider: you said $line (turn $turns)"
done
echo "stub-aider: bye (turns=$turns)"
STUB

cat >/usr/local/bin/stub-tool <<'STUB'
#!/bin/bash
# stub-tool: a session id of its own (~/.stubtool/sessions/<id>.log, one line per turn).
#   stub-tool --session COI_ID        new conversation, named after coi's session
#   stub-tool --resume [ID]           continue ID
set -u
session=""
resume=0
while (($# > 0)); do
  case $1 in
    --version) echo "0.0.0 (stub-tool)"; exit 0 ;;
    --session) session=${2:?}; shift ;;
    --resume)
      resume=1
      if (($# > 1)) && [[ $2 != -* ]]; then session=$2; shift; fi
      ;;
    *) echo "stub-tool: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -n $session ]] || { echo "stub-tool: no session id given" >&2; exit 2; }
mkdir -p "$HOME/.stubtool/sessions"
log=$HOME/.stubtool/sessions/$session.log
((resume)) && { [[ -f $log ]] || { echo "stub-tool: no session $session" >&2; exit 1; }; }
touch "$log"
turns=$(wc -l <"$log")
((resume)) && echo "stub-tool resumed session=$session"
settings=none
[[ -f $HOME/.stubtool/settings.json ]] && settings=$(tr -d ' \n' <"$HOME/.stubtool/settings.json")
echo "stub-tool settings=$settings token=${STUBTOOL_TOKEN:-unset}"
echo "stub-tool ready session=$session turns=$turns"
while IFS= read -r -p "> " line; do
  [[ $line == /exit ]] && break
  turns=$((turns + 1))
  printf '%s\n' "$line" >>"$log"
  echo "stub-tool: you said $line (turn $turns)"
done
echo "stub-tool: bye (turns=$turns)"
STUB

cat >/usr/local/bin/agent-stand-in <<'STUB'
#!/bin/bash
# The stand-in for codex, gemini, opencode and pi (called by those names). Input lines: "/exit".
set -u
name=$(basename "$0")
[[ ${1:-} == --version ]] && { echo "0.0.0 (stub stand-in $name)"; exit 0; }
case $name in
  codex) instructions=.codex/AGENTS.md ;;
  gemini) instructions=.gemini/GEMINI.md ;;
  opencode) instructions=.config/opencode/AGENTS.md ;;
  pi) instructions=.pi/agent/AGENTS.md ;;
  *) echo "stand-in: unknown tool $name" >&2; exit 2 ;;
esac
echo "stand-in $name argv=[$*]"
echo "stand-in $name env OPENAI_API_KEY=${OPENAI_API_KEY:-unset} GEMINI_API_KEY=${GEMINI_API_KEY:-unset}" \
  "ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY:-unset}"
context=absent
grep -q '^<!-- coi: sandbox context' "$HOME/$instructions" 2>/dev/null && context=present
echo "stand-in $name context=$context"
echo "stand-in $name files=[$(cd "$HOME" && find . -type f -not -name '.bash*' -not -name '.profile' | sort | tr '\n' ' ')]"
id=$(cat /proc/sys/kernel/random/uuid)
case $name in
  codex) dir=$HOME/.codex/sessions/2026/12/06 file=rollout-2026-12-06T10-00-00-$id.jsonl ;;
  pi) dir=$HOME/.pi/agent/sessions/--workspace-- file=2026-12-06T10-00-00-000Z_$id.jsonl ;;
  gemini) dir=$HOME/.gemini/tmp/workspace/chats file=session-2026-12-06T10-00-${id:0:8}.jsonl ;;
  opencode) dir=$HOME/.local/share/opencode file=opencode.db ;;
esac
mkdir -p "$dir" && echo "$*" >>"$dir/$file"
echo "stand-in $name wrote session=$id"
echo "stand-in $name ready"
while IFS= read -r -p "> " line; do
  [[ $line == /exit ]] && break
done
echo "stand-in $name: bye"
STUB

chmod 0755 /usr/local/bin/aider /usr/local/bin/stub-tool /usr/local/bin/agent-stand-in
for tool in codex gemini opencode pi; do
  ln -sf agent-stand-in "/usr/local/bin/$tool"
done
for tool in aider stub-tool codex gemini opencode pi; do
  version=$(su - code -c "$tool --version")
  [[ $version == *stub* ]] || { echo "$tool for code is not the stub: $version" >&2; exit 1; }
  echo "$tool installed: $version"
done
