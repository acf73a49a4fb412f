# Usage: zsh -f zsh-complete.zsh MODE SCRIPT TYPED...
# Starts an interactive zsh in a pseudo-terminal that loads the completion script SCRIPT (MODE source: sourced
# after compinit, as from ~/.zshrc; MODE fpath: found as _coi on $fpath by compinit), types each TYPED, presses
# Tab and prints the command line as completed, one line per TYPED.
zmodload zsh/zpty || exit 2
mode=$1 script=$2; shift 2
dir=$(mktemp -d)
setup="PS1='> '; unsetopt beep"
case $mode in
  source) setup+="; autoload -Uz compinit; compinit -u -d ${(q)dir}/zcompdump; source ${(q)script}" ;;
  fpath) mkdir $dir/functions && cp $script $dir/functions/_coi
         setup+="; fpath=(${(q)dir}/functions \$fpath); autoload -Uz compinit; compinit -u -d ${(q)dir}/zcompdump" ;;
  *) print -u2 "unknown mode $mode"; exit 2 ;;
esac
zpty -b z zsh -f -i
zpty -w z "$setup"
zpty -w z "dump() { print -r -- \"\$BUFFER\" >> ${(q)dir}/out; BUFFER=''; }; zle -N dump; bindkey '^X' dump; touch ${(q)dir}/ready"
wait_for() { local i; for i in {1..200}; do eval "$1" && return 0; sleep 0.05; done; return 1 }
wait_for "[[ -e ${(q)dir}/ready ]]" || { print -u2 "zsh did not start"; zpty -d z; rm -rf $dir; exit 1 }
n=0
for typed in "$@"; do
  zpty -w -n z "$typed"$'\t\C-x'
  (( n++ ))
  wait_for "[[ -e ${(q)dir}/out && \$(wc -l < ${(q)dir}/out) -ge $n ]]" || { print -u2 "no answer to: $typed"; break }
done
[[ -e $dir/out ]] && cat $dir/out
zpty -d z
rm -rf $dir
