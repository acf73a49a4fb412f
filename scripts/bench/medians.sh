# Sourced by the benchmark scripts. Each sample is one line "phase=MS phase=MS ..." in $WORK/<series>.samples.
# medians SERIES: "phase median" lines in the order the phases first appear.
medians() {
  [[ -f "$WORK/$1.samples" ]] || return 0
  tr ' ' '\n' <"$WORK/$1.samples" | awk -F= '
    NF == 2 { if (!($1 in n)) order[++k] = $1; v[$1, ++n[$1]] = $2 }
    END {
      for (i = 1; i <= k; i++) {
        p = order[i]; c = n[p]
        for (a = 1; a <= c; a++) s[a] = v[p, a]
        for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (s[b] < s[a]) { t = s[a]; s[a] = s[b]; s[b] = t }
        m = (c % 2) ? s[(c + 1) / 2] : (s[c / 2] + s[c / 2 + 1]) / 2
        printf "%s %d\n", p, m
      }
    }'
}

