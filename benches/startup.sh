#!/usr/bin/env bash
# Start-up and keystroke timings of the real release binary, driven in tmux.
#
#   benches/startup.sh            # real and long shapes, 10 and 100 MB, 5 runs each
#   RUNS=9 SHAPES=real SIZES="100" benches/startup.sh
#
# The browser writes phase timings when RIZHI_TIMINGS names a file (see
# src/tui/mod.rs `Timings`): first_frame (entries on screen), searchable (all
# files loaded, every entry in the matcher), and per keystroke key_frame (key
# read -> next frame drawn) and key_results (key read -> results complete).
# Times are milliseconds from the start of `tui::run`. Peak RSS is the
# browser's VmHWM once every entry is searchable and the keys are typed. The
# medians are printed against the targets, and a summary of the targets met
# closes the output. Targets: issue #5's on the long shape; on the real shape
# (issue #17) first frame <= 50 ms, every entry searchable <= 80 / 250 ms
# (10 / 100 MB) and peak RSS <= 2.5x the corpus, the keystroke ones as before.
set -euo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SEED=1
command -v tmux >/dev/null || { echo "startup.sh: tmux is required (apt-get install tmux)" >&2; exit 2; }
if [ -n "${RIZHI_BIN:-}" ]; then cargo build --release --quiet --example gen_corpus; else cargo build --release --quiet --bin rizhi --example gen_corpus; fi
. benches/common.sh

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "-"; exit} m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
maxof() { sort -n | tail -1 | grep . || echo -; }

# count NAME FILE: lines of FILE starting with NAME, counted by bash itself:
# the poll below runs while rizhi loads, and a grep and a tmux per poll (two
# forks every 20 ms) took a core's worth of time from a 2-core machine.
count() {
    local n=0 line
    while IFS= read -r line; do
        [[ $line == "$1 "* ]] && n=$((n + 1))
    done <"$2" 2>/dev/null
    echo "$n"
}

pause_dir
OUT_COUNT=$POLL_DIR/count

# wait_lines NAME FILE N: until FILE holds N lines starting with NAME (30 s),
# failing early when the browser has exited (asked of tmux every 0.5 s).
wait_lines() {
    local deadline=$((SECONDS + 30)) polls=0 n
    while :; do
        count "$1" "$2" >"$OUT_COUNT"
        read -r n <"$OUT_COUNT"
        [ "$n" -lt "$3" ] || return 0
        [ $SECONDS -lt $deadline ] || { echo "startup.sh: timed out waiting for $1 in $2" >&2; return 1; }
        polls=$((polls + 1))
        if [ $((polls % 25)) = 0 ]; then
            tmux -L "$SOCK" has-session 2>/dev/null || return 1
        fi
        pause 0.02
    done
}

summary=$(mktemp)
SOCK=""
cleanup() { [ -n "$SOCK" ] && tmux -L "$SOCK" kill-server 2>/dev/null || true; }
trap 'cleanup; rm -rf "$POLL_DIR"' EXIT

for mb in $SIZES; do
for shape in $SHAPES; do
    dir=$(corpus "$shape" "$mb")
    out=$(mktemp -d); touch "$out/keys" "$out/frames" "$out/first" "$out/searchable" "$out/rss"
    for run in $(seq "$RUNS"); do
        t=$out/timings-$run
        : >"$t"
        SOCK=rizhi-bench-$$-$shape-$mb-$run
        tmux -L "$SOCK" -f /dev/null new-session -d -x 120 -y 40 \
            "RIZHI_TIMINGS=$t TERM=xterm-256color LANG=C.UTF-8 $BIN $dir 2>$out/stderr"
        wait_lines searchable "$t" 1
        # Type queries one key at a time, waiting for each key's results:
        # ASCII in both scopes, then CJK in both scopes (Ctrl-T toggles).
        n=0
        scope=keywords
        for step in keywords:xen all:xen keywords:调度器 all:调度器; do
            want=${step%%:*} q=${step#*:}
            kind=ascii; [ "$q" = xen ] || kind=cjk
            if [ "$want" != "$scope" ]; then
                tmux -L "$SOCK" send-keys C-t; n=$((n + 1)); wait_lines key_results "$t" $n || break
                scope=$want
            fi
            ok=1
            for c in $(echo "$q" | grep -o .); do
                tmux -L "$SOCK" send-keys -l "$c"; n=$((n + 1))
                wait_lines key_results "$t" $n || { ok=0; break; }
                echo "$scope-$kind $(grep '^key_results ' "$t" | tail -1 | cut -d' ' -f2)" >>"$out/keys"
                grep '^key_frame ' "$t" | tail -1 | cut -d' ' -f2 >>"$out/frames"
            done
            if [ $ok = 0 ]; then
                echo "startup.sh: rizhi stopped while typing $scope-$kind: $(grep -m1 panicked "$out/stderr" || echo 'no panic message')" >&2
                break
            fi
            tmux -L "$SOCK" send-keys C-u; n=$((n + 1)); wait_lines key_results "$t" $n || break
        done
        # Peak RSS of the browser (the pane's process, or its child when the
        # pane runs a shell around it).
        pane=$(tmux -L "$SOCK" display -p '#{pane_pid}' 2>/dev/null || true)
        for pid in $pane $(pgrep -P "${pane:-0}" 2>/dev/null || true); do
            if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(readlink -f "$BIN")" ]; then
                awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" >>"$out/rss"
                break
            fi
        done
        tmux -L "$SOCK" send-keys C-c 2>/dev/null || true
        sleep 0.2
        cleanup; SOCK=""
        grep '^first_frame ' "$t" | cut -d' ' -f2 >>"$out/first"
        grep '^searchable ' "$t" | cut -d' ' -f2 >>"$out/searchable"
    done
    entries=$(grep -o 'entries=[0-9]*' "$out/timings-1" | head -1 | cut -d= -f2)
    size=$(du -sb "$dir" | cut -f1)
    echo "== $shape shape, ${mb} MB corpus ($size bytes, $entries entries, $((size / ${entries:-1})) B/entry), $RUNS runs, medians in ms"
    big=0; [ "$mb" -gt 10 ] && big=1
    real=0; [ "$shape" = real ] && real=1
    # row NAME TARGET FILE: the median (and max) of FILE against TARGET.
    row() {
        local med max
        med=$(median <"$3"); max=$(maxof <"$3")
        awk -v n="$1" -v t="$2" -v m="$med" -v x="$max" -v mb="$mb" -v shape="$shape" -v sum="$summary" 'BEGIN {
            met = (m == "-") ? "no data" : (m + 0 <= t + 0 ? "yes" : "NO")
            printf "%-38s %9s %9s   <= %-6s %s\n", n, m, x, t, met
            printf "%s %3s MB  %-38s %9s  <= %-6s %s\n", shape, mb, n, m, t, met >>sum
        }'
    }
    printf "%-38s %9s %9s   %-9s %s\n" figure median max target met
    row "first frame with entries" "$([ $big = 1 ] && [ $real = 0 ] && echo 100 || echo 50)" "$out/first"
    row "every entry searchable" "$([ $big = 1 ] && { [ $real = 1 ] && echo 250 || echo 400; } || echo 80)" "$out/searchable"
    row "keystroke -> next frame" 16 "$out/frames"
    for k in keywords-ascii keywords-cjk all-ascii all-cjk; do
        case $k in
            keywords-*) t=$([ $big = 1 ] && echo 16 || echo 5) ;;
            *) t=$([ $big = 1 ] && echo 300 || echo 50) ;;
        esac
        grep "^$k " "$out/keys" | cut -d' ' -f2 >"$out/k"
        row "keystroke -> results, $k" "$t" "$out/k"
    done
    awk -v sz="$size" '{printf "%.2f\n", $1 * 1024 / sz}' "$out/rss" >"$out/ratio"
    row "peak RSS / corpus (x)" "$([ $real = 1 ] && echo 2.5 || echo 3)" "$out/ratio"
    rm -rf "$out"
done
done
echo
echo "== summary ($(nproc) cores; load at the end: $(uptime | sed 's/.*load average: //'))"
cat "$summary"
rm -f "$summary"
