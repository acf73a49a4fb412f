# Sourced after common.sh by the scripts that time session starts: the steps coi takes for a session, done by
# hand with the bare incus CLI, each timed. A bare step function sets SAMPLE ("total=MS step=MS ...").
#   bare_shell NAME WORKSPACE   as `coi shell --background`: incus init (the same config and workspace device,
#                               from YAML on stdin), incus start, `incus exec -- true` until it works, incus file
#                               push of the tool's settings, tmux new-session as 1000 running the tool
#   bare_run NAME WORKSPACE     as `coi run -- true`: init, start, until ready, exec true as 1000, delete --force
#   session_round               one sample of each: coi shell --background, bare_shell, coi run -- true, bare_run
# The bare CLI puts no firewall rules in place, so coi is to be compared in open network mode.

# the settings coi writes for claude, pushed by the bare CLI
printf '{\n  "allowDangerouslySkipPermissions": true,\n  "bypassPermissionsModeAccepted": true,\n  "permissions": {"defaultMode": "bypassPermissions"}\n}\n' \
  >"$WORK/settings.json"

# step NAME COMMAND...: runs one bare step, adding its time to SAMPLE and TOTAL; fails (and says why) when it fails.
step() {
  local name=$1 start end said
  shift
  start=$(now_ms)
  said=$("$@" 2>&1 >/dev/null) || { echo "bare step $name failed: $*: $said" >&2; return 1; }
  end=$(now_ms)
  SAMPLE+=" ${name}=$((end - start))"
  TOTAL=$((TOTAL + end - start))
}

# until_ready NAME: until the container runs commands; fails after 60 s (a container whose init ended never does)
until_ready() {
  local deadline=$((SECONDS + 60))
  until incus exec "$1" -- true >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
  done
}

# bare_config WORKSPACE: the container's config as coi makes it (YAML for incus init on stdin)
bare_config() {
  cat <<YAML
config:
  security.nesting: "true"
  security.syscalls.intercept.mknod: "true"
  security.syscalls.intercept.setxattr: "true"
  environment.TMUX_TMPDIR: /var/tmp
  user.coi.persistent: "false"
  user.coi.workspace: $1
devices:
  workspace:
    type: disk
    source: $1
    path: /workspace
    shift: "true"
YAML
}

bare_start() {
  local name=$1 workspace=$2
  SAMPLE="" TOTAL=0
  step create incus init "$IMAGE" "$name" < <(bare_config "$workspace")
  step start incus start "$name"
  SAMPLE+=" create+start=$TOTAL" # coi creates and starts in one request: its phase spans both
  step ready until_ready "$name"
}

bare_shell() {
  local name=$1
  bare_start "$@"
  step setup incus file push "$WORK/settings.json" "$name/home/code/.claude/settings.json" --uid 1000 --gid 1000 \
    --mode 0600 --create-dirs
  step tool_start incus exec "$name" --user 1000 --group 1000 --cwd /workspace --env HOME=/home/code -- \
    tmux new-session -d -s "$name" "claude --verbose --permission-mode bypassPermissions --session-id 00000000-0000-4000-8000-000000000000"
  SAMPLE="total=$TOTAL$SAMPLE"
}

bare_run() {
  local name=$1
  bare_start "$@"
  step command incus exec "$name" --user 1000 --group 1000 --cwd /workspace -- true
  step delete incus delete --force "$name"
  SAMPLE="total=$TOTAL$SAMPLE"
}

# bare_name: a new name for a bare container of this run
bare_name() {
  echo "${PREFIX}bare-$RANDOM$RANDOM"
}

# delete_coi_sessions: removes the containers coi made (everything of this run that is not a bare one)
delete_coi_sessions() {
  local name
  for name in $(incus list --format csv -c n); do
    [[ $name == "$PREFIX"* && $name != "${PREFIX}bare-"* ]] && incus delete --force "$name" >/dev/null 2>&1
  done
  return 0
}

# session_round: one sample of each in $WORK/workspace, recorded as the series coi-shell, bare-shell, coi-run and
# bare-run ("total=MS" and the phases); the containers are removed.
session_round() {
  local line name
  if line=$(coi_timed_line shell --background --image "$IMAGE"); then record coi-shell "$line"; fi
  delete_coi_sessions
  name=$(bare_name)
  bare_shell "$name" "$WORK/workspace"
  record bare-shell "$SAMPLE"
  incus delete --force "$name" >/dev/null
  if line=$(coi_timed_line run --image "$IMAGE" -- true); then record coi-run "$line"; fi
  bare_run "$(bare_name)" "$WORK/workspace"
  record bare-run "$SAMPLE"
}
